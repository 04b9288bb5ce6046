// What scoring knows about a lead or a contact: the fit fields (its own, or its contact's and company's) and its
// recent activities. Built by load.ts from one query; everything after that (rules, model) is pure.

export type ScoredType = "lead" | "contact";

export interface SubjectActivity {
  type: string;
  outcome: string | null;
  occurred_at: Date;
}

export interface ScoringSubject {
  title: string | null;
  industry: string | null;
  company_size: string | null;
  source: string | null;
  country: string | null;
  activities: SubjectActivity[];
}

export type Seniority = "c_level" | "vp" | "director" | "manager" | "individual";

export const SENIORITY_LABELS: Record<Seniority, string> = {
  c_level: "C-level or founder",
  vp: "VP or head of",
  director: "Director",
  manager: "Manager or lead",
  individual: "Individual contributor",
};

const SENIORITY_PATTERNS: [Seniority, RegExp][] = [
  // checked in order: "VP of Sales Operations Manager" is a VP
  [
    "c_level",
    /\b(ceo|cto|cfo|coo|cmo|cio|cro|chief|founder|co-?founder|owner|president|managing director|gesch[äa]ftsf[üu]hrer|pdg|directeur g[ée]n[ée]ral)\b/i,
  ],
  ["vp", /\b(vp|svp|evp|vice[- ]president|head of|partner)\b/i],
  ["director", /\b(director|directeur|direktor|directora?)\b/i],
  ["manager", /\b(manager|lead|supervisor|leiter|responsable|gerente)\b/i],
];

/** A job title's seniority, or null without a title. */
export function seniorityOf(title: string | null): Seniority | null {
  const text = title?.trim();
  if (!text) return null;
  for (const [level, pattern] of SENIORITY_PATTERNS) if (pattern.test(text)) return level;
  return "individual";
}

export type ActivityKind = "email" | "call" | "meeting" | "meeting_held" | "any";

/** Does this activity count as `kind`? ("meeting_held": a meeting whose outcome is held.) */
export function activityIs(activity: SubjectActivity, kind: ActivityKind): boolean {
  switch (kind) {
    case "any":
      return true;
    case "meeting_held":
      return activity.type === "meeting" && activity.outcome === "held";
    default:
      return activity.type === kind;
  }
}

/** How many activities of `kind` happened in the `days` up to `now` (later ones, e.g. planned, do not count). */
export function countActivities(subject: ScoringSubject, kind: ActivityKind, days: number, now: Date): number {
  const until = now.getTime();
  const since = until - days * 86_400_000;
  return subject.activities.filter((a) => {
    const at = a.occurred_at.getTime();
    return at >= since && at <= until && activityIs(a, kind);
  }).length;
}
