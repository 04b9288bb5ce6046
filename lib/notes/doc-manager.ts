// One live Y.Doc per open note, in this process's memory.
//
// - load = note_state + every later update (store.ts);
// - an incoming update is validated (decodes, at most 256 KB), applied, sent to this process's sockets in
//   the note's room and appended to note_updates at once (batched per note; one write in flight per note).
//   The caller's promise resolves only once the update is stored — that is when the client gets its ack.
//   A failed write keeps the doc (and the update) in memory and retries with backoff;
// - several processes (DATABASE_URL): Postgres is the source of truth and the way between them. Every append
//   is announced with pg_notify in its own transaction; every process holding the note applies it (Yjs
//   updates are idempotent and commute) and sends what was new to its own sockets. A process checks that
//   it has every stored row when a note is opened and every sweep, and reloads from Postgres when not
//   (missed notifications, a dependency it lacks). See realtime/handlers/notes.ts for why;
// - compaction merges updates into note_state in the background (every N updates and on unload): a job on
//   the durable queue (`notes-compact`, one waiting per note; app/system-jobs.ts) that any process may run,
//   since it works from the stored rows alone; in-process only where no queue runs (test servers, scripts);
// - snapshots (JSON/HTML/text via @tiptap/html) are refreshed debounced, and feed search/previews;
//   new @mentions notify through app.notify (in SQL);
// - versions: automatic after N minutes of editing and when an editing session ends; on demand;
//   restore = a normal Yjs change that makes the document equal to the old version;
// - documents nobody has open are unloaded after they are saved.
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import type { Server } from "socket.io";
import type { Db } from "../db/mod.ts";
import { assertDecodes, docToJSON, type PmJson, replaceContent, snapshotOf } from "./content.ts";
import { fromBase64 } from "lib0/buffer";
import {
  appendUpdates,
  compact,
  compareSeq,
  loadNote,
  loadUpdates,
  noteRows,
  NOTES_CHANNEL,
  parseAnnouncement,
  saveSnapshot,
  saveVersion,
  type StoredUpdate,
} from "./store.ts";
import { queueFor } from "../jobs/registry.ts";

/** The queue job that compacts one note (payload `{ noteId, teamId }`, ids only). */
export const NOTES_COMPACT_JOB = "notes-compact";

export const MAX_UPDATE_BYTES = 256 * 1024;

export class NoteUpdateError extends Error {
  constructor(readonly code: "bad_update" | "too_large" | "forbidden" | "not_found", message: string) {
    super(message);
  }
}

export interface NoteDocsOptions {
  /** Automatic version after this much editing since the last version. */
  autoVersionMs: number;
  /** Snapshot (HTML/JSON/text, mentions) this long after the last change. */
  snapshotDebounceMs: number;
  /** ...but at least this often while people keep typing. */
  snapshotMaxWaitMs: number;
  /** Compact after this many stored updates. */
  compactEvery: number;
  /** Unload a document nobody has open after this long. */
  idleUnloadMs: number;
  /** How often the idle sweep runs. */
  sweepEveryMs: number;
  /** Longest wait between retries of a failed save. */
  maxRetryMs: number;
}

export const DEFAULT_NOTE_DOCS_OPTIONS: NoteDocsOptions = {
  autoVersionMs: 10 * 60_000,
  snapshotDebounceMs: 1_000,
  snapshotMaxWaitMs: 10_000,
  compactEvery: 200,
  idleUnloadMs: 60_000,
  sweepEveryMs: 10_000,
  maxRetryMs: 5_000,
};

/** The origin of changes another process stored (or a reload from Postgres): not stored again. */
const FROM_POSTGRES = "postgres";

/** Who made a change: a socket (its id, to skip it when broadcasting) or the server itself. */
export interface ChangeOrigin {
  socketId: string | null;
  userId: string | null;
}

interface PendingWrite extends StoredUpdate {
  done: () => void;
}

export interface Session {
  userId: string;
  permission: "view" | "edit";
  checkedAt: number;
  /** awareness client ids this socket controls */
  clients: Set<number>;
}

