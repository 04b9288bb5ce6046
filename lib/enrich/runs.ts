// Enriching a whole list in the background. A run is a row of public.enrichment_runs holding the list of ids
// as it was when started; `processed` says how many are done. Each batch looks its records up (credits are
// charged per record with the key "<action>:<run>:<record>", so a batch done again is never charged again),
// then ONE user transaction writes the batch's results and moves the counters: after a crash or a restart the
// run continues after the last committed batch. One queue job per run (its id is the singleton key).
// The run works as the person who started it (RLS applies, the credits are theirs); a record that became
// invisible or was deleted meanwhile is skipped, never read with more rights.
import { AppError } from "../errors.ts";
import { type Caller, memberCaller } from "../caller.ts";
import type { Db } from "../db/mod.ts";
import { isUuid } from "../ids.ts";
import { queueFor } from "../jobs/registry.ts";
import type { JobAttempt } from "../jobs/queue.ts";
import { ResumableRuns, type RunEnd } from "../jobs/resumable-runs.ts";
import { chargeInTransaction } from "../credits/spend.ts";
import { toAppError } from "../db/errors.ts";
import { buildListQuery } from "../records/list-query.ts";
import { contactsSpec } from "../records/contacts.ts";
import { companiesSpec } from "../records/companies.ts";
import { getView } from "../records/saved-views.ts";
import type { EnrichKind } from "./apply.ts";
import { BatchCache } from "./cache.ts";
import type { EnrichSetup } from "./config.ts";
import { actionFor, assertCanEnrich, emailOf, lookUp, providerOutage, UNITS, verificationFor } from "./service.ts";
import { loadRecords, type RecordRow, saveEnrichments } from "./store.ts";
import type { FieldName } from "./types.ts";
import { lookupKey, type WaterfallResult } from "./waterfall.ts";
import type { EmailVerification } from "./verify.ts";

export const ENRICH_JOB = "enrich-run";
export const MAX_RUN_RECORDS = 10_000;
/** Records per committed batch; lookups inside a batch run this many at a time. */
export const RUN_BATCH = { size: 50, concurrency: 8 };
const MAX_REPORTED = 50;

export interface EnrichRun {
  id: string;
  team_id: string;
  created_by: string;
  record_type: EnrichKind;
  status: "running" | "done" | "failed";
  overwrite: boolean;
  total: number;
  processed: number;
  enriched: number;
  skipped: number;
  failed: number;
  credits_spent: number;
  errors: { id: string; message: string }[];
  message: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

const RUN_COLUMNS = `id, team_id, created_by, record_type, status, overwrite, total, processed, enriched, skipped,
  failed, credits_spent, errors, message, created_at, updated_at, finished_at`;

export interface RunTarget {
  recordType: EnrichKind;
  ids?: string[];
  viewId?: string;
  filter?: Record<string, string>;
  overwrite?: boolean;
}

const SPECS = { contacts: contactsSpec, companies: companiesSpec };

/** The ids a filter (or a saved view's filter) selects, as the user, at most MAX_RUN_RECORDS. */
async function idsOfFilter(caller: Caller, kind: EnrichKind, filter: Record<string, string>): Promise<string[]> {
  const { cursor: _cursor, limit: _limit, ...query } = filter;
  const built = buildListQuery(SPECS[kind], caller.teamId, query);
  // The list query pages (200 at most); a run takes the whole selection, one more to tell it is too large.
  const sql = built.sql.replace(/limit \d+\s*$/, `limit ${MAX_RUN_RECORDS + 1}`);
  const rows = await caller.db.asUser(caller.claims, (tx) => tx.query<{ id: string }>(sql, built.params));
  return rows.map((r) => r.id);
}

async function resolveIds(caller: Caller, target: RunTarget): Promise<string[]> {
  if (target.ids) return [...new Set(target.ids)];
  if (target.viewId) {
    const view = await getView(caller.db, caller.claims, caller.teamId, target.viewId);
    if (view.resource !== target.recordType) {
      throw new AppError("unprocessable_entity", `That view lists ${view.resource}, not ${target.recordType}.`);
    }
    return await idsOfFilter(caller, target.recordType, view.query);
  }
  return await idsOfFilter(caller, target.recordType, target.filter ?? {});
}

/** Starts a run over the caller's visible records among the target; ids of other teams are left out. */
export async function startRun(db: Db, caller: Caller, setup: EnrichSetup, target: RunTarget): Promise<EnrichRun> {
  assertCanEnrich(caller);
  const wanted = await resolveIds(caller, target);
  if (wanted.length > MAX_RUN_RECORDS) {
    throw new AppError(
      "unprocessable_entity",
      `That is more than ${MAX_RUN_RECORDS.toLocaleString("en")} records; narrow the filter and run it in parts.`,
    );
  }
  const visible = await caller.db.asUser(caller.claims, async (tx) => {
    const found = new Set<string>();
    for (let i = 0; i < wanted.length; i += 1000) {
      const rows = await tx.query<{ id: string }>(
        `select id from ${SPECS[target.recordType].table} where id = any($1::uuid[]) and team_id = $2
           and deleted_at is null`,
        [wanted.slice(i, i + 1000), caller.teamId],
      );
      rows.forEach((r) => found.add(r.id));
    }
    return wanted.filter((id) => found.has(id));
  });
  if (visible.length === 0) {
    throw new AppError("not_found", `None of those ${target.recordType} exist in this workspace.`);
  }
  const [run] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<EnrichRun>(
      `insert into public.enrichment_runs (team_id, created_by, record_type, record_ids, total, overwrite)
       values ($1, $2, $3, $4::uuid[], $5, $6) returning ${RUN_COLUMNS}`,
      [caller.teamId, caller.claims.sub, target.recordType, visible, visible.length, target.overwrite ?? false],
    ));
  await dispatch(db, setup, run);
  return run;
}

