// The learned lead score: logistic regression on a team's won and lost deals, trained by our own batch gradient
// descent with L2 regularisation. Features are the subject's fit values one-hot encoded (values seen at least
// twice in training) and its engagement (log of activity counts over the last 365 days). Pure and unit-tested.
import { countActivities, type ScoringSubject, seniorityOf } from "./subject.ts";
import type { ScoreFactor } from "./rules.ts";

/** Below this many won+lost examples (or this many of either), the team is scored by rules only. */
export const MIN_EXAMPLES = 20;
export const MIN_PER_CLASS = 5;

const CATEGORICAL = ["industry", "company_size", "source", "country", "seniority"] as const;
const ENGAGEMENT = [["email", "Emails"], ["call", "Calls"], ["meeting", "Meetings"]] as const;
const ENGAGEMENT_DAYS = 365;
/** Values of a field seen fewer times than this in training are not features (they would just be noise). */
const MIN_VALUE_COUNT = 2;
const MAX_VALUES_PER_FIELD = 30;

export interface LogisticModel {
  /** "industry=retail", "seniority=vp", "log_emails"... in the order of `weights`. */
  features: string[];
  weights: number[];
  intercept: number;
}

export interface Example {
  subject: ScoringSubject;
  /** 1 = won, 0 = lost. */
  label: 0 | 1;
  /** When the deal closed: engagement is counted as of then. */
  at: Date;
}

export interface TrainOptions {
  l2?: number;
  learningRate?: number;
  iterations?: number;
}

export interface TrainMetrics {
  accuracy: number;
  log_loss: number;
  holdout_accuracy: number | null;
  iterations: number;
}

export type TrainResult =
  | { status: "trained"; model: LogisticModel; metrics: TrainMetrics; sampleSize: number; positives: number }
  | { status: "insufficient_data"; message: string; sampleSize: number; positives: number };

const categoryValue = (subject: ScoringSubject, field: (typeof CATEGORICAL)[number]) =>
  (field === "seniority" ? seniorityOf(subject.title) : subject[field])?.trim().toLowerCase() || null;

/** The feature names a training set supports: frequent enough categorical values, plus engagement. */
export function vocabulary(subjects: ScoringSubject[]): string[] {
  const names: string[] = [];
  for (const field of CATEGORICAL) {
    const counts = new Map<string, number>();
    for (const s of subjects) {
      const value = categoryValue(s, field);
      if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    [...counts].filter(([, n]) => n >= MIN_VALUE_COUNT).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_VALUES_PER_FIELD).forEach(([value]) => names.push(`${field}=${value}`));
  }
  for (const [kind] of ENGAGEMENT) names.push(`log_${kind}s`);
  return names;
}

/** The subject as a vector over `features` (as of `now`, for the engagement counts). */
export function vectorize(features: string[], subject: ScoringSubject, now: Date): number[] {
  const present = new Set<string>();
  for (const field of CATEGORICAL) {
    const value = categoryValue(subject, field);
    if (value) present.add(`${field}=${value}`);
  }
  const counts: Record<string, number> = {};
  for (const [kind] of ENGAGEMENT) {
    counts[`log_${kind}s`] = Math.log1p(countActivities(subject, kind, ENGAGEMENT_DAYS, now));
  }
  return features.map((name) => name in counts ? counts[name] : present.has(name) ? 1 : 0);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function dot(weights: number[], x: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] * x[i];
  return sum;
}

/** Batch gradient descent on the mean log loss plus (l2 / 2)·|w|² (the intercept is not regularised). */
export function fitLogistic(
  rows: number[][],
  labels: number[],
  { l2 = 0.01, learningRate = 0.5, iterations = 800 }: TrainOptions = {},
): { weights: number[]; intercept: number } {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const weights = new Array<number>(d).fill(0);
  let intercept = 0;
  const gradient = new Array<number>(d);
  for (let step = 0; step < iterations; step++) {
    gradient.fill(0);
    let gradIntercept = 0;
    for (let i = 0; i < n; i++) {
      const error = sigmoid(dot(weights, rows[i]) + intercept) - labels[i];
      const row = rows[i];
      for (let j = 0; j < d; j++) gradient[j] += error * row[j];
      gradIntercept += error;
    }
    for (let j = 0; j < d; j++) weights[j] -= learningRate * (gradient[j] / n + l2 * weights[j]);
    intercept -= learningRate * gradIntercept / n;
  }
  return { weights, intercept };
}