export class LiveNote {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly sessions = new Map<string, Session>();
  pending: PendingWrite[] = [];
  saving = false;
  failures = 0;
  retryTimer: ReturnType<typeof setTimeout> | null = null;
  storedSinceCompaction = 0;
  lastActivity = Date.now();
  /** changes not yet in the snapshot columns */
  snapshotDirty = false;
  firstDirtyAt = 0;
  snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  lastEditor: string | null = null;
  /** editing since the last version */
  authorsSinceVersion = new Set<string>();
  editingSince = 0;
  lastVersionAt: number;
  snapshotting: Promise<void> | null = null;
  /** set by the doc's update handler: the write of the change just applied */
  lastWrite: Promise<void> | null = null;
  /** the newest write queued: writes are stored in order, so once it is stored every earlier one is */
  lastQueued: Promise<void> | null = null;
  /** changes made here (not only heard from other processes) since the last snapshot: mentions are ours */
  localSinceSnapshot = false;
  /** note_updates rows this doc holds (loaded, written here, or heard of), by seq */
  knownSeqs = new Set<string>();
  /** note_state.upto_seq when last loaded */
  stateUpto: string | null = null;
  /** a reload from Postgres in progress, and whether another one was asked for meanwhile */
  catchingUp: Promise<void> | null = null;
  catchUpAgain = false;

