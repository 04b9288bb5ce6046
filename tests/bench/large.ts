// The benchmark workspace, opened once per bench run and shared by the benchmarks that need it.
import { openLargeDb } from "../../scripts/seed-large.ts";
import { claimsFor } from "../helpers/fixtures.ts";
import { LARGE_OWNER } from "../../lib/seed/large.ts";

let opened: ReturnType<typeof open> | undefined;

async function open() {
  // LEADLY_LARGE_DIR: a large seed of one's own (a shared .data/large may be mid-change by someone else)
  const { db, teamId } = await openLargeDb(Deno.env.get("LEADLY_LARGE_DIR") || undefined);
  const [owner] = await db.asService(
    "bench:owner",
    (tx) => tx.query<{ id: string }>("select id from auth.users where email = $1", [LARGE_OWNER]),
  );
  return { db, teamId, claims: claimsFor(owner.id, LARGE_OWNER, teamId) };
}

export function largeWorkspace() {
  opened ??= open();
  return opened;
}

export async function closeLargeWorkspace() {
  if (opened) await (await opened).db.close();
  opened = undefined;
}

/** Runs fn n times (after a few warm-ups) and returns each run's milliseconds. */
export async function sample(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  return times;
}
