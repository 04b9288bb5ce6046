// The import job: created when an upload starts, fed its file in parts, started with a mapping, then
// run in the background in batches. Each batch is one transaction as the importing user that writes
// its rows AND moves the job's counters, so after a crash the job resumes exactly after the last
// committed batch and no row is ever half-written or written twice.
// Batches are sized to take about a target time each and the job gives the event loop back between
// them. Where the embedded database runs on the app's thread (LEADLY_DB_WORKER=0) a long transaction
// would freeze every other request, so batches stay short there; in its worker thread (the default) or on
// a Postgres server a batch only holds the database, so batches are larger (fewer transactions, progress
// updates and pauses per file) while the rows are still checked in short slices on the app's thread.
// See docs/import.md for the measurements behind the numbers.
import { AppError } from "../errors.ts";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { Buffer } from "node:buffer";
import { parseCsvAsync, type ParsedCsv, toCsv } from "./csv.ts";
import {
  type ColumnMapping,
  DUPLICATE_MODES,
  type DuplicateMode,
  IMPORT_RESOURCES,
  type ImportResource,
  mappingProblem,
} from "./mapping.ts";
import { type RowError, RowReader, type RowResult } from "./validate.ts";
import { companyKey, findExisting, insertRows, planBatch, resolveCompanies, updateRows } from "./store.ts";
import { isUuid } from "../ids.ts";
import { queueFor } from "../jobs/registry.ts";
import { type JobAttempt, runningJobKeys } from "../jobs/queue.ts";

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Upload parts stay well below the app's 1 MB request limit. */
export const PART_BYTES = 768 * 1024;
export const MAX_REPORTED_ERRORS = 1000;
/**
 * Batch sizing. A batch (validation + its transaction) should take about `targetMs` when the database runs
 * on the app's thread, `offThreadTargetMs` when it does not (a worker thread or a server: the app's thread
 * only waits, but other requests wait for the database that long); the size follows what each batch
 * measured. Never fewer than `minRows`: the live-update triggers announce a statement of more than 50 rows
 * as one bulk change, but every row of a smaller one as an event of its own, which costs far more than the
 * row. Off the app's thread, never fewer than `offThreadMinRows` after the first batch: a batch has a fixed
 * cost (~8 statements, ~5 ms on a quiet machine, 15 ms on a loaded one) and on a busy machine, where every
 * batch takes longer than its target, 60-row batches spent about as long on it as on their rows.
 * Rows are validated `validateRows` at a time, with a pause between slices, so checking a large batch never
 * holds the app's thread for long; the next batch's rows are checked while the database writes the current
 * one (CheckedRows). (An object, so the csv_import benchmark can compare settings.)
 */
export const BATCHES = {
  targetMs: 30,
  offThreadTargetMs: 120,
  minRows: 60,
  offThreadMinRows: 250,
  maxRows: 2000,
  firstRows: 60,
  validateRows: 125,
  yieldTurns: 3,
  offThreadYieldTurns: 1,
};
/** Parts are read back in slices this large (each one query that holds the database briefly). */
const READ_SLICE_BYTES = 256 * 1024;

export type ImportStatus = "pending" | "running" | "done" | "failed";

