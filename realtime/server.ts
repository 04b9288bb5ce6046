// Thin socket.io wiring on the app's own node:http server: handshake, per-socket rate limit and session
// expiry, then the event families in handlers/ (rooms, chat, presence...). Change-bus events go out to
// their rooms. Room rules live in rooms.ts, numbering in change-bus.ts.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { AppServices } from "../lib/app.ts";
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
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // Missed room events are replayed on a quick reconnect; `sync` covers everything else.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  const context = new RealtimeContext(io, bus, services, new RoomPolicy(services.db));

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
  const unsubscribe = bus.subscribe((event) => io.to(event.room).emit(event.type, event));

  return {
    io,
    bus,
    context,
    ready: stopBridge.then(() => {}),
    async close() {
      unsubscribe();
      for (const cleanup of cleanups) cleanup?.();
      io.disconnectSockets(true);
      // Not io.close(): that would also close the HTTP server, which lib/server.ts owns.
      io.engine.close();
      await (await stopBridge.catch(() => null))?.().catch(() => {});
    },
  };
}
