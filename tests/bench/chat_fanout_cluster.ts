// chat_fanout_cluster (issue 10): chat_fanout's load on two app processes (`deno run -A main.ts`) sharing one
// real Postgres (DATABASE_URL) and one Redis (REDIS_URL). 1,000 authenticated sockets in 20 channels of 50
// members; every channel has half its members on each node, and the senders take turns over all sockets, so
// every message is stored by one node and fanned out on both (the Redis adapter carries it across). Sends
// arrive as independent people's do (Poisson, 100 per second on average, in bursts and lulls), for 10 s
// after a 2 s warm-up; send -> receive latency at every receiver, and deliveries that never arrive.
// Throwaway Postgres (Debian's /usr/lib/postgresql/*/bin) and redis-server in a temp dir; clients in a worker.
import { join } from "node:path";
import { openPostgres } from "../../lib/db/postgres.ts";
import { migrate } from "../../lib/db/migrate.ts";
import type { Db } from "../../lib/db/mod.ts";
import { AuthService } from "../../lib/auth/service.ts";
import { JwtKeys } from "../../lib/auth/jwt.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { DEMO_PASSWORD, seedDemo } from "../../lib/seed/demo.ts";
import { asPostgres, freePort, initdb, postgresBin } from "../helpers/postgres.ts";
import type { LoadPlan, LoadReport } from "./chat_fanout_clients.ts";
import { type BenchResult, percentile, result } from "./results.ts";
import { seedFanoutMembers } from "./fanout_members.ts";

const SOCKETS = 1000;
const CHANNELS = 20;
const MESSAGES_PER_SECOND = 100;
const WARMUP_MS = 2_000;
const DURATION_MS = 10_000;
const DRAIN_MS = 5_000;
/** The two app nodes listen here (the ports set aside for this bench's dev servers). */
const NODE_PORTS = [8631, 8632];
const JWT_SECRET = "chat-fanout-cluster-secret-".padEnd(48, "x");
const ROOT = new URL("../../", import.meta.url).pathname;

let started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** A child process whose last output is kept (for errors) and can be awaited for a line. */
class Child {
  output = "";
  readonly process: Deno.ChildProcess;
  #changed: () => void = () => {};

  constructor(readonly name: string, cmd: string, args: string[], env: Record<string, string> = {}) {
    this.process = new Deno.Command(cmd, { args, env, cwd: ROOT, stdin: "null", stdout: "piped", stderr: "piped" })
      .spawn();
    void this.#pump(this.process.stdout);
    void this.#pump(this.process.stderr);
  }

  async #pump(stream: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      this.output = (this.output + decoder.decode(chunk, { stream: true })).slice(-20_000);
      this.#changed();
    }
  }

  /** Resolves once the output matches; rejects when the process ends first or after `ms`. */
  async waitFor(pattern: RegExp, ms = 120_000) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), ms));
    try {
      while (!pattern.test(this.output)) {
        const seen = new Promise<"seen">((resolve) => this.#changed = () => resolve("seen"));
        const what = await Promise.race([seen, late, this.process.status]);
        if (what === "late") throw new Error(`${this.name}: no ${pattern} in ${ms} ms:\n${this.output.slice(-3000)}`);
        if (what !== "seen") throw new Error(`${this.name} exited (${what.code}):\n${this.output.slice(-3000)}`);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM (graceful), SIGKILL after 10 s. */
  async stop() {
    try {
      this.process.kill("SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        this.process.kill("SIGKILL");
      } catch { /* gone */ }
    }, 10_000);
    await this.process.status;
    clearTimeout(timer);
  }
}

async function startPostgres(dir: string) {
  const found = postgresBin();
  if (!found) throw new Error("chat_fanout_cluster needs Debian's postgresql (apt-get install -y postgresql)");
  const data = join(dir, "pgdata");
  await initdb(found.bin, data);
  const port = freePort();
  const [cmd, args] = asPostgres(join(found.bin, "postgres"), [
    ...["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1"],
    // as the cluster test does: durability is not what this measures
    ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
  ]);
  const child = new Child("postgres", cmd, args);
  await child.waitFor(/database system is ready to accept connections/);
  return { child, url: `postgres://postgres@127.0.0.1:${port}/postgres` };
}

async function startRedis(dir: string) {
  const port = freePort();
  const child = new Child("redis", "redis-server", [
    ...["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
  ]);
  await child.waitFor(/Ready to accept connections/);
  return { child, url: `redis://127.0.0.1:${port}` };
}

/**
 * 1,000 members of the demo workspace in 20 channels of 50, each signed in (a session row, as the nodes
 * require), and half of every channel on each node.
 */
async function setUpWorkspace(db: Db, publicUrl: string, nodeUrls: string[]): Promise<LoadPlan["clients"]> {
  const { people, channelOf } = await seedFanoutMembers(db, SOCKETS, CHANNELS);
  // The nodes' own sign-in, run here: same secret, same issuer (PUBLIC_URL), sessions in the shared database.
  const auth = new AuthService(
    db,
    new JwtKeys(JWT_SECRET, `${publicUrl}/auth/v1`),
    createMailer(db, { smtpUrl: null, mailFrom: "Leadly <no-reply@leadly.local>" }),
  );
  const clients: LoadPlan["clients"] = [];
  for (const [i, person] of people.entries()) {
    const session = await auth.signInWithPassword(person.email, DEMO_PASSWORD, { userAgent: "bench" });
    clients.push({ token: session.access_token, channelId: channelOf.get(person.id)!, url: nodeUrls[i % 2] });
  }
  console.log(`chat_fanout_cluster: ${SOCKETS} members, ${CHANNELS} channels, signed in (${elapsed()})`);
  return clients;
}

function startNode(name: string, port: number, env: Record<string, string>) {
  const node = new Child(name, Deno.execPath(), ["run", "-A", "main.ts"], { PORT: String(port), ...env });
  return { node, ready: node.waitFor(/Leadly is ready/) };
}

function runInWorker(plan: LoadPlan): Promise<LoadReport> {
  const worker = new Worker(new URL("./chat_fanout_clients.ts", import.meta.url), {
    type: "module",
    name: "chat-fanout",
  });
  return new Promise<LoadReport>((resolve, reject) => {
    worker.onmessage = (event) => event.data.ok ? resolve(event.data.report) : reject(new Error(event.data.error));
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message));
    };
    worker.postMessage(plan);
  }).finally(() => worker.terminate());
}

