// Rate limits with several app processes: with REDIS_URL two nodes (two servers on one database, sharing a
// throwaway redis-server) hold one person's socket connection cap and the sign-in lockout for both nodes
// together, and the per-user socket bucket is one bucket; without REDIS_URL each node counts on its own.
import type { Socket } from "socket.io-client";
import { assert, assertEquals } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { freePort } from "../helpers/postgres.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { loadConfig } from "../../fresh.config.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { startServer } from "../../app/server.ts";
import type { Db } from "../../lib/db/mod.ts";
import { DEFAULT_MAX_CONNECTIONS_PER_USER, SharedUserLimits } from "../../realtime/rate-limit.ts";
import { connected, refusal, socketFor } from "./realtime_helpers.ts";

const SECRET = "shared-limits-secret-".padEnd(48, "x");

async function startRedis(dir: string) {
  const port = freePort();
  const child = new Deno.Command("redis-server", {
    args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  // Ready once it says so (its log line), not after a guessed delay.
  const decoder = new TextDecoder();
  let log = "";
  const reader = child.stdout.getReader();
  while (!log.includes("Ready to accept connections")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`redis-server did not start: ${log}`);
    log += decoder.decode(value);
  }
  // Keep draining its output so it never blocks on a full pipe.
  void (async () => {
    while (!(await reader.read()).done);
  })().catch(() => {});
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Two nodes on one database; real limits (factor 1), so the counts below are the production ones. */
async function twoNodes(db: Db, redisUrl: string | null) {
  const dataDir = await Deno.makeTempDir({ prefix: "leadly-limits-" });
  const config = {
    ...loadConfig({}),
    port: 0,
    dataDir,
    seedDemo: false,
    rateLimitFactor: 1,
    trustedProxies: [],
    redisUrl,
  };
  const nodes = [
    await startServer(config, db, createMailer(db, config), SECRET),
    await startServer(config, db, createMailer(db, config), SECRET),
  ];
  return {
    nodes,
    async close() {
      for (const node of nodes) await node.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** Wrong passwords for `email`, alternating between the nodes, until one answers 429; how many it took. */
async function guessesUntilLocked(urls: string[], email: string, max: number): Promise<number> {
  for (let i = 1; i <= max; i++) {
    const res = await fetch(`${urls[i % urls.length]}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: `wrong-${i}` }),
    });
    await res.body?.cancel();
    if (res.status === 429) return i;
    assertEquals(res.status, 400, `guess ${i}`);
  }
  return Infinity;
}

const redisDir = await Deno.makeTempDir({ prefix: "leadly-redis-" });
const redis = await startRedis(redisDir);
Deno.test.afterAll?.(async () => {
  await redis.stop();
  await Deno.remove(redisDir, { recursive: true });
});

Deno.test("with Redis, one person's connection cap and sign-in lockout hold for both nodes together", async () => {
  const db = await freshDb({ seeded: true });
  const cluster = await twoNodes(db, redis.url);
  const sockets: Socket[] = [];
  try {
    const [one, two] = cluster.nodes.map((node) => node.url);
    const bob = await ApiClient.signIn(one, "bob@acme.test");
    // Half the cap on each node: the next one is refused on either.
    for (let i = 0; i < DEFAULT_MAX_CONNECTIONS_PER_USER; i++) {
      sockets.push(await connected(socketFor(i % 2 ? two : one, bob.token)));
    }
    assertEquals((await refusal(socketFor(one, bob.token))).code, "too_many_connections");
    assertEquals((await refusal(socketFor(two, bob.token))).code, "too_many_connections");
    // Someone else is not affected.
    const alice = await ApiClient.signIn(two, "alice@acme.test");
    (await connected(socketFor(two, alice.token))).close();
    // One closed on node 1 frees a place on node 2.
    const released = new Promise((resolve) =>
      cluster.nodes[0].realtime.io.of("/").sockets.get(sockets[0].id!)!.once("disconnect", resolve)
    );
    sockets[0].close();
    await released;
    sockets[0] = await connected(socketFor(two, bob.token));

    // Five wrong guesses from one address lock that address out of the account, counted on both nodes.
    assertEquals(await guessesUntilLocked([one, two], "carol@acme.test", 12), 6);
    const right = await fetch(`${two}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "carol@acme.test", password: "leadly-demo" }),
    });
    await right.body?.cancel();
    assertEquals(right.status, 429, "locked on the other node too");
  } finally {
    for (const socket of sockets) socket.close();
    await cluster.close();
    await db.close();
  }
});

Deno.test("without Redis, each node counts on its own (as before)", async () => {
  const db = await freshDb({ seeded: true });
  const cluster = await twoNodes(db, null);
  try {
    const [one, two] = cluster.nodes.map((node) => node.url);
    assertEquals(await guessesUntilLocked([one], "carol@acme.test", 12), 6);
    // Node 2 never heard of those guesses.
    const api = await ApiClient.signIn(two, "carol@acme.test");
    assert(api.token);
  } finally {
    await cluster.close();
    await db.close();
  }
});

Deno.test("with Redis, one person's event bucket is shared: what one node spent, the other cannot", async () => {
  const options = { rate: { capacity: 10, refillPerSecond: 0.001 }, maxConnections: 5 };
  const a = new SharedUserLimits(options, redis.url, "leadly:test-bucket:");
  const b = new SharedUserLimits(options, redis.url, "leadly:test-bucket:");
  try {
    const user = crypto.randomUUID();
    let spent = 0;
    while (a.take(user)) spent++;
    assertEquals(spent, 10);
    await a.sync();
    // Node b's own copy was full; its first event settles with Redis, which has nothing left.
    assert(b.take(user));
    await b.sync();
    assertEquals(b.take(user), false, "the shared bucket is empty");
    // Another person's bucket is their own.
    assert(b.take(crypto.randomUUID()));
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
