// chat_send: what one chat:send costs on the server, without the fan-out (docs/chat-protocol.md, "What a send
// costs"). The embedded database as `deno task start` has it (on disk, PGlite in its worker thread), a 50-member
// private channel, sends one after another. Interleaved in the same run, so a shared, noisy machine slows all
// alike:
//   send        sendMessage as the socket handler calls it (render, one transaction, one statement)
//   two_queries the shape before 20261209020000: the same statement plus the audience read again as the user,
//               under the RLS of channels and channel_members
//   empty_tx    a transaction as the user that runs nothing: the floor of any write
// `min` is the figure least disturbed by other processes; p50 is what a person meets.
// Also prints the functions the database ran per send (track_functions), triggers included.
import { openEmbedded } from "../../lib/db/embedded.ts";
import { preparedDataDir, removeBase } from "../integration/durability_helpers.ts";
import { seedFanoutMembers } from "./fanout_members.ts";
import { claimsForUser } from "../../lib/db/claims.ts";
import { sendMessage } from "../../lib/chat/messages.ts";
import { type BenchResult, percentile, result } from "./results.ts";

const ROUNDS = 300;
const WARMUP = 50;

const OLD_AUDIENCE = `(select json_build_object('team_id', c.team_id, 'type', c.type,
  'members', coalesce(array_agg(m.user_id) filter (where m.user_id is not null and not m.muted), '{}'))
  from public.channels c left join public.channel_members m on m.channel_id = c.id
  where c.id = $1 group by c.team_id, c.type)`;

export async function chatSend(): Promise<BenchResult[]> {
  const dataDir = await preparedDataDir("leadly-bench-chat-send-");
  const db = await openEmbedded(dataDir);
  try {
    const { people, channelOf } = await seedFanoutMembers(db, 100, 2);
    const sender = people[0];
    const channel = channelOf.get(sender.id)!;
    const [{ team_id: teamId }] = await db.asService(
      "bench:chat-send",
      (tx) => tx.query<{ team_id: string }>("select team_id from public.channels where id = $1", [channel]),
    );
    const actor = { claims: claimsForUser(sender.id, sender.email, teamId), teamId };
    let n = 0;
    const variants: Record<string, () => Promise<unknown>> = {
      send: () =>
        sendMessage(db, actor, { channel_id: channel, client_id: crypto.randomUUID(), body: `Message ${n++}` }, ""),
      two_queries: () =>
        db.asUser(actor.claims, (tx) =>
          tx.query(
            `select app.chat_send($1, $2, $3, $4, null, '{}'::uuid[], false, '[]'::jsonb) as r, ${OLD_AUDIENCE} as a`,
            [channel, crypto.randomUUID(), `Message ${n}`, `<p>Message ${n++}</p>`],
          )),
      empty_tx: () => db.asUser(actor.claims, async () => {}),
    };
    const times: Record<string, number[]> = {};
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      for (const [name, run] of Object.entries(variants)) {
        const started = performance.now();
        await run();
        if (i >= WARMUP) (times[name] ??= []).push(performance.now() - started);
      }
    }
    await printFunctions(db, actor, channel);
    const figures = Object.entries(times).map(([name, ts]) =>
      `${name} min ${Math.min(...ts).toFixed(2)} p50 ${percentile(ts, 50).toFixed(2)} ms`
    );
    console.log(`chat_send: ${figures.join(" | ")}`);
    return Object.entries(times).flatMap(([name, ts]) => [
      result("chat_send", `${name}_min_ms`, Math.min(...ts), "ms", null),
      result("chat_send", `${name}_p50_ms`, percentile(ts, 50), "ms", null),
    ]);
  } finally {
    await db.close();
    await Deno.remove(dataDir, { recursive: true });
    await removeBase();
  }
}

/** The database functions one send runs (triggers included), from Postgres' own function statistics. */
async function printFunctions(
  db: Awaited<ReturnType<typeof openEmbedded>>,
  actor: { claims: ReturnType<typeof claimsForUser>; teamId: string },
  channel: string,
) {
  const sends = 100;
  await db.asService("bench:chat-send", (tx) => tx.query("select set_config('track_functions', 'all', false)"));
  await db.asService("bench:chat-send", (tx) => tx.query("select pg_stat_reset()"));
  for (let i = 0; i < sends; i++) {
    await sendMessage(db, actor, { channel_id: channel, client_id: crypto.randomUUID(), body: `Counted ${i}` }, "");
  }
  const stats = await db.asService("bench:chat-send", async (tx) => {
    await tx.query("select pg_stat_force_next_flush()");
    return await tx.query<{ f: string; calls: number; self: number }>(
      `select schemaname || '.' || funcname as f, calls, self_time as self from pg_stat_user_functions
       where calls > 0 order by total_time desc`,
    );
  });
  console.log(
    `chat_send: functions per send: ${
      stats.map((s) => `${s.f} ×${(s.calls / sends).toFixed(1)} (${(s.self / sends).toFixed(2)} ms self)`).join(", ")
    }`,
  );
}
