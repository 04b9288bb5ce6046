// The small, dependency-free part of the note schema, for code that must not pull Tiptap's extensions in:
// the browser editor's first load (lib/notes/client/light-*.ts) and the routes. lib/notes/schema.ts
// re-exports all of it.

/** Record kinds a note can link to (with "#") and be attached to. */
export const NOTE_RECORD_TYPES = ["deal", "contact", "company"] as const;
export type NoteRecordType = typeof NOTE_RECORD_TYPES[number];

/** URL path of a record page, e.g. `/deals/<id>`. */
export function recordPath(recordType: string, id: string): string {
  const base = recordType === "company" ? "companies" : `${recordType}s`;
  return `/${base}/${encodeURIComponent(id)}`;
}

/** Name of the Yjs XmlFragment holding the document (Tiptap Collaboration's default `field`). */
export const NOTE_YDOC_FIELD = "default";
