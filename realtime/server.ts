// Thin socket.io wiring on the app's own node:http server: handshake, rate limits (per socket and per user),
// a cap on sockets per user, closing sockets when their token expires or their access is revoked
// (revocation.ts), then the event families in handlers/ (rooms, chat, presence...). Change-bus events go
// out to their rooms. Room rules live in rooms.ts, numbering in lib/bus/change-bus.ts. With REDIS_URL, rooms are
// shared by every app process (adapter.ts): an `io.to(room).emit` anywhere reaches the room's sockets
// everywhere.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { AppServices } from "../app/services.ts";
import { attachRedisAdapter, type ClusterAdapter } from "./adapter.ts";
import { authenticateHandshake, HandshakeError } from "./auth.ts";
import type { ChangeBus } from "../lib/bus/change-bus.ts";
import { bridgeDatabaseToBus } from "../lib/bus/db-relay.ts";
import { RealtimeContext, type SocketData } from "./context.ts";
import { type Ack, fail } from "./handle.ts";
import { SETUPS, SOCKET_HANDLERS } from "./handlers/mod.ts";
import {
  createUserLimits,
  DEFAULT_MAX_CONNECTIONS_PER_USER,
  DEFAULT_RATE_LIMIT,
  DEFAULT_USER_RATE_LIMIT,
  hasOwnLimit,
  type RateLimitOptions,
  TokenBucket,
} from "./rate-limit.ts";
import { listenForRevocations, Revocations, tellAndClose } from "./revocation.ts";
import { RoomPolicy } from "./rooms.ts";

export interface RealtimeOptions {
  /** Per socket. */
  rateLimit?: RateLimitOptions;
  /** Per user, shared by all of their sockets (on every process with REDIS_URL). */
  userRateLimit?: RateLimitOptions;
  /** Sockets one user may hold at once (on all processes together with REDIS_URL). */
  maxConnectionsPerUser?: number;
}

/** How long a dropped socket's session may be recovered (socket.io connection-state recovery). */
const RECOVERY_MS = 2 * 60_000;
/** How often sockets are checked for an expired token: they close within this long after `exp`. */
const EXPIRY_CHECK_MS = 250;
const EXPIRED = { code: "token_expired", message: "Your session expired. Sign in again." };

export interface Realtime {
  io: Server;
  bus: ChangeBus;
  context: RealtimeContext;
  /** Resolves once database notifications reach the bus. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function attachRealtime(httpServer: HttpServer, services: AppServices, options: RealtimeOptions = {}): Realtime {
  const bus = services.bus;
  // Attached to the HTTP server below: at once when alone, after Redis is connected when rooms are shared.
  const io = new Server({
    path: "/socket.io",
    serveClient: false,
    // notes send Yjs updates of up to 256 KB (realtime/handlers/notes.ts refuses larger ones with a message)
    maxHttpBufferSize: 320 * 1024,
    // Missed room events are replayed on a quick reconnect; `sync` covers everything else.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS, skipMiddlewares: false },
  });
  const context = new RealtimeContext(io, bus, services, new RoomPolicy(services.db));
  const revocations = new Revocations(RECOVERY_MS);
  const users = createUserLimits({
    rate: options.userRateLimit ?? DEFAULT_USER_RATE_LIMIT,
    maxConnections: options.maxConnectionsPerUser ?? DEFAULT_MAX_CONNECTIONS_PER_USER,
  }, services.config.redisUrl);
  // Not in socket.data, which must stay plain data (context.ts).
  const buckets = new WeakMap<Socket, TokenBucket>();
  const redisUrl = services.config.redisUrl;
  let shared = false;
  // Before the adapter is in place no socket may connect: its session could not be restored from Redis
  // (connection-state recovery looks it up before any middleware runs) and its rooms would not be shared.
  // Until then /socket.io answers 404 and clients retry.
  const open = () => {
    guardRecovery(io, revocations);
    io.attach(httpServer);
  };
  const adapter: Promise<ClusterAdapter | null> = redisUrl
    ? attachRedisAdapter(io, redisUrl).then((cluster) => {
      open();
      return cluster;
    })
    : Promise.resolve(open()).then(() => null);

  io.use((socket, next) => {
    const epoch = revocations.epoch;
    authenticateHandshake({ auth: socket.handshake.auth ?? {}, headers: socket.handshake.headers }, services)
      .then(async (user) => {
        // Access revoked while the checks ran (they may have read the state before it changed).
        if (revocations.revokedSince(user, epoch)) {
          throw new HandshakeError("unauthorized", "Your access changed while connecting. Please try again.");
        }
        if (!(await users.admit(user.userId, socket.id))) {
          throw new HandshakeError(
            "too_many_connections",
            "You have too many open connections. Close some tabs or windows and try again.",
          );
        }
        // A connection that closes before it completes never fires "disconnect".
        socket.conn.once("close", () => users.release(user.userId, socket.id));
        if (socket.conn.readyState === "closed") users.release(user.userId, socket.id);
        const data = socket.data as SocketData;
        data.user = user;
        data.lastWarnedAt = 0;
        data.revocationEpoch = epoch;
        buckets.set(socket, new TokenBucket(options.rateLimit ?? DEFAULT_RATE_LIMIT));
        next();
      })
      .catch((error) => {
        if (error instanceof HandshakeError) return next(error);
        console.error("realtime handshake failed", error);
        next(new HandshakeError("internal_error", "Something went wrong on our side. Please try again."));
      });
  });

  io.on("connection", (socket) => {
    const data = socket.data as SocketData;
    const { user } = data;
    socket.on("disconnect", () => users.release(user.userId, socket.id));
    // Revoked between the handshake's checks and now: the revocation found no socket to close yet.
    if (revocations.revokedSince(user, data.revocationEpoch)) {
      return tellAndClose(io, socket, { code: "access_changed", message: "Your access changed. Please reconnect." });
    }
    const own = [`team:${user.teamId}`, `user:${user.userId}`];
    if (socket.recovered) {
      // Rooms restored from before the drop were authorised for the old handshake (maybe another team):
      // keep only those this one may join.
      for (const room of [...socket.rooms]) {
        if (room === socket.id || own.includes(room)) continue;
        if (room.startsWith("team:") || room.startsWith("user:")) {
          socket.leave(room);
          continue;
        }
        context.policy.authorize(user, room).then(
          (allowed) => allowed === room || socket.leave(room),
          () => socket.leave(room),
        );
      }
    }
    socket.join(own);

    socket.use((packet, next) => {
      const ack = typeof packet[packet.length - 1] === "function" ? packet[packet.length - 1] as Ack : null;
      if (user.claims.exp * 1000 <= Date.now()) return expire(socket);
      // No rate limit ever drops a document update (ARCHITECTURE §5), and cursors have their own limit
      // (rate-limit.ts, hasOwnLimit): neither takes a token here.
      if (hasOwnLimit(packet[0])) return next();
      // The socket's own bucket first, so one flooding tab does not drain its user's other tabs.
      if (buckets.get(socket)?.take() !== false && users.take(user.userId)) return next();
      const message = "Too many events: slow down. This one was dropped.";
      ack?.(fail("rate_limited", message));
      // One warning per second is enough; the flood itself is dropped silently.
      if (Date.now() - data.lastWarnedAt >= 1000) {
        data.lastWarnedAt = Date.now();
        socket.emit("error", { code: "rate_limited", message });
      }
    });

    for (const register of SOCKET_HANDLERS) register(socket, context);
  });

  /** Closes a socket whose access token expired, telling the client why first. */
  function expire(socket: Socket) {
    tellAndClose(io, socket, EXPIRED);
  }
  // One sweep for every socket of this process rather than a timer per socket: the sockets close within
  // EXPIRY_CHECK_MS after their token's `exp`, whether they send anything or not.
  const expiryCheck = setInterval(() => {
    const now = Date.now();
    for (const socket of io.of("/").sockets.values()) {
      const exp = (socket.data as SocketData).user?.claims.exp;
      if (exp !== undefined && exp * 1000 <= now) expire(socket);
    }
    users.prune();
  }, EXPIRY_CHECK_MS);

