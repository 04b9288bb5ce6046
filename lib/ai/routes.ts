// GET /functions/v1/ai/status: which provider answers (the model, or "offline"), so the UI can say so.
import { Hono } from "hono";
import { type FunctionEnv, functionSettings } from "../functions/env.ts";
import { aiConfig, providerName } from "./config.ts";

export const aiStatusRoutes = new Hono<FunctionEnv>();

aiStatusRoutes.get("/status", (c) => {
  const config = aiConfig(functionSettings(c.get("services")));
  return c.json({ provider: providerName(config), offline: config.apiKey === null });
});
