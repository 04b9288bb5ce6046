// /api/v1/scoring: the current team's lead scoring. Every member reads the rules (with how many leads each hits),
// the learned model's status and a lead's or contact's score with its top factors; owners and admins add,
// re-weight and remove rules and ask for a retrain (403 with a sentence for everyone else).
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import type { Caller } from "../../../lib/caller.ts";
import { ruleInput, rulePointsInput } from "../../../lib/scoring/rules.ts";
import {
  addRule,
  deleteRule,
  listRules,
  modelStatus,
  previewRules,
  recordScore,
  requestRetrain,
  setRulePoints,
} from "../../../lib/scoring/store.ts";

export const app = new Hono<ApiEnv>();

const adminsOnly = { 403: "Only owners and admins change the scoring rules." };
const docs = {
  rules: describe({ summary: "The scoring rules, each with how many of the newest 5,000 leads it hits" }),
  add: describe({
    summary: "Add a fit rule {kind:'fit', field, operator, value, points} or an engagement rule " +
      "{kind:'engagement', activity_type, min_count, within_days, points}",
    responses: { 201: "The rule.", ...adminsOnly },
  }),
  points: describe({ summary: "Change a rule's points", responses: { 200: "The rule.", ...adminsOnly } }),
  remove: describe({ summary: "Remove a rule", responses: { 200: "Removed.", ...adminsOnly } }),
  model: describe({ summary: "The learned model's status: trained or not, sample size, accuracy" }),
  train: describe({ summary: "Retrain the learned model now", responses: { 202: "Queued or done.", ...adminsOnly } }),
  score: describe({
    summary: "A lead's or contact's score: rule score, learned score, combined, top factors",
    responses: { 404: "No such lead or contact in this workspace." },
  }),
};

function caller(c: Parameters<typeof apiCaller>[0]): Caller {
  const { db, claims, team } = apiCaller(c);
  return { db, claims, teamId: team.id, role: team.role };
}

app.get("/rules", docs.rules, async (c) => {
  const who = caller(c);
  const rules = await listRules(who);
  const preview = await previewRules(who, rules);
  return c.json({
    data: rules.map((rule) => ({ ...rule, hits: preview.hits[rule.id] ?? 0 })),
    leads_previewed: preview.leads,
  });
});

app.post("/rules", docs.add, jsonInput(ruleInput), async (c) => {
  return c.json({ data: await addRule(caller(c), c.req.valid("json")) }, 201);
});

app.patch("/rules/:id", docs.points, jsonInput(rulePointsInput), async (c) => {
  const id = pathId(c, "Scoring rule");
  return c.json({ data: await setRulePoints(caller(c), id, c.req.valid("json").points) });
});

app.delete("/rules/:id", docs.remove, async (c) => {
  const id = pathId(c, "Scoring rule");
  await deleteRule(caller(c), id);
  return c.json({ data: { id } });
});

app.get("/model", docs.model, async (c) => c.json({ data: await modelStatus(caller(c)) }));

app.post("/model/train", docs.train, async (c) => c.json({ data: await requestRetrain(caller(c)) }, 202));

const scoredType = z.enum(["leads", "contacts"]);

app.get("/:type/:id", docs.score, async (c) => {
  const type = scoredType.safeParse(c.req.param("type"));
  if (!type.success) {
    return c.json({ error: { code: "not_found", message: "Scores exist for leads and contacts." } }, 404);
  }
  const what = type.data === "leads" ? "Lead" : "Contact";
  const id = pathId(c, what);
  const score = await recordScore(caller(c), type.data === "leads" ? "lead" : "contact", id);
  return c.json({ data: score });
});