export interface ImportJob {
  id: string;
  team_id: string;
  created_by: string;
  resource: ImportResource;
  filename: string;
  file_size: number;
  status: ImportStatus;
  total_rows: number;
  processed_rows: number;
  created_rows: number;
  updated_rows: number;
  skipped_rows: number;
  error_rows: number;
  companies_created: number;
  errors: RowError[];
  mapping: ColumnMapping[];
  options: { duplicates?: DuplicateMode };
  message: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const JOB_COLUMNS = `id, team_id, created_by, resource, filename, file_size::int as file_size, status, total_rows,
  processed_rows, created_rows, updated_rows, skipped_rows, error_rows, companies_created, errors, mapping, options,
  message, created_at, updated_at, started_at, finished_at`;

const notFound = () => new AppError("not_found", "Import not found.");

export function assertResource(resource: unknown): ImportResource {
  if (!IMPORT_RESOURCES.includes(resource as ImportResource)) {
    throw new AppError("unprocessable_entity", `You can import ${IMPORT_RESOURCES.join(" or ")}.`);
  }
  return resource as ImportResource;
}

export function tooLarge(size: number): AppError {
  const mb = (size / 1024 / 1024).toFixed(1);
  return new AppError(
    "payload_too_large",
    `That file is ${mb} MB; imports take files up to 20 MB. Split it into smaller files and import each.`,
  );
}

export async function createJob(
  db: Db,
  claims: UserClaims,
  teamId: string,
  input: { resource: ImportResource; filename: string; size: number },
): Promise<ImportJob> {
  if (input.size > MAX_FILE_BYTES) throw tooLarge(input.size);
  if (input.size < 1) throw new AppError("unprocessable_entity", "That file is empty.");
  const filename = input.filename.replace(/[\r\n\t]/g, " ").slice(0, 255) || "import.csv";
  const [job] = await db.asUser(claims, (tx) =>
    tx.query<ImportJob>(
      `insert into public.import_jobs (team_id, created_by, resource, filename, file_size)
       values ($1, $2, $3, $4, $5) returning ${JOB_COLUMNS}`,
      [teamId, claims.sub, input.resource, filename, input.size],
    ));
  return job;
}

export async function getJob(db: Db, claims: UserClaims, teamId: string, id: string): Promise<ImportJob> {
  if (!isUuid(id)) throw notFound();
  const [job] = await db.asUser(
    claims,
    (tx) =>
      tx.query<ImportJob>(`select ${JOB_COLUMNS} from public.import_jobs where id = $1 and team_id = $2`, [id, teamId]),
  );
  if (!job) throw notFound();
  return job;
}

export async function listJobs(db: Db, claims: UserClaims, teamId: string, resource?: ImportResource, limit = 10) {
  return await db.asUser(claims, (tx) =>
    tx.query<Omit<ImportJob, "errors" | "mapping">>(
      `select ${JOB_COLUMNS.replace("errors, mapping, ", "")} from public.import_jobs
       where team_id = $1 and ($2::text is null or resource = $2) order by created_at desc limit $3`,
      [teamId, resource ?? null, limit],
    ));
}

/** Stores one part of the file; parts may arrive again (a retried request replaces its part). */
export async function putPart(db: Db, claims: UserClaims, teamId: string, id: string, part: number, bytes: Uint8Array) {
  const job = await getJob(db, claims, teamId, id);
  if (job.created_by !== claims.sub) throw notFound();
  if (job.status !== "pending") {
    throw new AppError("conflict", "This import already started; upload the file again to import it.");
  }
  if (!Number.isInteger(part) || part < 0 || part > 10_000) throw new AppError("unprocessable_entity", "Bad part.");
  if (bytes.length > 1024 * 1024) throw new AppError("payload_too_large", "Upload parts are 1 MB at most.");
  return await db.asUser(claims, async (tx) => {
    // As base64 text: PGlite turns a bytea parameter into hex in JavaScript, ~10x slower for a 768 KB part.
    await tx.query(
      `insert into public.import_job_parts (job_id, part, team_id, bytes) values ($1, $2, $3, decode($4, 'base64'))
       on conflict (job_id, part) do update set bytes = excluded.bytes`,
      [id, part, teamId, base64(bytes)],
    );
    const [{ total }] = await tx.query<{ total: number }>(
      "select coalesce(sum(length(bytes)), 0)::int as total from public.import_job_parts where job_id = $1",
      [id],
    );
    if (total > job.file_size) throw tooLarge(total);
    return { received: total, expected: job.file_size };
  });
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/**
 * The uploaded file, read back in slices of READ_SLICE_BYTES, each its own short transaction (with a pause
 * for other requests between them) and as base64 (reading bytea through PGlite is slow).
 */
async function readFile(db: Db, claims: UserClaims, id: string): Promise<Uint8Array> {
  const parts = await db.asUser(claims, (tx) =>
    tx.query<{ part: number; size: number }>(
      "select part, length(bytes) as size from public.import_job_parts where job_id = $1 order by part",
      [id],
    ));
  const size = parts.reduce((sum, p) => sum + Number(p.size), 0);
  const file = new Uint8Array(size);
  let offset = 0;
  for (const { part, size } of parts) {
    for (let from = 0; from < Number(size); from += READ_SLICE_BYTES) {
      const [row] = await db.asUser(claims, (tx) =>
        tx.query<{ slice: string }>(
          `select encode(substring(bytes from $3::int + 1 for $4::int), 'base64') as slice
           from public.import_job_parts where job_id = $1 and part = $2`,
          [id, part, from, READ_SLICE_BYTES],
        ));
      const slice = Buffer.from(row?.slice ?? "", "base64");
      file.set(slice, offset);
      offset += slice.length;
      await pause();
    }
  }
  return offset === size ? file : file.subarray(0, offset);
}

/** Gives the event loop back (a timer, so waiting network events run first). */
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Between batches: gives the event loop back for a few turns. A request needs several turns (read, handle,
 * write); with one turn per batch it would wait behind several batches.
 */
async function yieldToOthers(turns: number) {
  for (let turn = 0; turn < turns; turn++) await pause();
}

/**
 * Whether the database's work runs on this thread (PGlite with LEADLY_DB_WORKER=0): then every statement
 * blocks HTTP and sockets while it runs.
 */
const onAppThread = (db: Db) => db.kind === "pglite" && (db as { inWorker?: boolean }).inWorker === false;

/** Checks rows [start, end) of the file, a slice of BATCHES.validateRows at a time with a pause between. */
async function readRows(reader: RowReader, file: ParsedCsv, start: number, end: number): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (let from = start; from < end; from += BATCHES.validateRows) {
    if (from > start) await pause();
    const to = Math.min(end, from + BATCHES.validateRows);
    for (let i = from; i < to; i++) results.push(reader.read(file.rows[i], file.rowNumbers[i]));
  }
  return results;
}

/**
 * The file's rows, checked ahead of the batch that writes them: the next batch's rows are checked on the
 * app's thread while the database (its worker thread, or a server) writes the current one, so checking
 * costs no time of its own. Rows checked beyond what a batch takes wait for the next one.
 */
export class CheckedRows {
  #from: number;
  #results: RowResult[] = [];
  #checking: Promise<void> = Promise.resolve();

