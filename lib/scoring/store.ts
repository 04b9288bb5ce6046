// Scoring as the user sees it: the rules (every member reads, owners and admins change them: RLS and a role check
// that answers 403 in words), how many leads each rule hits, the learned model's status, and a record's score.
import { AppError } from "../errors.ts";
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/mod.ts";
import { isUuid } from "../ids.ts";
import { loadSubjects, RULE_COLUMNS, toRule } from "./load.ts";
import { longestWindow, type RuleInput, ruleLabel, ruleMatches, type ScoreFactor, type ScoringRule } from "./rules.ts";
import { MIN_EXAMPLES, MIN_PER_CLASS } from "./model.ts";
import type { ScoredType } from "./subject.ts";
import { queueFor } from "../jobs/registry.ts";
import { SCORING_TRAIN_JOB, trainTeam } from "./train.ts";
import { refreshScores } from "./refresh.ts";

export type RuleView = ScoringRule & { label: string };

export interface ModelStatus {
  status: "never_trained" | "trained" | "insufficient_data";
  sample_size: number;
  positives: number;
  metrics: { accuracy?: number; log_loss?: number; holdout_accuracy?: number | null };
  message: string;
  trained_at: string | null;
  /** The top weights, for the settings page: [{ label, weight }]. */
  features: number;
}

export interface RecordScore {
  score: number;
  rule_score: number;
  learned_score: number | null;
  factors: ScoreFactor[];
  computed_at: string;
}

const notFound = () => new AppError("not_found", "That scoring rule does not exist.");
const forbidden = () => new AppError("forbidden", "Only owners and admins can change the scoring rules.");

async function assertAdmin(tx: Tx, teamId: string) {
  const [row] = await tx.query<{ ok: boolean }>(
    "select app.has_team_role($1, array['owner', 'admin']::public.team_role[]) as ok",
    [teamId],
  );
  if (!row?.ok) throw forbidden();
}

export async function listRules(caller: Caller): Promise<RuleView[]> {
  const rows = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<Parameters<typeof toRule>[0]>(
      `select ${RULE_COLUMNS} from public.scoring_rules where team_id = $1 order by created_at, id`,
      [caller.teamId],
    ));
  return rows.map(toRule).map((rule) => ({ ...rule, label: ruleLabel(rule) }));
}

export async function addRule(caller: Caller, input: RuleInput): Promise<RuleView> {
  const rule = await caller.db.asUser(caller.claims, async (tx) => {
    await assertAdmin(tx, caller.teamId);
    const [row] = await tx.query<Parameters<typeof toRule>[0]>(
      `insert into public.scoring_rules (team_id, kind, field, operator, value, activity_type, min_count, within_days,
         points)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${RULE_COLUMNS}`,
      input.kind === "fit"
        ? [caller.teamId, "fit", input.field, input.operator, input.value, null, null, null, input.points]
        : [
          caller.teamId,
          "engagement",
          null,
          null,
          null,
          input.activity_type,
          input.min_count,
          input.within_days,
          input.points,
        ],
    );
    return toRule(row);
  });
  return { ...rule, label: ruleLabel(rule) };
}

export async function setRulePoints(caller: Caller, id: string, points: number): Promise<RuleView> {
  if (!isUuid(id)) throw notFound();
  const rule = await caller.db.asUser(caller.claims, async (tx) => {
    await assertAdmin(tx, caller.teamId);
    const [row] = await tx.query<Parameters<typeof toRule>[0]>(
      `update public.scoring_rules set points = $3 where id = $1 and team_id = $2 returning ${RULE_COLUMNS}`,
      [id, caller.teamId, points],
    );
    if (!row) throw notFound();
    return toRule(row);
  });
  return { ...rule, label: ruleLabel(rule) };
}

export async function deleteRule(caller: Caller, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  await caller.db.asUser(caller.claims, async (tx) => {
    await assertAdmin(tx, caller.teamId);
    const rows = await tx.query("delete from public.scoring_rules where id = $1 and team_id = $2 returning id", [
      id,
      caller.teamId,
    ]);
    if (rows.length === 0) throw notFound();
  });
}

