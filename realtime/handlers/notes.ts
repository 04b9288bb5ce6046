// Notes co-editing over socket.io: y-protocols sync and awareness messages for one Yjs document per note.
//
// SEVERAL APP PROCESSES (DATABASE_URL + REDIS_URL)
// ------------------------------------------------------------------------------------------------------
// Every process that has a note open holds its own Y.Doc of it (lib/notes/doc-manager.ts) and serves its own
// sockets from it. The copies are kept in step through Postgres, which is the source of truth anyway:
//  - an update from a socket is applied here, sent at once to this process's other sockets in the room
//    (io.local), and appended to note_updates; the append's transaction also does
//    pg_notify('leadly_notes', {note, seqs, updates}), so every process hears of it exactly when it is
//    committed, in commit order;
//  - a process holding the note applies it (Yjs updates are idempotent and commute, so hearing of something
//    twice, or of its own rows, changes nothing) and sends its own sockets only what its copy gained. Each
//    socket therefore gets each change once, from the process it is connected to;
//  - a process only ever learns of other processes' changes once they are stored, so its copy never holds
//    one that a crash of their process takes out of Postgres (that change was not acknowledged either: its
//    author's editor sends it again after reconnecting, to whichever process, which lacks it);
//  - catching up: `note:open` of a note already in memory first checks (one query listing the stored rows)
//    that the copy holds every stored update, and so does the sweep every 10 s for open notes; when
//    not (a notification missed while the listening connection was down, an update waiting for something
//    the copy lacks, rows compacted meanwhile), the process applies the whole stored note again.
// Why not route updates through the Redis adapter (io.to(room) reaching every process's sockets, each
// process also applying them to its copy)? It is quicker by one commit, but it shows other processes
// changes that are not stored yet and may never be (their process dies first), while a copy that missed a
// message — or started loading just before it was stored — would not know. Keeping one path, through the
// database that stores the updates anyway, makes "a copy holds exactly what is stored, plus its own
// sockets' changes being stored" true by construction; the price is that editors on another process see a
// change a commit later (a few ms on a nearby Postgres). Hocuspocus or y-redis would do the same job with a
// second store and much more code. Awareness (cursors) is not stored: it travels through the adapter to every
// process's sockets, and with serverSideEmit into every process's copy (what a newly opened editor is shown).
// No rate limit drops a `note:sync` (realtime/server.ts): awareness is limited (its own bucket per socket,
// below; a removal always passes), document updates are not.
//
// CLIENT PROTOCOL (the browser provider implements exactly this; also in docs/notes-protocol.md)
// ------------------------------------------------------------------------------------------------------
// Room `note:<uuid>`. Binary payloads are Uint8Array inside a JSON object. Every request has an ack:
// `{ok:true,...}` or `{ok:false, error:{code, message}}`; codes: invalid_payload, forbidden, not_found,
// too_large (update > 256 KB), bad_update (does not decode), internal_error. Without an ack, a refusal
// comes back as an `error` event `{code, message, event}`.
// The Yjs XmlFragment is `ydoc.getXmlFragment("default")`; the schema is lib/notes/schema.ts.
//
// Client -> server
//  1. `note:open {note_id}` -> `{ok, room, note_id, permission: "view"|"edit", sync_step1: Uint8Array,
//     awareness: Uint8Array|null}`. Checks view permission (RLS), joins the room, loads the document.
//     Read `sync_step1` with `syncProtocol.readSyncMessage(decoder, encoder, ydoc, provider)`; the encoder
//     then holds a SyncStep2 with the client's edits the server lacks (offline edits): editors send it
//     with `note:sync`. Apply `awareness` with `awarenessProtocol.applyAwarenessUpdate`.
//     (The generic `join {room:"note:<id>"}` authorises view too, but gives no permission/sync start.)
//  2. `note:sync {note_id, data}` — data is exactly a y-protocols sync message (writeSyncStep1 /
//     writeSyncStep2 / writeUpdate):
//       SyncStep1 -> ack `{ok, reply: Uint8Array}` (SyncStep2 with what the client lacks; read it with
//       readSyncMessage: the provider is then synced).
//       SyncStep2 / Update -> applied, broadcast to the room, stored; ack `{ok:true, durable:true}` only
//       once it is in Postgres (failed saves are retried by the server; the ack waits). One that brings
//       nothing new (sent again after a reconnect) is acked once every write queued before it is stored.
//       Editors keep every local update until its ack and send it again after a failure or reconnect.
//       From a viewer -> `{ok:false, error:{code:"forbidden"}}`, not applied (a step 2 that changes
//       nothing is accepted with `{ok:true, durable:true}`).
//  3. `note:awareness {note_id, data}` — `encodeAwarenessUpdate(awareness, clients)`; relayed to the room
//     (not back to the sender); ack `{ok:true}`. Local state `{user: {id, name, color}}`. ≤ 64 KB. More than
//     30 at once / 15 a second per socket: `{ok:false, error:{code:"rate_limited"}}` (send the newest state
//     again later); one that removes a state (leaving the page) is always relayed.
//  4. `note:close {note_id}` -> `{ok}`: leaves the room, removes this socket's awareness clients.
//     A disconnect does the same.
// Server -> client
//  - `note:sync {note_id, data}` — an Update message (others' edits, a restore): readSyncMessage with the
//    provider as origin (so it is not sent back).
//  - `note:awareness {note_id, data}` — applyAwarenessUpdate(awareness, data, provider).
//  - `note:permission {note_id, permission: "view"|"edit"|null}` — access changed; null = removed (the
//    socket was taken out of the room: close the editor).
//  - `note.updated` room event (change bus: `{room, seq, type, payload:{id, title, ...}}`) on metadata edits.
// Reconnect: on every `connect`, `note:open` again and redo the step1/step2 exchange; re-send awareness.
// ------------------------------------------------------------------------------------------------------
import type { Socket } from "socket.io";
import { z } from "zod";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type { RealtimeContext, RealtimeSetup, SocketHandler } from "../context.ts";
import { handle, parse, RealtimeError } from "../handle.ts";
import { isUuid, UUID } from "../../lib/ids.ts";
import { RoomError } from "../rooms.ts";
import type { SocketUser } from "../auth.ts";
import type { Db } from "../../lib/db/mod.ts";
import { type LiveNote, type NoteDocs, NoteUpdateError, type Session } from "../../lib/notes/doc-manager.ts";
import { DEFAULT_AWARENESS_RATE_LIMIT, TokenBucket } from "../rate-limit.ts";
import { type NotePermission, notePermission as permissionOf } from "../../lib/notes/permission.ts";

