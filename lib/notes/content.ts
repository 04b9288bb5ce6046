// Server-side document conversions: Yjs <-> ProseMirror JSON, and the HTML / plain-text snapshots that
// feed search, previews and read-only views. Uses the shared extension list (schema.ts), so what the
// browser editor writes is what the server reads.
import * as Y from "yjs";
import { getSchema } from "@tiptap/core";
import type { generateHTML } from "@tiptap/html";
import type { Node as PmNode, Schema } from "@tiptap/pm/model";
import { prosemirrorJSONToYDoc, updateYFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import sanitizeHtml from "sanitize-html";
import { NOTE_YDOC_FIELD, noteExtensions } from "./schema.ts";

export type PmJson = { type: string; attrs?: Record<string, unknown>; content?: PmJson[]; [key: string]: unknown };

export const EMPTY_DOC: PmJson = { type: "doc", content: [{ type: "paragraph" }] };

let cached: { extensions: ReturnType<typeof noteExtensions>; schema: Schema } | null = null;

/** The server's extension list and schema (built once). */
export function noteSchema() {
  if (!cached) {
    const extensions = noteExtensions();
    cached = { extensions, schema: getSchema(extensions) };
  }
  return cached;
}

/** Drops node and mark types the schema does not know (a client with another schema, or a hostile one). */
function clean(json: PmJson, schema: Schema): PmJson | null {
  if (!json || typeof json !== "object" || typeof json.type !== "string") return null;
  if (json.type !== "text" && !schema.nodes[json.type]) return null;
  const out: PmJson = { ...json };
  if (Array.isArray(json.marks)) {
    out.marks = (json.marks as { type: string }[]).filter((m) => m && schema.marks[m.type]);
  }
  if (Array.isArray(json.content)) {
    out.content = json.content.map((c) => clean(c, schema)).filter((c): c is PmJson => c !== null);
  }
  return out;
}

/** A ProseMirror node from JSON, forgiving: unknown types are dropped; unfixable content becomes text. */
export function nodeFromJSON(json: PmJson): PmNode {
  const { schema } = noteSchema();
  const cleaned = clean(json, schema) ?? EMPTY_DOC;
  try {
    const node = schema.nodeFromJSON(cleaned);
    node.check();
    return node;
  } catch {
    const text = plainTextOfJson(cleaned).trim();
    const paragraphs = text
      ? text.split("\n").map((line) =>
        line ? schema.node("paragraph", null, [schema.text(line)]) : schema.node("paragraph")
      )
      : [schema.node("paragraph")];
    return schema.node("doc", null, paragraphs);
  }
}

function plainTextOfJson(json: PmJson): string {
  if (json.type === "text") return String(json.text ?? "");
  const inner = (json.content ?? []).map(plainTextOfJson).join(json.type === "doc" ? "\n" : "");
  return inner;
}

/** The document's ProseMirror JSON. */
export function docToJSON(doc: Y.Doc): PmJson {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(NOTE_YDOC_FIELD)) as PmJson;
  if (!json.content || json.content.length === 0) return EMPTY_DOC;
  return nodeFromJSON(json).toJSON() as PmJson;
}

/** A Yjs update that creates this content in an empty document. */
export function jsonToUpdate(json: PmJson): Uint8Array {
  const node = nodeFromJSON(json);
  const doc = prosemirrorJSONToYDoc(noteSchema().schema, node.toJSON(), NOTE_YDOC_FIELD);
  return Y.encodeStateAsUpdate(doc);
}

/** Makes the live document equal to `json` with a normal Yjs change (so every collaborator converges). */
export function replaceContent(doc: Y.Doc, json: PmJson, origin: unknown) {
  const node = nodeFromJSON(json);
  doc.transact(() => {
    updateYFragment(doc, doc.getXmlFragment(NOTE_YDOC_FIELD), node, { mapping: new Map(), isOMark: new Map() });
  }, origin);
}

/** True when two documents have the same content (ProseMirror equality, not JSON equality). */
export function sameContent(a: PmJson, b: PmJson): boolean {
  return nodeFromJSON(a).eq(nodeFromJSON(b));
}

const SAFE_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
    "a",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "colgroup",
    "col",
    "img",
    "label",
    "input",
    "div",
  ],
  allowedAttributes: {
    "*": ["data-type", "data-id", "data-label", "data-record-type", "data-checked", "class", "colspan", "rowspan"],
    a: ["href", "target", "rel", "data-type", "data-id", "data-label", "data-record-type", "class"],
    img: ["src", "alt", "title"],
    input: ["type", "checked", "disabled"],
    code: ["class"],
    ol: ["start"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["https", "http"] },
  allowProtocolRelative: false,
  transformTags: {
    // links open safely; task checkboxes are read-only in snapshots
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }),
    input: sanitizeHtml.simpleTransform("input", { disabled: "disabled" }),
  },
};

export interface Snapshot {
  json: PmJson;
  html: string;
  text: string;
  /** User ids of `mention` nodes. */
  mentions: string[];
}

let htmlGenerator: typeof generateHTML | null = null;

/**
 * @tiptap/html, loaded on the first snapshot: with the DOM it brings, loading it took about half a
 * CPU-second from every start (and every test file) that never renders a note.
 */
async function loadHtmlGenerator(): Promise<typeof generateHTML> {
  return htmlGenerator ??= (await import("@tiptap/html")).generateHTML;
}

/** HTML (sanitized, no inline styles), plain text and mentioned users of a document. */
export async function snapshotOfJson(json: PmJson): Promise<Snapshot> {
  const { extensions } = noteSchema();
  // Read before the first await: the snapshot is of the document as it was when asked for.
  const node = nodeFromJSON(json);
  const toHtml = htmlGenerator ?? await loadHtmlGenerator();
  const html = sanitizeHtml(toHtml(node.toJSON(), extensions), SAFE_HTML);
  const mentions = new Set<string>();
  node.descendants((child) => {
    if (child.type.name === "mention" && typeof child.attrs.id === "string") mentions.add(child.attrs.id);
  });
  const text = node.textBetween(0, node.content.size, "\n", (leaf) => {
    if (leaf.type.name === "mention") return `@${leaf.attrs.label ?? leaf.attrs.id ?? ""}`;
    if (leaf.type.name === "recordMention") return `#${leaf.attrs.label ?? leaf.attrs.id ?? ""}`;
    if (leaf.type.name === "hardBreak") return "\n";
    return "";
  });
  return { json: node.toJSON() as PmJson, html, text, mentions: [...mentions] };
}

/** The document is read at once (synchronously); only the HTML renderer may be awaited. */
export function snapshotOf(doc: Y.Doc): Promise<Snapshot> {
  return snapshotOfJson(docToJSON(doc));
}

/** Decodes an update without applying it: throws on bytes that are not a Yjs update. */
export function assertDecodes(update: Uint8Array) {
  Y.decodeUpdate(update);
}
