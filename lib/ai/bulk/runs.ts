// "Write with AI" on a list selection: one form, drafts per record. A run is a row of public.ai_bulk_runs with
// the selection as it was when started; each record's drafts (or why there are none) are a row of
// public.ai_bulk_drafts. A few records are written during the request; more go to the queue (job
// `ai-bulk-write`, one per run, its id the singleton key) and the list shows the progress. Records are written
// BULK_PACE.concurrency at a time, pausing together when the provider rate-limits (pool.ts); a process that
// stops cleanly ends the run after the records in progress and hands it back to the queue.
// Credits: each record is charged "ai.write" with the key "ai.write:bulk:<run>:<record>", so a record written
// again after a crash or a retried job is never charged twice; a provider failure refunds that record's charge
// (spendCredits). The run works as the person who started it (RLS applies): another team's ids are refused with
// a 404 when the run starts, before anything is charged or written.
import { type Caller, memberCaller } from "../../caller.ts";
import type { Db } from "../../db/mod.ts";
import { toAppError } from "../../db/errors.ts";
import { AppError } from "../../errors.ts";
import type { EnvReader } from "../../functions/env.ts";
import { isUuid } from "../../ids.ts";
import type { JobAttempt } from "../../jobs/queue.ts";
import { ResumableRuns, type RunEnd } from "../../jobs/resumable-runs.ts";
import { queueFor } from "../../jobs/registry.ts";
import { type CreditCharge, spendCredits } from "../../credits/spend.ts";
import { aiConfig, providerName } from "../config.ts";
import { loadRecordContext } from "../context.ts";
import type { Draft } from "../writer/input.ts";
import { draftsFor } from "../writer/write.ts";
import { rateLimitWait } from "../chat.ts";
import { backoffMs, type BackoffPolicy, BULK_BACKOFF, inOrderPool, RateGate } from "./pool.ts";
import { type BulkWriteInput, type BulkWriteSettings, INLINE_BULK_RECORDS, recordName, settingsOf } from "./input.ts";

export const BULK_WRITE_JOB = "ai-bulk-write";

export type BulkRecordType = "contact" | "lead";

export interface BulkRun {
  id: string;
  team_id: string;
  created_by: string;
  record_type: BulkRecordType;
  settings: BulkWriteSettings;
  provider: string;
  status: "running" | "done" | "failed";
  total: number;
  processed: number;
  written: number;
  failed: number;
  credits_spent: number;
  message: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface BulkDraft {
  record_id: string;
  record_name: string;
  position: number;
  status: "written" | "failed";
  variants: Draft[];
  error: string | null;
  /** Bumped by each saved edit (lib/ai/bulk/edits.ts); an edit names the version it started from. */
  version: number;
  /** When a person last saved an edit (null: the drafts as written). */
  edited_at: string | null;
}

const RUN_COLUMNS = `id, team_id, created_by, record_type, settings, provider, status, total, processed, written,
  failed, credits_spent, message, created_at, finished_at`;

const TABLES: Record<BulkRecordType, { table: string; name: string }> = {
  contact: { table: "public.contacts", name: "first_name, last_name" },
  lead: { table: "public.leads", name: "business_name" },
};

/** The settings each database's runs use (the server's that started them; tests point them at a fake). */
const settingsByDb = new WeakMap<Db, EnvReader>();
/** Runs going on in this process (tests wait for one). */
const runs = new ResumableRuns("ai bulk run", failRun);

export function whenBulkRunFinished(id: string): Promise<unknown> {
  return runs.finished(id);
}

/** The visible records among `ids` (as the caller), with their names; in the order asked. */
async function visibleRecords(caller: Caller, type: BulkRecordType, ids: string[]): Promise<Map<string, string>> {
  const { table, name } = TABLES[type];
  const rows = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<Record<string, unknown> & { id: string }>(
      `select id, ${name} from ${table} where id = any($1::uuid[]) and team_id = $2 and deleted_at is null`,
      [ids, caller.teamId],
    ));
  const names = new Map(rows.map((row) => [row.id, recordName(type, row)]));
  return new Map(ids.filter((id) => names.has(id)).map((id) => [id, names.get(id)!]));
}