  const cleanups = SETUPS.map((setup) => setup(context));
  const stopBridge = bridgeDatabaseToBus(services.db, bus);
  const stopRevocations = listenForRevocations(io, services.db, revocations);
  const unsubscribe = bus.subscribe((event, origin) => {
    // Every process gets every bus event (lib/bus/change-bus.ts). Alone, each emits to its own sockets. Sharing rooms,
    // the publishing process emits through the adapter (once to every process, replayable by connection-state
    // recovery) and the others only keep it for `sync`; what the database itself notified, every process
    // emits to its own sockets only.
    if (!shared) io.to(event.room).emit(event.type, event);
    else if (origin === "here") io.to(event.room).emit(event.type, event);
    else if (origin === "database") io.local.to(event.room).emit(event.type, event);
  });

  return {
    io,
    bus,
    context,
    ready: Promise.all([
      stopBridge,
      stopRevocations,
      ...context.starting,
      adapter.then((a) => shared = context.shared = a !== null),
    ]).then(() => {}),
    async close() {
      clearInterval(expiryCheck);
      unsubscribe();
      for (const cleanup of cleanups) cleanup?.();
      // Not io.close(): that would also close the HTTP server, which app/server.ts owns. Closing the
      // transports (no "disconnect" packet) lets clients reconnect by themselves, to this process restarted
      // or another one, and keeps their sessions for connection-state recovery.
      io.engine?.close();
      await (await adapter.catch(() => null))?.close();
      await users.close();
      await (await stopBridge.catch(() => null))?.().catch(() => {});
      await (await stopRevocations.catch(() => null))?.().catch(() => {});
    },
  };
}

/**
 * Connection-state recovery replays a dropped socket's missed room events as soon as it reconnects, before
 * any middleware runs. A session whose token expired, or whose user or sign-in session lost access since,
 * is therefore not restored: the client gets a fresh connection (and its handshake decides) instead.
 */
function guardRecovery(io: Server, revocations: Revocations) {
  const adapter = io.of("/").adapter;
  const restore = adapter.restoreSession.bind(adapter);
  type Restored = Awaited<ReturnType<typeof restore>>;
  // (typed as always finding one; adapters answer null when there is none)
  adapter.restoreSession = async (pid, offset) => {
    const session: Restored | null = await restore(pid, offset);
    const user = (session?.data as Partial<SocketData> | undefined)?.user;
    if (!session || !user) return session as Restored;
    if (user.claims.exp * 1000 <= Date.now() || revocations.revokedRecently(user)) return null as unknown as Restored;
    return session;
  };
}
