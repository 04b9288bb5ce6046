// /api/v1/deals: the generic resource endpoints plus moving a deal on the board.
import { z } from "zod";
import { resourceApi } from "../../../lib/api/resource.ts";
import { registerBulk } from "../../../lib/list/bulk.ts";
import { apiCaller } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { dealsSpec, loadBoard, moveDeal, stageHistory } from "../../../lib/crm/deals.ts";
import { busFor } from "../../../realtime/change-bus.ts";

export const app = resourceApi(dealsSpec);
// POST /api/v1/deals/bulk: one request for a list's bulk actions (lib/list/bulk.ts).
registerBulk(app, dealsSpec);

const moveInput = z.object({
  stage_id: z.string().uuid("stage_id must be a stage's id."),
  position: z.number().finite().optional(),
  pipeline_id: z.string().uuid().optional(),
  win_reason: z.string().trim().min(1).max(500).optional(),
  loss_reason: z.string().trim().min(1).max(500).optional(),
});

app.post("/:id/move", async (c) => {
  const { db, claims, services } = apiCaller(c);
  const deal = await moveDeal(db, claims, pathId(c, "Deal"), await jsonBody(c, moveInput));
  // Committed: tell the team's board and anyone on the deal's page.
  busFor(services).publish({
    team_id: deal.team_id,
    type: "deal.moved",
    record_type: "deal",
    record_id: deal.id,
    payload: deal,
  });
  return c.json({ data: deal });
});

app.get("/:id/history", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await stageHistory(db, claims, pathId(c, "Deal")) });
});

app.get("/board/:pipelineId", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const pipelineId = c.req.param("pipelineId") === "default" ? null : pathId(c, "Pipeline", "pipelineId");
  return c.json({ data: await loadBoard(db, claims, team.id, pipelineId) });
});
