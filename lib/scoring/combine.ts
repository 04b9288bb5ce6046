// One score from the rules and the learned model, and the factors shown with it. Pure.
import { evaluateRules, type ScoreFactor, type ScoringRule } from "./rules.ts";
import { explain, type LogisticModel, predict } from "./model.ts";
import type { ScoringSubject } from "./subject.ts";

export interface ComputedScore {
  rule_score: number;
  learned_score: number | null;
  score: number;
  factors: ScoreFactor[];
}

/**
 * With rules and a model, the score is the mean of the rule score and the learned probability (as 0..100); with
 * only one of them, that one. Factors: the top 5 matching rules, then the model's top 3 features.
 */
export function computeScore(
  rules: ScoringRule[],
  model: LogisticModel | null,
  subject: ScoringSubject,
  now: Date,
): ComputedScore {
  const byRules = evaluateRules(rules, subject, now);
  const learned = model ? Math.round(predict(model, subject, now) * 100) : null;
  let score = byRules.score;
  if (learned !== null) score = rules.length > 0 ? Math.round((byRules.score + learned) / 2) : learned;
  const factors = [...byRules.factors.slice(0, 5), ...(model ? explain(model, subject, now) : [])];
  return { rule_score: byRules.score, learned_score: learned, score, factors };
}