  constructor(readonly reader: RowReader, readonly file: ParsedCsv, from: number) {
    this.#from = from;
  }

  /** Starts checking the rows up to `end` not checked yet (one check at a time, in file order). */
  checkAhead(end: number): void {
    const checking = this.#checking.then(async () => {
      const have = this.#from + this.#results.length;
      const to = Math.min(end, this.file.rows.length);
      if (to > have) this.#results.push(...await readRows(this.reader, this.file, have, to));
    });
    // Awaited by take(); the handler only keeps a job that stops meanwhile from an unhandled rejection.
    checking.catch(() => {});
    this.#checking = checking;
  }

  /** Rows [from, end) where `from` is where the previous take ended, checked first where still needed. */
  async take(end: number): Promise<RowResult[]> {
    this.checkAhead(end);
    await this.#checking;
    const count = end - this.#from;
    const taken = this.#results.slice(0, count);
    this.#results = this.#results.slice(count);
    this.#from = end;
    return taken;
  }
}

/** UTF-8 as almost every tool writes it; files that are not valid UTF-8 are read as Windows-1252 (old Excel). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

export interface StartInput {
  mapping: ColumnMapping[];
  duplicates: DuplicateMode;
}

/** Checks the file and mapping, marks the job running and runs it in the background. */
export async function startJob(db: Db, claims: UserClaims, teamId: string, id: string, input: StartInput) {
  const job = await getJob(db, claims, teamId, id);
  if (job.created_by !== claims.sub) throw notFound();
  if (job.status !== "pending") throw new AppError("conflict", "This import already started.");
  if (!DUPLICATE_MODES.includes(input.duplicates)) {
    throw new AppError("unprocessable_entity", `Duplicates are handled with one of: ${DUPLICATE_MODES.join(", ")}.`);
  }
  const bytes = await readFile(db, claims, id);
  if (bytes.length < job.file_size) {
    throw new AppError(
      "conflict",
      `The upload is not complete yet (${bytes.length} of ${job.file_size} bytes). Wait for it to finish.`,
    );
  }
  const csv = await parseCsvAsync(decodeCsv(bytes));
  if (csv.header.length === 0 || csv.header.every((h) => h === "")) {
    throw new AppError("unprocessable_entity", "The file has no header row. The first line should name the columns.");
  }
  if (csv.rows.length === 0) throw new AppError("unprocessable_entity", "The file has a header but no rows under it.");
  const sameColumns = input.mapping.length === csv.header.length &&
    input.mapping.every((m, i) => m.column === csv.header[i]);
  if (!sameColumns) {
    throw new AppError("unprocessable_entity", "The columns of the mapping do not match the file's header.");
  }
  const problem = mappingProblem(job.resource, input.mapping);
  if (problem) throw new AppError("unprocessable_entity", problem);
  const mapping = input.mapping.map(({ column, target }) => ({ column, target: target || null }));
  const [started] = await db.asUser(claims, (tx) =>
    tx.query<ImportJob>(
      `update public.import_jobs set status = 'running', total_rows = $2, mapping = $3::jsonb, options = $4::jsonb,
         started_at = now()
       where id = $1 and status = 'pending' returning ${JOB_COLUMNS}`,
      [id, csv.rows.length, JSON.stringify(mapping), JSON.stringify({ duplicates: input.duplicates })],
    ));
  if (!started) throw new AppError("conflict", "This import already started.");
  await dispatch(db, started, csv);
  return started;
}