/** Probability of winning, 0..1. */
export function predict(model: LogisticModel, subject: ScoringSubject, now: Date): number {
  return sigmoid(dot(model.weights, vectorize(model.features, subject, now)) + model.intercept);
}

function evaluate(model: LogisticModel, examples: Example[]) {
  let correct = 0;
  let loss = 0;
  for (const e of examples) {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, predict(model, e.subject, e.at)));
    if ((p >= 0.5 ? 1 : 0) === e.label) correct++;
    loss -= e.label ? Math.log(p) : Math.log(1 - p);
  }
  return { accuracy: correct / examples.length, log_loss: loss / examples.length };
}

/** Deterministic shuffle (so a retrain on the same data gives the same model and metrics). */
function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Trains on won/lost examples; refuses (insufficient_data, with a sentence) below MIN_EXAMPLES or with fewer
 * than MIN_PER_CLASS of either outcome. With 50+ examples a fifth is held out to report honest accuracy, then
 * the model is refit on everything.
 */
export function trainModel(examples: Example[], options: TrainOptions = {}): TrainResult {
  const positives = examples.filter((e) => e.label === 1).length;
  const negatives = examples.length - positives;
  if (examples.length < MIN_EXAMPLES || positives < MIN_PER_CLASS || negatives < MIN_PER_CLASS) {
    return {
      status: "insufficient_data",
      sampleSize: examples.length,
      positives,
      message: `The learned score needs at least ${MIN_EXAMPLES} closed deals, ${MIN_PER_CLASS} won and ` +
        `${MIN_PER_CLASS} lost (this team has ${positives} won and ${negatives} lost): scores use the rules only.`,
    };
  }
  const fit = (train: Example[]): LogisticModel => {
    const features = vocabulary(train.map((e) => e.subject));
    const rows = train.map((e) => vectorize(features, e.subject, e.at));
    return { features, ...fitLogistic(rows, train.map((e) => e.label), options) };
  };
  let holdoutAccuracy: number | null = null;
  if (examples.length >= 50) {
    const mixed = shuffled(examples);
    const cut = Math.floor(mixed.length * 0.8);
    holdoutAccuracy = evaluate(fit(mixed.slice(0, cut)), mixed.slice(cut)).accuracy;
  }
  const model = fit(examples);
  const { accuracy, log_loss } = evaluate(model, examples);
  return {
    status: "trained",
    model,
    sampleSize: examples.length,
    positives,
    metrics: { accuracy, log_loss, holdout_accuracy: holdoutAccuracy, iterations: options.iterations ?? 800 },
  };
}

const FIELD_LABELS: Record<string, string> = {
  industry: "Industry",
  company_size: "Company size",
  source: "Source",
  country: "Country",
  seniority: "Seniority",
};

/** "Industry: retail", "Emails (last year)". */
export function featureLabel(name: string): string {
  const eq = name.indexOf("=");
  if (eq > 0) return `${FIELD_LABELS[name.slice(0, eq)] ?? name.slice(0, eq)}: ${name.slice(eq + 1)}`;
  const kind = ENGAGEMENT.find(([k]) => name === `log_${k}s`);
  return kind ? `${kind[1]} (last year)` : name;
}

/** The features that moved this subject's learned score most (weight × value, in log-odds), biggest first. */
export function explain(model: LogisticModel, subject: ScoringSubject, now: Date, top = 3): ScoreFactor[] {
  const x = vectorize(model.features, subject, now);
  return model.features.map((name, i) => ({ name, contribution: model.weights[i] * x[i] }))
    .filter((f) => Math.abs(f.contribution) >= 0.01)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, top)
    .map((f) => ({ label: featureLabel(f.name), points: Math.round(f.contribution * 100) / 100, source: "model" }));
}
