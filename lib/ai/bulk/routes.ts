// The bulk writer's routes in the "ai" edge function (edge-functions/ai/index.ts mounts them):
//   POST /bulk-write      { recordType, ids, channel, goal, tone, length, language, variants?, instructions? }
//     -> 201 { data: run } written at once (a few records), or 202 { data: run } running in the background
//   GET  /bulk-write/:id  -> { data: { run, drafts } }: the progress and every record's drafts so far
//   PATCH /bulk-write/:id/drafts/:recordId  { version, variants: [{ subject, body }] }
//     -> { data: draft } saved (version + 1); 409 { error, data: the draft as saved now } when someone saved first
import { Hono } from "hono";
import { type FunctionEnv, functionSettings } from "../../functions/env.ts";
import { jsonInput } from "../../../utils/api/validate.ts";
import { bulkWriteInput } from "./input.ts";
import { getBulkRun, startBulkRun } from "./runs.ts";
import { DraftConflict, draftEditInput, saveDraftEdit } from "./edits.ts";

export const bulkWriterRoutes = new Hono<FunctionEnv>();

bulkWriterRoutes.post("/bulk-write", jsonInput(bulkWriteInput), async (c) => {
  const services = c.get("services");
  const run = await startBulkRun(services.db, c.get("caller"), functionSettings(services), c.req.valid("json"));
  return c.json({ data: run }, run.status === "running" ? 202 : 201);
});

bulkWriterRoutes.get("/bulk-write/:id", async (c) => {
  return c.json({ data: await getBulkRun(c.get("caller"), c.req.param("id")) });
});

bulkWriterRoutes.patch("/bulk-write/:id/drafts/:recordId", jsonInput(draftEditInput), async (c) => {
  try {
    const saved = await saveDraftEdit(c.get("caller"), c.req.param("id"), c.req.param("recordId"), c.req.valid("json"));
    return c.json({ data: saved });
  } catch (error) {
    if (!(error instanceof DraftConflict)) throw error;
    return c.json({ error: { code: error.code, message: error.message }, data: error.draft }, 409);
  }
});