/** How long a checked permission is trusted before it is asked again (changes also push a re-check). */
const PERMISSION_TTL_MS = 5_000;
const MAX_AWARENESS_BYTES = 64 * 1024;

const noteId = z.string().regex(UUID, "note_id must be a note's id.").transform((s) => s.toLowerCase());
const openInput = z.object({ note_id: noteId }).strict();
const binary = z.custom<Uint8Array>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, {
  message: "data must be binary (a Uint8Array).",
}).transform((v) => v instanceof Uint8Array ? new Uint8Array(v) : new Uint8Array(v as ArrayBuffer));
const dataInput = z.object({ note_id: noteId, data: binary }).strict();

type Permission = NotePermission;

/** The user's permission on the note (RLS decides), or null. */
export function notePermission(db: Db, user: SocketUser, id: string): Promise<Permission | null> {
  return permissionOf(db, user.claims, user.teamId, id);
}

async function authorizeView(db: Db, user: SocketUser, id: string): Promise<Permission> {
  const permission = await notePermission(db, user, id);
  if (!permission) throw new RoomError("not_found", "That note does not exist or is not shared with you.");
  return permission;
}

function toRealtime(error: unknown): never {
  if (error instanceof NoteUpdateError && error.code === "not_found") throw new RoomError("not_found", error.message);
  if (error instanceof NoteUpdateError) throw new RealtimeError(error.code, error.message);
  throw error;
}

/** True when the awareness update takes someone's state away (their cursor leaves). */
export function removesSomeone(data: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(data);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder); // client id
      decoding.readVarUint(decoder); // clock
      if (decoding.readVarString(decoder) === "null") return true;
    }
  } catch {
    // not an awareness update: applying it fails with a clear refusal below
  }
  return false;
}

/** Awareness changes of other processes' sockets, so this process's copy shows them to editors opening here. */
const PEER_AWARENESS = "note:peer-awareness";

function shareAwareness(ctx: RealtimeContext, noteId: string, data: Uint8Array) {
  if (ctx.shared) ctx.io.serverSideEmit(PEER_AWARENESS, { note_id: noteId, data });
}

