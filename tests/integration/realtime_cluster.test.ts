// Two app processes (`deno run -A main.ts`) on one Postgres and one Redis share socket.io rooms: a chat
// message sent on node 1 reaches a client on node 2, a bus event (deal move) reaches every client exactly
// once, and a client of a restarted node 2 reconnects and catches up on what was sent meanwhile.
// Throwaway Postgres (initdb + postgres from /usr/lib/postgresql/*/bin) and redis-server in a temp dir.
import { join } from "node:path";
import type { Socket } from "socket.io-client";
import { assert, assertEquals } from "../helpers/assert.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { openPostgres } from "../../lib/db/postgres.ts";
import { migrate, readMigrations } from "../../lib/db/migrate.ts";
import { sha256Hex } from "../../lib/auth/crypto.ts";
import { seedDemo } from "../../lib/seed/demo.ts";
import { ask, connected, next, socketFor, within } from "./realtime_helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MISSING = "The cluster test needs Debian's postgresql and redis-server: `.ci/run` installs them " +
  "(or: sudo apt-get install -y postgresql redis-server).";
// Generous: two app processes start (esbuild bundles the islands) while the rest of the suite runs in parallel.
const START_MS = 120_000;
const JWT_SECRET = "cluster-test-secret-".padEnd(48, "x");

interface Message {
  id: string;
  seq: number;
  body: string;
  sender_id: string;
}
interface ChatEvent {
  room: string;
  seq: number;
  type: string;
  payload: Message;
}

async function postgresBin(): Promise<{ bin: string; version: string }> {
  const versions: string[] = [];
  try {
    for await (const entry of Deno.readDir("/usr/lib/postgresql")) versions.push(entry.name);
  } catch {
    throw new Error(MISSING);
  }
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const bin = `/usr/lib/postgresql/${version}/bin`;
    if (await exists(join(bin, "initdb"))) return { bin, version };
  }
  throw new Error(MISSING);
}

async function exists(path: string) {
  return await Deno.stat(path).then(() => true, () => false);
}