export async function getRun(caller: Caller, id: string): Promise<EnrichRun> {
  const notFound = new AppError("not_found", "Enrichment run not found.");
  if (!isUuid(id)) throw notFound;
  const [run] = await caller.db.asUser(
    caller.claims,
    (tx) =>
      tx.query<EnrichRun>(`select ${RUN_COLUMNS} from public.enrichment_runs where id = $1 and team_id = $2`, [
        id,
        caller.teamId,
      ]),
  );
  if (!run) throw notFound;
  return run;
}

/** Runs going on in this process (tests and the bench wait for one). */
const runs = new ResumableRuns("enrich run", failRun);
/** The setup each database's runs use (the server's, built from its settings). */
const setups = new WeakMap<Db, EnrichSetup>();

export function registerEnrichSetup(db: Db, setup: EnrichSetup) {
  setups.set(db, setup);
}

export function whenRunFinished(id: string): Promise<unknown> {
  return runs.finished(id);
}

export interface EnrichRunData {
  runId: string;
  teamId: string;
}

async function dispatch(db: Db, setup: EnrichSetup, run: EnrichRun) {
  registerEnrichSetup(db, setup);
  const queue = queueFor(db);
  if (queue) {
    try {
      await queue.send(ENRICH_JOB, { runId: run.id, teamId: run.team_id } satisfies EnrichRunData, {
        singletonKey: run.id,
      });
      return;
    } catch (error) {
      console.error(`enrich run ${run.id}: could not queue it, running it here`, error);
    }
  }
  launch(db, setup, run.id);
}

function launch(db: Db, setup: EnrichSetup, id: string) {
  const message = "The enrichment stopped because of an error on our side. Results so far are kept.";
  return runs.launch(db, id, () => continueRun(db, setup, id), message);
}

/**
 * The `enrich-run` queue job: resumes the run from its last committed batch. "stopped" when this process began
 * to stop (`attempt.stopping`): the records in progress were committed, the run stays running and the caller
 * hands it back to the queue (lib/enrich/jobs.ts). Errors are thrown to retry.
 */
export async function runQueuedEnrichment(
  db: Db,
  fallback: EnrichSetup,
  data: unknown,
  attempt: JobAttempt,
): Promise<RunEnd> {
  const setup = setups.get(db) ?? fallback;
  return await runs.queued(
    db,
    (data as Partial<EnrichRunData> | null)?.runId,
    attempt,
    (id, signal) => continueRun(db, setup, id, { signal }),
    "The enrichment stopped after several tries because of an error on our side.",
  );
}

async function failRun(db: Db, id: string, message: string) {
  await db.asService("enrich:fail-run", (tx) =>
    tx.query(
      `update public.enrichment_runs set status = 'failed', message = $2, finished_at = now()
       where id = $1 and status = 'running'`,
      [id, message],
    ));
}

interface RunRow extends EnrichRun {
  record_ids: string[];
}

/** The caller a run works as: the person who started it, in the run's team, with their role now. */
const runCaller = (db: Db, run: RunRow) => memberCaller(db, run.team_id, run.created_by, "enrich:run-member");

type RecordResult =
  | { id: string; kind: "ok"; result: WaterfallResult<FieldName>; verification: EmailVerification | null }
  | { id: string; kind: "failed"; message: string };

/**
 * Continues a run from `processed` to the end, batch by batch. `maxBatches` stops early as a process
 * stopping would (tests use it to show a restarted run carries on after the last committed batch). With
 * `signal` aborted (the process is stopping) no new record is looked up: the records in progress are committed
 * as a shorter batch and "stopped" is returned with the run still running, to be resumed from there.
 */
