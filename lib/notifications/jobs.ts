// The notification system jobs, run on the job queue (lib/jobs/system.ts) and by tests directly:
// - notifications:due-scan  tasks due within a day or overdue → task_due_soon / task_overdue (once per due time)
// - notifications:digest    hourly/daily email digests (lib/notifications/digest.ts)
// - notifications:push      web push to subscribed browsers (lib/notifications/push.ts); also nudged right after
//                           a notification.created event so pushes go out within a second or two
// Every job keeps its progress in the database, so it is idempotent and picks up after a restart.
import type { Db } from "../db/mod.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { ChangeBus } from "../../realtime/change-bus.ts";
import { type DigestResult, runDigest } from "./digest.ts";
import { deliverPush, ensureVapidKeys, type PushOptions, type PushResult, vapidSubject } from "./push.ts";

/** Creates due-soon and overdue notifications; returns how many were created. */
export async function scanDueTasks(db: Db, now = new Date()): Promise<number> {
  const [row] = await db.asService(
    "notifications:due-scan",
    (tx) => tx.query<{ count: number }>("select app.notify_due_tasks($1::timestamptz) as count", [now.toISOString()]),
  );
  return Number(row?.count ?? 0);
}

export interface JobsConfig {
  publicUrl: string;
  mailFrom: string;
}

export interface JobsRun {
  due: number;
  digest: DigestResult;
  push: PushResult;
}

/** One pass of every job, in order; each job's failure is logged and does not stop the others. */
export async function runNotificationJobs(
  db: Db,
  mailer: Mailer,
  config: JobsConfig,
  options: { now?: Date; send?: PushOptions["send"] } = {},
): Promise<JobsRun> {
  const now = options.now ?? new Date();
  const run: JobsRun = {
    due: 0,
    digest: { sent: 0, deferred: 0, failed: 0, recipients: [] },
    push: { sent: 0, failed: 0, deferred: 0, expired: 0 },
  };
  try {
    run.due = await scanDueTasks(db, now);
  } catch (error) {
    console.error("notifications:due-scan failed", error);
  }
  try {
    run.digest = await runDigest(db, mailer, { now, publicUrl: config.publicUrl });
  } catch (error) {
    console.error("notifications:digest failed", error);
  }
  try {
    run.push = await deliverPush(db, { now, subject: vapidSubject(config.mailFrom), send: options.send });
  } catch (error) {
    console.error("notifications:push failed", error);
  }
  return run;
}

export interface NotificationJobs {
  /** Runs a pass now (waits for a running one first); resolves with its result. */
  runNow(): Promise<JobsRun>;
  stop(): Promise<void>;
}

/**
 * Runs the jobs every `intervalMs` (one pass at a time) and pushes soon after new notifications appear on
 * the bus. Returns the handle main.ts stops on shutdown.
 */
export function startNotificationJobs(
  db: Db,
  mailer: Mailer,
  config: JobsConfig,
  options: { intervalMs?: number; bus?: ChangeBus; firstRunMs?: number } = {},
): NotificationJobs {
  const intervalMs = options.intervalMs ?? 60_000;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let pushTimer: ReturnType<typeof setTimeout> | undefined;

  const chain = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = running.then(fn, fn);
    running = next.catch(() => {});
    return next;
  };
  const pass = () => chain(() => runNotificationJobs(db, mailer, config));
  const pushSoon = () => {
    if (stopped || pushTimer) return;
    pushTimer = setTimeout(() => {
      pushTimer = undefined;
      if (stopped) return;
      void chain(() => deliverPush(db, { subject: vapidSubject(config.mailFrom) })).catch((error) =>
        console.error("notifications:push failed", error)
      );
    }, 1_000);
  };

  // The VAPID key pair exists from the first start on, so browsers can subscribe right away.
  void ensureVapidKeys(db).catch((error) => console.error("notifications:vapid failed", error));
  const first = setTimeout(() => void pass(), options.firstRunMs ?? 5_000);
  const timer = setInterval(() => {
    if (!stopped) void pass();
  }, intervalMs);
  const unsubscribe = options.bus?.subscribe((event) => {
    if (event.type === "notification.created") pushSoon();
  });

  return {
    runNow: pass,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      if (pushTimer) clearTimeout(pushTimer);
      unsubscribe?.();
      await running;
    },
  };
}
