// The scoring jobs on the queue (app/system-jobs.ts lists them):
//   scoring-refresh  every minute   rescoring what changed (refresh.ts), so scores are at most a minute behind
//   scoring-train    nightly 02:30  retraining every team's learned score (train.ts); also sent with a teamId
//                                  when an admin asks for a retrain on /settings/scoring
import type { Db } from "../db/mod.ts";
import type { JobDefinition } from "../jobs/queue.ts";
import { isUuid } from "../ids.ts";
import { refreshScores, SCORING_REFRESH_JOB } from "./refresh.ts";
import { SCORING_TRAIN_JOB, trainAllTeams, trainTeam } from "./train.ts";

export function scoringJobs(db: Db): JobDefinition[] {
  return [
    { name: SCORING_REFRESH_JOB, cron: "* * * * *", run: () => refreshScores(db).then(() => {}) },
    {
      name: SCORING_TRAIN_JOB,
      cron: "30 2 * * *",
      async run(data) {
        const teamId = (data as { teamId?: unknown } | null)?.teamId;
        if (isUuid(teamId)) await trainTeam(db, teamId);
        else await trainAllTeams(db);
        await refreshScores(db);
      },
    },
  ];
}