/** Jobs running in this process, so tests and the bench can wait for one. */
const running = new Map<string, Promise<void>>();

/**
 * Files parsed by startJob, kept for the queue job that runs the import in this process (usually this one:
 * the embedded database has one), so it does not read the upload back and parse it a second time (~1 s of
 * a 100k-row import). Dropped when taken, or after a minute when another process took the job.
 */
const parsedFiles = new Map<string, ParsedCsv>();
const PARSED_FILE_KEPT_MS = 60_000;

function keepParsed(id: string, csv: ParsedCsv) {
  parsedFiles.set(id, csv);
  const timer = setTimeout(() => parsedFiles.delete(id), PARSED_FILE_KEPT_MS);
  Deno.unrefTimer(timer);
}

function takeParsed(id: string): ParsedCsv | undefined {
  const csv = parsedFiles.get(id);
  parsedFiles.delete(id);
  return csv;
}
/** Set while the process stops: jobs end after their current batch and resume on the next start. */
const stopping = new WeakSet<Db>();

export function whenFinished(id: string): Promise<void> {
  return running.get(id) ?? Promise.resolve();
}

/**
 * For shutdown: the imports on `db` stop after the batch they are writing (it commits), staying
 * "running" so the next start resumes them. Resolves when none is writing any more.
 */
export async function stopImports(db: Db): Promise<void> {
  stopping.add(db);
  await Promise.all([...running.values()]);
}

/** The queue job that runs or resumes one import (app/system-jobs.ts); its payload holds ids only. */
export const IMPORT_JOB = "import-run";

export interface ImportRunData {
  importId: string;
  teamId: string;
}

/** Said when the last attempt of an import's queue job fails; the error itself is on /settings/jobs. */
export const IMPORT_FAILED_MESSAGE =
  "The import stopped because of an error on our side and did not get further after several tries. " +
  "The rows imported so far are kept; import the rest again.";

/**
 * Hands a running import to the job queue when this process runs one: exactly one process takes it, it is
 * retried with backoff and resumed after a restart. (One job waiting per import: its id is the singleton key.)
 * Without a queue (test servers, scripts) it runs here.
 */
async function dispatch(db: Db, job: ImportJob, csv?: ParsedCsv) {
  const queue = queueFor(db);
  if (queue) {
    const data: ImportRunData = { importId: job.id, teamId: job.team_id };
    try {
      if (csv) keepParsed(job.id, csv);
      await queue.send(IMPORT_JOB, data, { singletonKey: job.id });
      return;
    } catch (error) {
      parsedFiles.delete(job.id);
      // Still correct in-process: every batch moves the counters only from where it started (runJob).
      console.error(`import ${job.id}: could not queue it, running it here`, error);
    }
  }
  launch(db, jobClaims(job), job, csv);
}

/**
 * The `import-run` job: runs or resumes the import from its last committed batch, as the person who started
 * it. Returns "stopped" when this process is stopping (the import stays running; the caller hands it back to
 * the queue), "ended" otherwise (done, failed with a message, or nothing left to do). An unexpected error is
 * thrown so the queue retries; on the last attempt the import is also marked failed with a message.
 */
