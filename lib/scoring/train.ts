// The scoring-train job: retrains each team's learned score from its won and lost deals (nightly, and when an
// admin asks), stores the model or why there is none, and marks the team's scores stale so the refresh job
// rescores them with the new weights.
import type { Db } from "../db/mod.ts";
import { loadExamples } from "./load.ts";
import { trainModel, type TrainResult } from "./model.ts";

export const SCORING_TRAIN_JOB = "scoring-train";

/** Trains one team's model and stores the outcome. */
export async function trainTeam(db: Db, teamId: string): Promise<TrainResult> {
  const examples = await db.asService(SCORING_TRAIN_JOB, (tx) => loadExamples(tx, teamId));
  const result = trainModel(examples);
  await db.asService(SCORING_TRAIN_JOB, async (tx) => {
    await tx.query(
      `insert into public.scoring_models (team_id, status, model, sample_size, positives, metrics, message, trained_at)
       values ($1, $2, $3::jsonb, $4, $5, $6::jsonb, $7, now())
       on conflict (team_id) do update set status = excluded.status, model = excluded.model,
         sample_size = excluded.sample_size, positives = excluded.positives, metrics = excluded.metrics,
         message = excluded.message, trained_at = excluded.trained_at`,
      [
        teamId,
        result.status,
        result.status === "trained" ? JSON.stringify(result.model) : null,
        result.sampleSize,
        result.positives,
        JSON.stringify(result.status === "trained" ? result.metrics : {}),
        result.status === "trained" ? "" : result.message,
      ],
    );
    await tx.query(
      `insert into app.score_dirty_teams (team_id) values ($1)
       on conflict (team_id) do update set marked_at = now()`,
      [teamId],
    );
  });
  return result;
}

/** Retrains every team with at least one closed deal or closed lead (the nightly run). */
export async function trainAllTeams(db: Db): Promise<number> {
  const teams = await db.asService(SCORING_TRAIN_JOB, (tx) =>
    tx.query<{ team_id: string }>(
      `select distinct d.team_id from public.deals d join public.pipeline_stages s on s.id = d.stage_id
        where s.kind in ('won', 'lost') and d.deleted_at is null
       union
       select distinct team_id from public.leads where status::text in ('PAID', 'LOST') and deleted_at is null`,
    ));
  for (const { team_id } of teams) await trainTeam(db, team_id);
  return teams.length;
}