function portIsFree(port: number) {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}

export async function chatFanoutCluster(): Promise<BenchResult[]> {
  started = performance.now();
  for (const port of NODE_PORTS) {
    if (!portIsFree(port)) throw new Error(`chat_fanout_cluster: port ${port} is taken (a node still running?)`);
  }
  const dir = await Deno.makeTempDir({ prefix: "leadly-bench-cluster-" });
  await Deno.chmod(dir, 0o777); // the postgres user writes its data and socket here
  const children: Child[] = [];
  let report: LoadReport;
  try {
    const [pg, redis] = await Promise.all([startPostgres(dir), startRedis(dir)]);
    children.push(pg.child, redis.child);
    const publicUrl = `http://localhost:${NODE_PORTS[0]}`;
    const nodeUrls = NODE_PORTS.map((port) => `http://127.0.0.1:${port}`);
    const db = openPostgres(pg.url, 4);
    let clients: LoadPlan["clients"];
    try {
      await migrate(db);
      await seedDemo(db);
      clients = await setUpWorkspace(db, publicUrl, nodeUrls);
    } finally {
      await db.close();
    }
    const env = (node: string) => ({
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      SUPABASE_JWT_SECRET: JWT_SECRET,
      LEADLY_SEED_DEMO: "false",
      LEADLY_DATA_DIR: join(dir, node),
      // one issuer for both nodes, so a token is valid on either (as behind a load balancer)
      PUBLIC_URL: publicUrl,
    });
    const nodes = NODE_PORTS.map((port, i) => startNode(`node ${i + 1}`, port, env(`node${i + 1}`)));
    children.push(...nodes.map((n) => n.node));
    await Promise.all(nodes.map((n) => n.ready));
    console.log(`chat_fanout_cluster: Postgres, Redis and two nodes up (${elapsed()})`);
    report = await runInWorker({
      url: nodeUrls[0],
      clients,
      messagesPerSecond: MESSAGES_PER_SECOND,
      arrivals: "poisson",
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      drainMs: DRAIN_MS,
    });
    console.log(`chat_fanout_cluster: run done (${elapsed()})`);
  } finally {
    // nodes first (they hold connections to both), then Redis and Postgres
    for (const child of children.reverse()) await child.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }

  const nothing = report.latenciesMs.length === 0;
  const p50 = nothing ? NaN : percentile(report.latenciesMs, 50);
  const p99 = nothing ? NaN : percentile(report.latenciesMs, 99);
  const perSecond = report.latenciesMs.length / (report.sendSeconds + 0.001);
  console.log(
    `chat_fanout_cluster: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ${Math.round(perSecond)} deliveries/s, ` +
      `lost ${report.lost} of ${report.expected}, failed sends ${report.failedSends}${
        report.firstError ? ` (${report.firstError})` : ""
      }; setup+connect ${report.connectSeconds.toFixed(1)} s`,
  );
  const timeline = report.perSecond.map((s) =>
    `${s.second}s ${s.p50.toFixed(1)}/${s.p99.toFixed(1)}/${s.max.toFixed(0)}`
  );
  console.log(`chat_fanout_cluster: p50/p99/max per second of sending: ${timeline.join(", ")}`);
  return [
    result("chat_fanout_cluster", "p50_ms", p50, "ms", null),
    result("chat_fanout_cluster", "p99_ms", p99, "ms", 50),
    result("chat_fanout_cluster", "lost", report.lost, "deliveries", 0),
    result("chat_fanout_cluster", "deliveries_per_s", perSecond, "1/s", null),
  ];
}
