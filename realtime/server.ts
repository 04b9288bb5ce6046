// Thin socket.io wiring on the app's own node:http server: handshake, per-socket rate limit, join/leave/sync
// requests, and change-bus events fanned out to rooms. Room rules live in rooms.ts, numbering in change-bus.ts.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import type { AppServices } from "../lib/app.ts";
import { authenticateHandshake, HandshakeError, type SocketUser } from "./auth.ts";
import { busFor, type ChangeBus } from "./change-bus.ts";
import { DEFAULT_RATE_LIMIT, type RateLimitOptions, TokenBucket } from "./rate-limit.ts";
import { RoomError, RoomPolicy } from "./rooms.ts";

export interface RealtimeOptions {
  rateLimit?: RateLimitOptions;
}

export interface Realtime {
  io: Server;
  bus: ChangeBus;
  close(): Promise<void>;
}

interface SocketData {
  user: SocketUser;
  bucket: TokenBucket;
  lastWarnedAt: number;
}

type Ack = (reply: unknown) => void;
type Failure = { ok: false; error: { code: string; message: string } };

const fail = (code: string, message: string): Failure => ({ ok: false, error: { code, message } });

const roomInput = z.object({ room: z.string().min(1).max(200) }).strict();
const syncInput = z.object({ room: z.string().min(1).max(200), since: z.number().int().min(0) }).strict();

function describe(error: z.ZodError) {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return `Invalid payload. ${where}${issue?.message ?? "unexpected shape"}`;
}

export function attachRealtime(httpServer: HttpServer, services: AppServices, options: RealtimeOptions = {}): Realtime {
  const bus = busFor(services);
  const policy = new RoomPolicy(services.db);
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // Missed room events are replayed on a quick reconnect; `sync` covers everything else.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });

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

    handle(socket, "join", async (payload) => {
      const { room } = parse(roomInput, payload);
      const allowed = await policy.authorize(data.user, room);
      socket.join(allowed);
      return { ok: true, room: allowed, last_seq: bus.lastSeq(allowed) };
    });

    handle(socket, "leave", (payload) => {
      const { room } = parse(roomInput, payload);
      socket.leave(room);
      return Promise.resolve({ ok: true, room });
    });

    handle(socket, "sync", (payload) => {
      const { room, since } = parse(syncInput, payload);
      if (!socket.rooms.has(room)) throw new RoomError("forbidden", "Join the room before asking for its events.");
      return Promise.resolve({ ok: true, room, ...bus.since(room, since) });
    });
  });

  const unsubscribe = bus.subscribe((event) => io.to(event.room).emit(event.type, event));

  return {
    io,
    bus,
    close() {
      unsubscribe();
      io.disconnectSockets(true);
      // Not io.close(): that would also close the HTTP server, which lib/server.ts owns.
      io.engine.close();
      return Promise.resolve();
    },
  };
}

class PayloadError extends Error {}

function parse<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PayloadError(describe(result.error));
  return result.data;
}

/** Runs a request handler and always answers: on the ack when there is one, else as an `error` event. */
function handle(socket: Socket, event: string, fn: (payload: unknown) => Promise<unknown>) {
  socket.on(event, async (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() as Ack : null;
    let reply: unknown;
    try {
      reply = await fn(args[0]);
    } catch (error) {
      if (error instanceof PayloadError) reply = fail("invalid_payload", error.message);
      else if (error instanceof RoomError) reply = fail(error.code, error.message);
      else {
        console.error(`realtime ${event} failed`, error);
        reply = fail("internal_error", "Something went wrong on our side. Please try again.");
      }
    }
    if (ack) ack(reply);
    else if ((reply as Failure).ok === false) socket.emit("error", { ...(reply as Failure).error, event });
  });
}
