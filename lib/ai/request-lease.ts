// Leases on AI requests that must happen once per key (a proposal retried with the same Idempotency-Key). The
// attempt working on a key holds its row of public.ai_request_leases and refreshes a heartbeat while it works.
// A retry of the same key:
// - gets the finished work's answer when the lease is done;
// - is told "still being written" (409) while the holder is alive;
// - takes the lease over when the holder is gone: no heartbeat for `staleAfterMs` (its process died or
//   froze), the lease is older than `maxAgeMs` (no request runs that long), or it was held by this very
//   process by an attempt that no longer runs.
// The work's result is committed together with `completeLease` (same transaction), which checks the holder:
// an attempt whose lease was taken over can never commit, so one key never yields two results.
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/mod.ts";
import { AppError } from "../errors.ts";

/** This process, as named on the leases it holds. */
export const PROCESS_ID = crypto.randomUUID();

export interface LeaseTiming {
  heartbeatMs: number;
  staleAfterMs: number;
  maxAgeMs: number;
}

export const LEASE_TIMING: LeaseTiming = { heartbeatMs: 5_000, staleAfterMs: 20_000, maxAgeMs: 5 * 60_000 };

/** Attempts holding a lease in this process now. */
const holding = new Set<string>();

export interface Lease {
  key: string;
  holder: string;
  /** True when this attempt took the key over from one that was gone. */
  tookOver: boolean;
  /** Aborted when the lease is lost (taken over) or too old: the work should stop. */
  signal: AbortSignal;
  /** Stops the heartbeat (always call it, in finally). */
  stop(): void;
}

export type LeaseClaim =
  | { kind: "acquired"; lease: Lease }
  | { kind: "done"; result: unknown }
  | { kind: "busy" };

/** Thrown by completeLease when another attempt holds the key now: the work must not commit. */
export class LeaseLost extends AppError {
  constructor() {
    super("conflict", "Another attempt took this request over; its answer is the one kept.");
  }
}

interface LeaseRow {
  holder: string;
  process_id: string;
  status: "running" | "done";
  result: unknown;
  stale: boolean;
}

/** Takes the key's lease, or says why not (done: its answer; busy: a live attempt holds it). */
export async function acquireLease(
  caller: Caller,
  key: string,
  timing: LeaseTiming = LEASE_TIMING,
): Promise<LeaseClaim> {
  const holder = crypto.randomUUID();
  const claim = await caller.db.asUser(caller.claims, async (tx) => {
    const inserted = await tx.query(
      `insert into public.ai_request_leases (team_id, key, holder, process_id) values ($1, $2, $3, $4)
       on conflict (team_id, key) do nothing returning holder`,
      [caller.teamId, key, holder, PROCESS_ID],
    );
    if (inserted.length > 0) return { kind: "acquired" as const, tookOver: false };
    const [row] = await tx.query<LeaseRow>(
      `select holder, process_id, status, result,
         (heartbeat_at < now() - make_interval(secs => $3::float8 / 1000)
           or started_at < now() - make_interval(secs => $4::float8 / 1000)) as stale
       from public.ai_request_leases where team_id = $1 and key = $2 for update`,
      [caller.teamId, key, timing.staleAfterMs, timing.maxAgeMs],
    );
    if (!row) return { kind: "busy" as const }; // let go of this very moment: the caller may retry
    if (row.status === "done") return { kind: "done" as const, result: row.result };
    const gone = row.stale || (row.process_id === PROCESS_ID && !holding.has(row.holder));
    if (!gone) return { kind: "busy" as const };
    await tx.query(
      `update public.ai_request_leases set holder = $3, process_id = $4, user_id = (select auth.uid()),
         started_at = now(), heartbeat_at = now()
       where team_id = $1 and key = $2`,
      [caller.teamId, key, holder, PROCESS_ID],
    );
    return { kind: "acquired" as const, tookOver: true };
  });
  if (claim.kind !== "acquired") return claim;
  return { kind: "acquired", lease: keepAlive(caller, key, holder, claim.tookOver, timing) };
}

/** Beats the lease's heartbeat until stopped; aborts its signal when the lease is lost or too old. */
function keepAlive(caller: Caller, key: string, holder: string, tookOver: boolean, timing: LeaseTiming): Lease {
  const lost = new AbortController();
  holding.add(holder);
  const deadline = setTimeout(() => lost.abort(new LeaseLost()), timing.maxAgeMs);
  let beat: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    beat = setTimeout(async () => {
      const rows = await caller.db.asUser(caller.claims, (tx) =>
        tx.query(
          `update public.ai_request_leases set heartbeat_at = now()
           where team_id = $1 and key = $2 and holder = $3 and status = 'running' returning 1`,
          [caller.teamId, key, holder],
        )).catch(() => null); // a missed beat is not fatal: the next one (or the final check) decides
      if (rows && rows.length === 0) lost.abort(new LeaseLost());
      if (!lost.signal.aborted && holding.has(holder)) next();
    }, timing.heartbeatMs);
  };
  next();
  return {
    key,
    holder,
    tookOver,
    signal: lost.signal,
    stop() {
      holding.delete(holder);
      clearTimeout(beat);
      clearTimeout(deadline);
    },
  };
}

/**
 * Marks the lease done with `result`, inside the transaction that commits the work: throws LeaseLost (and so
 * rolls the work back) when this attempt no longer holds it.
 */
export async function completeLease(tx: Tx, teamId: string, lease: Lease, result: unknown): Promise<void> {
  const rows = await tx.query(
    `update public.ai_request_leases set status = 'done', result = $4::jsonb, finished_at = now()
     where team_id = $1 and key = $2 and holder = $3 and status = 'running' returning 1`,
    [teamId, lease.key, lease.holder, JSON.stringify(result)],
  );
  if (rows.length === 0) throw new LeaseLost();
}

/** Lets go of an unfinished lease (the work failed), so a retry starts at once instead of waiting. */
export async function releaseLease(caller: Caller, lease: Lease): Promise<void> {
  await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      "delete from public.ai_request_leases where team_id = $1 and key = $2 and holder = $3 and status = 'running'",
      [caller.teamId, lease.key, lease.holder],
    ));
}

/** The key's lease as it is now (after a LeaseLost: the winner's answer, if it finished). */
export async function leaseResult(caller: Caller, key: string): Promise<unknown | null> {
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<{ result: unknown }>(
      "select result from public.ai_request_leases where team_id = $1 and key = $2 and status = 'done'",
      [caller.teamId, key],
    ));
  return row?.result ?? null;
}