export async function runQueuedImport(db: Db, data: unknown, attempt: JobAttempt): Promise<"ended" | "stopped"> {
  const importId = (data as Partial<ImportRunData> | null)?.importId;
  if (typeof importId !== "string" || !isUuid(importId)) return "ended";
  if (stopping.has(db)) return "stopped";
  // Already running in this process (started without the queue): wait for it instead of starting twice.
  const here = running.get(importId);
  if (here) return await here.then(() => stopping.has(db) ? "stopped" : "ended");
  const [job] = await db.asService(
    "import:load",
    (tx) => tx.query<ImportJob>(`select ${JOB_COLUMNS} from public.import_jobs where id = $1`, [importId]),
  );
  if (!job || job.status !== "running") return "ended";
  const run = runJob(db, jobClaims(job), job, takeParsed(importId));
  running.set(importId, run.then(() => {}, () => {}).finally(() => running.delete(importId)));
  try {
    return await run;
  } catch (error) {
    if (stopping.has(db) || (error as { status?: number })?.status === 503) return "stopped";
    console.error(`import ${importId} failed (attempt ${attempt.retryCount + 1}):`, errorText(error));
    if (attempt.retryCount >= attempt.retryLimit) await failJob(db, importId, IMPORT_FAILED_MESSAGE);
    throw error;
  }
}

const errorText = (error: unknown) => error instanceof Error ? error.message : String(error);

function launch(db: Db, claims: UserClaims, job: ImportJob, csv?: ParsedCsv) {
  if (running.has(job.id) || stopping.has(db)) return;
  const run = runJob(db, claims, job, csv)
    .then(() => {})
    .catch(async (error) => {
      // Stopped by a shutdown (the database refuses new work): it resumes on the next start.
      if (stopping.has(db) || (error as { status?: number })?.status === 503) return;
      console.error(`import ${job.id} failed:`, error instanceof Error ? error.message : error);
      await failJob(
        db,
        job.id,
        "The import stopped because of an error on our side. The rows imported so far are kept.",
      )
        .catch(() => {});
    })
    .finally(() => running.delete(job.id));
  running.set(job.id, run);
}

async function failJob(db: Db, id: string, message: string) {
  await db.asService("import:fail", async (tx) => {
    await tx.query(
      `update public.import_jobs set status = 'failed', message = $2, finished_at = now()
       where id = $1 and status = 'running'`,
      [id, message],
    );
    await tx.query("delete from public.import_job_parts where job_id = $1", [id]);
  });
}

const pgCode = (error: unknown): string | undefined => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code;
};

/** A database refusal of one row, in words. */
function rowDbMessage(error: unknown): string {
  const e = (error as { cause?: unknown })?.cause ?? error;
  const { code, message = "", constraint } = e as { code?: string; message?: string; constraint?: string };
  if (code === "P0001" || code === "P0002") return message;
  if (code === "23514") return `A value is not allowed here${constraint ? ` (${constraint.replace(/_/g, " ")})` : ""}.`;
  if (code === "22001") return "A value is too long.";
  return "This row could not be saved.";
}

interface Counters {
  created: number;
  updated: number;
  skipped: number;
  errorRows: number;
  companiesCreated: number;
  errors: RowError[];
}