  constructor(readonly id: string, readonly teamId: string, lastVersionAt: number | null) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.lastVersionAt = lastVersionAt ?? 0;
  }

  get room() {
    return `note:${this.id}`;
  }

  /** y-protocols SyncStep1 with the server's state vector. */
  syncStep1(): Uint8Array {
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, this.doc);
    return encoding.toUint8Array(encoder);
  }

  /** Current awareness states (or null when there are none). */
  awarenessState(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients) : null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class NoteDocs {
  readonly options: NoteDocsOptions;
  readonly #live = new Map<string, LiveNote>();
  readonly #loading = new Map<string, Promise<LiveNote>>();
  #io: Server | null = null;
  #sweep: ReturnType<typeof setInterval> | null = null;
  #closed = false;
  #unlisten: Promise<(() => Promise<void>) | null> | null = null;
  /** Names this process in announcements, to skip its own. */
  readonly id = crypto.randomUUID();
  /** Other processes may hold the same notes (a shared Postgres): announce appends and listen to theirs. */
  readonly shared: boolean;

  constructor(readonly db: Db, options: Partial<NoteDocsOptions> = {}) {
    this.options = { ...DEFAULT_NOTE_DOCS_OPTIONS, ...options };
    this.shared = db.kind === "postgres";
  }

  /**
   * Called by the realtime setup: this process's sockets get the live changes, the idle sweep starts, and
   * (shared database) other processes' appends are applied. Resolves once listening.
   */
  attach(io: Server): Promise<void> {
    this.#io = io;
    this.#closed = false;
    this.#sweep ??= setInterval(() => void this.sweep(), this.options.sweepEveryMs);
    if (this.shared && !this.#unlisten) {
      this.#unlisten = this.db.listen(NOTES_CHANNEL, (text) => this.#onAnnouncement(text));
    }
    return this.#unlisten?.then(() => {}) ?? Promise.resolve();
  }

  /** Stops timers; stored data stays. Pending writes are abandoned (their clients never got an ack). */
  detach() {
    this.#closed = true;
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = null;
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    void unlisten?.then((stop) => stop?.()).catch(() => {});
    for (const note of this.#live.values()) this.#dispose(note);
    this.#live.clear();
    this.#io = null;
  }

  isLoaded(noteId: string) {
    return this.#live.has(noteId);
  }

  loaded(noteId: string): LiveNote | undefined {
    return this.#live.get(noteId);
  }

  /**
   * The live document (loaded from Postgres on first use). The caller has checked the permission. `fresh`:
   * when other processes share the database, first make sure the copy in memory holds every stored update.
   */
  async get(noteId: string, options: { fresh?: boolean } = {}): Promise<LiveNote> {
    const live = this.#live.get(noteId);
    if (live) {
      if (options.fresh && this.shared) await this.verify(live);
      return live;
    }
    return await this.#getOrLoad(noteId);
  }

  #getOrLoad(noteId: string): Promise<LiveNote> {
    const live = this.#live.get(noteId);
    if (live) return Promise.resolve(live);
    let loading = this.#loading.get(noteId);
    if (!loading) {
      loading = this.#load(noteId).finally(() => this.#loading.delete(noteId));
      this.#loading.set(noteId, loading);
    }
    return loading;
  }

  async #load(noteId: string): Promise<LiveNote> {
    const loaded = await loadNote(this.db, noteId);
    if (!loaded) throw new NoteUpdateError("not_found", "That note does not exist.");
    const note = new LiveNote(noteId, loaded.teamId, loaded.lastVersionAt);
    Y.applyUpdate(note.doc, loaded.update, "load");
    note.storedSinceCompaction = loaded.updateRows;
    note.knownSeqs = new Set(loaded.seqs);
    note.stateUpto = loaded.stateUpto;
    note.doc.on("update", (update: Uint8Array, origin: unknown) => this.#onDocUpdate(note, update, origin));
    note.awareness.on(
      "update",
      ({ added, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const session = typeof origin === "string" ? note.sessions.get(origin) : undefined;
        if (!session) return;
        for (const id of added) session.clients.add(id);
        for (const id of removed) session.clients.delete(id);
      },
    );
    this.#live.set(noteId, note);
    return note;
  }

  #onDocUpdate(note: LiveNote, update: Uint8Array, origin: unknown) {
    if (origin === "load") return;
    note.lastActivity = Date.now();
    // Only this process's sockets: each process sends its own sockets what its copy gained (other processes
    // hear of it from Postgres once it is stored), so every socket gets every change once.
    const send = (except: string | null) => {
      if (!this.#io) return;
      const encoder = encoding.createEncoder();
      syncProtocol.writeUpdate(encoder, update);
      const message = { note_id: note.id, data: encoding.toUint8Array(encoder) };
      const room = this.#io.local.to(note.room);
      (except ? room.except(except) : room).emit("note:sync", message);
    };
    if (origin === FROM_POSTGRES) {
      // Stored by another process (or reloaded): new here, so new to our sockets too. Not stored again.
      send(null);
      this.#markDirty(note, false);
      return;
    }
    const change = (origin ?? { socketId: null, userId: null }) as ChangeOrigin;
    // Others see it at once; the sender already has it.
    send(change.socketId);
    if (change.userId) {
      note.lastEditor = change.userId;
      note.authorsSinceVersion.add(change.userId);
    }
    if (!note.editingSince) note.editingSince = Date.now();
    note.lastWrite = this.#enqueue(note, { update, userId: change.userId });
    this.#markDirty(note, true);
  }

  // ---- other processes (shared database) ---------------------------------------------------------------

  /** Another process stored updates of a note: apply them if the note is in memory here (or loading). */
  async #onAnnouncement(text: string) {
    const a = parseAnnouncement(text);
    if (!a) {
      console.error("leadly_notes: ignored a notification that is not an announcement", text.slice(0, 200));
      return;
    }
    if (a.from === this.id || this.#closed) return;
    // Loading: the load may have read Postgres before this commit, so apply it once loaded.
    const note = this.#live.get(a.note) ?? await this.#loading.get(a.note)?.catch(() => undefined);
    if (!note || this.#closed) return;
    try {
      if (a.reload) return await this.catchUp(note);
      const fresh = a.seqs.filter((seq) => !note.knownSeqs.has(seq));
      if (fresh.length === 0) return;
      let updates: Uint8Array[];
      if (a.updates) {
        updates = a.seqs.flatMap((seq, i) => note.knownSeqs.has(seq) ? [] : [fromBase64(a.updates![i])]);
      } else {
        const rows = await loadUpdates(this.db, note.id, fresh);
        // Some were compacted into the state meanwhile: read the whole note instead.
        if (rows.length < fresh.length) return await this.catchUp(note);
        updates = rows.sort((x, y) => compareSeq(x.seq, y.seq)).map((r) => r.update);
      }
      for (const seq of fresh) note.knownSeqs.add(seq);
      this.#applyStored(note, updates);
    } catch (error) {
      console.error(`notes: applying another process's update to ${a.note} failed; reloading it`, error);
      await this.catchUp(note).catch(() => {});
    }
  }

  /** Applies stored updates (another process's); reloads the note when they wait for something missing. */
  #applyStored(note: LiveNote, updates: Uint8Array[]) {
    for (const update of updates) {
      try {
        Y.applyUpdate(note.doc, update, FROM_POSTGRES);
      } catch (error) {
        console.error(`notes: a stored update of ${note.id} could not be applied`, error);
      }
    }
    if (this.#lacksSomething(note)) void this.catchUp(note);
  }

  #lacksSomething(note: LiveNote) {
    return note.doc.store.pendingStructs !== null || note.doc.store.pendingDs !== null;
  }

  /**
   * Makes sure the copy in memory holds every stored update (cheap when it does: one query listing the
   * rows); reloads the note from Postgres when it does not.
   */
  async verify(note: LiveNote) {
    if (note.catchingUp) return await note.catchingUp;
    const { seqs, stateUpto } = await noteRows(this.db, note.id);
    if (stateUpto === note.stateUpto && seqs.every((seq) => note.knownSeqs.has(seq))) return;
    await this.catchUp(note);
  }

  /**
   * Applies the whole stored note (state + updates) to the copy in memory: whatever it lacked is new and
   * goes to this process's sockets; the rest changes nothing (Yjs updates are idempotent).
   */
  catchUp(note: LiveNote): Promise<void> {
    if (note.catchingUp) {
      note.catchUpAgain = true;
      return note.catchingUp;
    }
    note.catchingUp = (async () => {
      do {
        note.catchUpAgain = false;
        const loaded = await loadNote(this.db, note.id);
        if (!loaded || this.#closed) return;
        try {
          Y.applyUpdate(note.doc, loaded.update, FROM_POSTGRES);
        } catch (error) {
          console.error(`notes: reloading ${note.id} from Postgres failed`, error);
          return;
        }
        // Rows written here after that read stay known; compacted ones are forgotten.
        const newest = loaded.seqs.reduce((max, s) => compareSeq(s, max) > 0 ? s : max, loaded.stateUpto ?? "0");
        const later = [...note.knownSeqs].filter((s) => compareSeq(s, newest) > 0);
        note.knownSeqs = new Set([...loaded.seqs, ...later]);
        note.stateUpto = loaded.stateUpto;
      } while (note.catchUpAgain);
    })().finally(() => note.catchingUp = null);
    return note.catchingUp;
  }

  /**
   * Validates and applies a client's update; resolves once it is stored (or at once when it changed
   * nothing). Throws NoteUpdateError for bytes that are not an update or are too large.
   */
  applyUpdate(note: LiveNote, update: Uint8Array, origin: ChangeOrigin): Promise<void> {
    checkUpdate(update);
    note.lastWrite = null;
    try {
      Y.applyUpdate(note.doc, update, origin);
    } catch {
      throw new NoteUpdateError("bad_update", "That update could not be read; it was not applied.");
    }
    // Nothing new (a resend after a reconnect, or an update another process stored): it is acknowledged
    // once everything queued before it is stored, since that may be where its content went (a resend of a
    // change whose first write is still pending must not be acked as stored before it is).
    const stored = (note.lastWrite as Promise<void> | null) ?? note.lastQueued;
    note.lastWrite = null;
    // Parts that wait for something the server lacks are kept as sent, so they survive a restart. Another
    // process may have stored what they wait for: read the note again.
    if (this.#lacksSomething(note)) {
      if (this.shared) void this.catchUp(note).catch(() => {});
      const raw = this.#enqueue(note, { update, userId: origin.userId });
      return stored ? Promise.all([stored, raw]).then(() => {}) : raw;
    }
    return stored ?? Promise.resolve();
  }

  /** True when applying `update` would change nothing (how a viewer's sync step 2 is accepted). */
  changesNothing(note: LiveNote, update: Uint8Array): boolean {
    checkUpdate(update);
    const sv = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));
    const mine = Y.decodeStateVector(Y.encodeStateVector(note.doc));
    for (const [client, clock] of sv) if (clock > (mine.get(client) ?? 0)) return false;
    const probe = new Y.Doc({ gc: false });
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(note.doc));
    let changed = false;
    probe.on("update", () => changed = true);
    try {
      Y.applyUpdate(probe, update);
    } catch {
      throw new NoteUpdateError("bad_update", "That update could not be read; it was not applied.");
    } finally {
      probe.destroy();
    }
    return !changed;
  }

  #enqueue(note: LiveNote, write: StoredUpdate): Promise<void> {
    const stored = new Promise<void>((resolve) => {
      note.pending.push({ ...write, done: resolve });
      void this.#save(note);
    });
    note.lastQueued = stored;
    return stored;
  }

  async #save(note: LiveNote) {
    if (note.saving || note.retryTimer || note.pending.length === 0 || this.#closed) return;
    note.saving = true;
    const batch = note.pending.splice(0);
    try {
      const seqs = await appendUpdates(this.db, note.id, batch, this.shared ? this.id : undefined);
      for (const seq of seqs) note.knownSeqs.add(seq);
      note.failures = 0;
      note.storedSinceCompaction += batch.length;
      for (const write of batch) write.done();
    } catch (error) {
      // Keep everything in memory and try again; acks wait.
      note.pending.unshift(...batch);
      note.failures++;
      const wait = Math.min(this.options.maxRetryMs, 50 * 2 ** note.failures);
      console.error(
        `notes: saving ${batch.length} update(s) of ${note.id} failed (try ${note.failures}); retrying in ${wait} ms`,
        error,
      );
      note.retryTimer = setTimeout(() => {
        note.retryTimer = null;
        void this.#save(note);
      }, wait);
    } finally {
      note.saving = false;
    }
    if (note.pending.length > 0) void this.#save(note);
    else if (note.storedSinceCompaction >= this.options.compactEvery) void this.requestCompaction(note);
  }

  /** Resolves when everything applied so far is stored (waits through retries). */
  async flushed(note: LiveNote, timeoutMs = 30_000) {
    const until = Date.now() + timeoutMs;
    while ((note.pending.length > 0 || note.saving) && Date.now() < until && !this.#closed) await sleep(5);
  }

  /**
   * Asks for the note's compaction: a queue job when this process runs the queue (a note's second request
   * while one waits is dropped: the waiting one merges every row stored by the time it runs), else here.
   * Never throws; a request that could not be made is made again after the next save.
   */
  async requestCompaction(note: LiveNote) {
    const queue = queueFor(this.db);
    try {
      if (!queue) return await this.compactNow(note.id);
      const pending = note.storedSinceCompaction;
      await queue.send(NOTES_COMPACT_JOB, { noteId: note.id, teamId: note.teamId }, { singletonKey: note.id });
      note.storedSinceCompaction = Math.max(0, note.storedSinceCompaction - pending);
    } catch (error) {
      console.error(`notes: compaction of ${note.id} failed (will retry later)`, error);
    }
  }

  /** Merges the note's stored updates into its state now (the queue job's work); throws when it fails. */
  async compactNow(noteId: string) {
    const merged = await compact(this.db, noteId);
    const note = this.#live.get(noteId);
    if (note) note.storedSinceCompaction = Math.max(0, note.storedSinceCompaction - merged);
  }

  /** `local`: changed here (a socket of this process or the server), not only heard from another process. */
  #markDirty(note: LiveNote, local: boolean) {
    if (local) note.localSinceSnapshot = true;
    if (!note.snapshotDirty) note.firstDirtyAt = Date.now();
    note.snapshotDirty = true;
    if (note.snapshotTimer) clearTimeout(note.snapshotTimer);
    const wait = Math.max(
      0,
      Math.min(this.options.snapshotDebounceMs, note.firstDirtyAt + this.options.snapshotMaxWaitMs - Date.now()),
    );
    note.snapshotTimer = setTimeout(() => {
      note.snapshotTimer = null;
      void this.snapshot(note).catch((error) => console.error(`notes: snapshot of ${note.id} failed`, error));
    }, wait);
  }

  /** Refreshes the snapshot columns (and mentions); makes an automatic version when it is time. */
  snapshot(note: LiveNote): Promise<void> {
    if (note.snapshotting) return note.snapshotting.then(() => note.snapshotDirty ? this.snapshot(note) : undefined);
    note.snapshotting = (async () => {
      if (!note.snapshotDirty) return;
      note.snapshotDirty = false;
      // Mentions are notified by the process where they were typed (two processes must not both try).
      const local = note.localSinceSnapshot;
      note.localSinceSnapshot = false;
      const snapshot = await snapshotOf(note.doc);
      try {
        // The snapshot must never claim content that is not stored yet.
        await this.flushed(note);
        if (this.#closed) return;
        await saveSnapshot(this.db, note.id, local ? snapshot : { ...snapshot, mentions: [] }, note.lastEditor);
        if (
          note.authorsSinceVersion.size > 0 && note.editingSince &&
          Date.now() - Math.max(note.lastVersionAt, note.editingSince) >= this.options.autoVersionMs
        ) {
          await this.createVersion(note, { kind: "auto", createdBy: null });
        }
      } catch (error) {
        note.snapshotDirty = true;
        note.localSinceSnapshot ||= local;
        throw error;
      }
    })().finally(() => note.snapshotting = null);
    return note.snapshotting;
  }

  /** Saves a version of the live document as it is now. */
  async createVersion(
    note: LiveNote,
    v: { kind: "auto" | "manual" | "restore"; label?: string | null; createdBy: string | null; restoredFrom?: string },
  ) {
    await this.flushed(note);
    const authors = [...note.authorsSinceVersion];
    const row = await saveVersion(this.db, note.id, {
      kind: v.kind,
      label: v.label,
      state: Y.encodeStateAsUpdate(note.doc),
      snapshot: await snapshotOf(note.doc),
      authors: authors.length ? authors : v.createdBy ? [v.createdBy] : [],
      createdBy: v.createdBy,
      restoredFrom: v.restoredFrom ?? null,
    });
    note.authorsSinceVersion.clear();
    note.editingSince = 0;
    note.lastVersionAt = Date.now();
    return row;
  }

  /** Makes the document equal to `json` for everyone (a new change by `userId`); resolves once stored. */
  async replace(note: LiveNote, json: PmJson, userId: string | null) {
    const origin: ChangeOrigin = { socketId: null, userId };
    replaceContent(note.doc, json, origin);
    await this.flushed(note);
  }

  /** The document's current ProseMirror JSON. */
  json(note: LiveNote): PmJson {
    return docToJSON(note.doc);
  }

  /**
   * Unloads documents nobody has open, after saving their snapshot, a session version and compacting. With
   * a shared database, checks that the open ones hold every stored update (a notification may have been
   * missed while the listening connection was down).
   */
  async sweep(now = Date.now()) {
    for (const note of [...this.#live.values()]) {
      if (this.#closed) return;
      if (this.shared && note.sessions.size > 0) {
        await this.verify(note).catch((error) => console.error(`notes: checking ${note.id} failed`, error));
      }
      if (note.sessions.size > 0 || now - note.lastActivity < this.options.idleUnloadMs) continue;
      if (note.pending.length > 0 || note.saving || note.retryTimer) continue;
      await this.unload(note).catch((error) => console.error(`notes: unloading ${note.id} failed`, error));
    }
  }

  async unload(note: LiveNote) {
    if (note.snapshotTimer) clearTimeout(note.snapshotTimer);
    note.snapshotTimer = null;
    if (note.snapshotDirty || note.snapshotting) await this.snapshot(note);
    if (note.authorsSinceVersion.size > 0) await this.createVersion(note, { kind: "auto", createdBy: null });
    if (note.storedSinceCompaction > 0) await this.requestCompaction(note);
    // Someone opened it again meanwhile, or typed: keep it.
    if (note.sessions.size > 0 || note.pending.length > 0 || note.snapshotDirty) return;
    this.#live.delete(note.id);
    this.#dispose(note);
  }

  #dispose(note: LiveNote) {
    if (note.snapshotTimer) clearTimeout(note.snapshotTimer);
    if (note.retryTimer) clearTimeout(note.retryTimer);
    note.snapshotTimer = note.retryTimer = null;
    note.awareness.destroy();
    note.doc.destroy();
  }

  /** Everyone in the note's room (any process) — for permission re-checks. */
  async socketsIn(noteId: string) {
    return this.#io ? await this.#io.in(`note:${noteId}`).fetchSockets() : [];
  }

  get io() {
    return this.#io;
  }
}

function checkUpdate(update: Uint8Array) {
  if (!(update instanceof Uint8Array) || update.byteLength === 0) {
    throw new NoteUpdateError("bad_update", "An update must be non-empty binary data.");
  }
  if (update.byteLength > MAX_UPDATE_BYTES) {
    throw new NoteUpdateError(
      "too_large",
      `That change is too large (${Math.ceil(update.byteLength / 1024)} KB; 256 KB at most). Paste less at once.`,
    );
  }
  try {
    assertDecodes(update);
  } catch {
    throw new NoteUpdateError("bad_update", "That update could not be read; it was not applied.");
  }
}

// One NoteDocs per database handle (so per app): HTTP routes and the socket server share it.
const managers = new WeakMap<Db, NoteDocs>();

export function notesFor(services: { db: Db }): NoteDocs {
  let docs = managers.get(services.db);
  if (!docs) managers.set(services.db, docs = new NoteDocs(services.db, optionsFromEnv()));
  return docs;
}

function optionsFromEnv(): Partial<NoteDocsOptions> {
  const minutes = Number(Deno.env.get("LEADLY_NOTE_VERSION_MINUTES") ?? "");
  return Number.isFinite(minutes) && minutes > 0 ? { autoVersionMs: minutes * 60_000 } : {};
}