/** Refuses before anything starts when the balance cannot pay for even one record. */
async function assertAffordable(caller: Caller) {
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<{ balance: number | null; cost: number | null }>(
      `select (select balance from public.credit_balances where team_id = $1) as balance,
         (select cost from public.credit_costs where action = 'ai.write') as cost`,
      [caller.teamId],
    ));
  if (row && row.cost !== null && Number(row.balance ?? 0) < Number(row.cost)) {
    throw new AppError(
      "payment_required",
      "Your team has no credits left for the AI writer. Add credits in Settings → Usage.",
    );
  }
}

/**
 * Starts a bulk write over the caller's selection. Every id must be a record the caller can see in this
 * workspace (else 404, nothing charged or written). Up to INLINE_BULK_RECORDS records are written before this
 * returns (the run comes back done); more are written in the background.
 */
export async function startBulkRun(
  db: Db,
  caller: Caller,
  settings: EnvReader,
  input: BulkWriteInput,
): Promise<BulkRun> {
  if (caller.role === "viewer") throw new AppError("forbidden", "Viewers cannot write messages with AI.");
  const ids = [...new Set(input.ids)];
  const visible = await visibleRecords(caller, input.recordType, ids);
  if (visible.size !== ids.length) {
    throw new AppError(
      "not_found",
      `${ids.length - visible.size} of the selected ${input.recordType}s do not exist in this workspace or you ` +
        "cannot see them. Nothing was written or charged.",
    );
  }
  await assertAffordable(caller);
  const provider = providerName(aiConfig(settings));
  const [run] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<BulkRun>(
      `insert into public.ai_bulk_runs (team_id, created_by, record_type, record_ids, settings, provider, total)
       values ($1, $2, $3, $4::uuid[], $5::jsonb, $6, $7) returning ${RUN_COLUMNS}`,
      [
        caller.teamId,
        caller.claims.sub,
        input.recordType,
        ids,
        JSON.stringify(settingsOf(input)),
        provider,
        ids.length,
      ],
    ));
  settingsByDb.set(db, settings);
  if (ids.length <= INLINE_BULK_RECORDS) {
    await launch(db, settings, run.id);
    return (await getBulkRun(caller, run.id)).run;
  }
  await dispatch(db, settings, run);
  return run;
}

/** A run with its drafts so far, in the selection's order; 404 for another team's run. */
export async function getBulkRun(caller: Caller, id: string): Promise<{ run: BulkRun; drafts: BulkDraft[] }> {
  const notFound = new AppError("not_found", "That bulk writing run does not exist in this workspace.");
  if (!isUuid(id)) throw notFound;
  return await caller.db.asUser(caller.claims, async (tx) => {
    const [run] = await tx.query<BulkRun>(
      `select ${RUN_COLUMNS} from public.ai_bulk_runs where id = $1 and team_id = $2`,
      [id, caller.teamId],
    );
    if (!run) throw notFound;
    const drafts = await tx.query<BulkDraft>(
      `select record_id, record_name, position, status, variants, error, version, edited_at
       from public.ai_bulk_drafts
       where run_id = $1 order by position`,
      [id],
    );
    return { run, drafts };
  });
}

async function dispatch(db: Db, settings: EnvReader, run: BulkRun) {
  const queue = queueFor(db);
  if (queue) {
    try {
      await queue.send(BULK_WRITE_JOB, { runId: run.id, teamId: run.team_id }, { singletonKey: run.id });
      return;
    } catch (error) {
      console.error(`ai bulk run ${run.id}: could not queue it, writing it here`, error);
    }
  }
  void launch(db, settings, run.id);
}

function launch(db: Db, settings: EnvReader, id: string): Promise<unknown> {
  const message = "The writing stopped because of an error on our side. Drafts so far are kept.";
  return runs.launch(db, id, () => continueBulkRun(db, settings, id), message);
}

