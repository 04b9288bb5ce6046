// With REDIS_URL, several app processes share socket.io rooms through the Redis Streams adapter: an emit to
// a room on one process reaches that room's sockets on every process, and connection-state recovery works
// across processes and restarts (sessions and missed packets are kept in Redis, not in one process's memory).
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import type { Namespace, Server } from "socket.io";

type Session = Parameters<ReturnType<ReturnType<typeof createAdapter>>["persistSession"]>[0];

/**
 * socket.data as plain data: a session is stored in Redis with msgpack, which throws on functions and class
 * instances (the rate-limit bucket); the handshake middleware runs again on recovery and recreates those.
 */
export function plainData(data: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(data ?? {}));
  } catch {
    return {};
  }
}

export interface ClusterAdapter {
  /** Stops reading the stream and closes the Redis connections, after pending writes (persisted sessions). */
  close(): Promise<void>;
}

/** Connects to Redis and installs the adapter on `io`; resolves once rooms are shared. */
export async function attachRedisAdapter(io: Server, redisUrl: string): Promise<ClusterAdapter> {
  const client = createClient({ url: redisUrl });
  let lastError = "";
  client.on("error", (error: Error) => {
    // The client reconnects by itself; say so once per distinct failure instead of on every retry.
    if (error.message === lastError) return;
    lastError = error.message;
    console.error(`Redis (${new URL(redisUrl).host}): ${error.message}`);
  });
  await client.connect();
  // Short blocking reads so a stopping process is not held by an open XREAD for long.
  const factory = createAdapter(client, { blockTimeInMs: 1000 });
  // socket.io calls this with `new`, so a plain function returning the adapter (as createAdapter's does).
  const withPlainSessions = function (nsp: Namespace) {
    const adapter = factory(nsp);
    const persist = adapter.persistSession.bind(adapter);
    adapter.persistSession = (session: Session) => persist({ ...session, data: plainData(session.data) });
    return adapter;
  };
  io.adapter(withPlainSessions as unknown as Parameters<Server["adapter"]>[0]);
  return {
    async close() {
      await io.of("/").adapter.close();
      await client.close().catch(() => {});
    },
  };
}
