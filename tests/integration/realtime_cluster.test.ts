// Two app processes (`deno run -A main.ts`) on one Postgres and one Redis share socket.io rooms: a chat
// message sent on node 1 reaches a client on node 2, a bus event (deal move) reaches every client exactly
// once, a client of a restarted node 2 reconnects and catches up on what was sent meanwhile, socket.data
// crosses nodes (fetchSockets), and a logout on node 1 closes that session's socket on node 2. Then:
// presence and viewers across nodes, one person connected to both, a node killed (SIGKILL) while people
// chat (its clients reconnect to the other through a load balancer and `sync` fills every gap), and notes:
// editors on both nodes converge live, a newcomer on either node sees everything, and a node killed while
// people type loses nothing that was acknowledged.
// Throwaway Postgres (initdb + postgres from /usr/lib/postgresql/*/bin) and redis-server in a temp dir.
import { join } from "node:path";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type { Socket } from "socket.io-client";
import { assert, assertEquals } from "../helpers/assert.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { openPostgres } from "../../lib/db/postgres.ts";
import { migrate, readMigrations, readPlatform } from "../../lib/db/migrate.ts";
import { sha256Hex } from "../../lib/auth/crypto.ts";
import { seedDemo } from "../../lib/seed/demo.ts";
import { asPostgres, freePort, initdb, mustRun, postgresBin } from "../helpers/postgres.ts";
import { ask, connected, next, socketFor, within } from "./realtime_helpers.ts";
import { NoteClient, until } from "./notes_helpers.ts";

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

