// A Yjs provider over the page's one socket (lib/bus/client/connection.ts), speaking the notes protocol
// of realtime/handlers/notes.ts (docs/notes-protocol.md): `note:open` authorises and starts the y-protocols
// exchange, `note:sync` carries sync steps and updates (acknowledged once durable), `note:awareness` carries
// cursors and names. Local edits are kept in IndexedDB (y-indexeddb), so edits made offline survive a reload
// and reach the server through the SyncStep1/SyncStep2 exchange after the next (re)connect.
//
// No keystroke is ever lost to a busy connection: local updates are collected per animation frame, merged
// (Y.mergeUpdates) and kept in an outbox (outbox.ts) until the server acknowledges them as stored; failed,
// timed-out and interrupted sends are sent again, also across reconnects. "Saved" means the outbox is empty.
// Cursors (awareness) are the part that may be thinned out: at most one message per AWARENESS_INTERVAL_MS,
// always the newest state, and sent again later when the server says it came too fast.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { toBytes } from "./bytes.ts";
import { Outbox, type OutboxBatch } from "./outbox.ts";
import { INITIAL_SYNC_STATE, type SyncState } from "./status.ts";

/** Merged local changes per message: well under the server's 256 KB per update. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** Messages with local changes waiting for their ack at once; more changes wait and go merged. */
const MAX_IN_FLIGHT = 4;
/** A frame that never comes (a hidden tab pauses requestAnimationFrame) must not hold changes back. */
const FRAME_FALLBACK_MS = 50;
/** At most this often a cursor/name update; the newest state wins. */
export const AWARENESS_INTERVAL_MS = 100;
/** After the server said "too fast" to a cursor update. */
const AWARENESS_BACKOFF_MS = 500;
/** Waits between sends again after the server failed to store (it retries itself; this is for a refusal). */
const RETRY_MS = [250, 1_000, 2_000, 5_000];
/** Signs that a person is still on a page they seemed to leave (see NoteProvider's #leave). */
const COMEBACK_EVENTS = ["keydown", "pointerdown"] as const;
/** Refusals that sending the same bytes again will not change. */
const PERMANENT = new Set(["too_large", "bad_update", "invalid_payload"]);

export type Permission = "view" | "edit";

type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

/** The part of a socket.io client socket the provider uses (a fake in unit tests). */
export interface NoteTransport {
  readonly connected: boolean;
  // deno-lint-ignore no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
  // deno-lint-ignore no-explicit-any
  off(event: string, listener: (...args: any[]) => void): unknown;
  request(event: string, payload: unknown): Promise<Ack>;
  emit(event: string, payload: unknown): unknown;
  /** Reconnect now, without waiting for a back-off or a ping timeout (the browser is online again). */
  reconnect?(): void;
}

export interface CollaboratorUser {
  id: string;
  name: string;
  color: string;
}

export interface LocalStore {
  /** Resolves once the stored copy is loaded into the doc. */
  whenSynced: Promise<unknown>;
  destroy(): Promise<void> | void;
}

export interface NoteProviderOptions {
  noteId: string;
  transport: NoteTransport;
  user: CollaboratorUser;
  /** Opens the device copy (y-indexeddb in the browser); none in tests. */
  localStore?: (doc: Y.Doc) => LocalStore;
  /**
   * Local updates are merged and sent once per animation frame; with `batchMs` (tests, no browser) every
   * `batchMs` instead.
   */
  batchMs?: number;
}

const MESSAGES: Record<string, string> = {
  forbidden: "You do not have access to this note.",
  not_found: "This note does not exist or was deleted.",
};

/** A readable sentence for an `{ok:false}` ack. */
export function ackError(ack: Ack | null, fallback: string): string {
  if (!ack) return fallback;
  if (ack.ok) return "";
  return MESSAGES[ack.error?.code] ?? ack.error?.message ?? fallback;
}

export class NoteProvider {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly noteId: string;
  permission: Permission | null = null;
  state: SyncState = { ...INITIAL_SYNC_STATE };

