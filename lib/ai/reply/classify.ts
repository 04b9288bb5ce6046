// Classifying one reply: by the configured OpenAI-compatible model (structured output, validated with zod), or
// offline by the committed logistic-regression model (model.json, trained by scripts/train-reply-model.ts). A
// provider failure is never hidden behind the offline model: it is a clear 502/503/504 and the credits are
// refunded (spendCredits), so a person knows the answer they got is the model's or the offline one's, never a
// silent mix.
import { z } from "zod";
import type { Caller } from "../../caller.ts";
import { spendCredits } from "../../credits/spend.ts";
import type { EnvReader } from "../../functions/env.ts";
import { type ChatMessage, completeJson } from "../chat.ts";
import { aiConfig, openaiClient } from "../config.ts";
import { loadPrompt } from "../prompts.ts";
import { REPLY_INTENTS, type ReplyIntent } from "./intents.ts";
import { predict, type ReplyModel } from "./model.ts";
import trainedModel from "./model.json" with { type: "json" };

export const OFFLINE_PROVIDER = "offline";
export const CLASSIFY_PROMPT = { name: "reply-classify", version: "v1" } as const;

export interface ReplyClassification {
  intent: ReplyIntent;
  /** 0..1: the offline model's calibrated probability, or the model's own estimate. */
  confidence: number;
  /** "offline", or the name of the model that answered. */
  provider: string;
}

const model = trainedModel as unknown as ReplyModel;

export function classifyOffline(text: string): ReplyClassification {
  const { intent, confidence } = predict(model, text);
  return { intent, confidence: round(confidence), provider: OFFLINE_PROVIDER };
}

const modelAnswer = z.object({
  intent: z.enum(REPLY_INTENTS),
  confidence: z.number().min(0).max(1),
});

/** The reply goes in as inert data: "<" cannot close the block or open another. */
function replyBlock(text: string): string {
  return `<reply_data>\n${text.replace(/</g, "\u2039").replace(/>/g, "\u203a")}\n</reply_data>`;
}

async function classifyMessages(text: string): Promise<ChatMessage[]> {
  const prompt = await loadPrompt(CLASSIFY_PROMPT.name, CLASSIFY_PROMPT.version);
  return [{ role: "system", content: prompt.text }, { role: "user", content: replyBlock(text) }];
}

/** Classifies with the configured provider, or offline when there is no key. No credits (see chargedClassify). */
export async function classifyReplyText(
  settings: EnvReader,
  text: string,
  signal?: AbortSignal,
): Promise<ReplyClassification> {
  const config = aiConfig(settings);
  const client = openaiClient(config);
  if (!client) return classifyOffline(text);
  const answer = await completeJson(client, config, {
    messages: await classifyMessages(text),
    schema: modelAnswer,
    schemaName: "reply_intent",
    signal,
  });
  return { intent: answer.intent, confidence: round(answer.confidence), provider: config.chatModel };
}

/** Charges "ai.classify" to the caller's team, then classifies; a failure refunds and reaches the caller. */
export async function classifyReply(
  caller: Caller,
  settings: EnvReader,
  text: string,
  signal?: AbortSignal,
): Promise<ReplyClassification> {
  return await spendCredits(
    caller,
    { action: "ai.classify", key: `ai.classify:${crypto.randomUUID()}` },
    () => classifyReplyText(settings, text, signal),
  );
}

function round(confidence: number): number {
  return Math.round(confidence * 1000) / 1000;
}
