// The AI writer: loads the record as the caller (404 for anything they cannot see, before any charge), charges
// "ai.write" credits, asks the configured model (or the offline template writer), holds every draft to its
// channel's limits, and records the generation. A provider failure or a malformed answer refunds the credits
// (spendCredits) and reaches the person as a clear 502/503/504 message.
import type { Caller } from "../../caller.ts";
import { spendCredits } from "../../credits/spend.ts";
import type { EnvReader } from "../../functions/env.ts";
import { completeJson, streamText } from "../chat.ts";
import { aiConfig, openaiClient } from "../config.ts";
import { loadRecordContext, type RecordContext } from "../context.ts";
import { recordGeneration } from "../generations.ts";
import type { SendEvent } from "../sse.ts";
import { type Draft, fitToChannel, modelAnswer, type WriteInput, type WriteResult } from "./input.ts";
import { OFFLINE_PROVIDER, offlineDrafts } from "./offline.ts";
import { WRITER_PROMPT, writerMessages } from "./prompt.ts";
import { finishStreamed, parseStreamed } from "./stream-format.ts";

/** The offline writer fills templates: that is what its generations record instead of a prompt. */
const OFFLINE_TEMPLATES = { name: "writer-offline-templates", version: "v1" } as const;

function spendFor() {
  return { action: "ai.write" as const, key: `ai.write:${crypto.randomUUID()}` };
}

async function record(
  caller: Caller,
  input: WriteInput,
  variants: Draft[],
  provider: string,
  streamed: boolean,
): Promise<WriteResult> {
  const prompt = provider === OFFLINE_PROVIDER ? OFFLINE_TEMPLATES : WRITER_PROMPT;
  const { recordType, recordId, ...settings } = input;
  const generationId = await recordGeneration(caller, {
    feature: "writer",
    record: { type: recordType, id: recordId },
    prompt,
    provider,
    streamed,
    input: settings,
    output: { variants },
  });
  return { variants, provider, prompt: { ...prompt }, generationId };
}

/** Drafts in one answer (JSON structured output from the model). */
export async function writeDrafts(
  caller: Caller,
  settings: EnvReader,
  input: WriteInput,
  signal?: AbortSignal,
): Promise<WriteResult> {
  const context = await loadRecordContext(caller, input.recordType, input.recordId);
  return await spendCredits(caller, spendFor(), () => draftsFor(caller, settings, context, input, signal));
}

/**
 * The drafts for a record already loaded as the caller, recorded as a generation; no charge of its own (the
 * caller pays around it: one request above, one record of a bulk run in lib/ai/bulk/runs.ts).
 */
export async function draftsFor(
  caller: Caller,
  settings: EnvReader,
  context: RecordContext,
  input: WriteInput,
  signal?: AbortSignal,
): Promise<WriteResult> {
  const config = aiConfig(settings);
  const client = openaiClient(config);
  if (!client) return await record(caller, input, offlineDrafts(context, input), OFFLINE_PROVIDER, false);
  const messages = await writerMessages(context, input, "json");
  const answer = await completeJson(client, config, {
    messages,
    schema: modelAnswer,
    schemaName: "writer_drafts",
    signal,
  });
  const variants = answer.variants.slice(0, input.variants).map((v) => fitToChannel(v, input.channel));
  return await record(caller, input, variants, config.chatModel, false);
}

/** The offline drafts, sent in pieces through the same events as a model's stream (at once: nothing to wait for). */
async function streamOffline(context: RecordContext, input: WriteInput, send: SendEvent): Promise<Draft[]> {
  const drafts = offlineDrafts(context, input);
  for (let i = 0; i < drafts.length; i++) {
    const words = drafts[i].body.split(/(?<=\s)/);
    for (let end = 0; end < words.length; end += 12) {
      const partial = drafts.map((d, j) =>
        j < i ? d : j === i ? { subject: d.subject, body: words.slice(0, end + 12).join("") } : null
      ).filter((d) => d !== null);
      await send("progress", { variants: partial });
    }
  }
  return drafts;
}

/**
 * Drafts streamed as they are written: `start`, then `progress` events carrying every draft so far (the last
 * one growing), then `done` with the result. `ready` is called once the credits are charged, so the HTTP answer
 * can start; errors before that are ordinary HTTP errors.
 */
export async function writeDraftsStreaming(
  caller: Caller,
  settings: EnvReader,
  input: WriteInput,
  stream: { send: SendEvent; ready: () => void; signal?: AbortSignal },
): Promise<void> {
  const config = aiConfig(settings);
  const context = await loadRecordContext(caller, input.recordType, input.recordId);
  await spendCredits(caller, spendFor(), async () => {
    stream.ready();
    const client = openaiClient(config);
    const provider = client ? config.chatModel : OFFLINE_PROVIDER;
    await stream.send("start", { provider, variants: input.variants });
    let drafts: Draft[];
    if (!client) {
      drafts = await streamOffline(context, input, stream.send);
    } else {
      const messages = await writerMessages(context, input, "stream");
      let text = "";
      for await (const piece of streamText(client, config, { messages, signal: stream.signal })) {
        text += piece;
        const partial = parseStreamed(text).slice(0, input.variants)
          .map((v) => ({ subject: input.channel === "email" ? v.subject : null, body: v.body }));
        if (partial.length > 0) await stream.send("progress", { variants: partial });
      }
      drafts = finishStreamed(text, input);
    }
    const result = await record(caller, input, drafts, provider, true);
    await stream.send("done", result);
  });
}