/** "stopped": the process is stopping (the import stays running, to resume); "ended": nothing left to do here. */
async function runJob(db: Db, claims: UserClaims, job: ImportJob, csv?: ParsedCsv): Promise<"ended" | "stopped"> {
  const bytes = csv ? null : await readFile(db, claims, job.id);
  const file = csv ?? (bytes && bytes.length > 0 ? await parseCsvAsync(decodeCsv(bytes)) : null);
  if (!file) {
    await failJob(db, job.id, "The server restarted and the uploaded file was no longer there. Import it again.");
    return "ended";
  }
  const resource = job.resource;
  const reader = new RowReader(resource, job.mapping);
  const mode = job.options.duplicates ?? "skip";
  const companyIds = new Map<string, string>();
  let reported = job.errors?.length ?? 0;

  const blocking = onAppThread(db);
  const targetMs = blocking ? BATCHES.targetMs : BATCHES.offThreadTargetMs;
  const yieldTurns = blocking ? BATCHES.yieldTurns : BATCHES.offThreadYieldTurns;
  const minRows = blocking ? BATCHES.minRows : Math.max(BATCHES.minRows, BATCHES.offThreadMinRows);
  let batchRows = BATCHES.firstRows;
  const checked = new CheckedRows(reader, file, job.processed_rows);
  for (let start = job.processed_rows, end = start; start < file.rows.length; start = end) {
    if (stopping.has(db)) return "stopped";
    const batchStarted = performance.now();
    end = Math.min(file.rows.length, start + batchRows);
    const results = await checked.take(end);

    const writeBatch = async (tx: Tx, oneByOne: boolean) => {
      // The search indexes (GIN) collect new entries in a pending list and merge it into the index when it
      // reaches this size, inside whichever insert crosses it: 4 MB by default, a ~300 ms merge every ~25,000
      // imported contacts. Smaller lists, merged more often, keep every batch short.
      await tx.query("select set_config('gin_pending_list_limit', '256', true)");
      const counters: Counters = { created: 0, updated: 0, skipped: 0, errorRows: 0, companiesCreated: 0, errors: [] };
      const rowErrors = (errors: RowError[]) => {
        counters.errorRows++;
        for (const e of errors) if (reported + counters.errors.length < MAX_REPORTED_ERRORS) counters.errors.push(e);
      };
      const valid: { index: number; record: Record<string, unknown>; key: string | null }[] = [];
      results.forEach((result, offset) => {
        if (result.ok) valid.push({ index: start + offset, record: result.record, key: result.key });
        else rowErrors(result.errors);
      });
      // Companies named on contact rows, resolved for the whole batch at once.
      const companies = new Map<string, string>();
      if (resource === "contacts") {
        const refs = results.flatMap((r) => (r.ok && r.company ? [r.company] : []));
        if (refs.length) {
          const resolved = await resolveCompanies(tx, job.team_id, claims.sub, refs, companyIds);
          counters.companiesCreated += resolved.created;
          for (const [key, id] of resolved.ids) companies.set(key, id);
          for (const row of valid) {
            const result = results[row.index - start];
            if (result.ok && result.company) row.record.company_id = companies.get(companyKey(result.company));
          }
        }
      }
      const keys = mode === "create" ? [] : [...new Set(valid.flatMap((v) => (v.key ? [v.key] : [])))];
      const existing = await findExisting(tx, resource, job.team_id, keys);
      const plan = planBatch(valid, existing, mode);
      counters.skipped += plan.skipped;
      counters.updated += plan.merged;
      const updates = [...plan.updates].map(([id, u]) => ({ index: u.index, record: { ...u.record, id } }));
      if (!oneByOne) {
        await insertRows(tx, resource, job.team_id, claims.sub, plan.inserts.map((r) => r.record));
        await updateRows(tx, resource, job.team_id, updates.map((r) => r.record));
        counters.created += plan.inserts.length;
        counters.updated += updates.length;
      } else {
        const each = async (row: { index: number; record: object }, write: () => Promise<void>) => {
          await tx.query("savepoint import_row");
          try {
            await write();
            await tx.query("release savepoint import_row");
            return true;
          } catch (error) {
            await tx.query("rollback to savepoint import_row");
            rowErrors([{ row: file!.rowNumbers[row.index], column: "", field: "row", message: rowDbMessage(error) }]);
            return false;
          }
        };
        for (const row of plan.inserts) {
          if (await each(row, () => insertRows(tx, resource, job.team_id, claims.sub, [row.record]))) {
            counters.created++;
          }
        }
        for (const row of updates) {
          if (await each(row, () => updateRows(tx, resource, job.team_id, [row.record]))) counters.updated++;
        }
      }
      const moved = await tx.query(
        `update public.import_jobs set processed_rows = $2, created_rows = created_rows + $3,
           updated_rows = updated_rows + $4, skipped_rows = skipped_rows + $5, error_rows = error_rows + $6,
           companies_created = companies_created + $7, errors = errors || $8::jsonb
         where id = $1 and status = 'running' and processed_rows = $9 returning id`,
        [
          job.id,
          end,
          counters.created,
          counters.updated,
          counters.skipped,
          counters.errorRows,
          counters.companiesCreated,
          JSON.stringify(counters.errors),
          start,
        ],
      );
      // Someone cancelled or finished the job meanwhile, or another runner committed this batch first (two
      // processes resuming it at once, one of them after a crash): stop, writing nothing. Under READ
      // COMMITTED the second writer waits for the first one's commit, then finds processed_rows moved.
      if (moved.length === 0) throw new LostJob();
      return { counters, companies };
    };

    let batch: { counters: Counters; companies: Map<string, string> };
    const written = db.asUser(claims, (tx) => writeBatch(tx, false));
    // While the database writes this batch, the next one's rows are checked (at least as many as this one).
    checked.checkAhead(end + Math.max(batchRows, minRows));
    try {
      batch = await written;
    } catch (error) {
      if (pgCode(error) === "42501" || (error as { status?: number }).status === 403) {
        await failJob(db, job.id, `You no longer have permission to add ${resource} to this workspace.`);
        return "ended";
      }
      if (error instanceof LostJob) return "ended";
      // Some row was refused by the database: do the batch again row by row, reporting the refused ones.
      try {
        batch = await db.asUser(claims, (tx) => writeBatch(tx, true));
      } catch (again) {
        if (again instanceof LostJob) return "ended";
        throw again;
      }
    }
    for (const [key, id] of batch.companies) companyIds.set(key, id);
    reported += batch.counters.errors.length;
    // Next batch sized to take about targetMs (growing at most twofold at a time).
    const took = Math.max(1, performance.now() - batchStarted);
    const rows = end - start;
    batchRows = Math.round(Math.min(rows * 2, rows * targetMs / took));
    batchRows = Math.min(BATCHES.maxRows, Math.max(minRows, batchRows));
    // Let requests waiting for the event loop and the database (other teams, the progress polls) go first.
    await yieldToOthers(yieldTurns);
  }
  await db.asService("import:finish", async (tx) => {
    await tx.query(
      `update public.import_jobs set status = 'done', finished_at = now() where id = $1 and status = 'running'`,
      [job.id],
    );
    await tx.query("delete from public.import_job_parts where job_id = $1", [job.id]);
  });
  return "ended";
}

