// Enrichment's queue jobs (listed in app/system-jobs.ts):
//   enrich-run           when sent   runs or resumes one list enrichment (runs.ts), batch by batch; a process
//                                    stopping cleanly ends it after the records in progress and sends it again
//   enrich-cache-purge   daily       drops provider answers past their expiry (the cache's TTL)
import type { Db } from "../db/mod.ts";
import type { JobDefinition } from "../jobs/queue.ts";
import { handedBackOnStop } from "../jobs/resumable-runs.ts";
import { enrichSetup } from "./config.ts";
import { ENRICH_JOB, runQueuedEnrichment } from "./runs.ts";

export const ENRICH_CACHE_PURGE_JOB = "enrich-cache-purge";

/** Expired cache rows, removed in one statement (a system job: the cache of every team). */
export async function purgeEnrichmentCache(db: Db): Promise<number> {
  const rows = await db.asService("enrich:cache-purge", (tx) =>
    tx.query<{ n: number }>(
      `with gone as (delete from public.enrichment_cache where expires_at <= now() returning 1)
       select count(*)::int as n from gone`,
    ));
  return rows[0]?.n ?? 0;
}

export function enrichJobs(db: Db): JobDefinition[] {
  // Runs started by a request use that server's settings (registered then); this one serves resumed runs.
  const fallback = enrichSetup();
  return [
    {
      name: ENRICH_JOB,
      policy: "short",
      heartbeatSeconds: 30,
      retryLimit: 3,
      retryDelay: 10,
      expireInSeconds: 6 * 60 * 60,
      // Handed back on a clean stop: the next process carries on after the committed records.
      run: handedBackOnStop(db, ENRICH_JOB, (data, attempt) => runQueuedEnrichment(db, fallback, data, attempt)),
    },
    { name: ENRICH_CACHE_PURGE_JOB, cron: "17 3 * * *", run: () => purgeEnrichmentCache(db) },
  ];
}
