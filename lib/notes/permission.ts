// What a person may do with a note: "edit", "view" or nothing (null), as app.note_permission decides under RLS
// (owner, team visibility, shares). The note's socket asks on open and again while it is open.
import type { Db } from "../db/mod.ts";
import type { UserClaims } from "../db/claims.ts";

export type NotePermission = "view" | "edit";

/** The permission on a live note of `teamId`; null for deleted notes, other teams' and notes not shared. */
export async function notePermission(
  db: Db,
  claims: UserClaims,
  teamId: string,
  noteId: string,
): Promise<NotePermission | null> {
  const rows = await db.asUser(claims, (tx) =>
    tx.query<{ permission: NotePermission | null; team_id: string }>(
      "select app.note_permission(id) as permission, team_id from public.notes where id = $1 and deleted_at is null",
      [noteId],
    ));
  if (rows.length === 0 || rows[0].team_id !== teamId) return null;
  return rows[0].permission;
}
