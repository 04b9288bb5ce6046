// What every event-handler module gets: the socket.io server, the change bus, the app's services, the room
// policy, and the per-socket data the handshake filled in.
import type { Server, Socket } from "socket.io";
import type { AppServices } from "../app/services.ts";
import type { SocketUser } from "./auth.ts";
import type { ChangeBus, SyncResult } from "../lib/bus/change-bus.ts";
import type { RoomPolicy } from "./rooms.ts";

/**
 * Plain data only: with REDIS_URL, other processes read it through fetchSockets (msgpack, which throws on
 * functions and class instances with methods) and connection-state recovery keeps it in Redis. Timers and
 * rate-limit buckets live in realtime/server.ts, keyed by socket.
 */
export interface SocketData {
  user: SocketUser;
  lastWarnedAt: number;
  /** Revocations.epoch when the handshake began: a revocation after it closes the socket as it connects. */
  revocationEpoch: number;
}

export class RealtimeContext {
  /** True once rooms are shared with other app processes through Redis (set by server.ts). */
  shared = false;
  /** What setups started and the server must wait for before it is ready (e.g. a LISTEN). */
  readonly starting: Promise<unknown>[] = [];

  constructor(
    readonly io: Server,
    readonly bus: ChangeBus,
    readonly services: AppServices,
    readonly policy: RoomPolicy,
  ) {}

  data(socket: Socket): SocketData {
    return socket.data as SocketData;
  }

  /** A room's newest event id: from its own store (chat) or from the change bus. */
  lastSeq(room: string, user: SocketUser): Promise<number> {
    const kind = this.policy.kindOf(room);
    if (kind?.lastSeq) return kind.lastSeq(room, user, this.services.db);
    return Promise.resolve(this.bus.lastSeq(room));
  }

  /** Events of a room after `since`, for a client that reconnects. */
  since(room: string, since: number, user: SocketUser): Promise<SyncResult> {
    const kind = this.policy.kindOf(room);
    if (kind?.since) return kind.since(room, since, user, this.services.db);
    return Promise.resolve(this.bus.since(room, since));
  }
}

/** One family of events (rooms, chat, presence...): registers its listeners on a connected socket. */
export type SocketHandler = (socket: Socket, ctx: RealtimeContext) => void;

/** Runs once when the server starts: room kinds, bus subscriptions, timers. Returns a cleanup. */
export type RealtimeSetup = (ctx: RealtimeContext) => (() => void) | void;
