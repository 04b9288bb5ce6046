// The AI writer's HTTP edge, attached to the "ai" edge function:
//   POST /ai/write       drafts as JSON, or as server-sent events with `Accept: text/event-stream`
//   GET  /ai/templates   the team's saved message templates (?channel=email)
//   POST /ai/templates   save one
//   DELETE /ai/templates/:id
import { Hono } from "hono";
import { jsonInput } from "../../../utils/api/validate.ts";
import { type FunctionEnv, functionSettings } from "../../functions/env.ts";
import { AppError } from "../../errors.ts";
import { sseAfterReady } from "../sse.ts";
import { createTemplate, deleteTemplate, listTemplates, templateInput } from "../templates.ts";
import { writeInput } from "./input.ts";
import { writeDrafts, writeDraftsStreaming } from "./write.ts";

export const writerRoutes = new Hono<FunctionEnv>();

writerRoutes.post("/write", jsonInput(writeInput), async (c) => {
  const caller = c.get("caller");
  const settings = functionSettings(c.get("services"));
  const input = c.req.valid("json");
  const signal = c.req.raw.signal;
  if ((c.req.header("accept") ?? "").includes("text/event-stream")) {
    return await sseAfterReady((send, ready) => writeDraftsStreaming(caller, settings, input, { send, ready, signal }));
  }
  return c.json({ data: await writeDrafts(caller, settings, input, signal) });
});

writerRoutes.get("/templates", async (c) => {
  const channel = c.req.query("channel");
  if (channel !== undefined && !["email", "linkedin", "sms"].includes(channel)) {
    throw new AppError("validation_failed", "Choose a channel: email, linkedin, sms.");
  }
  return c.json({ data: await listTemplates(c.get("caller"), channel) });
});

writerRoutes.post("/templates", jsonInput(templateInput), async (c) => {
  return c.json({ data: await createTemplate(c.get("caller"), c.req.valid("json")) }, 201);
});

writerRoutes.delete("/templates/:id", async (c) => {
  await deleteTemplate(c.get("caller"), c.req.param("id"));
  return c.body(null, 204);
});
