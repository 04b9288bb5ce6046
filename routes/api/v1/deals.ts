// /api/v1/deals: the generic resource endpoints plus moving a deal on the board.
import { z } from "zod";
import { resourceApi } from "../../../utils/api/resource.ts";
import { registerBulk } from "../../../utils/list-bulk.ts";
import { apiCaller } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { dealsSpec, loadBoard, moveDeal, stageHistory } from "../../../lib/deals/deals.ts";

export const app = resourceApi(dealsSpec);
// POST /api/v1/deals/bulk: one request for a list's bulk actions (utils/list-bulk.ts).
registerBulk(app, dealsSpec);

const moveInput = z.object({
  stage_id: z.string().uuid("stage_id must be a stage's id."),
  position: z.number().finite().optional(),
  pipeline_id: z.string().uuid().optional(),
  win_reason: z.string().trim().min(1).max(500).optional(),
  loss_reason: z.string().trim().min(1).max(500).optional(),
});

const moveDoc = describe({
  summary: "Move a deal to a stage (and position) on its board; won and lost stages take a reason",
  responses: { 200: "The deal in its new stage.", 409: "The stage is not in the deal's pipeline." },
});

app.post("/:id/move", moveDoc, jsonInput(moveInput), async (c) => {
  const { db, claims, services } = apiCaller(c);
  const { deal, changes } = await moveDeal(db, claims, pathId(c, "Deal"), c.req.valid("json"));
  // Committed: the same events the deal page's move sends.
  services.bus.publishAll(changes);
  return c.json({ data: deal });
});

app.get("/:id/history", describe({ summary: "The stages a deal went through, oldest first" }), async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await stageHistory(db, claims, pathId(c, "Deal")) });
});

const boardDoc = describe({
  summary: "A pipeline's board: its stages with their deals and totals",
  params: { pipelineId: z.union([z.uuid(), z.literal("default")]).describe("A pipeline's id, or default.") },
});

app.get("/board/:pipelineId", boardDoc, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const pipelineId = c.req.param("pipelineId") === "default" ? null : pathId(c, "Pipeline", "pipelineId");
  return c.json({ data: await loadBoard(db, claims, team.id, pipelineId) });
});
