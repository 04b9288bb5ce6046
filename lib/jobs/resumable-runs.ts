// Long runs a queue job carries out in steps (a list enrichment, a bulk AI write): one at a time per run in this
// process, whether a request started it here or the queue handed it over; a clean stop ends the run after the
// step in progress and sends its job again (the run id as singleton key), so the next process carries on.
import type { Db } from "../db/mod.ts";
import { isUuid } from "../ids.ts";
import type { JobAttempt, JobDefinition } from "./queue.ts";
import { queueFor } from "./registry.ts";

export type RunEnd = "ended" | "stopped";

export class ResumableRuns {
  readonly #running = new Map<string, Promise<unknown>>();

  /** `label` names the runs in the log ("enrich run"); `fail` marks one failed with a sentence for its page. */
  constructor(
    private readonly label: string,
    private readonly fail: (db: Db, id: string, message: string) => Promise<void>,
  ) {}

  /** Resolves once this process's work on `id` ends (at once when there is none). */
  finished(id: string): Promise<unknown> {
    return this.#running.get(id) ?? Promise.resolve();
  }

  /** Runs `work` here (no queue): an error fails the run with `message`; a run already going on is joined. */
  launch(db: Db, id: string, work: () => Promise<unknown>, message: string): Promise<unknown> {
    const here = this.#running.get(id);
    if (here) return here;
    const started = work()
      .catch((error) => {
        console.error(`${this.label} ${id} failed:`, error instanceof Error ? error.message : error);
        return this.fail(db, id, message);
      })
      .finally(() => this.#running.delete(id));
    this.#running.set(id, started);
    return started;
  }

  /**
   * The queue job's turn: continues the run unless it already runs here or the process is stopping. Errors are
   * thrown to retry; the last attempt's error fails the run with `message` first.
   */
  async queued(
    db: Db,
    id: unknown,
    attempt: JobAttempt,
    work: (id: string, signal: AbortSignal) => Promise<RunEnd>,
    message: string,
  ): Promise<RunEnd> {
    if (typeof id !== "string" || !isUuid(id)) return "ended";
    if (attempt.stopping.aborted) return "stopped";
    const here = this.#running.get(id);
    if (here) {
      await here;
      return "ended";
    }
    const started = work(id, attempt.stopping);
    this.#running.set(id, started.catch(() => {}).finally(() => this.#running.delete(id)));
    try {
      return await started;
    } catch (error) {
      if (attempt.stopping.aborted) return "stopped";
      if (attempt.retryCount >= attempt.retryLimit) await this.fail(db, id, message);
      throw error;
    }
  }
}

/**
 * The `run` of a job for one run: a run that stopped because the process is stopping is sent again under the
 * same singleton key (`keyOf` its payload: `runId` by default), for the next process.
 */
export function handedBackOnStop(
  db: Db,
  name: string,
  run: (data: unknown, attempt: JobAttempt) => Promise<RunEnd>,
  keyOf: (data: unknown) => string = (data) => (data as { runId: string }).runId,
): JobDefinition["run"] {
  return async (data, attempt) => {
    if (await run(data, attempt) !== "stopped") return;
    await queueFor(db)?.send(name, data as object, { singletonKey: keyOf(data) });
  };
}
