// What the dashboards bench needs in the workspace before it measures: stage history for every deal (the
// large seeds write deals with triggers off, so they have none, and deal velocity would read an empty table),
// and the stale rollup state a big import leaves behind (for the first-run figure).
import type { Db } from "../../lib/db/mod.ts";

/**
 * Gives every deal of the team that has no stage history the stays it would have: each open stage before its
 * current one (a few days each, varied per deal), then the current stage, not left yet. Set-based, once: deals
 * that already have history keep it.
 */
export async function seedStageHistory(db: Db, teamId: string): Promise<number> {
  return await db.asService("bench:seed-stage-history", async (tx) => {
    const rows = await tx.query<{ n: number }>(
      `with stays as (
         select d.id as deal_id, d.team_id, d.created_at, d.stage_id as current_stage, s.id as stage_id, s.position,
                1 + abs(hashtext(d.id::text || s.id::text)) % 12 as days
         from public.deals d
         join public.pipeline_stages cur on cur.id = d.stage_id
         join public.pipeline_stages s on s.pipeline_id = d.pipeline_id
              and (s.id = d.stage_id or (s.kind = 'open' and s.position < cur.position))
         where d.team_id = $1 and not exists (select from public.deal_stage_history h where h.deal_id = d.id)),
       timed as (
         select *, created_at + make_interval(days => coalesce(sum(days) over (
                  partition by deal_id order by position rows between unbounded preceding and 1 preceding), 0)::int)
                as entered
         from stays),
       added as (
         insert into public.deal_stage_history (team_id, deal_id, from_stage_id, to_stage_id, entered_at, left_at)
         select team_id, deal_id, lag(stage_id) over (partition by deal_id order by position), stage_id, entered,
                case when stage_id <> current_stage then entered + make_interval(days => days) end
         from timed
         returning 1)
       select count(*)::int as n from added`,
      [teamId],
    );
    return rows[0].n;
  });
}

/**
 * Marks every day the team's deals and activities fall on as out of date, as the rollup triggers do after an
 * import that touched them all (the same rows those triggers write, without rewriting 70,000 records).
 */
export async function markAllRollupDaysStale(db: Db, teamId: string): Promise<void> {
  await db.asService("bench:stale-rollups", async (tx) => {
    await tx.query(
      `insert into public.report_rollup_dirty (team_id, source, day)
       select distinct team_id, 'deals', (created_at at time zone 'UTC')::date from public.deals
       where team_id = $1 and deleted_at is null`,
      [teamId],
    );
    await tx.query(
      `insert into public.report_rollup_dirty (team_id, source, day)
       select distinct team_id, 'activities', (occurred_at at time zone 'UTC')::date from public.activities
       where team_id = $1 and deleted_at is null`,
      [teamId],
    );
  });
}
