// Leadly's system jobs on the queue (lib/jobs/queue.ts). Each one calls a one-pass function that keeps its
// progress in the database, so a retry, a late run or two runs at once never do anything twice.
//   notifications-due-scan  every minute  due-soon and overdue task notifications (once per due time)
//   notifications-digest    every minute  hourly/daily email digests, each sent when its period is due
//   notifications-push      every minute  web push; also sent right after a notification.created event
//   files-purge             every 5 min   deleted files after an hour, uploads never finished or attached
// Payloads are empty: no job carries team data (the jobs admin page relies on it).
import type { Db } from "../db/mod.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { Storage } from "../files/storage.ts";
import type { ChangeBus } from "../../realtime/change-bus.ts";
import type { JobsConfig } from "../notifications/jobs.ts";
import { scanDueTasks } from "../notifications/jobs.ts";
import { runDigest } from "../notifications/digest.ts";
import { deliverPush, ensureVapidKeys, vapidSubject } from "../notifications/push.ts";
import { runFilePurge } from "../files/jobs.ts";
import { type JobDefinition, type JobQueue, startJobQueue } from "./queue.ts";

export interface SystemJobsContext {
  db: Db;
  mailer: Mailer;
  config: JobsConfig;
  storage: Storage | Promise<Storage>;
}

export function systemJobs({ db, mailer, config, storage }: SystemJobsContext): JobDefinition[] {
  return [
    { name: "notifications-due-scan", cron: "* * * * *", run: () => scanDueTasks(db) },
    {
      name: "notifications-digest",
      cron: "* * * * *",
      run: () => runDigest(db, mailer, { now: new Date(), publicUrl: config.publicUrl }),
    },
    {
      name: "notifications-push",
      cron: "* * * * *",
      run: () => deliverPush(db, { subject: vapidSubject(config.mailFrom) }),
    },
    {
      name: "files-purge",
      cron: "*/5 * * * *",
      run: async () => runFilePurge(db, await storage),
    },
  ];
}

/** Starts the queue with the system jobs; pushes go out a second after a notification appears on the bus. */
export async function startSystemJobs(context: SystemJobsContext & { bus?: ChangeBus }): Promise<JobQueue> {
  // The VAPID key pair exists from the first start on, so browsers can subscribe right away.
  await ensureVapidKeys(context.db).catch((error) => console.error("notifications:vapid failed", error));
  const queue = await startJobQueue(context.db, systemJobs(context));
  let nudge: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = context.bus?.subscribe((event) => {
    if (event.type !== "notification.created" || nudge) return;
    // One push job for a burst of notifications; the singleton key keeps a second one out while it waits.
    nudge = setTimeout(() => {
      nudge = undefined;
      void queue.send("notifications-push", null, { singletonKey: "nudge" })
        .catch((error) => console.error("notifications:push nudge failed", error));
    }, 1_000);
  });
  return {
    send: queue.send,
    async stop(timeoutMs) {
      unsubscribe?.();
      if (nudge) clearTimeout(nudge);
      await queue.stop(timeoutMs);
    },
  };
}
