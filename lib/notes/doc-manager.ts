// One live Y.Doc per open note, in this process's memory.
//
// - load = note_state + every later update (store.ts);
// - an incoming update is validated (decodes, at most 256 KB), applied, broadcast to the note's room and
//   appended to note_updates at once (batched per note; one write in flight per note). The caller's
//   promise resolves only once the update is stored — that is when the client gets its ack.
//   A failed write keeps the doc (and the update) in memory and retries with backoff;
// - compaction merges updates into note_state in the background (every N updates and on unload);
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
import { appendUpdates, compact, loadNote, saveSnapshot, saveVersion, type StoredUpdate } from "./store.ts";

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

  constructor(readonly db: Db, options: Partial<NoteDocsOptions> = {}) {
    this.options = { ...DEFAULT_NOTE_DOCS_OPTIONS, ...options };
  }

  /** Called by the realtime setup: broadcasts go through this server, and the idle sweep starts. */
  attach(io: Server) {
    this.#io = io;
    this.#closed = false;
    this.#sweep ??= setInterval(() => void this.sweep(), this.options.sweepEveryMs);
  }

  /** Stops timers; stored data stays. Pending writes are abandoned (their clients never got an ack). */
  detach() {
    this.#closed = true;
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = null;
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

  /** The live document (loaded from Postgres on first use). The caller has checked the permission. */
  get(noteId: string): Promise<LiveNote> {
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
    const change = (origin ?? { socketId: null, userId: null }) as ChangeOrigin;
    note.lastActivity = Date.now();
    // Others see it at once; the sender already has it.
    if (this.#io) {
      const encoder = encoding.createEncoder();
      syncProtocol.writeUpdate(encoder, update);
      const message = { note_id: note.id, data: encoding.toUint8Array(encoder) };
      const target = change.socketId ? this.#io.to(note.room).except(change.socketId) : this.#io.to(note.room);
      target.emit("note:sync", message);
    }
    if (change.userId) {
      note.lastEditor = change.userId;
      note.authorsSinceVersion.add(change.userId);
    }
    if (!note.editingSince) note.editingSince = Date.now();
    note.lastWrite = this.#enqueue(note, { update, userId: change.userId });
    this.#markDirty(note);
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
    const stored = note.lastWrite as Promise<void> | null;
    note.lastWrite = null;
    // Parts that wait for something the server lacks are kept as sent, so they survive a restart.
    if (note.doc.store.pendingStructs !== null || note.doc.store.pendingDs !== null) {
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
    return new Promise((resolve) => {
      note.pending.push({ ...write, done: resolve });
      void this.#save(note);
    });
  }

  async #save(note: LiveNote) {
    if (note.saving || note.retryTimer || note.pending.length === 0 || this.#closed) return;
    note.saving = true;
    const batch = note.pending.splice(0);
    try {
      await appendUpdates(this.db, note.id, batch);
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
    else if (note.storedSinceCompaction >= this.options.compactEvery) void this.compactNow(note.id);
  }

  /** Resolves when everything applied so far is stored (waits through retries). */
  async flushed(note: LiveNote, timeoutMs = 30_000) {
    const until = Date.now() + timeoutMs;
    while ((note.pending.length > 0 || note.saving) && Date.now() < until && !this.#closed) await sleep(5);
  }

  async compactNow(noteId: string) {
    const note = this.#live.get(noteId);
    try {
      const merged = await compact(this.db, noteId);
      if (note) note.storedSinceCompaction = Math.max(0, note.storedSinceCompaction - merged);
    } catch (error) {
      console.error(`notes: compaction of ${noteId} failed (will retry later)`, error);
    }
  }

  #markDirty(note: LiveNote) {
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
      const snapshot = snapshotOf(note.doc);
      try {
        // The snapshot must never claim content that is not stored yet.
        await this.flushed(note);
        if (this.#closed) return;
        await saveSnapshot(this.db, note.id, snapshot, note.lastEditor);
        if (
          note.authorsSinceVersion.size > 0 && note.editingSince &&
          Date.now() - Math.max(note.lastVersionAt, note.editingSince) >= this.options.autoVersionMs
        ) {
          await this.createVersion(note, { kind: "auto", createdBy: null });
        }
      } catch (error) {
        note.snapshotDirty = true;
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
      snapshot: snapshotOf(note.doc),
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

  /** Unloads documents nobody has open, after saving their snapshot, a session version and compacting. */
  async sweep(now = Date.now()) {
    for (const note of [...this.#live.values()]) {
      if (this.#closed) return;
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
    if (note.storedSinceCompaction > 0) await this.compactNow(note.id);
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