function requirePostgres(): { bin: string; version: string } {
  const found = postgresBin();
  if (!found) throw new Error(MISSING);
  return found;
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

/** Names the cached database: Postgres version, platform SQL, migrations and the demo seed's code. */
async function cacheKey(version: string) {
  const files = [...await readPlatform(), ...await readMigrations()].map((m) => m.name + m.checksum);
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
  const { bin, version } = requirePostgres();
  const data = join(dir, "pgdata");
  const cacheDir = join(ROOT, ".data/test-templates");
  const cached = join(cacheDir, await cacheKey(version));
  if (await exists(join(cached, "PG_VERSION"))) {
    await mustRun("cp", ["-a", cached, data]); // -a keeps the postgres user as owner
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
  await mustRun("cp", ["-a", data, tmp]);
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

/**
 * A TCP load balancer in front of the nodes: each connection goes to the first node in `order` that accepts
 * it, so a client whose node died reconnects to the survivor (one connection per client: websocket only).
 */
class Balancer {
  readonly #listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  readonly #conns = new Set<Deno.Conn>();
  readonly url = `http://127.0.0.1:${(this.#listener.addr as Deno.NetAddr).port}`;

  constructor(readonly order: number[]) {
    this.#accept();
  }

  async #accept() {
    try {
      for await (const conn of this.#listener) void this.#pipe(conn);
    } catch { /* closed */ }
  }

  async #pipe(client: Deno.Conn) {
    let upstream: Deno.Conn | null = null;
    for (const port of this.order) {
      upstream = await Deno.connect({ hostname: "127.0.0.1", port }).catch(() => null);
      if (upstream) break;
    }
    if (!upstream) return client.close();
    this.#conns.add(client).add(upstream);
    await Promise.allSettled([
      client.readable.pipeTo(upstream.writable),
      upstream.readable.pipeTo(client.writable),
    ]);
    for (const conn of [client, upstream]) {
      this.#conns.delete(conn);
      try {
        conn.close();
      } catch { /* closed */ }
    }
  }

  close() {
    this.#listener.close();
    for (const conn of this.#conns) {
      try {
        conn.close();
      } catch { /* closed */ }
    }
  }
}

/** The next `event` whose payload passes `check` (others are skipped), or a rejection after `ms`. */
function nextMatching<T>(socket: Socket, event: string, check: (value: T) => boolean, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no matching "${event}" within ${ms} ms`));
    }, ms);
    const on = (value: T) => {
      if (!check(value)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(value);
    };
    socket.on(event, on);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const userIdOf = (client: ApiClient) => JSON.parse(atob(client.token.split(".")[1])).sub as string;

/**
 * A chat client as the browser's is: reconnects by itself; after a connection that was not recovered it
 * joins the channel again and asks `sync` for everything after the last number it saw; sends until the
 * server acknowledges (the same client_id, so a repeat is not a second message).
 */
class Chatter {
  /** message id -> its seq and body, from live events and `sync` */
  readonly seen = new Map<string, { seq: number; body: string }>();
  readonly duplicates: string[] = [];
  /** Ids that came as live events: a live event may overtake or trail `sync` (the browser delivers each seq
   * once, docs/chat-protocol.md), but the same message live twice is a broadcast sent twice. */
  readonly #live = new Set<string>();
  readonly acked = new Map<string, Message>();
  lastSeq = 0;

  constructor(readonly socket: Socket, readonly room: string, readonly channelId: string) {
    socket.on("message.created", (event: ChatEvent) => this.#saw(event, true));
    socket.on("connect", () => {
      if (!socket.recovered) void this.catchUp().catch(() => {});
    });
  }

  #saw(event: ChatEvent, live: boolean) {
    if (event.room !== this.room) return;
    if (live && this.#live.has(event.payload.id)) this.duplicates.push(event.payload.id);
    if (live) this.#live.add(event.payload.id);
    this.seen.set(event.payload.id, { seq: event.seq, body: event.payload.body });
  }

  async start() {
    await connected(this.socket, 10_000);
    const joined = await ask(this.socket, "join", { room: this.room });
    assertEquals(joined.ok, true, JSON.stringify(joined));
    this.lastSeq = joined.last_seq;
  }

  /** join + sync since the last number seen before (gaps included: every event after it). */
  async catchUp() {
    const joined = await ask(this.socket, "join", { room: this.room });
    if (!joined.ok) throw new Error(JSON.stringify(joined));
    const sync = await ask(this.socket, "sync", { room: this.room, since: this.lastSeq });
    if (!sync.ok) throw new Error(JSON.stringify(sync));
    assertEquals(sync.complete, true, "chat rooms replay from the database: always complete");
    for (const event of sync.events as ChatEvent[]) if (event.type === "message.created") this.#saw(event, false);
  }

  /** Sends until acknowledged (waiting out a reconnect); returns the stored message. */
  async send(body: string): Promise<Message> {
    const clientId = crypto.randomUUID();
    for (let attempt = 0; attempt < 60; attempt++) {
      if (!this.socket.connected) {
        await next(this.socket, "connect", 30_000).catch(() => {});
        continue;
      }
      const reply = await this.socket.timeout(2_000).emitWithAck("chat:send", {
        channel_id: this.channelId,
        client_id: clientId,
        body,
      }).catch(() => null);
      if (reply?.ok) {
        this.acked.set(reply.message.id, reply.message);
        return reply.message;
      }
      await sleep(100);
    }
    throw new Error(`"${body}" was never acknowledged`);
  }
}

/**
 * A note editor as the browser's provider is: reconnects by itself (through a balancer), then opens the note
 * again (the step 1 / step 2 exchange sends whatever the server lacks) and sends its whole state once more
 * (what was typed while the exchange ran). Records which of its tokens the server acknowledged.
 */
async function editor(url: string, token: string, noteId: string, name: string) {
  const socket = socketFor(url, token, { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 300 });
  const client = new NoteClient(socket, noteId);
  const typed: string[] = [];
  const acked = new Set<string>();
  let opened = false;
  const resync = async () => {
    client.pause();
    const upTo = typed.length;
    const reply = await client.open();
    if (!reply.ok) throw new Error(`${name}: note:open refused: ${JSON.stringify(reply)}`);
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(client.doc));
    client.resume();
    const all = await client.send(encoding.toUint8Array(encoder));
    if (all.ok) { for (const t of typed.slice(0, upTo)) acked.add(t); }
  };
  socket.on("disconnect", () => client.pause());
  socket.on("connect", () => {
    if (opened) void resync().catch((error) => client.errors.push(error));
  });
  await connected(socket, 10_000);
  await resync();
  opened = true;
  return {
    client,
    typed,
    acked,
    /** Types a token; it counts as acknowledged once its own update is stored. */
    type(text: string) {
      typed.push(text);
      const before = client.inFlight.size;
      client.type(text);
      const sent = [...client.inFlight].slice(before);
      for (const ack of sent) void ack.then((r) => r.ok && acked.add(text), () => {});
    },
  };
}

function startNode(name: string, port: number, env: Record<string, string>) {
  const node = new Child(name, Deno.execPath(), ["run", "-A", "main.ts"], {
    PORT: String(port),
    ...env,
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
    const balancers: Balancer[] = [];
    const editors: NoteClient[] = [];
    let noteId = "";
    try {
      // Migrated and seeded before the nodes start, so the two can start together without racing on it.
      const [pg, redis] = await Promise.all([startPostgres(dir), startRedis(dir)]);
      children.push(pg.child, redis.child);

      const port1 = freePort();
      const port2 = freePort();
      // The address people use: a load balancer in front of both nodes. It is every node's PUBLIC_URL, so
      // also the issuer of the access tokens any node signs (a token from node 1 is valid on node 2).
      const front = new Balancer([port1, port2]);
      balancers.push(front);
      const env = (node: string) => ({
        DATABASE_URL: pg.url,
        REDIS_URL: redis.url,
        SUPABASE_JWT_SECRET: JWT_SECRET,
        LEADLY_SEED_DEMO: "false",
        LEADLY_DATA_DIR: join(dir, node),
        PUBLIC_URL: front.url,
        RATE_LIMIT_FACTOR: "50",
        // presence says "offline" at once when a person's last socket closes (no grace period)
        LEADLY_TEST: "1",
      });
      let first = startNode("node 1", port1, env("node1"));
      let second = startNode("node 2", port2, env("node2"));
      children.push(first.node, second.node);
      await Promise.all([first.ready, second.ready]);
      const url1 = `http://localhost:${port1}`;
      const url2 = `http://localhost:${port2}`;

      const alice = await ApiClient.signIn(url1, "alice@acme.test");
      const bob = await ApiClient.signIn(url1, "bob@acme.test");
      const carol = await ApiClient.signIn(url1, "carol@acme.test");
      const bobId = userIdOf(bob);
      const aliceId = userIdOf(alice);
      const carolId = userIdOf(carol);
      let dealId = "";
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
        dealId = deal.json.data.id as string;
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

      await t.step("socket.data crosses nodes: presence:list on node 1 asks node 2 for its sockets", async () => {
        // fetchSockets answers are msgpack-encoded: a function or class instance in socket.data breaks them.
        const list = await ask(onNode1, "presence:list", {});
        assertEquals(list.ok, true, JSON.stringify(list));
        const bobRow = (list.members as { user_id: string; status: string }[]).find((m) => m.user_id === bobId);
        assertEquals(bobRow?.status, "online");
      });

      await t.step("signing out on node 1 closes that session's socket on node 2 at once", async () => {
        const session = await ApiClient.signIn(url1, "carol@acme.test");
        const socket = await connected(socketFor(url2, session.token));
        sockets.push(socket);
        const told = next<{ code: string }>(socket, "error");
        const closed = next<string>(socket, "disconnect");
        assertEquals((await session.post("/auth/v1/logout")).status, 204);
        assertEquals((await told).code, "session_ended");
        assertEquals(await closed, "io server disconnect");
        // Carol's other session (signed in at the start) keeps working on node 2.
        const other = await connected(socketFor(url2, carol.token));
        sockets.push(other);
        assertEquals((await ask(other, "presence:list", {})).ok, true);
        other.close();
      });

      await t.step("viewing:start/stop and presence:list across nodes", async () => {
        const record = `record:deal:${dealId}`;
        type Viewers = { viewers: { user_id: string }[] };
        const ids = (e: Viewers) => e.viewers.map((v) => v.user_id).sort().join(",");
        const both = [aliceId, bobId].sort().join(",");
        const mine = await ask(onNode1, "viewing:start", { room: record });
        assertEquals(mine.ok, true, JSON.stringify(mine));
        // Bob opens it on node 2: Alice on node 1 is told, and Bob's answer counts her too.
        const told = nextMatching(onNode1, "viewers.changed", (e: Viewers) => ids(e) === both);
        const his = await ask(onNode2, "viewing:start", { room: record });
        assertEquals(his.ok, true, JSON.stringify(his));
        assertEquals(ids(his), both);
        await told;
        // He stops on node 2: node 1 hears it.
        const stopped = nextMatching(onNode1, "viewers.changed", (e: Viewers) => ids(e) === aliceId);
        assertEquals((await ask(onNode2, "viewing:stop", { room: record })).ok, true);
        await stopped;
        // Carol views on node 2 and closes her socket: node 1 hears that she stopped.
        const carolSocket = await connected(socketFor(url2, carol.token));
        sockets.push(carolSocket);
        const withCarol = [aliceId, carolId].sort().join(",");
        const joined = nextMatching(onNode1, "viewers.changed", (e: Viewers) => ids(e) === withCarol);
        assertEquals((await ask(carolSocket, "viewing:start", { room: record })).ok, true);
        await joined;
        const left = nextMatching(onNode1, "viewers.changed", (e: Viewers) => ids(e) === aliceId);
        carolSocket.close();
        await left;
        assertEquals((await ask(onNode1, "viewing:stop", { room: record })).ok, true);
        // presence:list on node 2 sees Alice, connected only to node 1 (and the other way round, above).
        const list = await ask(onNode2, "presence:list", {});
        assertEquals(list.ok, true, JSON.stringify(list));
        const statusOf = (id: string) =>
          (list.members as { user_id: string; status: string }[]).find((m) => m.user_id === id)?.status;
        assertEquals(statusOf(aliceId), "online");
        assertEquals(statusOf(carolId), "offline");
      });

      await t.step("one person on both nodes: each tab gets her events; offline only when both close", async () => {
        const tab1 = await connected(socketFor(url1, carol.token));
        const tab2 = await connected(socketFor(url2, carol.token));
        sockets.push(tab1, tab2);
        const created = await alice.post("/api/v1/channels", {
          name: `both-${crypto.randomUUID().slice(0, 8)}`,
          type: "private",
          member_ids: [carolId],
        });
        assertEquals(created.status, 201, JSON.stringify(created.json));
        const channel = created.json.data.id as string;
        for (const tab of [tab1, tab2]) assertEquals((await ask(tab, "join", { room: `channel:${channel}` })).ok, true);
        // What she sends in one tab (node 1) shows in the other (node 2).
        const arriving = next<ChatEvent>(tab2, "message.created");
        const sent = await ask(tab1, "chat:send", { channel_id: channel, client_id: crypto.randomUUID(), body: "Hi" });
        assertEquals(sent.ok, true, JSON.stringify(sent));
        assertEquals((await arriving).payload.id, sent.message.id);
        // Her read receipt on node 1 reaches her tab on node 2 through her own room (user:<id>), not the channel.
        assertEquals((await ask(tab2, "leave", { room: `channel:${channel}` })).ok, true);
        const read = next<{ channel_id: string; user_id: string; seq: number }>(tab2, "chat:read");
        assertEquals((await ask(tab1, "chat:read", { channel_id: channel, seq: sent.message.seq })).ok, true);
        assertEquals(await read, { channel_id: channel, user_id: carolId, seq: sent.message.seq });
        // Closing the node 1 tab leaves her online (her node 2 tab counts, across processes)...
        const presence: string[] = [];
        onNode1.on("presence.changed", (e: { user_id: string; status: string }) => {
          if (e.user_id === carolId) presence.push(e.status);
        });
        tab1.close();
        await sleep(1_500);
        assertEquals(presence.includes("offline"), false, `presence while one tab is open: ${presence}`);
        const list = await ask(onNode1, "presence:list", {});
        const row = (list.members as { user_id: string; status: string }[]).find((m) => m.user_id === carolId);
        assertEquals(row?.status, "online");
        // ...closing the last one says offline, on the other node too.
        const offline = nextMatching(
          onNode1,
          "presence.changed",
          (e: { user_id: string; status: string }) => e.user_id === carolId && e.status === "offline",
        );
        tab2.close();
        await offline;
      });

      await t.step(
        "node 1 is killed (SIGKILL) while people chat: every acknowledged message reaches everyone",
        async () => {
          // Through balancers, as behind a load balancer: Alice's prefers node 1, Bob's node 2.
          const lb1 = new Balancer([port1, port2]);
          const lb2 = new Balancer([port2, port1]);
          balancers.push(lb1, lb2);
          const options = { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 300 };
          const a = new Chatter(socketFor(lb1.url, alice.token, options), room, channelId);
          const b = new Chatter(socketFor(lb2.url, bob.token, options), room, channelId);
          sockets.push(a.socket, b.socket);
          await Promise.all([a.start(), b.start()]);
          const PER_PERSON = 30;
          let killed = false;
          const chat = async (who: Chatter, name: string) => {
            for (let i = 1; i <= PER_PERSON; i++) {
              const sending = who.send(`${name} ${i}`);
              if (name === "alice" && i === 10) {
                // Killed with her message on its way: stored or not, its ack is lost and she sends it again.
                await sleep(2);
                killed = true;
                first.node.process.kill("SIGKILL");
              }
              await sending;
              await sleep(40);
            }
          };
          await Promise.all([chat(a, "alice"), chat(b, "bob")]);
          assert(killed);
          await first.node.exited;
          // Everyone asks for what they may have missed (the browser does when it sees a hole in the numbers).
          await Promise.all([a.catchUp(), b.catchUp()]);
          const acked = [...a.acked.values(), ...b.acked.values()];
          assertEquals(acked.length, 2 * PER_PERSON, "every message was acknowledged in the end");
          for (const who of [a, b]) {
            const missing = acked.filter((m) => !who.seen.has(m.id)).map((m) => m.body);
            assertEquals(missing, [], "acknowledged messages missing from a client's view");
            assertEquals(who.duplicates, [], "no message.created arrived twice");
            // And each one once in the channel (sending again after the kill made no second message).
            const bodies = [...who.seen.values()].map((m) => m.body).filter((b) => /^(alice|bob) \d+$/.test(b));
            assertEquals(bodies.length, 2 * PER_PERSON, `messages of this step seen: ${bodies.length}`);
            assertEquals(new Set(bodies).size, bodies.length);
          }
          // Alice's socket lives on node 2 now; node 1 comes back for what follows.
          first = startNode("node 1 (restarted)", port1, env("node1"));
          children.push(first.node);
          await first.ready;
        },
      );

      await t.step("notes: editors on both nodes type at once and converge; newcomers see everything", async () => {
        const created = await alice.post("/api/v1/notes", { title: "Cluster note" });
        assertEquals(created.status, 201, JSON.stringify(created.json));
        noteId = created.json.data.id as string;
        // Bob opens it on node 2 first, so node 2 holds the document in memory...
        const e2 = await editor(url2, bob.token, noteId, "bob");
        const e1 = await editor(url1, alice.token, noteId, "alice");
        editors.push(e1.client, e2.client);
        // ...then Alice types on node 1. Bob sees it live, from node 2's copy.
        e1.type("[first from node 1]");
        await until(e2.client, () => e2.client.text().includes("[first from node 1]"), "node 1's edit on node 2");
        // Someone opening it on node 2 now gets node 1's edit with the document (no stale copy).
        const late = await NoteClient.connect(url2, carol.token, noteId);
        editors.push(late);
        assert(late.text().includes("[first from node 1]"), `opened on node 2: ${late.text()}`);
        // An edit on node 2 on top of it reaches node 1's editor.
        e2.type("[reply from node 2]");
        await until(e1.client, () => e1.client.text().includes("[reply from node 2]"), "node 2's edit on node 1");

        // Both type at once, faster than the per-socket rate limit (50/s each): no update is dropped.
        const TOKENS = 80;
        await Promise.all([e1, e2].map(async (e, n) => {
          for (let i = 1; i <= TOKENS; i++) {
            e.type(`[${n === 0 ? "a" : "b"}${i}]`);
            await sleep(20);
          }
        }));
        await Promise.all([e1.client.settled(), e2.client.settled()]);
        for (const e of [e1, e2]) {
          assertEquals(e.client.refusals, [], "no update was refused (rate limits included)");
          assertEquals(e.client.errors, []);
          assertEquals(e.acked.size, e.typed.length, "every token acknowledged");
        }
        const everything = [...e1.typed, ...e2.typed];
        const hasAll = (c: NoteClient) => everything.every((t) => c.text().includes(t));
        for (const c of [e1.client, e2.client, late]) await until(c, () => hasAll(c), "all tokens, live", 10_000);
        assertEquals(e1.client.text(), e2.client.text());
        assertEquals(late.text(), e1.client.text());
        // A third person opening it now, on either node, gets both editors' text at once.
        for (const url of [url1, url2]) {
          const third = await NoteClient.connect(url, carol.token, noteId);
          editors.push(third);
          assertEquals(third.text(), e1.client.text(), `opened on ${url}`);
        }
        // The HTTP API of either node reads the same document.
        for (const client of [new ApiClient(url1, alice.token), new ApiClient(url2, alice.token)]) {
          const got = await client.get(`/api/v1/notes/${noteId}`);
          assertEquals(got.status, 200);
          assert(everything.every((t) => (got.json.data.text as string).includes(t)), `GET on ${client.base}`);
        }
        for (const e of [e1, e2]) e.client.close();
      });

      await t.step("notes: node 2 is killed while both type; nothing acknowledged is lost", async () => {
        const lb1 = new Balancer([port1, port2]);
        const lb2 = new Balancer([port2, port1]);
        balancers.push(lb1, lb2);
        const e1 = await editor(lb1.url, alice.token, noteId, "alice");
        const e2 = await editor(lb2.url, bob.token, noteId, "bob");
        editors.push(e1.client, e2.client);
        const TOKENS = 60;
        let killed = false;
        await Promise.all([e1, e2].map(async (e, n) => {
          for (let i = 1; i <= TOKENS; i++) {
            e.type(`[${n === 0 ? "x" : "y"}${i}]`);
            if (n === 1 && i === 20) {
              // Live across nodes up to here; then node 2 dies mid-burst, with updates still in flight.
              await until(e1.client, () => e1.client.text().includes("[y10]"), "node 2's typing on node 1");
              await until(e2.client, () => e2.client.text().includes("[x10]"), "node 1's typing on node 2");
              killed = true;
              second.node.process.kill("SIGKILL");
            }
            await sleep(30);
          }
        }));
        assert(killed);
        await second.node.exited;
        // Bob's editor reconnected to node 1 and sent what node 1 lacked; wait until both agree.
        const everything = [...e1.typed, ...e2.typed];
        const hasAll = (c: NoteClient) => everything.every((t) => c.text().includes(t));
        for (const e of [e1, e2]) await until(e.client, () => hasAll(e.client), "all tokens after the kill", 30_000);
        await Promise.all([e1.client.settled(), e2.client.settled()]);
        // Every token reached the server in the end; those acknowledged before the kill were stored then.
        assert(e2.acked.size > 0 && e1.acked.size > 0);
        // Node 2 comes back with nothing in memory: it loads the note from Postgres.
        second = startNode("node 2 (restarted after kill)", port2, env("node2"));
        children.push(second.node);
        await second.ready;
        const acked = [...e1.acked, ...e2.acked];
        for (const url of [url2, url1]) {
          const fresh = await NoteClient.connect(url, carol.token, noteId);
          editors.push(fresh);
          const lost = acked.filter((t) => !fresh.text().includes(t));
          assertEquals(lost, [], `acknowledged tokens missing on ${url}`);
          assert(hasAll(fresh), `every token typed is on ${url}`);
          assertEquals(fresh.text(), e1.client.text());
        }
      });
    } catch (error) {
      // What the nodes said is usually the explanation.
      for (const child of children.filter((c) => c.name.startsWith("node"))) {
        console.error(`--- ${child.name} ---\n${child.output.slice(-4000)}`);
      }
      throw error;
    } finally {
      for (const socket of sockets) socket.close();
      for (const client of editors) client.close();
      for (const balancer of balancers) balancer.close();
      // Nodes first (they hold connections to the other two), then Redis and Postgres.
      await Promise.all(children.filter((c) => c.name.startsWith("node")).map((c) => c.stop()));
      await Promise.all(children.filter((c) => !c.name.startsWith("node")).map((c) => c.stop()));
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