export async function continueRun(
  db: Db,
  setup: EnrichSetup,
  id: string,
  options: { maxBatches?: number; signal?: AbortSignal } = {},
): Promise<"ended" | "stopped"> {
  const [run] = await db.asService(
    "enrich:load-run",
    (tx) => tx.query<RunRow>(`select ${RUN_COLUMNS}, record_ids from public.enrichment_runs where id = $1`, [id]),
  );
  if (!run || run.status !== "running") return "ended";
  const caller = await runCaller(db, run);
  if (!caller || caller.role === "viewer") {
    await failRun(db, id, "The person who started this run can no longer enrich records in this workspace.");
    return "ended";
  }
  const stopping = () => options.signal?.aborted === true;
  let processed = run.processed;
  let batches = 0;
  while (processed < run.record_ids.length && batches++ < (options.maxBatches ?? Infinity)) {
    if (stopping()) return "stopped";
    const affordable = await affordableRecords(caller, run.record_type);
    if (affordable < 1) {
      await stopForCredits(caller, run, processed);
      return "ended";
    }
    const ids = run.record_ids.slice(processed, processed + Math.min(RUN_BATCH.size, affordable));
    const rows = inListOrder(
      ids,
      await caller.db.asUser(caller.claims, (tx) => loadRecords(tx, caller.teamId, run.record_type, ids)),
    );
    const cache = new BatchCache(caller, setup.config.cacheDays);
    await prefetch(setup, run.record_type, rows, cache);
    const results = await inParallel(rows, RUN_BATCH.concurrency, (row) => lookUpOne(setup, run, row, cache), stopping);
    // Stopped mid-batch: the batch ends before the first record not looked up (records skipped before it too).
    const cut = results.length < rows.length ? ids.indexOf(rows[results.length].id) : ids.length;
    const batchIds = ids.slice(0, cut);
    if (batchIds.length === 0) return "stopped";
    const committed = await commitBatch(
      caller,
      run,
      processed,
      batchIds,
      rows.slice(0, results.length),
      results,
      cache,
    );
    if (committed === "moved") return "ended"; // another worker moved the run on; it carries on from there
    processed += batchIds.length;
    if (committed === "out_of_credits") return "ended";
    if (stopping() && processed < run.record_ids.length) return "stopped";
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return "ended";
}

/** The loaded rows in the order of the run's list (the committed part of a stopped batch is a prefix of it). */
function inListOrder(ids: string[], rows: RecordRow[]): RecordRow[] {
  const at = new Map(ids.map((id, index) => [id, index]));
  return [...rows].sort((a, b) => at.get(a.id)! - at.get(b.id)!);
}

/** How many records the team's balance pays for at the full price (a lookup), so no provider is asked in vain. */
async function affordableRecords(caller: Caller, kind: EnrichKind): Promise<number> {
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<{ balance: number | null; cost: number }>(
      `select (select balance from public.credit_balances where team_id = $1) as balance,
         (select cost from public.credit_costs where action = $2) as cost`,
      [caller.teamId, actionFor(kind)],
    ));
  if (!row?.cost) return RUN_BATCH.size;
  return Math.floor(Number(row.balance ?? 0) / (Number(row.cost) * UNITS.lookup));
}

async function stopForCredits(caller: Caller, run: RunRow, processed: number) {
  await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `update public.enrichment_runs set status = 'failed', finished_at = now(), message = $2
       where id = $1 and status = 'running'`,
      [
        run.id,
        `Your team ran out of credits after ${processed} of ${run.total} records. ` +
        "Add credits and enrich the rest again.",
      ],
    ));
}

/**
 * The batch's dry runs, in rounds: each round asks the cache for the keys the previous answers led to, in
 * one query, until no new key comes up. The live pass then finds every cached answer in memory.
 */
async function prefetch(setup: EnrichSetup, kind: EnrichKind, rows: RecordRow[], cache: BatchCache) {
  // Hunter's verdicts on the records' own addresses are asked for in the first round too.
  if (kind === "contacts" && setup.hunter) {
    for (const row of rows) {
      if (typeof row.email === "string" && row.email) {
        await cache.get(await lookupKey("hunter", "verify", { email: row.email }));
      }
    }
  }
  for (let round = 0; round < 6; round++) {
    for (const row of rows) await lookUp(setup, kind, row, cache, true);
    if (!await cache.fetchAsked()) return;
  }
}

