// Loads what scoring needs from the database, in batches: the subjects (fit fields + recent activities) of
// leads, contacts or closed deals, a team's rules and model, and its won/lost examples. Runs in whatever
// transaction it is given: as the user (settings preview, RLS decides) or as the scoring jobs' service role.
import type { Tx } from "../db/mod.ts";
import type { ScoringRule } from "./rules.ts";
import type { Example, LogisticModel } from "./model.ts";
import type { ScoringSubject, SubjectActivity } from "./subject.ts";

export type SubjectKind = "lead" | "contact" | "deal";

interface BaseRow {
  id: string;
  title: string | null;
  industry: string | null;
  company_size: string | null;
  source: string | null;
  country: string | null;
  contact_id: string | null;
}

// Each kind's fit fields: a lead's own, else its contact's and company's; a deal's from its contact and company.
const BASE_SQL: Record<SubjectKind, string> = {
  lead: `select l.id, c.job_title as title, coalesce(l.industry, c.industry, co.industry) as industry,
           co.size as company_size, l.source, coalesce(l.country, c.country, co.country) as country, l.contact_id
         from public.leads l
         left join public.contacts c on c.id = l.contact_id and c.deleted_at is null
         left join public.companies co on co.id = coalesce(l.company_id, c.company_id) and co.deleted_at is null
         where l.team_id = $1 and l.id = any($2::uuid[]) and l.deleted_at is null`,
  contact: `select c.id, c.job_title as title, coalesce(c.industry, co.industry) as industry, co.size as company_size,
           c.lead_source as source, coalesce(c.country, co.country) as country, c.id as contact_id
         from public.contacts c
         left join public.companies co on co.id = c.company_id and co.deleted_at is null
         where c.team_id = $1 and c.id = any($2::uuid[]) and c.deleted_at is null`,
  deal: `select d.id, c.job_title as title, coalesce(c.industry, co.industry) as industry, co.size as company_size,
           c.lead_source as source, coalesce(c.country, co.country) as country, d.contact_id
         from public.deals d
         left join public.contacts c on c.id = d.contact_id and c.deleted_at is null
         left join public.companies co on co.id = coalesce(d.company_id, c.company_id) and co.deleted_at is null
         where d.team_id = $1 and d.id = any($2::uuid[])`,
};

/**
 * The subjects of these records (missing or deleted ones are left out), with their people-made activities of
 * the last `days` days: on the record itself and on its contact.
 */
export async function loadSubjects(
  tx: Tx,
  teamId: string,
  kind: SubjectKind,
  ids: string[],
  days: number,
): Promise<Map<string, ScoringSubject>> {
  const subjects = new Map<string, ScoringSubject>();
  if (ids.length === 0) return subjects;
  const rows = await tx.query<BaseRow>(BASE_SQL[kind], [teamId, ids]);
  const byContact = new Map<string, ScoringSubject[]>();
  for (const row of rows) {
    const subject: ScoringSubject = {
      title: row.title,
      industry: row.industry,
      company_size: row.company_size,
      source: row.source,
      country: row.country,
      activities: [],
    };
    subjects.set(row.id, subject);
    if (row.contact_id) byContact.set(row.contact_id, [...byContact.get(row.contact_id) ?? [], subject]);
  }
  const ownIds = kind === "contact" ? [] : rows.map((r) => r.id);
  const activities = await tx.query<{ record_type: string; record_id: string } & SubjectActivity>(
    `select record_type, record_id, type, outcome, occurred_at from public.activities
      where team_id = $1 and not is_system and deleted_at is null
        and occurred_at >= now() - make_interval(days => $5::int)
        and ((record_type = $2 and record_id = any($3::uuid[])) or (record_type = 'contact' and record_id = any($4::uuid[])))`,
    [teamId, kind, ownIds, [...byContact.keys()], Math.max(1, Math.ceil(days))],
  );
  for (const a of activities) {
    const activity = { type: a.type, outcome: a.outcome, occurred_at: new Date(a.occurred_at) };
    const owners = a.record_type === "contact" ? byContact.get(a.record_id) ?? [] : [subjects.get(a.record_id)];
    for (const owner of owners) owner?.activities.push(activity);
  }
  return subjects;
}

interface RuleRow {
  id: string;
  kind: "fit" | "engagement";
  field: string | null;
  operator: string | null;
  value: string | null;
  activity_type: string | null;
  min_count: number | null;
  within_days: number | null;
  points: number;
}

/** A stored rule row as the rule type (the table's checks guarantee the shape). */
export function toRule(row: RuleRow): ScoringRule {
  return row.kind === "fit"
    ? {
      id: row.id,
      kind: "fit",
      field: row.field,
      operator: row.operator,
      value: row.value,
      points: row.points,
    } as ScoringRule
    : {
      id: row.id,
      kind: "engagement",
      activity_type: row.activity_type,
      min_count: row.min_count,
      within_days: row.within_days,
      points: row.points,
    } as ScoringRule;
}

export const RULE_COLUMNS = "id, kind, field, operator, value, activity_type, min_count, within_days, points";

export async function loadRules(tx: Tx, teamId: string): Promise<ScoringRule[]> {
  const rows = await tx.query<RuleRow>(
    `select ${RULE_COLUMNS} from public.scoring_rules where team_id = $1 order by created_at, id`,
    [teamId],
  );
  return rows.map(toRule);
}

/** The team's trained model, or null (never trained, or too few examples). */
export async function loadModel(tx: Tx, teamId: string): Promise<LogisticModel | null> {
  const [row] = await tx.query<{ model: LogisticModel | null }>(
    "select model from public.scoring_models where team_id = $1 and status = 'trained'",
    [teamId],
  );
  return row?.model ?? null;
}

/**
 * Won and lost outcomes: closed deals (through the lead they came from when there is one, else their contact and
 * company), and leads closed without a deal (PAID = won, LOST = lost). Engagement is counted up to the close.
 */
export async function loadExamples(tx: Tx, teamId: string): Promise<Example[]> {
  const outcomes = await tx.query<{ kind: SubjectKind; id: string; won: boolean; at: string }>(
    `select case when l.id is null then 'deal' else 'lead' end as kind, coalesce(l.id, d.id) as id,
            s.kind = 'won' as won, coalesce(d.closed_at, d.updated_at) as at
       from public.deals d
       join public.pipeline_stages s on s.id = d.stage_id
       left join public.leads l on l.deal_id = d.id and l.deleted_at is null
      where d.team_id = $1 and d.deleted_at is null and s.kind in ('won', 'lost')
     union all
     select 'lead', l.id, l.status::text = 'PAID', l.status_changed_at
       from public.leads l
      where l.team_id = $1 and l.deleted_at is null and l.deal_id is null and l.status::text in ('PAID', 'LOST')`,
    [teamId],
  );
  const examples: Example[] = [];
  for (const kind of ["lead", "deal"] as const) {
    const mine = outcomes.filter((o) => o.kind === kind);
    for (let i = 0; i < mine.length; i += 1000) {
      const batch = mine.slice(i, i + 1000);
      // activities up to a year before the oldest close in the batch (the model counts the last 365 days)
      const oldest = Math.min(...batch.map((o) => new Date(o.at).getTime()));
      const days = (Date.now() - oldest) / 86_400_000 + 366;
      const subjects = await loadSubjects(tx, teamId, kind, batch.map((o) => o.id), days);
      for (const o of batch) {
        const subject = subjects.get(o.id);
        if (subject) examples.push({ subject, label: o.won ? 1 : 0, at: new Date(o.at) });
      }
    }
  }
  return examples;
}
