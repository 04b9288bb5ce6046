// The note document in Postgres: append updates, load state + updates, compact, write snapshots and
// versions. These run as the service role (named jobs): the caller has already authorised the user
// against the note's permissions (RLS) — see doc-manager.ts and realtime/handlers/notes.ts.
import * as Y from "yjs";
import type { Db, Tx } from "../db/mod.ts";
import { toBase64 } from "lib0/buffer";
import type { Snapshot } from "./content.ts";
import { isUuid } from "../ids.ts";

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
  /** the note_updates rows it holds (their seq) */
  seqs: string[];
  /** note_state.upto_seq when it was read (null: no state row yet) */
  stateUpto: string | null;
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
    // State and updates in one statement, so one snapshot: a compaction committing in between cannot make
    // rows disappear from the updates after the state was read without them.
    const rows = await tx.query<{ kind: number; seq: string | null; update: Uint8Array }>(
      `select 0 as kind, upto_seq::text as seq, state as update from public.note_state where note_id = $1
       union all
       select 1 as kind, seq::text as seq, update from public.note_updates where note_id = $1
       order by kind, seq`,
      [noteId],
    );
    const state = rows.find((r) => r.kind === 0);
    const updates = rows.filter((r) => r.kind === 1).sort((a, b) => compareSeq(a.seq!, b.seq!));
    const parts = [...(state ? [bytes(state.update)] : []), ...updates.map((r) => bytes(r.update))];
    return {
      teamId: note.team_id,
      update: parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(parts),
      updateRows: updates.length,
      lastVersionAt: note.last_version_at ? Date.parse(note.last_version_at) : null,
      seqs: updates.map((r) => r.seq!),
      stateUpto: state?.seq ?? null,
    };
  });
}

/** Orders note_updates.seq values (bigint as text). */
export function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The note's stored rows as they are now: which updates exist and how far the state goes (cheap). */
export async function noteRows(db: Db, noteId: string): Promise<{ seqs: string[]; stateUpto: string | null }> {
  return await db.asService("notes:rows", async (tx) => {
    const [row] = await tx.query<{ seqs: string | null; upto: string | null }>(
      `select (select string_agg(seq::text, ',') from public.note_updates where note_id = $1) as seqs,
         (select upto_seq::text from public.note_state where note_id = $1) as upto`,
      [noteId],
    );
    return { seqs: row?.seqs ? row.seqs.split(",") : [], stateUpto: row?.upto ?? null };
  });
}

/** The stored updates with these seqs (those not compacted away meanwhile). */
export async function loadUpdates(
  db: Db,
  noteId: string,
  seqs: string[],
): Promise<{ seq: string; update: Uint8Array }[]> {
  if (seqs.length === 0) return [];
  return await db.asService("notes:updates", async (tx) => {
    const rows = await tx.query<{ seq: string; update: Uint8Array }>(
      "select seq::text as seq, update from public.note_updates where note_id = $1 and seq = any($2::bigint[])",
      [noteId, seqs],
    );
    return rows.map((r) => ({ seq: r.seq, update: bytes(r.update) }));
  });
}

// ---- Telling the other app processes ---------------------------------------------------------------------
// With DATABASE_URL several processes may hold the same note in memory. Each append also sends
// pg_notify('leadly_notes') in its transaction, so every process hears of it once it is committed, in commit
// order (realtime/handlers/notes.ts explains the design). Small batches carry their bytes (base64), larger
// ones only their seqs (the listener reads those rows), a huge one only "something changed" (it reloads).

export const NOTES_CHANNEL = "leadly_notes";
/** Postgres refuses notification payloads of 8000 bytes or more. */
const NOTIFY_LIMIT = 7900;

export interface Announcement {
  /** note id */
  note: string;
  /** the NoteDocs (process) that stored it */
  from: string;
  seqs: string[];
  /** the updates themselves (base64), in seqs order, when they fit */
  updates?: string[];
  /** too many to list: reload the note */
  reload?: true;
}

export function announcementText(a: Announcement): string {
  const text = JSON.stringify(a);
  if (text.length <= NOTIFY_LIMIT) return text;
  const seqsOnly = JSON.stringify({ note: a.note, from: a.from, seqs: a.seqs });
  if (seqsOnly.length <= NOTIFY_LIMIT) return seqsOnly;
  return JSON.stringify({ note: a.note, from: a.from, seqs: [], reload: true });
}

export function parseAnnouncement(text: string): Announcement | null {
  try {
    const a = JSON.parse(text) as Announcement;
    const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
    if (typeof a?.note !== "string" || typeof a.from !== "string" || !strings(a.seqs)) return null;
    if (a.updates !== undefined && (!strings(a.updates) || a.updates.length !== a.seqs.length)) return null;
    return a;
  } catch {
    return null;
  }
}

/**
 * Appends updates in one transaction (all or nothing) and returns their seqs. With `announceAs`, the same
 * transaction announces them on NOTES_CHANNEL (delivered to every process once committed).
 */
export async function appendUpdates(
  db: Db,
  noteId: string,
  updates: StoredUpdate[],
  announceAs?: string,
): Promise<string[]> {
  if (updates.length === 0) return [];
  return await db.asService("notes:persist", async (tx) => {
    const seqs: string[] = [];
    for (const u of updates) {
      const [row] = await tx.query<{ seq: string }>(
        "insert into public.note_updates (note_id, update, user_id) values ($1, $2, $3) returning seq::text as seq",
        [noteId, u.update, u.userId],
      );
      if (row?.seq) seqs.push(row.seq);
    }
    if (announceAs) {
      const text = announcementText({
        note: noteId,
        from: announceAs,
        seqs,
        updates: updates.map((u) => toBase64(u.update)),
      });
      await tx.query("select pg_notify($1, $2)", [NOTES_CHANNEL, text]);
    }
    return seqs;
  });
}

/** Updates merged per compaction transaction: each one is short, however many piled up. */
const COMPACT_ROWS = 250;

/**
 * Merges the note's updates into note_state and deletes exactly the rows it merged, COMPACT_ROWS at a time
 * (one transaction each, with a pause for other requests between them). Returns how many it merged.
 */
export async function compact(db: Db, noteId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const merged = await compactSome(db, noteId, COMPACT_ROWS);
    total += merged;
    if (merged < COMPACT_ROWS) return total;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

async function compactSome(db: Db, noteId: string, limit: number): Promise<number> {
  return await db.asService("notes:compact", async (tx) => {
    // one compaction per note at a time, across processes
    await tx.query("select pg_advisory_xact_lock(hashtext('note_compact:' || $1::text))", [noteId]);
    const [state] = await tx.query<{ state: Uint8Array }>("select state from public.note_state where note_id = $1", [
      noteId,
    ]);
    const rows = await tx.query<{ seq: string; update: Uint8Array }>(
      "select seq::text as seq, update from public.note_updates where note_id = $1 order by seq limit $2",
      [noteId, limit],
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
      const ids = snapshot.mentions.filter(isUuid);
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