async function lookUpOne(setup: EnrichSetup, run: RunRow, row: RecordRow, cache: BatchCache): Promise<RecordResult> {
  try {
    const result = await lookUp(setup, run.record_type, row, cache, false);
    const outage = providerOutage(result);
    if (outage) return { id: row.id, kind: "failed", message: outage.message };
    const verification = run.record_type === "contacts"
      ? await verificationFor(setup, emailOf(row, result.fields), cache)
      : null;
    return { id: row.id, kind: "ok", result, verification };
  } catch (error) {
    if (error instanceof AppError) return { id: row.id, kind: "failed", message: error.message };
    throw error;
  }
}

/**
 * One transaction: the batch's charge (per record 2 units when a provider was asked, 1 when the cache
 * answered all; records whose providers all failed cost nothing), its results, the cache's new answers and
 * the run's counters, only if the run is still where this worker left it. The charge's key names the run
 * and the batch's first position, so a batch done again after a crash is never charged twice. When the
 * balance (or the person's monthly limit) no longer pays for the batch, nothing of it is written and the run
 * ends with the reason.
 */
async function commitBatch(
  caller: Caller,
  run: RunRow,
  from: number,
  ids: string[],
  rows: RecordRow[],
  results: RecordResult[],
  cache: BatchCache,
): Promise<"moved" | "committed" | "out_of_credits"> {
  return await caller.db.asUser(caller.claims, async (tx) => {
    const [current] = await tx.query<{ processed: number; errors: EnrichRun["errors"] }>(
      "select processed, errors from public.enrichment_runs where id = $1 and status = 'running' for update",
      [run.id],
    );
    if (!current || current.processed !== from) return "moved" as const;
    const errors = [...current.errors];
    const ok = results.filter((r) => r.kind === "ok");
    const failures = results.filter((r) => r.kind === "failed");
    for (const r of failures) if (errors.length < MAX_REPORTED) errors.push({ id: r.id, message: r.message });
    const units = ok.reduce((sum, r) => sum + (r.result.calls > 0 ? UNITS.lookup : UNITS.cached), 0);
    let credits = 0;
    let refusal: AppError | null = null;
    if (units > 0) {
      await tx.query("savepoint enrich_charge");
      try {
        const payer = { teamId: caller.teamId, userId: caller.claims.sub };
        const key = `${actionFor(run.record_type)}:${run.id}:${from}`;
        const charge = await chargeInTransaction(tx, payer, { action: actionFor(run.record_type), key, units });
        credits = charge.replayed ? 0 : charge.cost;
        await tx.query("release savepoint enrich_charge");
      } catch (error) {
        await tx.query("rollback to savepoint enrich_charge");
        const known = toAppError(error);
        if (!(known instanceof AppError) || known.status !== 402) throw error;
        refusal = known;
      }
    }
    let enriched = 0;
    if (!refusal) {
      const saved = await saveEnrichments(
        tx,
        caller,
        run.record_type,
        ok.map((r) => ({
          id: r.id,
          found: r.result.fields,
          verification: r.verification,
          providers: ["offline", ...r.result.answered],
          overwrite: run.overwrite,
        })),
      );
      enriched = saved.size;
      await cache.flush(tx);
    }
    const skipped = ids.length - rows.length;
    const end = from + ids.length >= run.record_ids.length;
    const status = refusal ? "failed" : end ? "done" : "running";
    const message = refusal
      ? `${refusal.message} The run stopped after ${from} of ${run.total} records; enrich the rest again later.`
      : null;
    await tx.query(
      `update public.enrichment_runs set processed = $2, enriched = enriched + $3, failed = failed + $4,
         skipped = skipped + $5, credits_spent = credits_spent + $6, errors = $7::jsonb, status = $8,
         message = coalesce($9, message), finished_at = case when $8 = 'running' then null else now() end
       where id = $1`,
      [
        run.id,
        refusal ? from : from + ids.length,
        enriched,
        failures.length,
        refusal ? 0 : skipped,
        credits,
        JSON.stringify(errors),
        status,
        message,
      ],
    );
    return refusal ? "out_of_credits" as const : "committed" as const;
  });
}

/** `fn` over the items, `limit` at a time, in order; once `stop()` is true no new item starts (a prefix ends). */
async function inParallel<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  stop: () => boolean = () => false,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const at = next++;
      out[at] = await fn(items[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out.slice(0, next);
}

/**
 * At startup (after the queue started): runs left "running" by a stopped process continue, through the queue
 * when there is one. Returns their ids.
 */
export async function resumeRuns(db: Db, setup: EnrichSetup): Promise<string[]> {
  registerEnrichSetup(db, setup);
  const runs = await db.asService(
    "enrich:resume-runs",
    (tx) => tx.query<EnrichRun>(`select ${RUN_COLUMNS} from public.enrichment_runs where status = 'running'`),
  );
  for (const run of runs) await dispatch(db, setup, run);
  return runs.map((r) => r.id);
}
