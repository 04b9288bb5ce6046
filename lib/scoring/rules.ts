// Scoring rules: what an admin writes ("Industry is Retail: +10", "2+ meetings in the last 30 days: +25") and
// how a lead or contact is scored by them. Pure: no database, unit-tested in tests/unit/scoring_rules.test.ts.
import { z } from "zod";
import { type ActivityKind, countActivities, type ScoringSubject, SENIORITY_LABELS, seniorityOf } from "./subject.ts";

export const FIT_FIELDS = ["title", "seniority", "industry", "company_size", "source", "country"] as const;
export type FitField = (typeof FIT_FIELDS)[number];
export const FIT_FIELD_LABELS: Record<FitField, string> = {
  title: "Job title",
  seniority: "Seniority",
  industry: "Industry",
  company_size: "Company size",
  source: "Source",
  country: "Country",
};

export const OPERATORS = ["equals", "contains", "one_of"] as const;
export type Operator = (typeof OPERATORS)[number];
export const OPERATOR_LABELS: Record<Operator, string> = { equals: "is", contains: "contains", one_of: "is one of" };

export const ACTIVITY_KINDS = ["email", "call", "meeting", "meeting_held", "any"] as const;
export const ACTIVITY_LABELS: Record<ActivityKind, string> = {
  email: "emails",
  call: "calls",
  meeting: "meetings",
  meeting_held: "meetings held",
  any: "activities",
};

export type ScoringRule =
  & { id: string; points: number }
  & (
    | { kind: "fit"; field: FitField; operator: Operator; value: string }
    | { kind: "engagement"; activity_type: ActivityKind; min_count: number; within_days: number }
  );

/** A factor of a score: why it is what it is. Rules give points; the model gives log-odds. */
export interface ScoreFactor {
  label: string;
  points: number;
  source: "rule" | "model";
}

const points = z.coerce.number({ error: "Points are a whole number from -100 to 100." })
  .int("Points are a whole number from -100 to 100.")
  .min(-100, "Points are at least -100.").max(100, "Points are at most 100.")
  .refine((p) => p !== 0, "A rule worth 0 points changes nothing: give it points.");

const fitRule = z.object({
  kind: z.literal("fit"),
  field: z.enum(FIT_FIELDS, { error: `field is one of ${FIT_FIELDS.join(", ")}.` }),
  operator: z.enum(OPERATORS, { error: `operator is one of ${OPERATORS.join(", ")}.` }),
  value: z.string({ error: "Give the value to match." }).trim().min(1, "Give the value to match.")
    .max(200, "Keep the value under 200 characters."),
  points,
});

const engagementRule = z.object({
  kind: z.literal("engagement"),
  activity_type: z.enum(ACTIVITY_KINDS, { error: `activity_type is one of ${ACTIVITY_KINDS.join(", ")}.` }),
  min_count: z.coerce.number({ error: "How many activities: a whole number from 1 to 1000." }).int()
    .min(1, "At least 1 activity.").max(1000, "At most 1000 activities."),
  within_days: z.coerce.number({ error: "Within how many days: a whole number from 1 to 3650." }).int()
    .min(1, "At least 1 day.").max(3650, "At most 3650 days."),
  points,
});

/** A new rule from the API or the settings form. */
export const ruleInput = z.discriminatedUnion("kind", [fitRule, engagementRule], {
  error: 'kind is "fit" or "engagement".',
});
export type RuleInput = z.infer<typeof ruleInput>;

/** Changing a rule's points only (what the settings page edits in place). */
export const rulePointsInput = z.object({ points });

const norm = (value: string | null | undefined) => (value ?? "").trim().toLowerCase();

function fieldValue(subject: ScoringSubject, field: FitField): string | null {
  if (field === "seniority") return seniorityOf(subject.title);
  return subject[field];
}

/** "Industry is Retail", "Seniority is VP or head of", "2+ meetings in the last 30 days". */
export function ruleLabel(rule: ScoringRule | RuleInput): string {
  if (rule.kind === "engagement") {
    return `${rule.min_count}+ ${ACTIVITY_LABELS[rule.activity_type]} in the last ${rule.within_days} days`;
  }
  const shown = rule.field === "seniority"
    ? rule.value.split(",").map((v) => SENIORITY_LABELS[v.trim() as keyof typeof SENIORITY_LABELS] ?? v.trim())
      .join(", ")
    : rule.value;
  return `${FIT_FIELD_LABELS[rule.field]} ${OPERATOR_LABELS[rule.operator]} ${shown}`;
}

/** Does the rule apply to this lead or contact (at `now`, for engagement windows)? */
export function ruleMatches(rule: ScoringRule | RuleInput, subject: ScoringSubject, now: Date): boolean {
  if (rule.kind === "engagement") {
    return countActivities(subject, rule.activity_type, rule.within_days, now) >= rule.min_count;
  }
  const actual = norm(fieldValue(subject, rule.field));
  if (!actual) return false;
  switch (rule.operator) {
    case "equals":
      return actual === norm(rule.value);
    case "contains":
      return actual.includes(norm(rule.value));
    case "one_of":
      return rule.value.split(",").map(norm).filter(Boolean).includes(actual);
  }
}

export interface RuleScore {
  /** The sum of the matching rules' points, kept within 0..100. */
  score: number;
  /** Every matching rule, biggest effect first. */
  factors: ScoreFactor[];
}

/** Scores a subject by the rules: points add up from 0 and the total is kept within 0..100. */
export function evaluateRules(rules: ScoringRule[], subject: ScoringSubject, now: Date): RuleScore {
  const factors = rules.filter((rule) => ruleMatches(rule, subject, now))
    .map((rule): ScoreFactor => ({ label: ruleLabel(rule), points: rule.points, source: "rule" }))
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const total = factors.reduce((sum, f) => sum + f.points, 0);
  return { score: Math.max(0, Math.min(100, total)), factors };
}

/** The longest engagement window among the rules (how far back activities must be loaded). */
export function longestWindow(rules: ScoringRule[]): number {
  return rules.reduce((max, r) => (r.kind === "engagement" ? Math.max(max, r.within_days) : max), 0);
}
