// /api/v1/pipelines: the pipeline builder (owners and admins; RLS decides) and reading pipelines.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { AppError } from "../../../lib/errors.ts";
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
} from "../../../lib/deals/pipelines.ts";

const stageInput = z.object({
  name: z.string().trim().min(1, "Give the stage a name.").max(60),
  probability: z.number().int().min(0).max(100).optional(),
  kind: z.enum(["open", "won", "lost"]).optional(),
  color: z.string().regex(/^#[0-9a-f]{6}$/i, "Colours look like #5b5bd6.").optional(),
  position: z.number().int().min(0).optional(),
});

const pipelineCreate = z.object({
  name: z.string().trim().min(1).max(80),
  stages: z.array(stageInput).max(20).optional(),
  is_default: z.boolean().optional(),
});
const pipelineUpdate = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  is_default: z.literal(true).optional(),
});
const stageOrder = z.object({ stage_ids: z.array(z.string().uuid()).min(1).max(30) });

const ownersOnly = { 403: "Only owners and admins change pipelines." };
const docs = {
  list: describe({ summary: "The team's pipelines with their stages" }),
  create: describe({
    summary: "Create a pipeline, optionally with stages",
    responses: { 201: "Created.", ...ownersOnly },
  }),
  get: describe({ summary: "A pipeline with its stages" }),
  update: describe({
    summary: "Rename a pipeline or make it the default",
    responses: { 200: "Updated.", ...ownersOnly },
  }),
  delete: describe({
    summary: "Delete a pipeline (not the default one, nor one with deals)",
    responses: { 200: "Deleted.", 409: "It is the default or has deals.", ...ownersOnly },
  }),
  addStage: describe({ summary: "Add a stage", responses: { 201: "The stage.", ...ownersOnly } }),
  order: describe({ summary: "Put the stages in this order (every stage id once)", responses: ownersOnly }),
  updateStage: describe({ summary: "Change a stage", responses: ownersOnly }),
  deleteStage: describe({
    summary: "Delete a stage (only without deals)",
    responses: { 200: "Deleted.", 409: "Deals are in it.", ...ownersOnly },
  }),
};

export const app = new Hono<ApiEnv>();

const pipelineId = (c: Context<ApiEnv>) => pathId(c, "Pipeline");

/** The stage of /:id/stages/:stageId, which must be in that pipeline (one the caller sees). */
async function stageOf(c: Context<ApiEnv>): Promise<string> {
  const { db, claims } = apiCaller(c);
  const stageId = pathId(c, "Stage", "stageId");
  const pipeline = await getPipeline(db, claims, pipelineId(c));
  if (!pipeline.stages.some((stage) => stage.id === stageId)) {
    throw new AppError("not_found", "Stage not found.");
  }
  return stageId;
}

app.get("/", docs.list, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listPipelines(db, claims, team.id) });
});

app.post("/", docs.create, jsonInput(pipelineCreate), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = c.req.valid("json");
  return c.json({ data: await createPipeline(db, claims, team.id, input) }, 201);
});

app.get("/:id", docs.get, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await getPipeline(db, claims, pipelineId(c)) });
});

app.patch("/:id", docs.update, jsonInput(pipelineUpdate), async (c) => {
  const { db, claims } = apiCaller(c);
  const input = c.req.valid("json");
  if (input.is_default) await setDefaultPipeline(db, claims, pipelineId(c));
  const pipeline = input.name
    ? await renamePipeline(db, claims, pipelineId(c), input.name)
    : await getPipeline(db, claims, pipelineId(c));
  return c.json({ data: pipeline });
});

app.delete("/:id", docs.delete, async (c) => {
  const { db, claims } = apiCaller(c);
  const id = pipelineId(c);
  await deletePipeline(db, claims, id);
  return c.json({ data: { id } });
});

app.post("/:id/stages", docs.addStage, jsonInput(stageInput), async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await addStage(db, claims, pipelineId(c), c.req.valid("json")) }, 201);
});

app.put("/:id/stages/order", docs.order, jsonInput(stageOrder), async (c) => {
  const { db, claims } = apiCaller(c);
  const { stage_ids } = c.req.valid("json");
  return c.json({ data: await reorderStages(db, claims, pipelineId(c), stage_ids) });
});

app.patch("/:id/stages/:stageId", docs.updateStage, jsonInput(stageInput.partial()), async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await updateStage(db, claims, await stageOf(c), c.req.valid("json")) });
});

app.delete("/:id/stages/:stageId", docs.deleteStage, async (c) => {
  const { db, claims } = apiCaller(c);
  const stageId = await stageOf(c);
  await deleteStage(db, claims, stageId);
  return c.json({ data: { id: stageId } });
});
