// A Yjs provider over the page's one socket (lib/realtime-client/connection.ts), speaking the notes protocol
// of realtime/handlers/notes.ts (.scratch/notes-protocol.md): `note:open` authorises and starts the y-protocols
// exchange, `note:sync` carries sync steps and updates (acknowledged once durable), `note:awareness` carries
// cursors and names. Local edits are kept in IndexedDB (y-indexeddb), so edits made offline survive a reload
// and reach the server through the SyncStep1/SyncStep2 exchange after the next (re)connect.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { toBytes } from "./bytes.ts";
import { INITIAL_SYNC_STATE, type SyncState } from "./status.ts";

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
  /** Local updates are merged and sent at most every `batchMs`. */
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
  #queue: Uint8Array[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #opened = false;
  #opening: Promise<void> | null = null;
  #generation = 0;
  #store: LocalStore | null = null;
  #batchMs: number;
  #destroyed = false;
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
    this.#batchMs = options.batchMs ?? 30;
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
    if (this.#timer) clearTimeout(this.#timer);
    this.#transport.off("note:sync", this.#onSync);
    this.#transport.off("note:awareness", this.#onAwareness);
    this.#transport.off("note:permission", this.#onPermission);
    this.#transport.off("connect", this.#onConnect);
    this.#transport.off("disconnect", this.#onDisconnect);
    if (typeof removeEventListener === "function") {
      removeEventListener("offline", this.#offline);
      removeEventListener("online", this.#online);
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
    this.state = { ...this.state, ...patch };
    for (const listener of this.#listeners) listener(this.state);
  }

  // --- connection ---

  #onConnect = () => void this.#open(true);

  #onDisconnect = () => {
    this.#opened = false;
    this.#opening = null;
    this.#generation++;
    // Other people's cursors are stale until the server tells us again.
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    this.#set({
      connected: false,
      synced: false,
      pending: 0,
      unsyncedOffline: this.state.pending > 0 || this.#queue.length > 0 || this.state.unsyncedOffline,
    });
  };

  #open(reopen = false): Promise<void> {
    if (this.#opening && !reopen) return this.#opening;
    const generation = ++this.#generation;
    this.#opened = false;
    const run = async () => {
      this.#set({ connected: this.#transport.connected, synced: false });
      await this.whenLocalLoaded().catch(() => {});
      if (generation !== this.#generation || this.#destroyed) return;
      const open = await this.#transport.request("note:open", { note_id: this.noteId }).catch(() => null);
      if (generation !== this.#generation || this.#destroyed) return;
      if (!open?.ok) {
        if (open) this.#set({ error: ackError(open, "The note could not be opened.") });
        return;
      }
      this.permission = open.permission === "edit" ? "edit" : "view";
      this.#set({ readOnly: this.permission !== "edit", error: null });
      // The server's SyncStep1 gives back a SyncStep2 with what it lacks: our offline edits and anything queued.
      const serverStep1 = toBytes(open.sync_step1);
      const step2 = serverStep1 ? this.#read(serverStep1) : null;
      const awareness = toBytes(open.awareness);
      if (awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, awareness, this);
      this.#queue = [];
      if (step2 && this.permission === "edit" && !isEmptyStep2(step2)) {
        const ok = await this.#send(step2, generation);
        if (!ok) return;
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
        if (reply) this.#set({ error: ackError(reply, "The note could not be loaded.") });
        return;
      }
      const bytes = toBytes(reply.reply);
      if (bytes) this.#read(bytes);
      this.#opened = true;
      this.#set({ synced: true, unsyncedOffline: false });
      this.#sendAwareness([this.doc.clientID]);
      if (this.#queue.length > 0) this.#flush();
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

  /** Sends a sync message carrying local changes; counts it as pending until the server stored it. */
  async #send(data: Uint8Array, generation: number): Promise<boolean> {
    this.#set({ pending: this.state.pending + 1 });
    const ack = await this.#transport.request("note:sync", { note_id: this.noteId, data }).catch(() => null);
    if (generation !== this.#generation) return false; // reconnected meanwhile: the exchange re-sends it
    this.#set({ pending: Math.max(0, this.state.pending - 1) });
    if (ack?.ok) return true;
    if (ack && !ack.ok && ack.error.code === "forbidden") {
      this.permission = "view";
      this.#set({ readOnly: true, error: "You can only view this note; your change was not saved." });
      return false;
    }
    if (ack && !ack.ok) {
      this.#set({ error: ackError(ack, "A change could not be saved.") });
      return false;
    }
    // Timed out: open again; the SyncStep1/SyncStep2 exchange re-sends whatever the server lacks.
    if (this.#transport.connected) void this.#open(true);
    return false;
  }

  // --- local changes ---

  #onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this || this.#destroyed) return;
    // Loaded from the device copy: the open exchange sends whatever the server lacks.
    if (this.#store && origin === this.#store) return;
    this.#queue.push(update);
    if (!this.#opened) {
      if (!this.state.unsyncedOffline) this.#set({ unsyncedOffline: true });
      return;
    }
    if (!this.#timer) this.#timer = setTimeout(() => this.#flush(), this.#batchMs);
  };

  #flush() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#opened || this.#queue.length === 0 || this.permission !== "edit") return;
    const update = this.#queue.length === 1 ? this.#queue[0] : Y.mergeUpdates(this.#queue);
    this.#queue = [];
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, update);
    void this.#send(encoding.toUint8Array(encoder), this.#generation);
  }

  // --- remote changes ---

  #onSync = (message: { note_id?: string; data?: unknown }) => {
    if (message?.note_id !== this.noteId || this.#destroyed) return;
    const data = toBytes(message.data);
    if (!data) return;
    const reply = this.#read(data);
    // The server asking for our state (SyncStep1): answer with a step2 as an update.
    if (reply && this.#opened && this.permission === "edit" && !isEmptyStep2(reply)) {
      void this.#send(reply, this.#generation);
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

  #onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin !== "local") return;
    this.#sendAwareness([...added, ...updated, ...removed]);
  };

  #sendAwareness(clients: number[]) {
    if (!this.#opened || !this.#transport.connected || clients.length === 0) return;
    const data = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
    this.#transport.emit("note:awareness", { note_id: this.noteId, data });
  }
}

/** A SyncStep2 whose update carries nothing (an empty Yjs update is two zero bytes). */
export function isEmptyStep2(message: Uint8Array): boolean {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return false;
  const update = decoding.readVarUint8Array(decoder);
  return update.length <= 2 && update.every((b) => b === 0);
}
