// The note document in Postgres: append updates, load state + updates, compact, write snapshots and
// versions. These run as the service role (named jobs): the caller has already authorised the user
// against the note's permissions (RLS) — see doc-manager.ts and realtime/handlers/notes.ts.
import * as Y from "yjs";
import type { Db, Tx } from "../db/mod.ts";
import type { Snapshot } from "./content.ts";

export interface StoredUpdate {
  update: Uint8Array;
  userId: string | null;
}

export interface LoadedNote {
  teamId: string;
  /** state + every remaining update, merged into one update */
  update: Uint8Array;
  updateRows: number;
  lastVersionAt: number | null;
}

const bytes = (value: unknown) => value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer);

export async function loadNote(db: Db, noteId: string): Promise<LoadedNote | null> {
  return await db.asService("notes:load", async (tx) => {
    const [note] = await tx.query<{ team_id: string; last_version_at: string | null }>(
      `select n.team_id, (select max(created_at) from public.note_versions v where v.note_id = n.id)::text as last_version_at
       from public.notes n where n.id = $1`,
      [noteId],
    );
    if (!note) return null;
    const [state] = await tx.query<{ state: Uint8Array }>("select state from public.note_state where note_id = $1", [
      noteId,
    ]);
    const rows = await tx.query<{ update: Uint8Array }>(
      "select update from public.note_updates where note_id = $1 order by seq",
      [noteId],
    );
    const parts = [...(state ? [bytes(state.state)] : []), ...rows.map((r) => bytes(r.update))];
    return {
      teamId: note.team_id,
      update: parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(parts),
      updateRows: rows.length,
      lastVersionAt: note.last_version_at ? Date.parse(note.last_version_at) : null,
    };
  });
}

/** Appends updates in one transaction (all or nothing). */
export async function appendUpdates(db: Db, noteId: string, updates: StoredUpdate[]) {
  if (updates.length === 0) return;
  await db.asService("notes:persist", async (tx) => {
    for (const u of updates) {
      await tx.query("insert into public.note_updates (note_id, update, user_id) values ($1, $2, $3)", [
        noteId,
        u.update,
        u.userId,
      ]);
    }
  });
}

/** Merges the note's updates into note_state and deletes exactly the rows it merged. */
export async function compact(db: Db, noteId: string): Promise<number> {
  return await db.asService("notes:compact", async (tx) => {
    // one compaction per note at a time, across processes
    await tx.query("select pg_advisory_xact_lock(hashtext('note_compact:' || $1::text))", [noteId]);
    const [state] = await tx.query<{ state: Uint8Array }>("select state from public.note_state where note_id = $1", [
      noteId,
    ]);
    const rows = await tx.query<{ seq: string; update: Uint8Array }>(
      "select seq::text as seq, update from public.note_updates where note_id = $1 order by seq",
      [noteId],
    );
    if (rows.length === 0) return 0;
    const merged = Y.mergeUpdates([...(state ? [bytes(state.state)] : []), ...rows.map((r) => bytes(r.update))]);
    const upto = rows[rows.length - 1].seq;
    await tx.query(
      `insert into public.note_state (note_id, team_id, state, upto_seq, updated_at)
       values ($1, (select team_id from public.notes where id = $1), $2, $3::bigint, now())
       on conflict (note_id) do update set state = excluded.state,
         upto_seq = greatest(public.note_state.upto_seq, excluded.upto_seq), updated_at = now()`,
      [noteId, merged, upto],
    );
    await tx.query("delete from public.note_updates where note_id = $1 and seq = any($2::bigint[])", [
      noteId,
      rows.map((r) => r.seq),
    ]);
    return rows.length;
  });
}

/** Writes the server-rendered snapshot columns and notifies people newly @mentioned. */
export async function saveSnapshot(db: Db, noteId: string, snapshot: Snapshot, actorId: string | null) {
  await db.asService("notes:snapshot", async (tx) => {
    await tx.query(
      `update public.notes set content_json = $2::jsonb, content_html = $3, content_text = $4,
         content_updated_at = now(), updated_by = coalesce($5::uuid, updated_by)
       where id = $1`,
      [noteId, JSON.stringify(snapshot.json), snapshot.html, snapshot.text, actorId],
    );
    if (snapshot.mentions.length > 0) {
      const ids = snapshot.mentions.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      if (ids.length > 0) {
        await tx.query("select app.note_mentions_sync($1, $2::uuid[], $3)", [noteId, ids, actorId]);
      }
    }
  });
}

export interface VersionInput {
  kind: "auto" | "manual" | "restore";
  label?: string | null;
  state: Uint8Array;
  snapshot: Snapshot;
  authors: string[];
  createdBy: string | null;
  restoredFrom?: string | null;
}

export async function insertVersion(tx: Tx, noteId: string, v: VersionInput) {
  await tx.query("select pg_advisory_xact_lock(hashtext('note_versions:' || $1::text))", [noteId]);
  const [row] = await tx.query<{ id: string; number: number; created_at: string }>(
    `insert into public.note_versions (note_id, number, label, kind, title, state, content_json, content_html,
       content_text, authors, restored_from, created_by)
     select $1, coalesce((select max(number) from public.note_versions where note_id = $1), 0) + 1, $2, $3,
       (select title from public.notes where id = $1), $4, $5::jsonb, $6, $7, $8::uuid[], $9, $10
     returning id, number, created_at::text`,
    [
      noteId,
      v.label ?? null,
      v.kind,
      v.state,
      JSON.stringify(v.snapshot.json),
      v.snapshot.html,
      v.snapshot.text,
      v.authors,
      v.restoredFrom ?? null,
      v.createdBy,
    ],
  );
  return row;
}

export async function saveVersion(db: Db, noteId: string, v: VersionInput) {
  return await db.asService("notes:version", (tx) => insertVersion(tx, noteId, v));
}
