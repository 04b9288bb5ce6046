// Version history of a note: list, save on demand, read, diff two versions (or a version and now), restore.
// Restoring applies a normal Yjs change to the live document that makes it equal to the old version, so
// everyone editing converges on it; the restore itself is recorded as a version.
import { AppError } from "../errors.ts";
import { diffWords } from "diff";
import type { UserClaims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { type PmJson, snapshotOf } from "./content.ts";
import { notesFor } from "./doc-manager.ts";
import { permissionOf } from "./notes.ts";
import { isUuid } from "../ids.ts";

export interface VersionSummary {
  id: string;
  number: number;
  label: string | null;
  kind: "auto" | "manual" | "restore";
  title: string;
  created_by: string | null;
  created_by_name: string;
  created_at: string;
  authors: { id: string; name: string }[];
  restored_from: string | null;
  excerpt: string;
}

const SUMMARY = `v.id, v.number, v.label, v.kind, v.title, v.created_by,
  coalesce(nullif(p.full_name, ''), '') as created_by_name, v.created_at::text as created_at,
  coalesce((select json_agg(json_build_object('id', a.id, 'name', coalesce(nullif(ap.full_name, ''), '')))
            from unnest(v.authors) a(id) left join public.profiles ap on ap.id = a.id), '[]'::json) as authors,
  v.restored_from, left(v.content_text, 160) as excerpt`;

function missing(): never {
  throw new AppError("not_found", "That version does not exist.");
}

export async function listVersions(db: Db, claims: UserClaims, teamId: string, noteId: string) {
  await permissionOf(db, claims, teamId, noteId);
  return await db.asUser(
    claims,
    (tx) =>
      tx.query<VersionSummary>(
        `select ${SUMMARY} from public.note_versions v left join public.profiles p on p.id = v.created_by
         where v.note_id = $1 order by v.number desc limit 500`,
        [noteId],
      ),
  );
}

export interface VersionDetail extends VersionSummary {
  html: string;
  text: string;
  json: PmJson;
}

export async function getVersion(db: Db, claims: UserClaims, teamId: string, noteId: string, versionId: string) {
  await permissionOf(db, claims, teamId, noteId);
  if (!isUuid(versionId)) missing();
  const [row] = await db.asUser(
    claims,
    (tx) =>
      tx.query<VersionDetail>(
        `select ${SUMMARY}, v.content_html as html, v.content_text as text, v.content_json as json
         from public.note_versions v left join public.profiles p on p.id = v.created_by
         where v.note_id = $1 and v.id = $2`,
        [noteId, versionId],
      ),
  );
  if (!row) missing();
  return row;
}

async function requireEditor(db: Db, claims: UserClaims, teamId: string, noteId: string) {
  const { permission } = await permissionOf(db, claims, teamId, noteId);
  if (permission !== "edit") throw new AppError("forbidden", "You can view this note but not edit it.");
}

/** Saves the live document as a version now. */
export async function createVersion(
  db: Db,
  claims: UserClaims,
  teamId: string,
  noteId: string,
  label: string | null,
) {
  await requireEditor(db, claims, teamId, noteId);
  const docs = notesFor({ db });
  const note = await docs.get(noteId, { fresh: true });
  const row = await docs.createVersion(note, { kind: "manual", label, createdBy: claims.sub });
  return await getVersion(db, claims, teamId, noteId, row.id);
}

export interface DiffResult {
  from: { id: string | null; number: number | null; label: string };
  to: { id: string | null; number: number | null; label: string };
  changes: { value: string; added: boolean; removed: boolean }[];
  added: number;
  removed: number;
  html: string;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Word diff of the text from version `fromId` to `against` (another version's id, or "current"). */
export async function diffVersions(
  db: Db,
  claims: UserClaims,
  teamId: string,
  noteId: string,
  fromId: string,
  against: string,
): Promise<DiffResult> {
  const from = await getVersion(db, claims, teamId, noteId, fromId);
  let toText: string;
  let to: DiffResult["to"];
  if (against === "current") {
    const live = notesFor({ db }).loaded(noteId);
    if (live) toText = (await snapshotOf(live.doc)).text;
    else {
      const [row] = await db.asUser(
        claims,
        (tx) => tx.query<{ content_text: string }>("select content_text from public.notes where id = $1", [noteId]),
      );
      toText = row?.content_text ?? "";
    }
    to = { id: null, number: null, label: "Current" };
  } else {
    const version = await getVersion(db, claims, teamId, noteId, against);
    toText = version.text;
    to = { id: version.id, number: version.number, label: version.label ?? `Version ${version.number}` };
  }
  const changes = diffWords(from.text, toText).map((c) => ({
    value: c.value,
    added: Boolean(c.added),
    removed: Boolean(c.removed),
  }));
  const count = (pick: (c: typeof changes[number]) => boolean) =>
    changes.filter(pick).reduce((n, c) => n + c.value.trim().split(/\s+/).filter(Boolean).length, 0);
  const html = changes.map((c) => {
    const text = escape(c.value).replaceAll("\n", "<br>");
    return c.added ? `<ins>${text}</ins>` : c.removed ? `<del>${text}</del>` : text;
  }).join("");
  return {
    from: { id: from.id, number: from.number, label: from.label ?? `Version ${from.number}` },
    to,
    changes,
    added: count((c) => c.added),
    removed: count((c) => c.removed),
    html,
  };
}

/** Makes the note equal to the version for everyone (a new change), and records the restore. */
export async function restoreVersion(db: Db, claims: UserClaims, teamId: string, noteId: string, versionId: string) {
  await requireEditor(db, claims, teamId, noteId);
  const version = await getVersion(db, claims, teamId, noteId, versionId);
  const docs = notesFor({ db });
  const note = await docs.get(noteId, { fresh: true });
  // What was there before the restore stays in the history.
  if (note.authorsSinceVersion.size > 0) await docs.createVersion(note, { kind: "auto", createdBy: null });
  await docs.replace(note, version.json, claims.sub);
  const row = await docs.createVersion(note, {
    kind: "restore",
    label: `Restored version ${version.number}`,
    createdBy: claims.sub,
    restoredFrom: version.id,
  });
  await docs.snapshot(note).catch((error) => console.error(`notes: snapshot after restore failed`, error));
  return await getVersion(db, claims, teamId, noteId, row.id);
}
