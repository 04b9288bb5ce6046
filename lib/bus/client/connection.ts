// The browser's one socket to /socket.io, shared by every island on the page (islands share this module
// through the bundle's common chunk). Rides on the session cookie. Rooms joined through `subscribe` are
// re-joined after every reconnect and caught up with `sync {room, since}`; when the server no longer has
// everything that was missed, the subscriber's `onReset` reloads its data instead.
import { io, type Socket } from "socket.io-client";

export interface RoomEvent<P = unknown> {
  room: string;
  seq: number;
  type: string;
  payload: P;
  [key: string]: unknown;
}

export interface Subscription {
  /** Every event of the room, live or replayed after a reconnect, in seq order and never twice. */
  onEvent(event: RoomEvent): void;
  /** The room's history could not be replayed (too far behind): reload from the server. */
  onReset?(): void;
}

type Reply = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

interface RoomState {
  lastSeq: number;
  joined: boolean;
  syncing?: boolean;
  behind?: boolean;
  subscribers: Set<Subscription>;
}

let socket: Socket | null = null;

/**
 * What the page can say about its live updates: "live" (connected), "connecting" (first try or reconnecting),
 * "down" (lost, socket.io retries with backoff) or "refused" (the server said no, e.g. a foreign Origin or a
 * signed-out session: socket.io does not retry that by itself). `reason` is the server's sentence for "refused".
 */
export type LiveState = "connecting" | "live" | "down" | "refused";
export interface LiveStatus {
  state: LiveState;
  reason?: string;
}
let liveStatus: LiveStatus = { state: "connecting" };
const liveListeners = new Set<(status: LiveStatus) => void>();

function setLiveStatus(next: LiveStatus) {
  liveStatus = next;
  for (const listener of liveListeners) listener(next);
}

/** Calls `listener` with the current live status and on every change; returns the unsubscribe. */
export function onLiveStatus(listener: (status: LiveStatus) => void): () => void {
  liveListeners.add(listener);
  listener(liveStatus);
  return () => liveListeners.delete(listener);
}

/** Connects again now (a person pressed "Retry"), also after a refusal, which socket.io never retries. */
export function retryRealtime() {
  const current = realtime();
  setLiveStatus({ state: "connecting" });
  current.disconnect().connect();
}
/** Rooms numbered 1, 2, 3... by the database (chat), where a skipped number means a missed event. */
const DENSE_SEQ = /^channel:/;
const rooms = new Map<string, RoomState>();

/** The page's socket, connected on first use. */
export function realtime(): Socket {
  if (socket) return socket;
  socket = io({ path: "/socket.io", transports: ["websocket", "polling"], withCredentials: true });
  socket.onAny((_name: string, event: unknown) => deliver(event));
  let hadConnection = false;
  socket.on("connect", () => {
    hadConnection = true;
    setLiveStatus({ state: "live" });
    // Connection-state recovery replays what went through the adapter, but not events another process
    // emitted only to its own sockets: ask every room for what it had since our last seq either way.
    if (socket?.recovered) {
      for (const [room, state] of rooms) {
        state.joined = true;
        if (state.lastSeq >= 0) void catchUp(room, state);
      }
      return;
    }
    for (const room of rooms.keys()) void join(room, true);
  });
  // The server closes a socket itself when its token expired or its person's access changed (an `error` event
  // says which, then "io server disconnect"), and socket.io does not reconnect after that by itself. Renew the
  // session cookie (any request through the session middleware does) and connect again: the new handshake
  // decides what this page may still see. Signed out (`session_ended`): stay disconnected.
  let closedFor: string | undefined;
  socket.on("error", (error: { code?: string } | null) => {
    closedFor = error?.code;
  });
  socket.on("disconnect", (reason) => {
    for (const state of rooms.values()) state.joined = false;
    setLiveStatus({ state: "down" });
    if (reason !== "io server disconnect" || !(closedFor === "token_expired" || closedFor === "access_changed")) return;
    closedFor = undefined;
    // HEAD of a document anyone may read: it renews the cookie without answering 403 to someone who just
    // lost their workspace (whose reconnect is then refused with `no_team`, below).
    void fetch("/api/v1/openapi.json", { method: "HEAD", credentials: "same-origin" }).catch(() => null)
      .then(() => socket?.connect());
  });
  // Removed from the workspace this page shows: the server now decides where they belong (another team, or
  // making one), so load the page again rather than leave it silently dead.
  // Only a page that had a connection: one that never had one (no workspace yet) would reload forever.
  socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
    if (error.data?.code === "no_team" && hadConnection) globalThis.location?.reload();
    // A refusal carries the server's code and sentence (realtime/auth.ts); a network failure has none and is
    // retried by socket.io with backoff.
    setLiveStatus(error.data?.code ? { state: "refused", reason: error.message } : { state: "down" });
  });
  // Back online: reconnect now rather than when the backoff timer next fires (up to seconds later).
  globalThis.addEventListener?.("online", () => {
    if (socket && !socket.connected) socket.disconnect().connect();
  });
  return socket;
}