/**
 * The `ai-bulk-write` queue job: carries on from the records already written. "stopped" when this process
 * began to stop (`attempt.stopping`): the records in progress were saved, the run stays running and the caller
 * hands it back to the queue (lib/ai/bulk/jobs.ts). Errors are thrown to retry.
 */
export async function runQueuedBulkWrite(
  db: Db,
  fallback: EnvReader,
  data: unknown,
  attempt: JobAttempt,
): Promise<RunEnd> {
  const settings = settingsByDb.get(db) ?? fallback;
  return await runs.queued(
    db,
    (data as { runId?: unknown } | null)?.runId,
    attempt,
    (id, signal) => continueBulkRun(db, settings, id, { signal }),
    "The writing stopped after several tries because of an error on our side.",
  );
}

async function failRun(db: Db, id: string, message: string) {
  await db.asService("ai:bulk-fail-run", (tx) =>
    tx.query(
      `update public.ai_bulk_runs set status = 'failed', message = $2, finished_at = now()
       where id = $1 and status = 'running'`,
      [id, message],
    ));
}

interface RunRow extends BulkRun {
  record_ids: string[];
}

/** The person who started the run, in its team, with their role now (null once they left). */
const runCaller = (db: Db, run: RunRow) => memberCaller(db, run.team_id, run.created_by, "ai:bulk-run-member");

type Outcome =
  | { kind: "written"; variants: Draft[]; generationId: string; charge: CreditCharge }
  | { kind: "failed"; message: string }
  | { kind: "out_of_credits"; message: string }
  | { kind: "stopped" };

/** A record waiting out a rate limit when the process began to stop: refunded, written after the restart. */
const STOPPED_WHILE_WAITING = new Error("stopped while waiting out a rate limit");

/** How a run writes: this many records at once, backing off together when the provider rate-limits. */
export interface BulkPace {
  concurrency: number;
  backoff: BackoffPolicy;
}

export const BULK_PACE: BulkPace = { concurrency: 4, backoff: BULK_BACKOFF };

/**
 * One record: loaded as the person (404 when it became invisible), charged once per run, drafts written. A
 * rate-limited provider is asked again after the run's shared pause, inside the same charge, so a record that
 * gets through after a few 429s is charged once and one that never does is refunded once.
 */
async function writeOne(
  caller: Caller,
  settings: EnvReader,
  run: RunRow,
  recordId: string,
  gate: RateGate,
  backoff: BackoffPolicy,
  signal?: AbortSignal,
): Promise<Outcome> {
  try {
    const context = await loadRecordContext(caller, run.record_type, recordId);
    const input = { ...run.settings, recordType: run.record_type, recordId };
    const key = `ai.write:bulk:${run.id}:${recordId}`;
    return await spendCredits(caller, { action: "ai.write", key }, async (charge) => {
      for (let retry = 0;; retry++) {
        await gate.wait();
        if (retry > 0 && signal?.aborted) throw STOPPED_WHILE_WAITING;
        try {
          const result = await draftsFor(caller, settings, context, input);
          return { kind: "written" as const, variants: result.variants, generationId: result.generationId, charge };
        } catch (error) {
          const hint = rateLimitWait(error);
          if (hint === null || retry >= backoff.maxRetries) throw error;
          gate.pause(backoffMs(backoff, retry, hint ?? null));
        }
      }
    });
  } catch (error) {
    if (error === STOPPED_WHILE_WAITING) return { kind: "stopped" };
    const known = toAppError(error);
    if (!(known instanceof AppError)) throw error;
    if (known.status === 402) return { kind: "out_of_credits", message: known.message };
    return { kind: "failed", message: known.message.slice(0, 500) };
  }
}

