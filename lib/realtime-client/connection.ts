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
  subscribers: Set<Subscription>;
}

let socket: Socket | null = null;
const rooms = new Map<string, RoomState>();

/** The page's socket, connected on first use. */
export function realtime(): Socket {
  if (socket) return socket;
  socket = io({ path: "/socket.io", transports: ["websocket", "polling"], withCredentials: true });
  socket.onAny((_name: string, event: unknown) => deliver(event));
  socket.on("connect", () => {
    // After connection-state recovery the server already replayed what we missed; otherwise re-join.
    if (socket?.recovered) return;
    for (const room of rooms.keys()) void join(room, true);
  });
  socket.on("disconnect", () => {
    for (const state of rooms.values()) state.joined = false;
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
  if (!rejoin || lastSeq <= state.lastSeq) return;
  const sync = await request<Reply & { events?: RoomEvent[]; complete?: boolean }>("sync", {
    room,
    since: state.lastSeq,
  }).catch(() => null);
  if (!sync?.ok || sync.complete === false) {
    state.lastSeq = lastSeq;
    for (const subscriber of state.subscribers) subscriber.onReset?.();
    return;
  }
  for (const event of sync.events ?? []) deliver(event);
}

function deliver(value: unknown) {
  const event = value as RoomEvent | null;
  if (!event || typeof event.room !== "string" || typeof event.seq !== "number") return;
  const state = rooms.get(event.room);
  if (!state) return;
  // Replays overlap live events after a reconnect: every seq is delivered once.
  if (event.seq <= state.lastSeq) return;
  state.lastSeq = event.seq;
  for (const subscriber of state.subscribers) subscriber.onEvent(event);
}