/** Leads the preview looks at (the newest ones): enough to be telling, bounded so the page stays fast. */
const PREVIEW_LEADS = 5000;

/** How many of the team's (newest 5,000) live leads each rule hits, by rule id; plus how many were looked at. */
export async function previewRules(
  caller: Caller,
  rules: ScoringRule[],
): Promise<{ hits: Record<string, number>; leads: number }> {
  return await caller.db.asUser(caller.claims, async (tx) => {
    const ids = (await tx.query<{ id: string }>(
      `select id from public.leads where team_id = $1 and deleted_at is null order by created_at desc limit ${PREVIEW_LEADS}`,
      [caller.teamId],
    )).map((r) => r.id);
    const subjects = await loadSubjects(tx, caller.teamId, "lead", ids, Math.max(1, longestWindow(rules)));
    const now = new Date();
    const hits: Record<string, number> = {};
    for (const rule of rules) {
      let n = 0;
      for (const subject of subjects.values()) if (ruleMatches(rule, subject, now)) n++;
      hits[rule.id] = n;
    }
    return { hits, leads: subjects.size };
  });
}

export async function modelStatus(caller: Caller): Promise<ModelStatus> {
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<{
      status: "trained" | "insufficient_data";
      sample_size: number;
      positives: number;
      metrics: ModelStatus["metrics"];
      message: string;
      trained_at: string;
      features: number;
    }>(
      `select status, sample_size, positives, metrics, message, trained_at::text as trained_at,
              coalesce(jsonb_array_length(model -> 'features'), 0) as features
         from public.scoring_models where team_id = $1`,
      [caller.teamId],
    ));
  if (!row) {
    return {
      status: "never_trained",
      sample_size: 0,
      positives: 0,
      metrics: {},
      features: 0,
      trained_at: null,
      message: `Not trained yet: the nightly job trains it once the team has ${MIN_EXAMPLES} closed deals ` +
        `(${MIN_PER_CLASS} won and ${MIN_PER_CLASS} lost). Until then scores use the rules only.`,
    };
  }
  return row;
}

/**
 * A lead's or contact's stored score, or null when none is computed (scoring off, or not yet). 404 when the
 * record is not one the caller can see (another team's, or none).
 */
export async function recordScore(caller: Caller, type: ScoredType, id: string): Promise<RecordScore | null> {
  const what = type === "lead" ? "Lead" : "Contact";
  if (!isUuid(id)) throw new AppError("not_found", `${what} not found.`);
  return await caller.db.asUser(caller.claims, async (tx) => {
    const table = type === "lead" ? "public.leads" : "public.contacts";
    const [found] = await tx.query(`select 1 from ${table} where id = $1 and team_id = $2`, [id, caller.teamId]);
    if (!found) throw new AppError("not_found", `${what} not found.`);
    const [row] = await tx.query<RecordScore>(
      `select score, rule_score, learned_score, factors, computed_at::text as computed_at
         from public.record_scores where ${type === "lead" ? "lead_id" : "contact_id"} = $1`,
      [id],
    );
    return row ?? null;
  });
}

/**
 * An admin's "Retrain now": sent to the queue as the scoring-train job for this team; without a queue (tests,
 * scripts) the same job function runs here. Answers whether it was queued (true) or already done (false).
 */
export async function requestRetrain(caller: Caller): Promise<{ queued: boolean }> {
  await caller.db.asUser(caller.claims, (tx) => assertAdmin(tx, caller.teamId));
  const queue = queueFor(caller.db);
  if (queue) {
    await queue.send(SCORING_TRAIN_JOB, { teamId: caller.teamId }, { singletonKey: caller.teamId });
    return { queued: true };
  }
  await trainTeam(caller.db, caller.teamId);
  await refreshScores(caller.db);
  return { queued: false };
}