  #transport: NoteTransport;
  #listeners = new Set<(state: SyncState) => void>();
  #outbox = new Outbox();
  #storedWaiters: { upTo: number; resolve: () => void }[] = [];
  /** Sends of this connection waiting for their ack. */
  #inFlight = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #frame = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retries = 0;
  #awarenessDirty = new Set<number>();
  #awarenessTimer: ReturnType<typeof setTimeout> | null = null;
  #awarenessSentAt = 0;
  #opened = false;
  #opening: Promise<void> | null = null;
  #generation = 0;
  #store: LocalStore | null = null;
  #batchMs: number | null;
  #destroyed = false;
  /** Our awareness state (name, cursor) while we are leaving the page, to show again if we stay after all. */
  #leftState: Record<string, unknown> | null = null;
  /**
   * Leaving the page: take our cursor away from everyone else now rather than when the socket closes. On
   * `beforeunload`, before the next page is even requested: the old page (and its socket) lives on until
   * the new page's HTML arrives, seconds on a slow server or network. `pagehide` covers leaving without it.
   */
  #leave = () => {
    const state = this.awareness.getLocalState();
    if (this.#destroyed || state === null) return;
    this.#leftState = state;
    this.awareness.setLocalState(null);
    // A navigation can still be called off (a download link, a cancelled prompt): the person's next key
    // press or tap brings the cursor back.
    for (const type of COMEBACK_EVENTS) addEventListener(type, this.#comeBack, { capture: true });
  };
  #comeBack = () => {
    for (const type of COMEBACK_EVENTS) removeEventListener(type, this.#comeBack, { capture: true });
    const state = this.#leftState;
    this.#leftState = null;
    if (state && !this.#destroyed && this.awareness.getLocalState() === null) this.awareness.setLocalState(state);
  };
  #pageshow = (event: Event) => {
    // Back from the back/forward cache: show ourselves again.
    if ((event as PageTransitionEvent).persisted) this.#comeBack();
  };
  #offline = () => this.#set({ online: false });
  #online = () => {
    this.#set({ online: true });
    // A connection from before the network dropped may look open but be dead (it would only time out after
    // the ping timeout): start a fresh one, and the open exchange sends what the server lacks.
    this.#transport.reconnect?.();
  };

