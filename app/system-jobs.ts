// Leadly's system jobs on the queue (lib/jobs/queue.ts). Each one calls a one-pass function that keeps its
// progress in the database, so a retry, a late run or two runs at once never do anything twice.
//   notifications-due-scan  every minute  due-soon and overdue task notifications (once per due time)
//   notifications-digest    every minute  hourly/daily email digests, each sent when its period is due
//   notifications-push      every minute  web push; also sent right after a notification.created event
//   files-purge             every 5 min   deleted files after an hour, uploads never finished or attached
//   import-run              when sent     runs or resumes one CSV import (lib/import/job.ts), batch by batch
//   notes-compact           when sent     merges a note's stored updates into its state (lib/notes/)
//   scoring-refresh         every minute  rescores the leads and contacts whose data changed (lib/scoring/)
//   scoring-train           nightly       retrains each team's learned lead score; also sent by "Retrain now"
//   embeddings-refresh      every minute  embeds changed records, notes and messages (lib/search/semantic/)
//   enrich-run              when sent     runs or resumes one list enrichment (lib/enrich/runs.ts)
//   enrich-cache-purge      daily         drops expired enrichment provider answers
//   reports-rollup-refresh  every minute  rebuilds report rollup days changes touched (lib/reports/rollups/)
//   reports-rollup-rebuild  nightly       rebuilds every team's report rollups
//   ai-bulk-write           when sent     writes or resumes one bulk AI writer run (lib/ai/bulk/runs.ts)
// Payloads carry no team data: the scheduled ones are empty, the sent ones hold ids (with `teamId`, so the
// jobs admin page shows them to that team only).
import type { Db } from "../lib/db/mod.ts";
import type { Mailer } from "../lib/mail/mailer.ts";
import type { Storage } from "../lib/files/storage.ts";
import type { ChangeBus } from "../lib/bus/change-bus.ts";
import type { JobsConfig } from "../lib/notifications/jobs.ts";
import { scanDueTasks } from "../lib/notifications/jobs.ts";
import { runDigest } from "../lib/notifications/digest.ts";
import { deliverPush, ensureVapidKeys, vapidSubject } from "../lib/notifications/push.ts";
import { runFilePurge } from "../lib/files/jobs.ts";
import { IMPORT_JOB, runQueuedImport } from "../lib/import/job.ts";
import { NOTES_COMPACT_JOB, notesFor } from "../lib/notes/doc-manager.ts";
import { isUuid } from "../lib/ids.ts";
import { EMBEDDINGS_REFRESH_JOB, refreshEmbeddings } from "../lib/search/semantic/refresh.ts";
import { scoringJobs } from "../lib/scoring/jobs.ts";
import { enrichJobs } from "../lib/enrich/jobs.ts";
import { bulkWriterJobs } from "../lib/ai/bulk/jobs.ts";
import { runDueSchedules } from "../lib/reports/schedules.ts";
import { nudgeRollupsOnChange, rollupJobs } from "../lib/reports/rollups/jobs.ts";
import { type JobDefinition, type JobQueue, startJobQueue } from "../lib/jobs/queue.ts";
import { registerQueue, unregisterQueue } from "../lib/jobs/registry.ts";
import { handedBackOnStop } from "../lib/jobs/resumable-runs.ts";

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
    importRunJob(db),
    notesCompactJob(db),
    // scheduled reports and dashboards, mailed once per occurrence of their rule (lib/reports/schedules.ts)
    {
      name: "reports-schedules",
      cron: "* * * * *",
      run: async () => void await runDueSchedules(db, mailer, { now: new Date(), publicUrl: config.publicUrl }),
    },
    // report rollups: dirty days rebuilt every minute (and soon after changes), everything nightly
    ...rollupJobs(db),
    // embeds records, notes and messages queued by their triggers (and backfills once per model)
    {
      name: EMBEDDINGS_REFRESH_JOB,
      cron: "* * * * *",
      run: async (_, { stopping }) => void await refreshEmbeddings(db, { signal: stopping }),
    },
    // lead scores: rescored every minute as data changes, the learned model retrained nightly
    ...scoringJobs(db),
    // list enrichment runs (resumable, one job per run) and the daily purge of expired provider answers
    ...enrichJobs(db),
    // bulk AI writer runs from a list selection (resumable, one job per run)
    ...bulkWriterJobs(db),
  ];
}

/**
 * One import, from its last committed batch on (each batch commits its rows with the import's counters, so a
 * retry never writes a row twice). One job waits per import (`short` policy, the import id as singleton key).
 * A process killed mid-import stops refreshing the heartbeat, and the job is retried elsewhere (or after the
 * restart). A process stopping hands the import back to the queue after its current batch.
 */
export function importRunJob(db: Db, overrides: Partial<JobDefinition> = {}): JobDefinition {
  return {
    name: IMPORT_JOB,
    policy: "short",
    heartbeatSeconds: 30,
    retryLimit: 3,
    retryDelay: 10,
    // A 20 MB file takes minutes; the heartbeat, not this, notices a dead process.
    expireInSeconds: 6 * 60 * 60,
    run: handedBackOnStop(
      db,
      IMPORT_JOB,
      (data, attempt) => runQueuedImport(db, data, attempt),
      (data) => (data as { importId: string }).importId,
    ),
    ...overrides,
  };
}

/** One note's compaction; any process may run it (it works from the stored rows, under an advisory lock). */
export function notesCompactJob(db: Db, overrides: Partial<JobDefinition> = {}): JobDefinition {
  return {
    name: NOTES_COMPACT_JOB,
    policy: "short",
    async run(data) {
      const noteId = (data as { noteId?: unknown } | null)?.noteId;
      if (typeof noteId === "string" && isUuid(noteId)) await notesFor({ db }).compactNow(noteId);
    },
    ...overrides,
  };
}

/** Starts the queue with the system jobs; pushes go out a second after a notification appears on the bus. */
export async function startSystemJobs(context: SystemJobsContext & { bus?: ChangeBus }): Promise<JobQueue> {
  // The VAPID key pair exists from the first start on, so browsers can subscribe right away.
  await ensureVapidKeys(context.db).catch((error) => console.error("notifications:vapid failed", error));
  const queue = await startJobQueue(context.db, systemJobs(context));
  // Imports and note compactions started from now on go to the queue (registry.ts).
  registerQueue(context.db, queue);
  let nudge: ReturnType<typeof setTimeout> | undefined;
  const stopRollupNudges = context.bus ? nudgeRollupsOnChange(context.bus, queue) : undefined;
  // Report schedules missed while the app was down go out once now, not at the next cron minute.
  void queue.send("reports-schedules", null).catch((error) => console.error("reports:schedules catch-up", error));
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
      stopRollupNudges?.();
      if (nudge) clearTimeout(nudge);
      // Still registered while the running jobs finish: an import that stops hands itself back to the queue.
      await queue.stop(timeoutMs);
      unregisterQueue(context.db, queue);
    },
  };
}
