// Thin socket.io wiring on the app's own node:http server: handshake, per-socket rate limit and session
// expiry, then the event families in handlers/ (rooms, chat, presence...). Change-bus events go out to
// their rooms. Room rules live in rooms.ts, numbering in change-bus.ts. With REDIS_URL, rooms are shared
// by every app process (adapter.ts): an `io.to(room).emit` anywhere reaches the room's sockets everywhere.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { AppServices } from "../lib/app.ts";
import { attachRedisAdapter, type ClusterAdapter } from "./adapter.ts";
import { authenticateHandshake, HandshakeError } from "./auth.ts";
import { busFor, type ChangeBus } from "./change-bus.ts";
import { bridgeDatabaseToBus } from "./db-bridge.ts";
import { RealtimeContext, type SocketData } from "./context.ts";
import { type Ack, fail } from "./handle.ts";
import { SETUPS, SOCKET_HANDLERS } from "./handlers/mod.ts";
import { DEFAULT_RATE_LIMIT, type RateLimitOptions, TokenBucket } from "./rate-limit.ts";
import { RoomPolicy } from "./rooms.ts";

export interface RealtimeOptions {
  rateLimit?: RateLimitOptions;
}

export interface Realtime {
  io: Server;
  bus: ChangeBus;
  context: RealtimeContext;
  /** Resolves once database notifications reach the bus. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function attachRealtime(httpServer: HttpServer, services: AppServices, options: RealtimeOptions = {}): Realtime {
  const bus = busFor(services);
  // Attached to the HTTP server below: at once when alone, after Redis is connected when rooms are shared.
  const io = new Server({
    path: "/socket.io",
    serveClient: false,
    // notes send Yjs updates of up to 256 KB (realtime/handlers/notes.ts refuses larger ones with a message)
    maxHttpBufferSize: 320 * 1024,
    // Missed room events are replayed on a quick reconnect; `sync` covers everything else.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  const context = new RealtimeContext(io, bus, services, new RoomPolicy(services.db));
  const redisUrl = services.config.redisUrl;
  let shared = false;
  // Before the adapter is in place no socket may connect: its session could not be restored from Redis
  // (connection-state recovery looks it up before any middleware runs) and its rooms would not be shared.
  // Until then /socket.io answers 404 and clients retry.
  const adapter: Promise<ClusterAdapter | null> = redisUrl
    ? attachRedisAdapter(io, redisUrl).then((cluster) => {
      io.attach(httpServer);
      return cluster;
    })
    : Promise.resolve(io.attach(httpServer)).then(() => null);

  io.use((socket, next) => {
    authenticateHandshake({ auth: socket.handshake.auth ?? {}, headers: socket.handshake.headers }, services)
      .then((user) => {
        const data = socket.data as SocketData;
        data.user = user;
        data.bucket = new TokenBucket(options.rateLimit ?? DEFAULT_RATE_LIMIT);
        data.lastWarnedAt = 0;
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
    socket.join([`team:${data.user.teamId}`, `user:${data.user.userId}`]);

    socket.use((packet, next) => {
      const ack = typeof packet[packet.length - 1] === "function" ? packet[packet.length - 1] as Ack : null;
      if (data.user.claims.exp * 1000 <= Date.now()) {
        socket.emit("error", { code: "token_expired", message: "Your session expired. Sign in again." });
        socket.disconnect(true);
        return;
      }
      if (data.bucket.take()) return next();
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

  const cleanups = SETUPS.map((setup) => setup(context));
  const stopBridge = bridgeDatabaseToBus(services.db, bus);
  const unsubscribe = bus.subscribe((event, origin) => {
    // Every process gets every bus event (change-bus.ts). Alone, each emits to its own sockets. Sharing rooms,
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
    ready: Promise.all([stopBridge, adapter.then((a) => shared = a !== null)]).then(() => {}),
    async close() {
      unsubscribe();
      for (const cleanup of cleanups) cleanup?.();
      // Not io.close(): that would also close the HTTP server, which lib/server.ts owns. Closing the
      // transports (no "disconnect" packet) lets clients reconnect by themselves, to this process restarted
      // or another one, and keeps their sessions for connection-state recovery.
      io.engine?.close();
      await (await adapter.catch(() => null))?.close();
      await (await stopBridge.catch(() => null))?.().catch(() => {});
    },
  };
}