async function redisServer(): Promise<string> {
  for (const path of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    if (await exists(path)) return path;
  }
  throw new Error(MISSING);
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** A child process whose output is kept (for the failure message) and can be awaited for a line. */
class Child {
  output = "";
  #waiters: { pattern: RegExp; resolve: () => void }[] = [];
  readonly process: Deno.ChildProcess;
  readonly exited: Promise<Deno.CommandStatus>;

  constructor(readonly name: string, cmd: string, args: string[], env: Record<string, string> = {}, cwd?: string) {
    this.process = new Deno.Command(cmd, { args, env, cwd, stdin: "null", stdout: "piped", stderr: "piped" }).spawn();
    this.exited = this.process.status;
    this.#pump(this.process.stdout);
    this.#pump(this.process.stderr);
  }

  async #pump(stream: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      const text = decoder.decode(chunk, { stream: true });
      this.output = (this.output + text).slice(-20_000);
      this.#waiters = this.#waiters.filter((w) => !(w.pattern.test(this.output) && (w.resolve(), true)));
    }
  }

  /** Resolves once the output matches; rejects when the process ends first or after `ms`. */
  waitFor(pattern: RegExp, ms = START_MS): Promise<void> {
    if (pattern.test(this.output)) return Promise.resolve();
    const seen = new Promise<void>((resolve) => this.#waiters.push({ pattern, resolve }));
    const died = this.exited.then((status) => {
      throw new Error(`${this.name} exited (${status.code}) before ${pattern}:\n${this.output.slice(-3000)}`);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name}: no ${pattern} within ${ms} ms:\n${this.output.slice(-3000)}`)),
        ms,
      );
    });
    return Promise.race([seen, died, late]).finally(() => clearTimeout(timer));
  }

  /** SIGTERM (the app's graceful shutdown), SIGKILL if it does not end within 10 s. */
  async stop() {
    try {
      this.process.kill("SIGTERM");
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        this.process.kill("SIGKILL");
      } catch { /* gone */ }
    }, 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Runs as the `postgres` user when we are root: Postgres refuses to run as root. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return Deno.uid() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

async function run(cmd: string, args: string[]) {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
}

/** Names the cached database: Postgres version, migrations and the demo seed's code. */
async function cacheKey(version: string) {
  const files = (await readMigrations()).map((m) => m.name + m.checksum);
  for await (const entry of Deno.readDir(join(ROOT, "lib/seed"))) {
    if (entry.isFile) files.push(entry.name + await Deno.readTextFile(join(ROOT, "lib/seed", entry.name)));
  }
  files.sort();
  return `cluster-pg${version}-${(await sha256Hex(files.join("|"))).slice(0, 16)}`;
}

/**
 * A throwaway Postgres on a free port over a migrated, demo-seeded data directory. initdb, migrating and
 * seeding take many seconds, so their result is kept under .data/test-templates and copied for each run.
 */
async function startPostgres(dir: string) {
  const { bin, version } = await postgresBin();
  const data = join(dir, "pgdata");
  const cacheDir = join(ROOT, ".data/test-templates");
  const cached = join(cacheDir, await cacheKey(version));
  if (await exists(join(cached, "PG_VERSION"))) {
    await run("cp", ["-a", cached, data]); // -a keeps the postgres user as owner
    return await startPostmaster(bin, dir);
  }
  await initdb(bin, data);
  const pg = await startPostmaster(bin, dir);
  const db = openPostgres(pg.url, 2);
  try {
    await migrate(db);
    await seedDemo(db, { records: true });
  } finally {
    await db.close();
  }
  await pg.child.stop();
  // Copied under a temporary name and renamed, so a parallel run never starts from half a directory.
  await Deno.mkdir(cacheDir, { recursive: true });
  const tmp = `${cached}.${crypto.randomUUID()}`;
  await run("cp", ["-a", data, tmp]);
  await Deno.rename(tmp, cached).catch(() => Deno.remove(tmp, { recursive: true }));
  // Older migrations' copies are of no further use.
  for await (const entry of Deno.readDir(cacheDir)) {
    const path = join(cacheDir, entry.name);
    if (entry.name.startsWith("cluster-pg") && path !== cached && !entry.name.includes(".")) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
  return await startPostmaster(bin, dir);
}

async function initdb(bin: string, data: string) {
  const [initCmd, initArgs] = asPostgres(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  await run(initCmd, initArgs);
}

async function startPostmaster(bin: string, dir: string) {
  const data = join(dir, "pgdata");
  const port = freePort();
  const [cmd, args] = asPostgres(join(bin, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
  ]);
  const child = new Child("postgres", cmd, args);
  await child.waitFor(/database system is ready to accept connections/);
  return { child, url: `postgres://postgres@127.0.0.1:${port}/postgres` };
}

async function startRedis(dir: string) {
  const port = freePort();
  const child = new Child("redis", await redisServer(), [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
  ]);
  await child.waitFor(/Ready to accept connections/);
  return { child, url: `redis://127.0.0.1:${port}` };
}

function startNode(name: string, port: number, env: Record<string, string>) {
  const node = new Child(name, Deno.execPath(), ["run", "-A", "main.ts"], {
    ...env,
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
  }, ROOT);
  return { node, ready: node.waitFor(/Leadly is ready/) };
}

// Everything below runs in one test: the cluster costs seconds to start, the cases share it.
Deno.test({
  name: "realtime cluster: two processes share rooms through Redis; a restarted node's client catches up",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "leadly-cluster-" });
    await Deno.chmod(dir, 0o777); // the postgres user writes its data and socket here
    const children: Child[] = [];
    const sockets: Socket[] = [];
    try {
      // Migrated and seeded before the nodes start, so the two can start together without racing on it.
      const [pg, redis] = await Promise.all([startPostgres(dir), startRedis(dir)]);
      children.push(pg.child, redis.child);

      const env = (node: string) => ({
        DATABASE_URL: pg.url,
        REDIS_URL: redis.url,
        SUPABASE_JWT_SECRET: JWT_SECRET,
        LEADLY_SEED_DEMO: "false",
        LEADLY_DATA_DIR: join(dir, node),
        RATE_LIMIT_FACTOR: "50",
      });
      const port1 = freePort();
      const port2 = freePort();
      const first = startNode("node 1", port1, env("node1"));
      let second = startNode("node 2", port2, env("node2"));
      children.push(first.node, second.node);
      await Promise.all([first.ready, second.ready]);
      const url1 = `http://localhost:${port1}`;
      const url2 = `http://localhost:${port2}`;

      const alice = await ApiClient.signIn(url1, "alice@acme.test");
      const bob = await ApiClient.signIn(url1, "bob@acme.test");
      const carol = await ApiClient.signIn(url1, "carol@acme.test");
      const bobId = JSON.parse(atob(bob.token.split(".")[1])).sub as string;
      const created = await alice.post("/api/v1/channels", {
        name: `cluster-${crypto.randomUUID().slice(0, 8)}`,
        type: "private",
        member_ids: [bobId],
      });
      assertEquals(created.status, 201, JSON.stringify(created.json));
      const channelId = created.json.data.id as string;
      const room = `channel:${channelId}`;

      const onNode1 = await connected(socketFor(url1, alice.token));
      sockets.push(onNode1);
      // Bob's client reconnects by itself, as a browser's does.
      const onNode2 = await connected(
        socketFor(url2, bob.token, { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200 }),
      );
      sockets.push(onNode2);
      assertEquals((await ask(onNode2, "join", { room })).ok, true);
      const received = new Map<number, ChatEvent>();
      const duplicates: number[] = [];
      onNode2.on("message.created", (event: ChatEvent) => {
        if (received.has(event.seq)) duplicates.push(event.seq);
        received.set(event.seq, event);
      });

      await t.step("a chat message sent on node 1 reaches a client on node 2", async () => {
        const arriving = next<ChatEvent>(onNode2, "message.created");
        const sent = await ask(onNode1, "chat:send", {
          channel_id: channelId,
          client_id: crypto.randomUUID(),
          body: "Hello from node 1",
        });
        assertEquals(sent.ok, true, JSON.stringify(sent));
        const event = await arriving;
        assertEquals(event.room, room);
        assertEquals(event.payload.id, sent.message.id);
        assertEquals(event.payload.body, "Hello from node 1");
        assertEquals(event.seq, sent.message.seq);
      });

      await t.step("a deal moved over HTTP on node 1 reaches clients on both nodes exactly once", async () => {
        const stages = (await carol.get("/api/v1/pipelines")).json.data[0].stages as { id: string }[];
        const deal = await carol.post("/api/v1/deals", { name: "Cluster deal", value: 100, stage_id: stages[0].id });
        assertEquals(deal.status, 201);
        const dealId = deal.json.data.id as string;
        const watchers = [onNode1, onNode2].map((socket) => {
          const moves: number[] = [];
          socket.on("deal.moved", (e: { record_id: string; payload: { stage_id: string } }) => {
            if (e.record_id === dealId) moves.push(stages.findIndex((s) => s.id === e.payload.stage_id));
          });
          return moves;
        });
        for (const stage of [1, 2]) {
          const moved = await carol.post(`/api/v1/deals/${dealId}/move`, { stage_id: stages[stage].id });
          assertEquals(moved.status, 200);
        }
        // A third move is the marker: every copy of the first two would have arrived before it.
        const marker = Promise.all(
          [onNode1, onNode2].map((socket) =>
            new Promise<void>((resolve) =>
              socket.on("deal.moved", (e: { payload: { stage_id: string } }) => {
                if (e.payload.stage_id === stages[3].id) resolve();
              })
            )
          ),
        );
        assertEquals((await carol.post(`/api/v1/deals/${dealId}/move`, { stage_id: stages[3].id })).status, 200);
        await within(marker, "the third deal.moved on both nodes");
        assertEquals(watchers, [[1, 2, 3], [1, 2, 3]]);
      });

      await t.step("node 2 restarts: its client reconnects and gets the messages sent meanwhile", async () => {
        const lastSeen = Math.max(...received.keys());
        const dropped = next(onNode2, "disconnect", 15_000);
        await second.node.stop();
        await dropped;

        const bodies = ["While you were away 1", "While you were away 2", "While you were away 3"];
        const sent: Message[] = [];
        for (const body of bodies) {
          const reply = await ask(onNode1, "chat:send", {
            channel_id: channelId,
            client_id: crypto.randomUUID(),
            body,
          });
          assertEquals(reply.ok, true, JSON.stringify(reply));
          sent.push(reply.message);
        }

        const back = next(onNode2, "connect", START_MS);
        second = startNode("node 2 (restarted)", port2, env("node2"));
        children.push(second.node);
        await second.ready;
        await back;
        // Connection-state recovery: node 2's session and the packets it missed were kept in Redis, so the
        // restarted process restores the socket's rooms and replays the three messages by itself.
        assert(onNode2.recovered, "the reconnected socket should be recovered from Redis");
        const replayed = [...received.values()].filter((e) => e.seq > lastSeen).map((e) => e.payload.id);
        assertEquals(replayed.sort(), sent.map((m) => m.id).sort());
        // And `sync` from the last seen seq (what a client does when recovery is not possible) returns them too.
        const sync = await ask(onNode2, "sync", { room, since: lastSeen });
        assertEquals(sync.ok, true, JSON.stringify(sync));
        assertEquals(sync.complete, true);
        const synced = (sync.events as ChatEvent[]).filter((e) => e.type === "message.created");
        assertEquals(synced.map((e) => e.payload.id), sent.map((m) => m.id));
        assertEquals(synced.map((e) => e.payload.body), bodies);
        assert(synced.every((e) => e.seq > lastSeen));
        assertEquals(duplicates, [], "no message.created arrived twice");

        // And the restarted node is live again for this client.
        const live = next<ChatEvent>(onNode2, "message.created");
        const after = await ask(onNode1, "chat:send", {
          channel_id: channelId,
          client_id: crypto.randomUUID(),
          body: "Back",
        });
        assertEquals((await live).payload.id, after.message.id);
      });
    } finally {
      for (const socket of sockets) socket.close();
      // Nodes first (they hold connections to the other two), then Redis and Postgres.
      await Promise.all(children.filter((c) => c.name.startsWith("node")).map((c) => c.stop()));
      await Promise.all(children.filter((c) => !c.name.startsWith("node")).map((c) => c.stop()));
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
