// Server-side reads for the notes pages, run as the signed-in user (RLS decides what is visible). The notes
// API (routes/api/v1/notes.ts) owns writes and the list filters; pages only need a note's header and
// snapshot, and a version-comparison base.
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { isUuid } from "../ids.ts";

export interface NoteHeader {
  id: string;
  title: string;
  html: string;
  permission: "view" | "edit";
  record_type: string | null;
  record_id: string | null;
  owner_id: string | null;
  visibility: string;
  is_template: boolean;
  updated_at: string;
}

export async function noteHeader(db: Db, claims: Claims, id: string): Promise<NoteHeader | null> {
  if (!isUuid(id)) return null;
  const rows = await db.asUser(claims, (tx) =>
    tx.query<NoteHeader>(
      `select id, title, content_html as html, app.note_permission(id) as permission, record_type, record_id,
              owner_id, visibility, is_template, updated_at::text
         from public.notes where id = $1 and deleted_at is null`,
      [id],
    ));
  const note = rows[0];
  if (!note || !note.permission) return null;
  return note;
}

/** The note's last stored snapshot as ProseMirror JSON (for "compare with the current text"). */
export async function currentContent(db: Db, claims: Claims, id: string): Promise<unknown> {
  if (!isUuid(id)) return null;
  const rows = await db.asUser(
    claims,
    (tx) => tx.query<{ json: unknown }>("select content_json as json from public.notes where id = $1", [id]),
  );
  return rows[0]?.json ?? null;
}