/** Saves a record's outcome and moves the counters in one transaction; false when it was saved before. */
async function saveOutcome(
  caller: Caller,
  run: RunRow,
  position: number,
  recordId: string,
  name: string,
  outcome: Exclude<Outcome, { kind: "out_of_credits" | "stopped" }>,
): Promise<boolean> {
  return await caller.db.asUser(caller.claims, async (tx) => {
    const written = outcome.kind === "written";
    const inserted = await tx.query(
      `insert into public.ai_bulk_drafts
         (team_id, run_id, record_id, record_name, position, status, variants, error, generation_id)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
       on conflict (run_id, record_id) do nothing returning id`,
      [
        caller.teamId,
        run.id,
        recordId,
        name,
        position,
        outcome.kind,
        JSON.stringify(written ? outcome.variants : []),
        written ? null : outcome.message,
        written ? outcome.generationId : null,
      ],
    );
    if (inserted.length === 0) return false;
    // A replayed charge counts too: it was taken by an attempt that died before saving this record (a saved
    // record is never written again), so this row is the first to account for it.
    const credits = written ? outcome.charge.cost : 0;
    await tx.query(
      `update public.ai_bulk_runs set processed = processed + 1, written = written + $2, failed = failed + $3,
         credits_spent = credits_spent + $4
       where id = $1`,
      [run.id, written ? 1 : 0, written ? 0 : 1, credits],
    );
    return true;
  });
}

async function finish(caller: Caller, run: RunRow, status: "done" | "failed", message: string | null) {
  await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `update public.ai_bulk_runs set status = $2, message = $3, finished_at = now()
       where id = $1 and status = 'running'`,
      [run.id, status, message],
    ));
}

/**
 * Writes the run's records not written yet, a few at once (`pace.concurrency`), as the person who started it.
 * Each record's drafts are saved at its position, so the review lists them in the selection's order whatever
 * order they finished in. With `signal` aborted (the process is stopping) no new record starts: the ones in
 * progress are saved and "stopped" is returned with the run still running, to be resumed.
 */
export async function continueBulkRun(
  db: Db,
  settings: EnvReader,
  id: string,
  options: { signal?: AbortSignal; pace?: BulkPace } = {},
): Promise<"ended" | "stopped"> {
  const [run] = await db.asService(
    "ai:bulk-load-run",
    (tx) => tx.query<RunRow>(`select ${RUN_COLUMNS}, record_ids from public.ai_bulk_runs where id = $1`, [id]),
  );
  if (!run || run.status !== "running") return "ended";
  const caller = await runCaller(db, run);
  if (!caller || caller.role === "viewer") {
    await failRun(db, id, "The person who started this run can no longer write in this workspace.");
    return "ended";
  }
  const done = new Set(
    (await caller.db.asUser(
      caller.claims,
      (tx) => tx.query<{ record_id: string }>("select record_id from public.ai_bulk_drafts where run_id = $1", [id]),
    )).map((r) => r.record_id),
  );
  const names = await visibleRecords(caller, run.record_type, run.record_ids);
  const pace = options.pace ?? BULK_PACE;
  const gate = new RateGate();
  const todo = [...run.record_ids.entries()].filter(([, recordId]) => !done.has(recordId));
  let outOfCredits: string | null = null;
  await inOrderPool(todo, pace.concurrency, async ([position, recordId]) => {
    const outcome = await writeOne(caller, settings, run, recordId, gate, pace.backoff, options.signal);
    if (outcome.kind === "stopped") return;
    if (outcome.kind === "out_of_credits") {
      outOfCredits ??= outcome.message;
      return;
    }
    const name = names.get(recordId) ?? `A ${run.record_type} you can no longer see`;
    await saveOutcome(caller, run, position, recordId, name, outcome);
    done.add(recordId);
  }, () => outOfCredits !== null || options.signal?.aborted === true);
  if (outOfCredits !== null) {
    await finish(
      caller,
      run,
      "failed",
      `${outOfCredits} Stopped after ${done.size} of ${run.total} records; drafts so far are kept.`.slice(0, 500),
    );
    return "ended";
  }
  if (done.size < run.record_ids.length && options.signal?.aborted) return "stopped";
  await finish(caller, run, "done", null);
  return "ended";
}