/** Sends a request and resolves with its ack (rejects on a timeout; `{ok:false}` replies resolve). */
export function request<T extends Reply = Reply>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return realtime().timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** Joins `room` (once per page) and feeds its events to `subscription`. Returns the unsubscribe. */
export function subscribe(room: string, subscription: Subscription): () => void {
  let state = rooms.get(room);
  if (!state) {
    rooms.set(room, state = { lastSeq: -1, joined: false, subscribers: new Set() });
    if (realtime().connected) void join(room, false);
  }
  state.subscribers.add(subscription);
  return () => {
    state.subscribers.delete(subscription);
    if (state.subscribers.size > 0) return;
    rooms.delete(room);
    if (socket?.connected) socket.emit("leave", { room });
  };
}

async function join(room: string, rejoin: boolean) {
  const reply = await request<Reply & { last_seq?: number }>("join", { room }).catch(() => null);
  const state = rooms.get(room);
  if (!reply?.ok || !state) return;
  state.joined = true;
  const lastSeq = Number(reply.last_seq ?? 0);
  if (state.lastSeq < 0) {
    state.lastSeq = lastSeq;
    return;
  }
  if (lastSeq < state.lastSeq) {
    // The server restarted and numbers the room from scratch: what we missed is unknown, so reload.
    state.lastSeq = lastSeq;
    for (const subscriber of state.subscribers) subscriber.onReset?.();
  } else if (rejoin && lastSeq > state.lastSeq) await catchUp(room, state);
}

/** Fetches what the room had after our last seq and delivers it in order; resets when it is gone. */
async function catchUp(room: string, state: RoomState) {
  if (state.syncing) {
    state.behind = true;
    return;
  }
  state.syncing = true;
  state.behind = false;
  try {
    const sync = await request<Reply & { events?: RoomEvent[]; complete?: boolean; last_seq?: number }>("sync", {
      room,
      since: state.lastSeq,
    }).catch(() => null);
    if (!sync?.ok || sync.complete === false) {
      state.lastSeq = Math.max(state.lastSeq, Number((sync as { last_seq?: number } | null)?.last_seq ?? 0));
      for (const subscriber of state.subscribers) subscriber.onReset?.();
      return;
    }
    const events = [...(sync.events ?? [])].sort((a, b) => a.seq - b.seq);
    for (const event of events) publish(state, event);
    // Numbers the room used without an event for us (e.g. a read marker) are covered by the reply too.
    state.lastSeq = Math.max(state.lastSeq, Number(sync.last_seq ?? 0));
  } finally {
    state.syncing = false;
  }
  // Another hole showed while this request was out: its events may be newer than the reply.
  if (state.behind) await catchUp(room, state);
}

function publish(state: RoomState, event: RoomEvent) {
  if (event.seq <= state.lastSeq) return;
  state.lastSeq = event.seq;
  for (const subscriber of state.subscribers) subscriber.onEvent(event);
}

function deliver(value: unknown) {
  const event = value as RoomEvent | null;
  if (!event || typeof event.room !== "string" || typeof event.seq !== "number") return;
  const state = rooms.get(event.room);
  if (!state) return;
  // Replays overlap live events after a reconnect: every seq is delivered once.
  if (event.seq <= state.lastSeq) return;
  // A hole (an event overtaken by a later one from another process): fetch the room's history in order
  // instead of skipping the missing one for good.
  if (DENSE_SEQ.test(event.room) && state.lastSeq >= 0 && event.seq > state.lastSeq + 1 && state.joined) {
    void catchUp(event.room, state);
    return;
  }
  publish(state, event);
}
