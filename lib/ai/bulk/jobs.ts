// The bulk writer's queue job (listed in app/system-jobs.ts):
//   ai-bulk-write   when sent   writes or resumes one bulk run (runs.ts), a few records at once
import type { Db } from "../../db/mod.ts";
import type { JobDefinition } from "../../jobs/queue.ts";
import { handedBackOnStop } from "../../jobs/resumable-runs.ts";
import { BULK_WRITE_JOB, runQueuedBulkWrite } from "./runs.ts";

/**
 * One run, from the records not written yet on. A process stopping cleanly ends it after the records in
 * progress and sends the job again (the run id is the singleton key), so the stop never waits for the whole
 * run and the next process carries on; a process killed outright stops its heartbeat and the job is retried.
 */
export function bulkWriterJobs(db: Db): JobDefinition[] {
  return [{
    name: BULK_WRITE_JOB,
    policy: "short",
    heartbeatSeconds: 30,
    retryLimit: 3,
    retryDelay: 10,
    expireInSeconds: 2 * 60 * 60,
    // Runs started by a request use that server's settings; a resumed run after a restart reads the environment.
    run: handedBackOnStop(db, BULK_WRITE_JOB, (data, attempt) => runQueuedBulkWrite(db, Deno.env, data, attempt)),
  }];
}
