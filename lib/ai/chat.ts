// The provider layer: one chat completion as validated JSON, or one streamed as text, through the official
// client (its timeout and retries: 429s, 5xx and timeouts are retried with backoff). Whatever goes wrong with the
// provider becomes an AppError with a sentence a person understands: a 502/503/504 class refusal, so the caller
// (spendCredits) refunds the credits. The model's text is never trusted: JSON answers are parsed and checked
// with zod before anything uses them.
import OpenAI from "openai";
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { AiConfig } from "./config.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export const MALFORMED_ANSWER =
  "The AI provider answered in a form Leadly could not read, so nothing was written and your credits were refunded. " +
  "Please try again.";

/** Any failure of a provider call, as a refusal for the person who asked. */
export function providerError(error: unknown, config: AiConfig): AppError {
  if (error instanceof AppError) return error;
  const wait = config.timeoutMs >= 1000 ? `${Math.round(config.timeoutMs / 1000)} s` : `${config.timeoutMs} ms`;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new AppError(
      "gateway_timeout",
      `The AI provider did not answer within ${wait}. Your credits were refunded; please try again.`,
      { cause: error },
    );
  }
  if (error instanceof OpenAI.RateLimitError) {
    return new AppError(
      "service_unavailable",
      "The AI provider is too busy right now (rate limited). Your credits were refunded; try again in a minute.",
      { cause: error },
    );
  }
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    return new AppError(
      "bad_gateway",
      "The AI provider refused Leadly's API key. Ask an admin to check OPENAI_API_KEY.",
      { cause: error },
    );
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new AppError("bad_gateway", "Leadly could not reach the AI provider. Please try again.", { cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    return new AppError(
      "bad_gateway",
      `The AI provider failed (${error.status ?? "no status"}). Your credits were refunded; please try again.`,
      { cause: error },
    );
  }
  return new AppError("bad_gateway", MALFORMED_ANSWER, { cause: error });
}

/**
 * When `error` is the provider's rate limit (429, after the client's own retries): how long it asked us to
 * wait in ms (its `retry-after-ms` or `retry-after` header), or undefined when it did not say; null when the
 * error is something else.
 */
export function rateLimitWait(error: unknown): number | undefined | null {
  const cause = error instanceof AppError ? error.cause : error;
  if (!(cause instanceof OpenAI.RateLimitError)) return null;
  const header = (name: string) => {
    const headers = cause.headers as Headers | Record<string, string> | undefined;
    const value = typeof (headers as Headers)?.get === "function"
      ? (headers as Headers).get(name)
      : (headers as Record<string, string> | undefined)?.[name];
    const n = value === null || value === undefined || value === "" ? NaN : Number(value);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const ms = header("retry-after-ms");
  if (ms !== undefined) return ms;
  const seconds = header("retry-after");
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Parses the model's JSON and checks it; anything else is a malformed answer (502). */
export function parseAnswer<S extends z.ZodType>(text: string | null | undefined, schema: S): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse((text ?? "").trim().replace(/^```(?:json)?\s*|\s*```$/g, ""));
  } catch (error) {
    throw new AppError("bad_gateway", MALFORMED_ANSWER, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("bad_gateway", MALFORMED_ANSWER, { cause: result.error });
  return result.data;
}

/** One completion whose answer must be JSON matching `schema` (structured output, validated again here). */
export async function completeJson<S extends z.ZodType>(
  client: OpenAI,
  config: AiConfig,
  request: { messages: ChatMessage[]; schema: S; schemaName: string; signal?: AbortSignal },
): Promise<z.infer<S>> {
  let text: string | null | undefined;
  try {
    const completion = await client.chat.completions.create({
      model: config.chatModel,
      messages: request.messages,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: request.schemaName,
          schema: z.toJSONSchema(request.schema, { io: "input" }) as Record<string, unknown>,
        },
      },
    }, { signal: request.signal });
    text = completion.choices[0]?.message?.content;
  } catch (error) {
    throw providerError(error, config);
  }
  return parseAnswer(text, request.schema);
}

/**
 * One completion streamed as text: yields each piece as it arrives. The client's timeout covers the wait for
 * the answer to start; `idleMs` (default: the config's timeout) covers a stream that stops in the middle.
 */
export async function* streamText(
  client: OpenAI,
  config: AiConfig,
  request: { messages: ChatMessage[]; signal?: AbortSignal; idleMs?: number },
): AsyncGenerator<string> {
  const idle = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
  const idleMs = request.idleMs ?? config.timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleMs);
  };
  try {
    const stream = await client.chat.completions.create(
      { model: config.chatModel, messages: request.messages, stream: true },
      { signal },
    );
    arm();
    for await (const chunk of stream) {
      arm();
      const piece = chunk.choices[0]?.delta?.content;
      if (piece) yield piece;
    }
  } catch (error) {
    if (idle.signal.aborted) throw providerError(new OpenAI.APIConnectionTimeoutError(), config);
    throw providerError(error, config);
  } finally {
    clearTimeout(timer);
  }
}
