// The client side of the chat_fanout benchmark, in a worker (its own thread, so the 1,000 sockets do not
// share the server's event loop): connects every socket, joins its channel room, sends `chat:send` at a
// steady rate from the members in turn, and measures send -> receive at every receiver on one clock.
import { io, type Socket } from "socket.io-client";

export interface LoadPlan {
  url: string;
  /** One per socket: its access token (none for the bare server), its channel's room, and the node it
   * connects to when not `url` (chat_fanout_cluster spreads the sockets over two app processes). */
  clients: { token?: string; channelId: string; url?: string }[];
  messagesPerSecond: number;
  /** "steady" (default): one send every 1/rate s. "poisson": independent people typing, so sends come in
   * random bursts and lulls at the same mean rate (exponential gaps, a fixed seed so runs compare). */
  arrivals?: "steady" | "poisson";
  /** Sent at the same rate first and delivered, but left out of the latency figures (JIT, first queries, GC). */
  warmupMs: number;
  durationMs: number;
  /** How long to wait for late deliveries after the last send. */
  drainMs: number;
}

export interface LoadReport {
  latenciesMs: number[];
  /** p50/p99 of the messages sent in each second of the run, to tell a warm-up or a stall from steady state. */
  perSecond: { second: number; p50: number; p99: number; max: number }[];
  expected: number;
  delivered: number;
  lost: number;
  sent: number;
  failedSends: number;
  sendSeconds: number;
  connectSeconds: number;
  firstError: string | null;
}

interface Delivered {
  payload?: { client_id?: string };
}

const CONNECT_BATCH = 50;

function connect(url: string, token: string | undefined): Promise<Socket> {
  const socket = io(url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: token ? { token } : {},
    timeout: 30_000,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(error));
  });
}

/** When each send is due, in ms after the first one. */
function sendSchedule(total: number, perSecond: number, arrivals: "steady" | "poisson"): number[] {
  const mean = 1000 / perSecond;
  if (arrivals === "steady") return Array.from({ length: total }, (_, i) => i * mean);
  let state = 0x9e3779b9; // xorshift32: the same bursts in every run
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 1) / 4294967297;
  };
  const times = [0];
  while (times.length < total) times.push(times[times.length - 1] - Math.log(random()) * mean);
  return times;
}

export async function runLoad(plan: LoadPlan): Promise<LoadReport> {
  const started = performance.now();
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < plan.clients.length; i += CONNECT_BATCH) {
      const batch = plan.clients.slice(i, i + CONNECT_BATCH);
      sockets.push(...await Promise.all(batch.map((c) => connect(c.url ?? plan.url, c.token))));
    }
    for (let i = 0; i < sockets.length; i += CONNECT_BATCH) {
      const joined = await Promise.all(
        sockets.slice(i, i + CONNECT_BATCH).map((socket, j) =>
          socket.timeout(30_000).emitWithAck("join", { room: `channel:${plan.clients[i + j].channelId}` })
        ),
      );
      const refused = joined.find((reply) => !reply?.ok);
      if (refused) throw new Error(`join refused: ${JSON.stringify(refused)}`);
    }
    const connectSeconds = (performance.now() - started) / 1000;

    const members = new Map<string, number>();
    for (const client of plan.clients) members.set(client.channelId, (members.get(client.channelId) ?? 0) + 1);
    const sentAt = new Map<string, number>();
    const latenciesMs: number[] = [];
    const bySecond: number[][] = [];
    let delivered = 0;
    let expected = 0;
    let pending = 0;
    let drained: (() => void) | null = null;
    for (const socket of sockets) {
      socket.on("message.created", (event: Delivered) => {
        const at = sentAt.get(event.payload?.client_id ?? "");
        if (at === undefined) return;
        const latency = performance.now() - at;
        const second = Math.floor((at - sendStarted - plan.warmupMs) / 1000);
        if (second >= 0) {
          latenciesMs.push(latency);
          (bySecond[second] ??= []).push(latency);
        }
        delivered++;
        if (--pending === 0) drained?.();
      });
    }

    // Senders take turns over all sockets, so no one socket comes near its rate limit.
    let sent = 0;
    let sendStarted = performance.now();
    let failedSends = 0;
    let firstError: string | null = null;
    const total = Math.round((plan.messagesPerSecond * (plan.warmupMs + plan.durationMs)) / 1000);
    const sendAt = sendSchedule(total, plan.messagesPerSecond, plan.arrivals ?? "steady");
    const acks: Promise<void>[] = [];
    sendStarted = performance.now();
    await new Promise<void>((resolve) => {
      const tick = () => {
        // Catch up on late timer ticks so the offered rate stays what the plan says.
        const now = performance.now() - sendStarted;
        while (sent < total && sendAt[sent] <= now) {
          const index = (sent * 7919) % sockets.length; // spread over channels and members
          const clientId = crypto.randomUUID();
          const channelId = plan.clients[index].channelId;
          expected += members.get(channelId)!;
          pending += members.get(channelId)!;
          sentAt.set(clientId, performance.now());
          acks.push(
            sockets[index].timeout(10_000).emitWithAck("chat:send", {
              channel_id: channelId,
              client_id: clientId,
              body: `Fan-out message ${sent}`,
            }).then((reply) => {
              if (!reply?.ok) {
                failedSends++;
                firstError ??= JSON.stringify(reply).slice(0, 300);
              }
            }, (error) => {
              failedSends++;
              firstError ??= String(error);
            }),
          );
          sent++;
        }
        if (sent >= total) resolve();
        else setTimeout(tick, Math.max(0, sendStarted + sendAt[sent] - performance.now()));
      };
      tick();
    });
    const sendSeconds = (performance.now() - sendStarted - plan.warmupMs) / 1000;
    await Promise.all(acks);
    if (pending > 0) {
      await new Promise<void>((resolve) => {
        drained = resolve;
        setTimeout(resolve, plan.drainMs);
      });
    }
    const pick = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    const perSecond = bySecond.map((values, second) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { second, p50: pick(sorted, 0.5), p99: pick(sorted, 0.99), max: sorted[sorted.length - 1] };
    });
    return {
      latenciesMs,
      perSecond,
      expected,
      delivered,
      lost: Math.max(0, expected - delivered),
      sent,
      failedSends,
      sendSeconds,
      connectSeconds,
      firstError,
    };
  } finally {
    for (const socket of sockets) socket.close();
  }
}

// As a worker: one plan in, one report out.
interface WorkerScope {
  name?: string;
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<LoadPlan>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;
if (scope.name === "chat-fanout") {
  scope.onmessage = async (event) => {
    try {
      scope.postMessage({ ok: true, report: await runLoad(event.data) });
    } catch (error) {
      scope.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) });
    }
  };
}
