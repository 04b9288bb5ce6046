// The bulk writer's queue job (listed in app/system-jobs.ts):
//   ai-bulk-write   when sent   writes or resumes one bulk run (runs.ts), record by record
import type { Db } from "../../db/mod.ts";
import type { JobDefinition } from "../../jobs/queue.ts";
import { BULK_WRITE_JOB, runQueuedBulkWrite } from "./runs.ts";

export function bulkWriterJobs(db: Db): JobDefinition[] {
  return [{
    name: BULK_WRITE_JOB,
    policy: "short",
    heartbeatSeconds: 30,
    retryLimit: 3,
    retryDelay: 10,
    expireInSeconds: 2 * 60 * 60,
    // Runs started by a request use that server's settings; a resumed run after a restart reads the environment.
    run: (data, attempt) => runQueuedBulkWrite(db, Deno.env, data, attempt),
  }];
}
