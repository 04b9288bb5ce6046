// The scoring-refresh job's one pass: recomputes every lead and contact marked stale by the triggers of
// 20261208060000_lead_scoring.sql (their own fields, their contact or company, an activity, the team's rules),
// writes record_scores and copies the score into leads.score / contacts.lead_score so lists sort and filter by
// it. Idempotent: a batch's scores, copies and the removal of its marks commit together, and a copy is written
// only when the score changed (so it never marks anything stale again).
import type { Db, Tx } from "../db/mod.ts";
import { computeScore } from "./combine.ts";
import { loadModel, loadRules, loadSubjects } from "./load.ts";
import { longestWindow } from "./rules.ts";
import type { ScoredType } from "./subject.ts";

export const SCORING_REFRESH_JOB = "scoring-refresh";
const BATCH = 500;
/** Engagement for the learned score is counted over a year. */
const MODEL_DAYS = 365;

interface Dirty {
  record_type: ScoredType;
  record_id: string;
  team_id: string;
}

/** Teams whose rules changed: every live lead and contact of theirs becomes stale. */
async function expandDirtyTeams(tx: Tx): Promise<void> {
  const teams = await tx.query<{ team_id: string }>("delete from app.score_dirty_teams returning team_id");
  for (const { team_id } of teams) {
    await tx.query(
      `insert into app.score_dirty (record_type, record_id, team_id)
       select 'lead', id, team_id from public.leads where team_id = $1 and deleted_at is null
       union all
       select 'contact', id, team_id from public.contacts where team_id = $1 and deleted_at is null
       on conflict (record_type, record_id) do nothing`,
      [team_id],
    );
  }
}

async function scoreTeamBatch(tx: Tx, teamId: string, marks: Dirty[], now: Date): Promise<number> {
  const rules = await loadRules(tx, teamId);
  const model = await loadModel(tx, teamId);
  if (rules.length === 0 && !model) {
    // Scoring is off for this team: its leads keep the score people gave them.
    await tx.query("delete from public.record_scores where team_id = $1", [teamId]);
    return 0;
  }
  const days = Math.max(longestWindow(rules), model ? MODEL_DAYS : 0, 1);
  let written = 0;
  for (const type of ["lead", "contact"] as const) {
    const ids = marks.filter((m) => m.record_type === type).map((m) => m.record_id);
    if (ids.length === 0) continue;
    const subjects = await loadSubjects(tx, teamId, type, ids, days);
    const column = type === "lead" ? "lead_id" : "contact_id";
    for (const [id, subject] of subjects) {
      const s = computeScore(rules, model, subject, now);
      await tx.query(
        `insert into public.record_scores (team_id, ${column}, rule_score, learned_score, score, factors, computed_at)
         values ($1, $2, $3, $4, $5, $6::jsonb, now())
         on conflict (${column}) do update set rule_score = excluded.rule_score,
           learned_score = excluded.learned_score, score = excluded.score, factors = excluded.factors,
           computed_at = excluded.computed_at`,
        [teamId, id, s.rule_score, s.learned_score, s.score, JSON.stringify(s.factors)],
      );
      written++;
    }
    const scores = [...subjects.keys()];
    if (scores.length === 0) continue;
    // the copy the lists read; only where it differs, so unchanged rows are not touched
    if (type === "lead") {
      await tx.query(
        `update public.leads l set score = s.score from public.record_scores s
          where s.lead_id = l.id and l.id = any($1::uuid[]) and l.score is distinct from s.score`,
        [scores],
      );
    } else {
      await tx.query(
        `update public.contacts c set lead_score = s.score from public.record_scores s
          where s.contact_id = c.id and c.id = any($1::uuid[]) and c.lead_score is distinct from s.score`,
        [scores],
      );
    }
  }
  return written;
}

/** One batch of stale records (any teams), in one transaction; how many were taken (0 = nothing left). */
async function refreshBatch(db: Db, now: Date): Promise<number> {
  return await db.asService(SCORING_REFRESH_JOB, async (tx) => {
    await expandDirtyTeams(tx);
    const marks = await tx.query<Dirty>(
      `delete from app.score_dirty where (record_type, record_id) in (
         select record_type, record_id from app.score_dirty order by marked_at limit ${BATCH}
         for update skip locked)
       returning record_type, record_id, team_id`,
    );
    const teams = [...new Set(marks.map((m) => m.team_id))];
    for (const teamId of teams) await scoreTeamBatch(tx, teamId, marks.filter((m) => m.team_id === teamId), now);
    return marks.length;
  });
}

/** Recomputes everything stale, batch by batch (at most `maxBatches` per pass; the next pass goes on). */
export async function refreshScores(db: Db, { maxBatches = 200, now = () => new Date() } = {}): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const taken = await refreshBatch(db, now());
    total += taken;
    if (taken < BATCH) break;
  }
  return total;
}