export const noteSetup: RealtimeSetup = (ctx: RealtimeContext) => {
  const docs = ctx.services.notes;
  ctx.starting.push(docs.attach(ctx.io));
  const nsp = ctx.io.of("/");
  const fromPeer = (message: { note_id?: unknown; data?: unknown }) => {
    const note = typeof message?.note_id === "string" ? docs.loaded(message.note_id) : undefined;
    if (!note || !(message.data instanceof Uint8Array)) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(note.awareness, message.data, "peer");
    } catch {
      // another process relays only what it could apply itself
    }
  };
  nsp.on(PEER_AWARENESS, fromPeer);
  ctx.policy.register("note", {
    pattern: "note:<id>",
    async authorize(user, parts, db) {
      const id = parts.length === 1 && isUuid(parts[0]) ? parts[0].toLowerCase() : null;
      if (!id) throw new RoomError("invalid_room", "That is not a room: a note room is note:<id>.");
      await authorizeView(db, user, id);
      return `note:${id}`;
    },
  });
  return () => {
    nsp.off(PEER_AWARENESS, fromPeer);
    docs.detach();
  };
};

export const noteHandlers: SocketHandler = (socket: Socket, ctx: RealtimeContext) => {
  const { user } = ctx.data(socket);
  const db = ctx.services.db;
  const docs = ctx.services.notes;
  // Per note, this socket's messages are handled in arrival order (an update never overtakes another).
  const queues = new Map<string, Promise<unknown>>();
  // Cursor updates have their own limit (the general buckets skip them, realtime/rate-limit.ts).
  const awarenessBucket = new TokenBucket(DEFAULT_AWARENESS_RATE_LIMIT);

  function inOrder<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const run = (queues.get(id) ?? Promise.resolve()).then(fn, fn);
    queues.set(id, run.catch(() => {}));
    return run;
  }

  async function session(id: string): Promise<{ note: LiveNote; session: Session }> {
    if (!socket.rooms.has(`note:${id}`)) {
      throw new RealtimeError("forbidden", "Open the note first (note:open) before syncing it.");
    }
    const note = await docs.get(id).catch(toRealtime);
    let s = note.sessions.get(socket.id);
    if (!s) {
      // joined through the generic `join`: its permission is checked now
      const permission = await authorizeView(db, user, id);
      note.sessions.set(socket.id, s = { userId: user.userId, permission, checkedAt: Date.now(), clients: new Set() });
    }
    return { note, session: s };
  }

  async function canEdit(id: string, s: Session) {
    if (Date.now() - s.checkedAt > PERMISSION_TTL_MS) {
      const permission = await notePermission(db, user, id);
      s.checkedAt = Date.now();
      if (!permission) {
        socket.leave(`note:${id}`);
        throw new RealtimeError("forbidden", "You no longer have access to this note.");
      }
      s.permission = permission;
    }
    return s.permission === "edit";
  }

  function closeSession(id: string) {
    const note = docs.loaded(id);
    const s = note?.sessions.get(socket.id);
    if (!note || !s) return;
    note.sessions.delete(socket.id);
    note.lastActivity = Date.now();
    if (s.clients.size > 0) {
      const gone = [...s.clients];
      awarenessProtocol.removeAwarenessStates(note.awareness, gone, "server");
      const data = awarenessProtocol.encodeAwarenessUpdate(note.awareness, gone);
      socket.to(note.room).emit("note:awareness", { note_id: id, data });
      shareAwareness(ctx, id, data);
    }
  }

  async function syncMessage(
    id: string,
    data: Uint8Array,
  ): Promise<{ reply: Uint8Array } | { durable: Promise<void> | true }> {
    const { note, session: s } = await session(id);
    let type: number;
    const decoder = decoding.createDecoder(data);
    try {
      type = decoding.readVarUint(decoder);
    } catch {
      throw new RealtimeError("bad_update", "That sync message could not be read.");
    }
    if (type === syncProtocol.messageYjsSyncStep1) {
      let sv: Uint8Array;
      try {
        sv = decoding.readVarUint8Array(decoder);
      } catch {
        throw new RealtimeError("bad_update", "That sync message could not be read.");
      }
      const encoder = encoding.createEncoder();
      try {
        syncProtocol.writeSyncStep2(encoder, note.doc, sv);
      } catch {
        throw new RealtimeError("bad_update", "That state vector could not be read.");
      }
      return { reply: encoding.toUint8Array(encoder) };
    }
    if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) {
      throw new RealtimeError("bad_update", "Unknown sync message type.");
    }
    let update: Uint8Array;
    try {
      update = decoding.readVarUint8Array(decoder);
    } catch {
      throw new RealtimeError("bad_update", "That sync message could not be read.");
    }
    if (!(await canEdit(id, s))) {
      // A viewer's answer to the server's step 1 usually carries nothing new: fine. Anything else: no.
      if (type === syncProtocol.messageYjsSyncStep2 && docs.changesNothing(note, update)) return { durable: true };
      console.warn(`notes: refused a write to ${id} from viewer ${user.userId}`);
      throw new RealtimeError("forbidden", "You can view this note but not edit it.");
    }
    try {
      return { durable: docs.applyUpdate(note, update, { socketId: socket.id, userId: user.userId }) };
    } catch (error) {
      console.warn(`notes: rejected an update to ${id} from ${user.userId}: ${(error as Error).message}`);
      return toRealtime(error);
    }
  }

  handle(socket, "note:open", async (payload) => {
    const { note_id: id } = parse(openInput, payload);
    const permission = await authorizeView(db, user, id);
    // Joined before the copy is checked: what is stored after the check reaches this socket as it arrives.
    await socket.join(`note:${id}`);
    const note = await docs.get(id, { fresh: true }).catch((error) => {
      socket.leave(`note:${id}`);
      return toRealtime(error);
    });
    const existing = note.sessions.get(socket.id);
    note.sessions.set(socket.id, {
      userId: user.userId,
      permission,
      checkedAt: Date.now(),
      clients: existing?.clients ?? new Set(),
    });
    note.lastActivity = Date.now();
    return {
      ok: true,
      room: note.room,
      note_id: id,
      permission,
      sync_step1: note.syncStep1(),
      awareness: note.awarenessState(),
    };
  });

  handle(socket, "note:sync", async (payload) => {
    const { note_id: id, data } = parse(dataInput, payload);
    const stored = await inOrder(id, () => syncMessage(id, data)).catch(toRealtime);
    if ("reply" in stored) return { ok: true, reply: stored.reply };
    // applied in order above; the ack waits until it is stored
    if (stored.durable !== true) await stored.durable;
    return { ok: true, durable: true };
  });

  handle(socket, "note:awareness", async (payload) => {
    const { note_id: id, data } = parse(dataInput, payload);
    if (data.byteLength > MAX_AWARENESS_BYTES) {
      throw new RealtimeError("too_large", "That awareness update is too large.");
    }
    // Cursors may be thinned out (the editor sends its newest state again); someone leaving never is.
    if (!removesSomeone(data) && !awarenessBucket.take()) {
      throw new RealtimeError("rate_limited", "Cursor updates came too fast; the newest one is sent again shortly.");
    }
    const { note } = await session(id);
    try {
      awarenessProtocol.applyAwarenessUpdate(note.awareness, data, socket.id);
    } catch {
      throw new RealtimeError("bad_update", "That awareness update could not be read.");
    }
    socket.to(note.room).emit("note:awareness", { note_id: id, data });
    shareAwareness(ctx, id, data);
    return { ok: true };
  });

  handle(socket, "note:close", async (payload) => {
    const { note_id: id } = parse(openInput, payload);
    closeSession(id);
    queues.delete(id);
    await socket.leave(`note:${id}`);
    return { ok: true };
  });

  socket.on("disconnect", () => {
    for (const room of socket.rooms) if (room.startsWith("note:")) closeSession(room.slice(5));
    // socket.rooms is already empty on disconnect in socket.io 4: also look at every loaded note
    for (const id of queues.keys()) closeSession(id);
  });
  socket.on("disconnecting", () => {
    for (const room of socket.rooms) if (room.startsWith("note:")) closeSession(room.slice(5));
  });
};

/**
 * Re-checks everyone who has the note open after its sharing changed: tells them their permission and
 * takes out those who lost access. Called by the HTTP routes.
 */
export async function recheckNoteAccess(ctx: { services: { db: Db; notes: NoteDocs } }, id: string) {
  const docs = ctx.services.notes;
  const note = docs.loaded(id);
  for (const remote of await docs.socketsIn(id)) {
    const user = (remote.data as { user?: SocketUser }).user;
    if (!user) continue;
    const permission = await notePermission(ctx.services.db, user, id).catch(() => null);
    const s = note?.sessions.get(remote.id);
    if (s && permission) {
      s.permission = permission;
      s.checkedAt = Date.now();
    }
    if (!permission) {
      note?.sessions.delete(remote.id);
      remote.leave(`note:${id}`);
    }
    remote.emit("note:permission", { note_id: id, permission });
  }
}
