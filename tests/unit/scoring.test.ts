// Lead scoring's pure parts: rules (fit, engagement, clamping, labels), the logistic regression (converges on a
// separable set, refuses too little data) and the explanation of a score.
import { assert, assertEquals } from "../helpers/assert.ts";
import { evaluateRules, ruleInput, ruleLabel, ruleMatches, type ScoringRule } from "../../lib/scoring/rules.ts";
import { type ScoringSubject, seniorityOf } from "../../lib/scoring/subject.ts";
import { type Example, explain, fitLogistic, predict, trainModel } from "../../lib/scoring/model.ts";
import { computeScore } from "../../lib/scoring/combine.ts";

const NOW = new Date("2026-12-07T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

function subject(overrides: Partial<ScoringSubject> = {}): ScoringSubject {
  return {
    title: null,
    industry: null,
    company_size: null,
    source: null,
    country: null,
    activities: [],
    ...overrides,
  };
}

const fit = (id: string, field: string, operator: string, value: string, points: number) =>
  ({ id, kind: "fit", field, operator, value, points }) as ScoringRule;
const engagement = (id: string, activity_type: string, min_count: number, within_days: number, points: number) =>
  ({ id, kind: "engagement", activity_type, min_count, within_days, points }) as ScoringRule;

Deno.test("fit rules compare without case or surrounding spaces; one_of takes a comma list", () => {
  const s = subject({ industry: " Retail ", country: "Germany", title: "VP of Sales" });
  assert(ruleMatches(fit("a", "industry", "equals", "retail", 10), s, NOW));
  assert(!ruleMatches(fit("a", "industry", "equals", "Retai", 10), s, NOW));
  assert(ruleMatches(fit("a", "industry", "contains", "ret", 10), s, NOW));
  assert(ruleMatches(fit("a", "country", "one_of", "France, germany ,Spain", 5), s, NOW));
  assert(ruleMatches(fit("a", "seniority", "equals", "vp", 5), s, NOW));
  assert(!ruleMatches(fit("a", "company_size", "equals", "11-50", 5), s, NOW), "a missing field matches nothing");
});

Deno.test("seniority comes from the job title", () => {
  assertEquals(seniorityOf("Chief Revenue Officer"), "c_level");
  assertEquals(seniorityOf("Co-Founder & CEO"), "c_level");
  assertEquals(seniorityOf("Head of Growth"), "vp");
  assertEquals(seniorityOf("Marketing Director"), "director");
  assertEquals(seniorityOf("Account Manager"), "manager");
  assertEquals(seniorityOf("Sales engineer"), "individual");
  assertEquals(seniorityOf("  "), null);
});

Deno.test("engagement rules count recent people-made activities of a kind, not later or older ones", () => {
  const s = subject({
    activities: [
      { type: "meeting", outcome: "held", occurred_at: daysAgo(3) },
      { type: "meeting", outcome: "no_show", occurred_at: daysAgo(5) },
      { type: "meeting", outcome: null, occurred_at: daysAgo(40) },
      { type: "email", outcome: null, occurred_at: daysAgo(1) },
      { type: "meeting", outcome: null, occurred_at: new Date(NOW.getTime() + 86_400_000) },
    ],
  });
  assert(ruleMatches(engagement("a", "meeting", 2, 30, 10), s, NOW));
  assert(!ruleMatches(engagement("a", "meeting", 3, 30, 10), s, NOW), "the planned and the old one do not count");
  assert(ruleMatches(engagement("a", "meeting", 3, 60, 10), s, NOW));
  assert(ruleMatches(engagement("a", "meeting_held", 1, 30, 10), s, NOW));
  assert(!ruleMatches(engagement("a", "meeting_held", 2, 30, 10), s, NOW));
  assert(ruleMatches(engagement("a", "any", 4, 60, 10), s, NOW));
});

Deno.test("rule points add up within 0..100, factors biggest first", () => {
  const rules = [
    fit("1", "industry", "equals", "retail", 30),
    fit("2", "country", "equals", "germany", -10),
    fit("3", "source", "equals", "referral", 90),
    engagement("4", "email", 1, 30, 15),
  ];
  const s = subject({ industry: "Retail", country: "Germany", activities: [] });
  const result = evaluateRules(rules, s, NOW);
  assertEquals(result.score, 20);
  assertEquals(result.factors.map((f) => f.points), [30, -10]);
  assertEquals(evaluateRules(rules, subject({ country: "Germany" }), NOW).score, 0, "never below 0");
  assertEquals(evaluateRules(rules, subject({ industry: "retail", source: "Referral" }), NOW).score, 100);
  assertEquals(ruleLabel(rules[0]), "Industry is retail");
  assertEquals(ruleLabel(rules[3]), "1+ emails in the last 30 days");
  assertEquals(
    ruleLabel(fit("5", "seniority", "one_of", "vp,c_level", 5)),
    "Seniority is one of VP or head of, C-level or founder",
  );
});

Deno.test("rule input is validated with sentences", () => {
  assert(
    ruleInput.safeParse({ kind: "fit", field: "industry", operator: "equals", value: "Retail", points: "10" }).success,
  );
  const zero = ruleInput.safeParse({ kind: "fit", field: "industry", operator: "equals", value: "x", points: 0 });
  assert(!zero.success && zero.error.issues[0].message.includes("0 points"));
  const field = ruleInput.safeParse({ kind: "fit", field: "salary", operator: "equals", value: "x", points: 5 });
  assert(!field.success && field.error.issues[0].message.includes("field is one of"));
  const kind = ruleInput.safeParse({ kind: "vibes", points: 5 });
  assert(!kind.success);
  const eng = ruleInput.safeParse({
    kind: "engagement",
    activity_type: "call",
    min_count: 0,
    within_days: 30,
    points: 5,
  });
  assert(!eng.success && eng.error.issues[0].message.includes("At least 1"));
});

Deno.test("gradient descent converges on a linearly separable set", () => {
  // label = x0 > x1, with a margin
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 200; i++) {
    const a = (i * 37 % 100) / 100;
    const b = (i * 61 % 100) / 100;
    if (Math.abs(a - b) < 0.1) continue;
    rows.push([a, b]);
    labels.push(a > b ? 1 : 0);
  }
  const { weights, intercept } = fitLogistic(rows, labels, { l2: 0.0001, learningRate: 2, iterations: 3000 });
  assert(weights[0] > 2 && weights[1] < -2, `weights ${weights}`);
  let correct = 0;
  rows.forEach((x, i) => {
    const p = 1 / (1 + Math.exp(-(weights[0] * x[0] + weights[1] * x[1] + intercept)));
    if ((p >= 0.5 ? 1 : 0) === labels[i]) correct++;
  });
  assertEquals(correct, rows.length, "every example on the right side");
  // stronger regularisation keeps weights smaller
  const strong = fitLogistic(rows, labels, { l2: 0.5, learningRate: 2, iterations: 3000 });
  assert(Math.abs(strong.weights[0]) < Math.abs(weights[0]));
});

