// The reply-understanding routes of the "ai" edge function (edge-functions/ai/index.ts mounts them):
//   POST /classify-reply          { text }                       -> { intent, confidence, provider }  (pinned contract)
//   POST /understand-reply        { text, leadId?, contactId? }  -> intent, suggestion, lead move, opt-out
//   POST /understand-reply/undo   { leadId, changeId }           -> the lead, back in Contacted
// Input is checked with zod at the edge: an empty, missing or oversized reply is a 422 with a sentence.
import { Hono } from "hono";
import { z } from "zod";
import { type FunctionEnv, functionSettings } from "../../functions/env.ts";
import { UUID } from "../../ids.ts";
import { jsonInput } from "../../../utils/api/validate.ts";
import { classifyReply } from "./classify.ts";
import { MAX_REPLY_CHARS } from "./intents.ts";
import { understandReply, undoAiTransition } from "./understand.ts";

const replyText = z
  .string({ error: 'Send the reply as text: { "text": "..." }.' })
  .refine((text) => text.trim().length > 0, "The reply is empty: paste the text of the reply.")
  .refine(
    (text) => text.length <= MAX_REPLY_CHARS,
    `The reply is too long: at most ${MAX_REPLY_CHARS.toLocaleString("en")} characters.`,
  );

const classifyInput = z.object({ text: replyText });

const understandInput = z.object({
  text: replyText,
  leadId: z.string().regex(UUID, "That lead id is not valid.").optional(),
  contactId: z.string().regex(UUID, "That contact id is not valid.").optional(),
}).refine((input) => input.leadId || input.contactId, "Name the lead (leadId) or the contact (contactId).");

const undoInput = z.object({
  leadId: z.string({ error: "Name the lead (leadId)." }).regex(UUID, "That lead id is not valid."),
  changeId: z.number({ error: "Name the status change to undo (changeId)." }).int().positive(),
});

export const replyRoutes = new Hono<FunctionEnv>();

replyRoutes.post("/classify-reply", jsonInput(classifyInput), async (c) => {
  const { text } = c.req.valid("json");
  const settings = functionSettings(c.get("services"));
  return c.json(await classifyReply(c.get("caller"), settings, text, c.req.raw.signal));
});

replyRoutes.post("/understand-reply", jsonInput(understandInput), async (c) => {
  const input = c.req.valid("json");
  const settings = functionSettings(c.get("services"));
  return c.json(await understandReply(c.get("caller"), settings, input, c.req.raw.signal));
});

replyRoutes.post("/understand-reply/undo", jsonInput(undoInput), async (c) => {
  const { leadId, changeId } = c.req.valid("json");
  const lead = await undoAiTransition(c.get("caller"), leadId, changeId);
  return c.json({ leadId: lead.id, status: lead.status });
});
