// /api/v1/pipelines: the pipeline builder (owners and admins; RLS decides) and reading pipelines.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { HTTPException } from "hono/http-exception";
import type { Context } from "hono";
import {
  addStage,
  createPipeline,
  deletePipeline,
  deleteStage,
  getPipeline,
  listPipelines,
  renamePipeline,
  reorderStages,
  setDefaultPipeline,
  updateStage,
} from "../../../lib/crm/pipelines.ts";

const stageInput = z.object({
  name: z.string().trim().min(1, "Give the stage a name.").max(60),
  probability: z.number().int().min(0).max(100).optional(),
  kind: z.enum(["open", "won", "lost"]).optional(),
  color: z.string().regex(/^#[0-9a-f]{6}$/i, "Colours look like #5b5bd6.").optional(),
  position: z.number().int().min(0).optional(),
});

export const app = new Hono<ApiEnv>();

const pipelineId = (c: Context<ApiEnv>) => pathId(c, "Pipeline");

/** The stage of /:id/stages/:stageId, which must be in that pipeline (one the caller sees). */
async function stageOf(c: Context<ApiEnv>): Promise<string> {
  const { db, claims } = apiCaller(c);
  const stageId = pathId(c, "Stage", "stageId");
  const pipeline = await getPipeline(db, claims, pipelineId(c));
  if (!pipeline.stages.some((stage) => stage.id === stageId)) {
    throw new HTTPException(404, { message: "Stage not found." });
  }
  return stageId;
}

app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listPipelines(db, claims, team.id) });
});

app.post("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = await jsonBody(
    c,
    z.object({
      name: z.string().trim().min(1).max(80),
      stages: z.array(stageInput).max(20).optional(),
      is_default: z.boolean().optional(),
    }),
  );
  return c.json({ data: await createPipeline(db, claims, team.id, input) }, 201);
});

app.get("/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await getPipeline(db, claims, pipelineId(c)) });
});

app.patch("/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  const input = await jsonBody(
    c,
    z.object({ name: z.string().trim().min(1).max(80).optional(), is_default: z.literal(true).optional() }),
  );
  if (input.is_default) await setDefaultPipeline(db, claims, pipelineId(c));
  const pipeline = input.name
    ? await renamePipeline(db, claims, pipelineId(c), input.name)
    : await getPipeline(db, claims, pipelineId(c));
  return c.json({ data: pipeline });
});

app.delete("/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  const id = pipelineId(c);
  await deletePipeline(db, claims, id);
  return c.json({ data: { id } });
});

app.post("/:id/stages", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await addStage(db, claims, pipelineId(c), await jsonBody(c, stageInput)) }, 201);
});

app.put("/:id/stages/order", async (c) => {
  const { db, claims } = apiCaller(c);
  const { stage_ids } = await jsonBody(c, z.object({ stage_ids: z.array(z.string().uuid()).min(1).max(30) }));
  return c.json({ data: await reorderStages(db, claims, pipelineId(c), stage_ids) });
});

app.patch("/:id/stages/:stageId", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({
    data: await updateStage(db, claims, await stageOf(c), await jsonBody(c, stageInput.partial())),
  });
});

app.delete("/:id/stages/:stageId", async (c) => {
  const { db, claims } = apiCaller(c);
  const stageId = await stageOf(c);
  await deleteStage(db, claims, stageId);
  return c.json({ data: { id: stageId } });
});