  constructor(options: NoteProviderOptions) {
    this.noteId = options.noteId;
    this.#transport = options.transport;
    this.#batchMs = options.batchMs ?? null;
    this.doc = new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalStateField("user", options.user);

    this.doc.on("update", this.#onDocUpdate);
    this.awareness.on("update", this.#onAwarenessUpdate);
    this.#transport.on("note:sync", this.#onSync);
    this.#transport.on("note:awareness", this.#onAwareness);
    this.#transport.on("note:permission", this.#onPermission);
    this.#transport.on("connect", this.#onConnect);
    this.#transport.on("disconnect", this.#onDisconnect);
    if (typeof addEventListener === "function" && typeof navigator !== "undefined") {
      addEventListener("offline", this.#offline);
      addEventListener("online", this.#online);
      addEventListener("beforeunload", this.#leave);
      addEventListener("pagehide", this.#leave);
      addEventListener("pageshow", this.#pageshow);
      this.state.online = navigator.onLine !== false;
    }
    if (options.localStore) {
      this.#store = options.localStore(this.doc);
      this.#store.whenSynced.then(() => this.#set({ localLoaded: true }), () => this.#set({ localLoaded: true }));
    } else {
      this.state.localLoaded = true;
    }
    if (this.#transport.connected) void this.#open();
  }

  /** Calls `listener` now and on every change of the sync state. Returns the unsubscribe. */
  onState(listener: (state: SyncState) => void): () => void {
    this.#listeners.add(listener);
    listener(this.state);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once the first exchange with the server has finished (or rejects on a refusal). */
  whenSynced(): Promise<void> {
    if (this.state.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const stop = this.onState((state) => {
        if (state.synced) {
          queueMicrotask(() => stop());
          resolve();
        } else if (state.error) {
          queueMicrotask(() => stop());
          reject(new Error(state.error));
        }
      });
    });
  }

  /** Resolves once every local change made so far is stored on the server (acknowledged durable). */
  whenStored(): Promise<void> {
    const upTo = this.#outbox.lastSeq;
    if (this.#outbox.storedUpTo(upTo)) return Promise.resolve();
    return new Promise((resolve) => this.#storedWaiters.push({ upTo, resolve }));
  }

  /** The device copy is loaded (immediately without one). */
  async whenLocalLoaded(): Promise<void> {
    await this.#store?.whenSynced;
  }

  /** Opens the note again (after a refused or timed-out save), e.g. from a "Retry" button. */
  retry(): void {
    this.#set({ error: null });
    if (this.#transport.connected) void this.#open(true);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#cancelFlush();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
    this.#transport.off("note:sync", this.#onSync);
    this.#transport.off("note:awareness", this.#onAwareness);
    this.#transport.off("note:permission", this.#onPermission);
    this.#transport.off("connect", this.#onConnect);
    this.#transport.off("disconnect", this.#onDisconnect);
    if (typeof removeEventListener === "function") {
      removeEventListener("offline", this.#offline);
      removeEventListener("online", this.#online);
      removeEventListener("beforeunload", this.#leave);
      removeEventListener("pagehide", this.#leave);
      removeEventListener("pageshow", this.#pageshow);
      for (const type of COMEBACK_EVENTS) removeEventListener(type, this.#comeBack, { capture: true });
    }
    if (this.#transport.connected && this.#opened) this.#transport.emit("note:close", { note_id: this.noteId });
    this.awareness.off("update", this.#onAwarenessUpdate);
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "local");
    this.awareness.destroy();
    this.doc.off("update", this.#onDocUpdate);
    void this.#store?.destroy();
    this.doc.destroy();
    this.#listeners.clear();
  }

  // --- state ---

  #set(patch: Partial<SyncState>) {
    if (patch.pending !== undefined && this.#storedWaiters.length > 0) {
      this.#storedWaiters = this.#storedWaiters.filter((w) => !this.#outbox.storedUpTo(w.upTo) || void w.resolve());
    }
    this.state = { ...this.state, ...patch };
    for (const listener of this.#listeners) listener(this.state);
  }

  // --- connection ---

  #onConnect = () => void this.#open(true);

  #onDisconnect = () => {
    this.#opened = false;
    this.#opening = null;
    this.#generation++;
    this.#cancelFlush();
    // Other people's cursors are stale until the server tells us again.
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    // Unacknowledged changes stay in the outbox: the next connection sends them again.
    this.#set({
      connected: false,
      synced: false,
      pending: this.#outbox.size,
      unsyncedOffline: this.#outbox.size > 0 || this.state.unsyncedOffline,
    });
  };

  #open(reopen = false): Promise<void> {
    if (this.#opening && !reopen) return this.#opening;
    const generation = ++this.#generation;
    this.#opened = false;
    this.#inFlight = 0;
    this.#cancelFlush();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const run = async () => {
      this.#set({ connected: this.#transport.connected, synced: false });
      await this.whenLocalLoaded().catch(() => {});
      if (generation !== this.#generation || this.#destroyed) return;
      const open = await this.#transport.request("note:open", { note_id: this.noteId }).catch(() => null);
      if (generation !== this.#generation || this.#destroyed) return;
      if (!open?.ok) {
        if (open) this.#set({ error: ackError(open, "The note could not be opened.") });
        else this.#retryLater(generation, () => this.#open(true));
        return;
      }
      this.#retries = 0;
      this.permission = open.permission === "edit" ? "edit" : "view";
      this.#set({ readOnly: this.permission !== "edit", error: null });
      // The server's SyncStep1 gives back a SyncStep2 with what it lacks (edits from the device copy, made
      // offline): it joins the outbox like any local change.
      const serverStep1 = toBytes(open.sync_step1);
      const step2 = serverStep1 ? this.#read(serverStep1) : null;
      const awareness = toBytes(open.awareness);
      if (awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, awareness, this);
      if (this.permission === "edit") {
        if (step2 && !isEmptyStep2(step2)) this.#outbox.add(updateOfStep2(step2));
        // Everything unacknowledged goes again, also what was sent on the old connection: the server may
        // hold it in memory only (acks come once stored) or not at all.
        this.#outbox.resendAll();
        this.#opened = true;
        this.#flush();
      } else if (this.#outbox.size > 0) {
        this.#outbox.clear();
        this.#set({ pending: 0 });
      }
      // Our SyncStep1: the reply is what we lack.
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep1(encoder, this.doc);
      const reply = await this.#transport.request("note:sync", {
        note_id: this.noteId,
        data: encoding.toUint8Array(encoder),
      }).catch(() => null);
      if (generation !== this.#generation || this.#destroyed) return;
      if (!reply?.ok) {
        this.#opened = false;
        if (reply) this.#set({ error: ackError(reply, "The note could not be loaded.") });
        else this.#retryLater(generation, () => this.#open(true));
        return;
      }
      const bytes = toBytes(reply.reply);
      if (bytes) this.#read(bytes);
      this.#opened = true;
      this.#set({ synced: true, unsyncedOffline: false, pending: this.#outbox.size });
      this.#awarenessDirty.add(this.doc.clientID);
      this.#sendAwareness();
      this.#flush();
    };
    this.#opening = run().finally(() => {
      if (generation === this.#generation) this.#opening = null;
    });
    return this.#opening;
  }

  /** Reads a sync message into the doc (origin: this provider); returns the reply to send, if any. */
  #read(data: Uint8Array): Uint8Array | null {
    const encoder = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoding.createDecoder(data), encoder, this.doc, this);
    return encoding.length(encoder) > 0 ? encoding.toUint8Array(encoder) : null;
  }

  /** Runs `again` after a growing pause, unless the connection changed meanwhile. */
  #retryLater(generation: number, again: () => unknown) {
    if (this.#retryTimer || this.#destroyed) return;
    const wait = RETRY_MS[Math.min(this.#retries, RETRY_MS.length - 1)];
    this.#retries++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (generation === this.#generation && this.#transport.connected && !this.#destroyed) again();
    }, wait);
  }

  // --- local changes ---

  #onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this || this.#destroyed) return;
    // Loaded from the device copy: the open exchange sends whatever the server lacks.
    if (this.#store && origin === this.#store) return;
    // A viewer's editor is read-only; anything typed anyway would be refused.
    if (this.permission === "view") return;
    this.#outbox.add(update);
    this.#set({ pending: this.#outbox.size });
    if (!this.#opened) {
      if (!this.state.unsyncedOffline) this.#set({ unsyncedOffline: true });
      return;
    }
    this.#scheduleFlush();
  };

  /** Sends on the next animation frame: every keystroke of a frame goes as one message. */
  #scheduleFlush() {
    if (this.#timer || this.#frame) return;
    if (this.#batchMs === null && typeof requestAnimationFrame === "function") {
      this.#frame = requestAnimationFrame(() => this.#flush());
      this.#timer = setTimeout(() => this.#flush(), FRAME_FALLBACK_MS);
    } else {
      this.#timer = setTimeout(() => this.#flush(), this.#batchMs ?? 16);
    }
  }

  #cancelFlush() {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#frame && typeof cancelAnimationFrame === "function") cancelAnimationFrame(this.#frame);
    this.#timer = null;
    this.#frame = 0;
  }

  #flush() {
    this.#cancelFlush();
    if (!this.#opened || this.permission !== "edit" || this.#retryTimer || this.#destroyed) return;
    while (this.#inFlight < MAX_IN_FLIGHT) {
      const batch = this.#outbox.take(MAX_MESSAGE_BYTES);
      if (!batch) return;
      void this.#send(batch, this.#generation);
    }
  }

  /** Sends one batch of local changes; it leaves the outbox only once the server says it is stored. */
  async #send(batch: OutboxBatch, generation: number): Promise<void> {
    this.#inFlight++;
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, batch.update);
    const ack = await this.#transport.request("note:sync", {
      note_id: this.noteId,
      data: encoding.toUint8Array(encoder),
    })
      .catch(() => null);
    if (this.#destroyed) return;
    if (ack?.ok) {
      // Stored, whichever connection carried it.
      this.#outbox.acked(batch.seqs);
      this.#set({ pending: this.#outbox.size });
    }
    if (generation !== this.#generation) return; // a new connection resends what is left
    this.#inFlight--;
    if (ack?.ok) {
      this.#retries = 0;
      if (this.state.error && this.#outbox.size === 0 && this.permission === "edit") this.#set({ error: null });
      this.#flush();
      return;
    }
    this.#outbox.release(batch.seqs);
    if (ack && !ack.ok && ack.error.code === "forbidden") {
      this.permission = "view";
      this.#outbox.clear();
      this.#set({
        pending: 0,
        readOnly: true,
        error: "You can only view this note; your change was not saved.",
      });
      return;
    }
    if (ack && !ack.ok && PERMANENT.has(ack.error.code)) {
      this.#outbox.drop(batch.seqs);
      this.#set({ pending: this.#outbox.size, error: ackError(ack, "A change could not be saved.") });
      return;
    }
    if (ack && !ack.ok && ack.error.code === "not_found") {
      this.#opened = false;
      this.#set({ error: ackError(ack, "This note does not exist or was deleted.") });
      return;
    }
    if (ack) {
      // Refused for now (the server is busy, a save failed): the same bytes go again after a pause.
      this.#retryLater(generation, () => this.#flush());
      return;
    }
    // No answer in time: the connection may be dead. Open again; the new exchange resends the outbox.
    if (this.#transport.connected) void this.#open(true);
  }

  // --- remote changes ---

  #onSync = (message: { note_id?: string; data?: unknown }) => {
    if (message?.note_id !== this.noteId || this.#destroyed) return;
    const data = toBytes(message.data);
    if (!data) return;
    const reply = this.#read(data);
    // The server asking for our state (SyncStep1): what it lacks goes out with our changes.
    if (reply && this.#opened && this.permission === "edit" && !isEmptyStep2(reply)) {
      this.#outbox.add(updateOfStep2(reply));
      this.#set({ pending: this.#outbox.size });
      this.#scheduleFlush();
    }
  };

  #onAwareness = (message: { note_id?: string; data?: unknown }) => {
    if (message?.note_id !== this.noteId || this.#destroyed) return;
    const data = toBytes(message.data);
    if (data) awarenessProtocol.applyAwarenessUpdate(this.awareness, data, this);
  };

  #onPermission = (message: { note_id?: string; permission?: Permission | null }) => {
    if (message?.note_id !== this.noteId) return;
    if (message.permission === null || message.permission === undefined) {
      this.permission = null;
      this.#opened = false;
      this.#set({ readOnly: true, error: "Your access to this note was removed." });
      return;
    }
    this.permission = message.permission;
    this.#set({ readOnly: message.permission !== "edit" });
    if (message.permission === "edit" && this.#transport.connected) void this.#open(true);
  };

  // --- cursors and names (awareness) ---

  #onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin !== "local") return;
    for (const id of [...added, ...updated, ...removed]) this.#awarenessDirty.add(id);
    // Leaving (our state removed): at once, there may be no later.
    if (removed.includes(this.doc.clientID)) return this.#sendAwareness(true);
    this.#sendAwareness();
  };

  /**
   * Sends the newest awareness of the changed clients, at most once per AWARENESS_INTERVAL_MS (`now`: without
   * waiting, and without an ack, for leaving the page). Cursor moves in between are merged into one message.
   */
  #sendAwareness(now = false) {
    if (!this.#opened || !this.#transport.connected || this.#awarenessDirty.size === 0) return;
    const take = () => {
      const clients = [...this.#awarenessDirty];
      this.#awarenessDirty.clear();
      this.#awarenessSentAt = Date.now();
      const data = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
      return { clients, message: { note_id: this.noteId, data } };
    };
    if (now) {
      if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
      this.#awarenessTimer = null;
      this.#transport.emit("note:awareness", take().message);
      return;
    }
    if (this.#awarenessTimer) return;
    const wait = Math.max(0, this.#awarenessSentAt + AWARENESS_INTERVAL_MS - Date.now());
    this.#awarenessTimer = setTimeout(() => {
      this.#awarenessTimer = null;
      if (!this.#opened || !this.#transport.connected || this.#awarenessDirty.size === 0 || this.#destroyed) return;
      const { clients, message } = take();
      void this.#transport.request("note:awareness", message).then((ack) => {
        // Too fast for the server: send the newest state again a little later (it is only a cursor).
        if (!ack.ok && ack.error?.code === "rate_limited" && !this.#destroyed) {
          for (const id of clients) this.#awarenessDirty.add(id);
          this.#awarenessSentAt = Date.now() + AWARENESS_BACKOFF_MS;
          this.#sendAwareness();
        }
      }, () => {});
    }, wait);
  }
}

/** The update inside a SyncStep2 message. */
function updateOfStep2(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

/** A SyncStep2 whose update carries nothing (an empty Yjs update is two zero bytes). */
export function isEmptyStep2(message: Uint8Array): boolean {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return false;
  const update = decoding.readVarUint8Array(decoder);
  return update.length <= 2 && update.every((b) => b === 0);
}
