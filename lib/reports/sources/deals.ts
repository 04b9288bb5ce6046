// Deals as a report source: pipeline, stage, owner, value, forecast and win/loss fields.
import { dateField, enumField, numberField, type SourceDef, textField, userField } from "./types.ts";

// A deal's status is its stage's kind. The stage ids of each kind are read once per query (an uncorrelated
// subquery is an InitPlan), not joined per row: at 20,000 deals a join per row cost more than the aggregate.
const stagesOfKind = (kind: "won" | "lost") =>
  `array(select s.id from public.pipeline_stages s where s.kind = '${kind}')`;
const STATUS = `(case when t.stage_id = any(${stagesOfKind("won")}) then 'won' ` +
  `when t.stage_id = any(${stagesOfKind("lost")}) then 'lost' else 'open' end)`;

export const dealsSource: SourceDef = {
  name: "deals",
  label: "Deals",
  from: "public.deals t",
  where: "t.deleted_at is null",
  defaultDateField: "created_at",
  available: true,
  currencySql: "t.currency",
  fields: [
    textField("name", "Name", "name", false),
    {
      key: "stage",
      label: "Stage",
      type: "enum",
      sql: "t.stage_id",
      cast: "uuid",
      groupable: true,
      labelSql: "(select s.name from public.pipeline_stages s where s.id = t.stage_id)",
      orderSql: "(select p.position * 1000 + s.position from public.pipeline_stages s " +
        "join public.pipelines p on p.id = s.pipeline_id where s.id = t.stage_id)",
      dynamic: "stages",
    },
    {
      key: "pipeline",
      label: "Pipeline",
      type: "enum",
      sql: "t.pipeline_id",
      cast: "uuid",
      groupable: true,
      labelSql: "(select p.name from public.pipelines p where p.id = t.pipeline_id)",
      orderSql: "(select p.position from public.pipelines p where p.id = t.pipeline_id)",
      dynamic: "pipelines",
    },
    {
      ...enumField("status", "Status", STATUS, [
        { value: "open", label: "Open" },
        { value: "won", label: "Won" },
        { value: "lost", label: "Lost" },
      ]),
      orderSql: `array_position(array['open', 'won', 'lost'], ${STATUS})`,
    },
    userField("owner", "Owner", "owner_id"),
    numberField("value", "Value", "t.value", "money"),
    numberField("weighted_value", "Weighted value", "(t.value * t.probability / 100.0)", "money"),
    numberField("probability", "Probability (%)", "t.probability"),
    textField("currency", "Currency", "currency"),
    {
      key: "industry",
      label: "Industry",
      type: "text",
      sql: "(select c.industry from public.companies c where c.id = t.company_id)",
      cast: "text",
      groupable: true,
    },
    textField("competitor", "Competitor", "competitor"),
    textField("win_reason", "Win reason", "win_reason"),
    textField("loss_reason", "Loss reason", "loss_reason"),
    dateField("created_at", "Created", "created_at"),
    dateField("expected_close_date", "Expected close", "expected_close_date", "date"),
    dateField("closed_at", "Closed", "closed_at"),
    dateField("stage_entered_at", "Entered stage", "stage_entered_at"),
  ],
  conversion: { sql: `t.stage_id = any(${stagesOfKind("won")})`, label: "Win rate (%)" },
  timeInStage: {
    sql: "extract(epoch from (coalesce(t.closed_at, now()) - t.stage_entered_at)) / 86400.0",
    label: "Days in stage",
  },
};
