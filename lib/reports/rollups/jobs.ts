// The rollup jobs on the queue (app/system-jobs.ts lists them):
//   reports-rollup-refresh  every minute, and a few seconds after deal/activity changes on the bus (one job per
//                           team waiting at a time): rebuilds the days those changes touched
//   reports-rollup-rebuild  nightly 03:15 UTC: rebuilds every team's rollups whole (a safety net)
// Reports never wait for either: a day not yet rebuilt is read from the raw rows (lib/reports/query.ts).
import type { Db } from "../../db/mod.ts";
import type { JobDefinition, JobQueue } from "../../jobs/queue.ts";
import type { ChangeBus } from "../../bus/change-bus.ts";
import { isUuid } from "../../ids.ts";
import { sourcesAffectedBy } from "../live.ts";
import { rebuildRollups, refreshRollups, ROLLUP_REBUILD_JOB, ROLLUP_REFRESH_JOB } from "./refresh.ts";

export function rollupJobs(db: Db): JobDefinition[] {
  return [
    {
      name: ROLLUP_REFRESH_JOB,
      cron: "* * * * *",
      policy: "short",
      async run(data) {
        const teamId = (data as { teamId?: unknown } | null)?.teamId;
        await refreshRollups(db, isUuid(teamId) ? { teamId } : {});
      },
    },
    { name: ROLLUP_REBUILD_JOB, cron: "15 3 * * *", run: () => rebuildRollups(db) },
  ];
}

/** How long a burst of changes is gathered before the team's refresh is sent. */
const NUDGE_MS = 5_000;

/** Sends a team's refresh a few seconds after its deals or activities change; returns the unsubscribe. */
export function nudgeRollupsOnChange(bus: ChangeBus, queue: Pick<JobQueue, "send">): () => void {
  const waiting = new Map<string, ReturnType<typeof setTimeout>>();
  const unsubscribe = bus.subscribe((event) => {
    const sources = sourcesAffectedBy(event);
    if (!sources.includes("deals") && !sources.includes("activities")) return;
    const teamId = event.team_id;
    if (!isUuid(teamId) || waiting.has(teamId)) return;
    waiting.set(
      teamId,
      setTimeout(() => {
        waiting.delete(teamId);
        void queue.send(ROLLUP_REFRESH_JOB, { teamId }, { singletonKey: teamId })
          .catch((error) => console.error("reports:rollup nudge failed", error));
      }, NUDGE_MS),
    );
  });
  return () => {
    unsubscribe();
    for (const timer of waiting.values()) clearTimeout(timer);
    waiting.clear();
  };
}
