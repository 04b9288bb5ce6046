// Deal stages as a report source: one row per stay of a deal in a stage (public.deal_stage_history, written by
// the deals' stage trigger with entered_at and left_at), so "time per stage" covers every stage a deal passed
// through, not only the one it is in now. Grouped by stage, `time_in_stage` is deal velocity: the average days
// deals spent in each stage.
//
// Stays of deleted deals never count: an anti-join against the (few) deleted deals, hashed (see hashJoins), so
// 42,000 stays cost one pass and no per-stay look-up. What a stay does not hold (the deal's owner and pipeline) is
// read per row only when a report uses it. The tables have RLS and the query runs as the viewer.
import { dateField, enumField, numberField, type SourceDef } from "./types.ts";

// A stay's stage kind, from the stage ids of each kind read once per query (an uncorrelated subquery is an
// InitPlan), not looked up per stay: at 42,000 stays a look-up per row cost over half a second.
const stagesOfKind = (kind: "won" | "lost") =>
  `array(select s.id from public.pipeline_stages s where s.kind = '${kind}')`;
const STAGE_KIND = `(case when t.to_stage_id = any(${stagesOfKind("won")}) then 'won' ` +
  `when t.to_stage_id = any(${stagesOfKind("lost")}) then 'lost' else 'open' end)`;

/**
 * Days of one stay: until it was left; a stay not left yet runs until now, except in a won or lost stage, where
 * the deal ended (0 days there). Never negative (a stage change back-dated by hand still reads as 0).
 */
export const STAY_DAYS_SQL = "greatest(extract(epoch from (coalesce(t.left_at, case when t.to_stage_id = any(" +
  `${stagesOfKind("won")} || ${stagesOfKind("lost")}) then t.entered_at else now() end) - t.entered_at)) / 86400.0, 0)`;

const DEAL_OWNER = "(select d.owner_id from public.deals d where d.id = t.deal_id)";
const DEAL_PIPELINE = "(select d.pipeline_id from public.deals d where d.id = t.deal_id)";

export const dealStagesSource: SourceDef = {
  name: "deal_stages",
  label: "Deal stages",
  from: "public.deal_stage_history t",
  where: "not exists (select from public.deals d where d.id = t.deal_id and d.deleted_at is not null)",
  hashJoins: true,
  defaultDateField: "entered_at",
  available: true,
  fields: [
    {
      key: "stage",
      label: "Stage",
      type: "enum",
      sql: "t.to_stage_id",
      cast: "uuid",
      groupable: true,
      labelSql: "(select s.name from public.pipeline_stages s where s.id = t.to_stage_id)",
      orderSql: "(select p.position * 1000 + s.position from public.pipeline_stages s " +
        "join public.pipelines p on p.id = s.pipeline_id where s.id = t.to_stage_id)",
      dynamic: "stages",
    },
    {
      ...enumField("stage_kind", "Stage kind", STAGE_KIND, [
        { value: "open", label: "Open" },
        { value: "won", label: "Won" },
        { value: "lost", label: "Lost" },
      ]),
      orderSql: `array_position(array['open', 'won', 'lost'], ${STAGE_KIND})`,
    },
    {
      key: "pipeline",
      label: "Pipeline",
      type: "enum",
      sql: DEAL_PIPELINE,
      cast: "uuid",
      groupable: true,
      labelSql: `(select p.name from public.pipelines p where p.id = ${DEAL_PIPELINE})`,
      orderSql: `(select p.position from public.pipelines p where p.id = ${DEAL_PIPELINE})`,
      dynamic: "pipelines",
    },
    {
      key: "owner",
      label: "Deal owner",
      type: "user",
      sql: DEAL_OWNER,
      cast: "uuid",
      groupable: true,
      labelSql:
        `coalesce((select nullif(p.full_name, '') from public.profiles p where p.id = ${DEAL_OWNER}), 'Nobody')`,
      dynamic: "owners",
    },
    {
      ...enumField("stay", "Stay", "(case when t.left_at is null then 'current' else 'left' end)", [
        { value: "left", label: "Left the stage" },
        { value: "current", label: "Still in the stage" },
      ]),
    },
    // to the quarter hour or so: a stay still running changes with every read, its sums should not jitter
    numberField("days", "Days in stage", `round((${STAY_DAYS_SQL})::numeric, 2)`),
    dateField("entered_at", "Entered stage", "entered_at"),
    dateField("left_at", "Left stage", "left_at"),
  ],
  timeInStage: { sql: STAY_DAYS_SQL, label: "Average days in stage" },
};