/** Won deals are retail with meetings; lost ones are other industries without. */
function syntheticExamples(n: number): Example[] {
  const examples: Example[] = [];
  for (let i = 0; i < n; i++) {
    const won = i % 2 === 0;
    examples.push({
      label: won ? 1 : 0,
      at: NOW,
      subject: subject({
        industry: won ? "Retail" : i % 4 === 1 ? "Mining" : "Logistics",
        country: i % 3 === 0 ? "Germany" : "France",
        title: won ? "Head of Sales" : "Intern",
        activities: won ? [{ type: "meeting", outcome: "held", occurred_at: daysAgo(10 + (i % 5)) }] : [],
      }),
    });
  }
  return examples;
}

Deno.test("the learned model separates won from lost and explains itself by top factors", () => {
  const result = trainModel(syntheticExamples(60));
  assert(result.status === "trained");
  assert(result.metrics.accuracy === 1, `accuracy ${result.metrics.accuracy}`);
  assertEquals(result.metrics.holdout_accuracy, 1);
  const retail = subject({ industry: "retail", title: "Head of Marketing", activities: [] });
  const mining = subject({ industry: "Mining", title: "Intern" });
  assert(predict(result.model, retail, NOW) > 0.5);
  assert(predict(result.model, mining, NOW) < 0.5);
  const factors = explain(result.model, retail, NOW);
  assert(factors.length > 0 && factors.length <= 3);
  assert(factors.every((f) => f.source === "model"));
  assert(factors.some((f) => f.label === "Industry: retail" && f.points > 0), JSON.stringify(factors));
  for (let i = 1; i < factors.length; i++) assert(Math.abs(factors[i - 1].points) >= Math.abs(factors[i].points));
});

Deno.test("too few closed deals: no model, and a sentence saying scores use the rules only", () => {
  const result = trainModel(syntheticExamples(12));
  assert(result.status === "insufficient_data");
  assert(result.message.includes("rules only"));
  const oneSided = trainModel(syntheticExamples(40).map((e) => ({ ...e, label: 1 as const })));
  assertEquals(oneSided.status, "insufficient_data");
});

Deno.test("the combined score averages rules and the model, and lists both kinds of factors", () => {
  const trained = trainModel(syntheticExamples(40));
  assert(trained.status === "trained");
  const rules = [fit("1", "industry", "equals", "retail", 40)];
  const s = subject({ industry: "Retail" });
  const both = computeScore(rules, trained.model, s, NOW);
  assertEquals(both.rule_score, 40);
  assert(both.learned_score !== null);
  assertEquals(both.score, Math.round((40 + both.learned_score) / 2));
  assertEquals(both.factors[0], { label: "Industry is retail", points: 40, source: "rule" });
  assert(both.factors.some((f) => f.source === "model"));
  const rulesOnly = computeScore(rules, null, s, NOW);
  assertEquals(rulesOnly, { rule_score: 40, learned_score: null, score: 40, factors: [both.factors[0]] });
  assertEquals(computeScore([], trained.model, s, NOW).score, both.learned_score);
});
