// The dashboards bench's 100,000-deal variant: a second workspace in the large seed's database with 100,000
// deals and 50,000 activities, seeded the first time (set-based, triggers off, rollups built at the end: a few
// seconds) and reused after. Same measures as dashboards.ts: every template's widgets together, and one report.
import type { Caller } from "../../lib/caller.ts";
import type { Db } from "../../lib/db/mod.ts";
import { parseReportConfig } from "../../lib/reports/config.ts";
import { runReport } from "../../lib/reports/query.ts";
import { rebuildTeamRollups } from "../../lib/reports/rollups/refresh.ts";
import { DASHBOARD_TEMPLATES } from "../../lib/reports/templates.ts";
import { claimsFor } from "../helpers/fixtures.ts";
import { largeWorkspace, sample } from "./large.ts";
import { percentile } from "./results.ts";
import { seedStageHistory } from "./dashboards_state.ts";

const TEAM = "Large 100k deals";
/** BENCH_ROLLUPS=off measures the raw queries alone (the before/after comparison). */
const RUN_OPTIONS = { rollups: Deno.env.get("BENCH_ROLLUPS") !== "off" };
const OWNER = "owner@large-100k.test";
export const DEALS_100K = 100_000;

async function seed100k(db: Db): Promise<{ teamId: string; userId: string }> {
  return await db.asService("bench:seed-100k", async (tx) => {
    const [existing] = await tx.query<{ id: string; user_id: string }>(
      "select t.id, t.created_by as user_id from public.teams t where t.name = $1",
      [TEAM],
    );
    if (existing) return { teamId: existing.id, userId: existing.user_id };
    const [user] = await tx.query<{ id: string }>(
      `insert into auth.users (email, email_confirmed_at, raw_app_meta_data)
       values ($1, now(), '{"provider":"email","providers":["email"]}') returning id`,
      [OWNER],
    );
    const [team] = await tx.query<{ id: string }>(
      "insert into public.teams (name, created_by) values ($1, $2) returning id",
      [TEAM, user.id],
    );
    await tx.query("insert into public.profiles (id, full_name) values ($1, 'Owner 100k')", [user.id]);
    await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'owner')", [
      team.id,
      user.id,
    ]);
    // a few reps so per-owner and per-rep widgets have groups
    const reps = await tx.query<{ id: string }>(
      `insert into auth.users (email, email_confirmed_at)
       select 'rep' || g || '@large-100k.test', now() from generate_series(1, 8) g returning id`,
    );
    for (const rep of reps) {
      await tx.query("insert into public.profiles (id, full_name) values ($1, 'Rep ' || left($1::uuid::text, 4))", [
        rep.id,
      ]);
      await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'rep')", [
        team.id,
        rep.id,
      ]);
    }
    const people = [user.id, ...reps.map((r) => r.id)];
    await tx.query("set local session_replication_role = replica");
    await tx.query(
      `with stages as materialized (
         select s.id, s.pipeline_id, s.probability, row_number() over (order by s.position) - 1 as n,
                count(*) over () as of
         from public.pipeline_stages s join public.pipelines p on p.id = s.pipeline_id
         where p.team_id = $1::uuid and p.is_default)
       insert into public.deals (team_id, pipeline_id, stage_id, name, value, currency, probability, owner_id,
                                 expected_close_date, stage_entered_at, closed_at, position, created_at)
       select $1::uuid, s.pipeline_id, s.id, 'Deal ' || g, (g % 500) * 100 + 1000,
              (array['USD','USD','USD','EUR','GBP'])[1 + g % 5], s.probability,
              ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], current_date + (g % 120),
              now() - ((g % 60) || ' days')::interval,
              case when g % s.of >= s.of - 2 then now() - ((g % 300) || ' hours')::interval end,
              g, now() - ((g * 7) || ' minutes')::interval
       from generate_series(1, $3::int) g join stages s on s.n = g % s.of`,
      [team.id, people, DEALS_100K],
    );
    await tx.query(
      `insert into public.activities (team_id, record_type, record_id, type, subject, occurred_at, actor_id,
                                      duration_seconds, outcome)
       select $1::uuid, 'deal', gen_random_uuid(), (array['call','email','meeting','note'])[1 + g % 4], 'Touchpoint ' || g,
              now() - ((g * 3) || ' minutes')::interval, ($2::uuid[])[1 + g % array_length($2::uuid[], 1)],
              case when g % 4 in (0, 2) then 60 * (g % 45) end,
              case g % 4 when 0 then 'connected' when 2 then 'held' end
       from generate_series(1, 50000) g`,
      [team.id, people],
    );
    await tx.query("set local session_replication_role = origin");
    await rebuildTeamRollups(tx, team.id);
    return { teamId: team.id, userId: user.id };
  });
}

/** p95 of the slowest template and of one report, on 100,000 deals. */
export async function dashboards100k(runs: number): Promise<{ template: number; report: number }> {
  const { db } = await largeWorkspace();
  const { teamId, userId } = await seed100k(db);
  await seedStageHistory(db, teamId);
  const caller: Caller = { db, claims: claimsFor(userId, OWNER, teamId), teamId, role: "owner" };
  const perTemplate: Record<string, number> = {};
  for (const template of DASHBOARD_TEMPLATES) {
    const times = await sample(runs, async () => {
      await Promise.all(
        template.widgets.map((w) => runReport(caller, parseReportConfig(w.config), undefined, RUN_OPTIONS)),
      );
    });
    perTemplate[template.id] = percentile(times, 95);
  }
  console.table(
    Object.entries(perTemplate).map(([template, p95]) => ({ template, p95_ms_100k: Math.round(p95 * 10) / 10 })),
  );
  const single = parseReportConfig({
    source: "deals",
    filters: [{ field: "status", op: "eq", value: "open" }],
    groupBy: [{ field: "stage" }],
    measures: [{ fn: "sum", field: "value" }, { fn: "count" }],
    chart: { type: "bar" },
  });
  const reportTimes = await sample(runs * 2, () => runReport(caller, single, undefined, RUN_OPTIONS));
  return { template: Math.max(...Object.values(perTemplate)), report: percentile(reportTimes, 95) };
}
