// chat_fanout (ARCHITECTURE.md §8): 1,000 authenticated sockets in 20 channels of 50 members, 100 chat:send
// per second in total for 10 s (after a 2 s warm-up at the same rate); send -> receive latency at every
// receiver, deliveries per second and lost deliveries (of all messages, the warm-up's included). Then the same load against a bare socket.io server (same node:http, same rooms, no auth and
// no database) in the same run, as the floor. Clients run in a worker thread, the server on the main one.
// The server runs as `deno task start` does: the embedded database in a data directory on disk, PGlite in its
// worker thread (LEADLY_DB_WORKER=0: on the server's thread; LEADLY_BENCH_DB=template: the in-memory test
// template on the server's thread, as this benchmark ran before).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { startTestServer } from "../helpers/server.ts";
import { loadConfig } from "../../fresh.config.ts";
import { openEmbedded } from "../../lib/db/embedded.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { startServer } from "../../app/server.ts";
import type { AuthService } from "../../lib/auth/service.ts";
import type { Db } from "../../lib/db/mod.ts";
import { preparedDataDir, removeBase } from "../integration/durability_helpers.ts";
import { DEMO_PASSWORD } from "../../lib/seed/demo.ts";
import type { LoadPlan, LoadReport } from "./chat_fanout_clients.ts";
import { type BenchResult, percentile, result } from "./results.ts";
import { seedFanoutMembers } from "./fanout_members.ts";

const SOCKETS = 1000;
const CHANNELS = 20;
const MESSAGES_PER_SECOND = 100;
const WARMUP_MS = 2_000;
const DURATION_MS = 10_000;
const DRAIN_MS = 5_000;

let started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

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

interface App {
  url: string;
  db: Db;
  services: { auth: AuthService };
  close(): Promise<void>;
}

/** The app on the demo workspace, its database as the running app has it (see the top of this file). */
async function startApp(): Promise<App> {
  if (Deno.env.get("LEADLY_BENCH_DB") === "template") return await startTestServer({ seed: true });
  const dataDir = await preparedDataDir("leadly-bench-chat-");
  const db = await openEmbedded(dataDir);
  const config = { ...loadConfig({}), port: 0, dataDir, seedDemo: false, rateLimitFactor: 50 };
  const server = await startServer(config, db, createMailer(db, config), "bench-secret-".padEnd(48, "x"));
  return {
    url: server.url,
    db,
    services: server.services as unknown as App["services"],
    async close() {
      await server.close();
      await db.close();
      await Deno.remove(dataDir, { recursive: true });
      await removeBase();
    },
  };
}

/** 1,000 members of the demo workspace, 20 channels of 50, and a signed-in token for each member. */
async function setUpWorkspace(server: App) {
  const { db, services } = server;
  const { people, channelOf } = await seedFanoutMembers(db, SOCKETS, CHANNELS);
  const clients: LoadPlan["clients"] = [];
  for (const person of people) {
    const session = await services.auth.signInWithPassword(person.email, DEMO_PASSWORD, { userAgent: "bench" });
    clients.push({ token: session.access_token, channelId: channelOf.get(person.id)! });
  }
  console.log(`chat_fanout: ${SOCKETS} members, ${CHANNELS} channels, signed in (${elapsed()})`);
  return clients;
}

/** socket.io alone on node:http: join a room, and chat:send emits to the room and acks. The floor. */
async function startBareServer() {
  const http = createServer();
  const io = new Server(http, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  const seqs = new Map<string, number>();
  io.on("connection", (socket) => {
    socket.on("join", (payload: { room: string }, ack: (reply: unknown) => void) => {
      socket.join(payload.room);
      ack({ ok: true, room: payload.room, last_seq: seqs.get(payload.room) ?? 0 });
    });
    socket.on("chat:send", (payload: { channel_id: string; client_id: string; body: string }, ack) => {
      const room = `channel:${payload.channel_id}`;
      const seq = (seqs.get(room) ?? 0) + 1;
      seqs.set(room, seq);
      // About the shape and size of the app's Message, so both runs move the same bytes.
      const message = {
        ...payload,
        id: crypto.randomUUID(),
        seq,
        change_seq: seq,
        sender_id: socket.id,
        sender_name: "Fan",
        body_html: `<p>${payload.body}</p>`,
        parent_id: null,
        reply_count: 0,
        created_at: new Date().toISOString(),
        edited_at: null,
        deleted_at: null,
        reactions: [],
        mentions: [],
        unfurls: [],
      };
      io.to(room).emit("message.created", { room, seq, type: "message.created", payload: message });
      ack({ ok: true, message });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

function summarize(report: LoadReport) {
  const nothing = report.latenciesMs.length === 0;
  return {
    p50: nothing ? NaN : percentile(report.latenciesMs, 50),
    p99: nothing ? NaN : percentile(report.latenciesMs, 99),
    perSecond: report.latenciesMs.length / (report.sendSeconds + 0.001),
  };
}

export async function chatFanout(): Promise<BenchResult[]> {
  started = performance.now();
  const plan = (url: string, clients: LoadPlan["clients"]): LoadPlan => ({
    url,
    clients,
    messagesPerSecond: MESSAGES_PER_SECOND,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    drainMs: DRAIN_MS,
  });

  const server = await startApp();
  let app: LoadReport;
  let channelIds: string[];
  try {
    const clients = await setUpWorkspace(server);
    channelIds = clients.map((c) => c.channelId);
    app = await runInWorker(plan(server.url, clients));
    console.log(`chat_fanout: app run done (${elapsed()})`);
  } finally {
    await server.close();
  }

  const bare = await startBareServer();
  let floor: LoadReport;
  try {
    floor = await runInWorker(plan(bare.url, channelIds.map((channelId) => ({ channelId }))));
  } finally {
    await bare.close();
  }

  const a = summarize(app);
  const b = summarize(floor);
  console.log(
    `chat_fanout: app p50 ${a.p50.toFixed(1)} ms, p99 ${a.p99.toFixed(1)} ms, ${
      Math.round(a.perSecond)
    } deliveries/s, ` +
      `lost ${app.lost} of ${app.expected}, failed sends ${app.failedSends}${
        app.firstError ? ` (${app.firstError})` : ""
      }; ` +
      `bare p50 ${b.p50.toFixed(1)} ms, p99 ${b.p99.toFixed(1)} ms, lost ${floor.lost}; ` +
      `setup+connect ${app.connectSeconds.toFixed(1)} s`,
  );
  const timeline = (r: LoadReport) =>
    r.perSecond.map((s) => `${s.second}s ${s.p50.toFixed(1)}/${s.p99.toFixed(1)}/${s.max.toFixed(0)}`).join(", ");
  console.log(`chat_fanout: app p50/p99/max per second of sending: ${timeline(app)}`);
  console.log(`chat_fanout: bare p50/p99/max per second of sending: ${timeline(floor)}`);
  return [
    result("chat_fanout", "p50_ms", a.p50, "ms", null),
    result("chat_fanout", "p99_ms", a.p99, "ms", 50),
    result("chat_fanout", "lost", app.lost, "deliveries", 0),
    result("chat_fanout", "deliveries_per_s", a.perSecond, "1/s", null),
    result("chat_fanout", "ratio_p50_vs_bare", a.p50 / Math.max(b.p50, 0.001), "x", 1.5),
    result("chat_fanout", "bare_p50_ms", b.p50, "ms", null),
    result("chat_fanout", "bare_p99_ms", b.p99, "ms", null),
  ];
}