class LostJob extends Error {}

/**
 * The identity a job writes with: the person who started it, in the job's team. Kept minimal because
 * RLS helpers parse the claims for every row written.
 */
function jobClaims(job: ImportJob): UserClaims {
  return {
    sub: job.created_by,
    role: "authenticated",
    app_metadata: { provider: "email", providers: ["email"], team_id: job.team_id },
  };
}

/**
 * Call once at startup, after migrations and after the job queue started: imports left 'running' by a
 * stopped server continue from the last committed batch, as the person who started them (RLS applies as
 * before), through the queue when there is one; those whose file is gone are marked failed with a message.
 * Returns the ids it resumed.
 */
export async function resumeImports(db: Db): Promise<string[]> {
  const jobs = await db.asService(
    "import:resume",
    (tx) =>
      tx.query<ImportJob>(`select ${JOB_COLUMNS} from public.import_jobs where status = 'running' order by started_at`),
  );
  // Each goes to the queue when there is one (two processes starting at once queue it once: one job waits
  // per import). On a shared Postgres another process may be running one right now: it is left to that
  // process (should it die, its job's heartbeat stops and the queue retries it). An embedded database has
  // one process, so what looks active there was cut short. Were two runners ever to meet, the batch guard
  // in runJob lets one of them write each batch.
  const live = db.kind === "postgres" && queueFor(db) ? await runningJobKeys(db, IMPORT_JOB) : new Set<string>();
  const resumed = jobs.filter((job) => !live.has(job.id));
  for (const job of resumed) await dispatch(db, job);
  return resumed.map((j) => j.id);
}

/** The validation report: one line per problem, safe to open in a spreadsheet. */
export function reportCsv(job: ImportJob): string {
  const lines: (string | number)[][] = [["Row", "Column", "Value", "Problem"]];
  for (const e of job.errors) lines.push([e.row, e.column, e.value ?? "", e.message]);
  const unlisted = job.error_rows - new Set(job.errors.map((e) => e.row)).size;
  if (unlisted > 0) {
    lines.push(["", "", "", `…and ${unlisted} more rows with problems (only the first 1,000 are listed)`]);
  }
  return toCsv(lines);
}
