// The proposal route of the "ai" edge function (edge-functions/ai/index.ts mounts it):
//   POST /proposal  { deal_id, items: [{ product_id, quantity, discount_percent? }] }
//     -> 201 { note_id, title, provider, pricing }: the proposal, saved as a note on the deal
// An `Idempotency-Key` header makes a retried request charge once and answer the first run's note (no second note).
import { Hono } from "hono";
import { type FunctionEnv, functionSettings } from "../functions/env.ts";
import { jsonInput } from "../../utils/api/validate.ts";
import { generateProposal, proposalInput } from "./generate.ts";

export const proposalRoutes = new Hono<FunctionEnv>();

proposalRoutes.post("/proposal", jsonInput(proposalInput), async (c) => {
  const settings = functionSettings(c.get("services"));
  const requestKey = c.req.header("idempotency-key")?.trim().slice(0, 100) || undefined;
  const result = await generateProposal(c.get("caller"), settings, c.req.valid("json"), {
    requestKey,
    signal: c.req.raw.signal,
  });
  return c.json(result, 201);
});
