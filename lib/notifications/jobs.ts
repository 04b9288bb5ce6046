// The notification system jobs, run on the job queue (app/system-jobs.ts) and by tests directly:
// - notifications:due-scan  tasks due within a day or overdue → task_due_soon / task_overdue (once per due time)
// - notifications:digest    hourly/daily email digests (lib/notifications/digest.ts)
// - notifications:push      web push to subscribed browsers (lib/notifications/push.ts); also nudged right after
//                           a notification.created event so pushes go out within a second or two
// Every job keeps its progress in the database, so it is idempotent and picks up after a restart.
import type { Db } from "../db/mod.ts";

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
