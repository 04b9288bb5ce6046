// The one durable job queue for background work: pg-boss on our own database (lib/jobs/pgboss-db.ts).
//
// - Each job runs once across any number of app processes: workers claim jobs in the database
//   (SKIP LOCKED), so two processes never run the same one.
// - Jobs live in tables (schema `pgboss`), so a job sent before a stop or a crash runs after the restart.
// - A failed job is retried with exponential backoff (retryDelay, doubling, up to retryDelayMax); after
//   retryLimit it stays `failed` with its error, listed on /settings/jobs (lib/jobs/failed.ts).
// - Schedules (cron, UTC) are kept in the database and fire once per period cluster-wide: every process
//   runs the cron pass, and the job for one period is sent under a singleton slot only one of them wins.
// Handlers call the same one-pass functions tests call directly (runFilePurge, scanDueTasks, ...); every
// pass keeps its progress in the database, so a retry or a late run never does anything twice.
import { PgBoss } from "pg-boss";
import type { Db } from "../db/mod.ts";
import { pgBossDb } from "./pgboss-db.ts";

/** Which attempt a run is: handlers that must give up cleanly on the last one read it. */
export interface JobAttempt {
  /** 0 on the first run, 1 on the first retry... */
  retryCount: number;
  retryLimit: number;
  /** Aborted when the process begins to stop: a long pass ends after the step it is on (and resumes later). */
  stopping: AbortSignal;
}

/** pg-boss queue policies we use: `standard`, or `short` (one job waiting per singletonKey, any running). */
export type JobPolicy = "standard" | "short";

export interface JobDefinition {
  /** Queue name: letters, digits and dashes (`files-purge`). */
  name: string;
  /** Cron expression (UTC); omit for jobs only ever sent. */
  cron?: string;
  /** Set when the queue is first created (pg-boss cannot change it later); `standard` by default. */
  policy?: JobPolicy;
  /**
   * A running job's worker refreshes it this often (seconds, at least 10); a process that died (kill -9)
   * stops doing so, and the job is retried that much later instead of after expireInSeconds.
   */
  heartbeatSeconds?: number;
  /** Attempts after the first (3). */
  retryLimit?: number;
  /** Seconds before the first retry (30); doubles each time up to retryDelayMax (10 minutes). */
  retryDelay?: number;
  retryDelayMax?: number;
  /** A run taking longer counts as failed and is retried (15 minutes). */
  expireInSeconds?: number;
  /**
   * Payloads hold no team data, only ids: a job about one team's records carries `teamId`, and the admin
   * page shows it to that team's owners only (lib/jobs/failed.ts).
   */
  run(data: unknown, attempt: JobAttempt): Promise<unknown>;
}

export interface QueueOptions {
  /** How often an idle worker looks for jobs (2 s; a sent job also wakes it through LISTEN/NOTIFY). */
  pollingIntervalSeconds?: number;
  /** How often each process runs the cron pass (30 s; tests shorten it). */
  cronMonitorIntervalSeconds?: number;
  /** Runs cron schedules (true); a process can opt out and only work. */
  schedule?: boolean;
  /** Runs jobs (true); false makes an instance that only creates the queues and sends. */
  work?: boolean;
}

export interface JobQueue {
  /** Sends a job now; `singletonKey` drops a second one while the first is still waiting. */
  send(name: string, data?: object | null, options?: { singletonKey?: string }): Promise<string | null>;
  /** Stops taking jobs, waits for the running ones (up to timeoutMs), then lets go of the database. */
  stop(timeoutMs?: number): Promise<void>;
}

export const DEFAULT_RETRY = { retryLimit: 3, retryDelay: 30, retryDelayMax: 600, expireInSeconds: 15 * 60 };

/** Installs or upgrades the queue's tables (idempotent); start() does it too. */
export async function installJobQueue(db: Db): Promise<void> {
  const boss = newBoss(db, { schedule: false });
  await boss.start();
  await boss.stop({ graceful: false });
}

/**
 * Singleton keys of `name`'s jobs that a live process is running now: active, with a heartbeat newer than
 * twice the queue's heartbeat interval (jobs on queues without heartbeats never count).
 */
export async function runningJobKeys(db: Db, name: string): Promise<Set<string>> {
  return await db.asService("jobs:running-keys", async (tx) => {
    const [installed] = await tx.query<{ ok: boolean }>("select to_regclass('pgboss.job') is not null as ok");
    if (!installed?.ok) return new Set<string>();
    const rows = await tx.query<{ key: string }>(
      `select singleton_key as key from pgboss.job
       where name = $1 and state = 'active' and singleton_key is not null
         and heartbeat_on > now() - make_interval(secs => 2 * heartbeat_seconds)`,
      [name],
    );
    return new Set(rows.map((row) => row.key));
  });
}

function newBoss(db: Db, options: QueueOptions & { supervise?: boolean }) {
  const boss = new PgBoss({
    db: pgBossDb(db),
    backend: db.kind === "pglite" ? "pglite" : "postgres",
    schedule: options.schedule ?? true,
    supervise: options.supervise ?? true,
    ...(options.cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds } : {}),
  });
  boss.on("error", (error: unknown) => console.error("jobs: queue error", error));
  return boss;
}

export async function startJobQueue(db: Db, jobs: JobDefinition[], options: QueueOptions = {}): Promise<JobQueue> {
  const boss = newBoss(db, options);
  const stopping = new AbortController();
  await boss.start();
  for (const job of jobs) {
    const queue = {
      retryLimit: job.retryLimit ?? DEFAULT_RETRY.retryLimit,
      retryDelay: job.retryDelay ?? DEFAULT_RETRY.retryDelay,
      retryBackoff: true,
      retryDelayMax: job.retryDelayMax ?? DEFAULT_RETRY.retryDelayMax,
      expireInSeconds: job.expireInSeconds ?? DEFAULT_RETRY.expireInSeconds,
      ...(job.heartbeatSeconds ? { heartbeatSeconds: job.heartbeatSeconds } : {}),
    };
    // Another process may create the queue at the same moment; updating keeps the settings current.
    if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, queue);
    else await boss.createQueue(job.name, { ...queue, policy: job.policy ?? "standard" });
    if (job.cron) await boss.schedule(job.name, job.cron, null, { tz: "UTC" });
    if (options.work === false) continue;
    await boss.work(
      job.name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true },
      async (batch: { data: unknown; retryCount: number; retryLimit: number }[]) => {
        for (const item of batch) {
          await job.run(item.data, {
            retryCount: item.retryCount,
            retryLimit: item.retryLimit,
            stopping: stopping.signal,
          });
        }
      },
    );
  }
  let stopped: Promise<void> | null = null;
  return {
    send: (name, data = null, sendOptions = {}) => boss.send(name, data, sendOptions),
    stop(timeoutMs = 30_000) {
      stopping.abort();
      stopped ??= boss.stop({ graceful: true, timeout: timeoutMs });
      return stopped;
    },
  };
}
