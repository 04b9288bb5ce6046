// Which OpenAI-compatible server the AI features talk to, read from the environment in one place, and the
// official client built from it. No key means offline: every feature then uses its honest offline provider
// (labelled "offline"), and nothing is sent anywhere.
import OpenAI from "openai";

export interface AiConfig {
  /** OPENAI_API_KEY; null means offline. Never sent to the browser. */
  apiKey: string | null;
  /** OPENAI_BASE_URL: any OpenAI-compatible server (a local model, a test fake); undefined = api.openai.com. */
  baseURL: string | undefined;
  chatModel: string;
  embeddingModel: string;
  /** Vector size stored in pgvector columns; must match what the embedding model returns. */
  embeddingDimensions: number;
  /** Per request, before the client gives up (and retries, up to maxRetries). */
  timeoutMs: number;
  /** Retries of the official client (429, 5xx, timeouts), with its own backoff. */
  maxRetries: number;
}

type EnvReader = { get(name: string): string | undefined };

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}".`);
  return n;
}

/** Reads OPENAI_* from the environment (or any `{ get }`, e.g. a Map in tests). */
export function aiConfig(env: EnvReader = Deno.env): AiConfig {
  const read = (name: string) => env.get(name)?.trim() || undefined;
  return {
    apiKey: read("OPENAI_API_KEY") ?? null,
    baseURL: read("OPENAI_BASE_URL"),
    chatModel: read("OPENAI_CHAT_MODEL") ?? "gpt-4o-mini",
    embeddingModel: read("OPENAI_EMBEDDING_MODEL") ?? "text-embedding-3-small",
    embeddingDimensions: positiveInt(read("OPENAI_EMBEDDING_DIMENSIONS"), 1536, "OPENAI_EMBEDDING_DIMENSIONS"),
    timeoutMs: positiveInt(read("OPENAI_TIMEOUT_MS"), 30_000, "OPENAI_TIMEOUT_MS"),
    maxRetries: positiveInt(read("OPENAI_MAX_RETRIES"), 2, "OPENAI_MAX_RETRIES"),
  };
}

/** The official client for this config, or null when there is no key (offline). */
export function openaiClient(config: AiConfig): OpenAI | null {
  if (!config.apiKey) return null;
  return new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
  });
}

/** What a generation records as its provider: the model name, or "offline". */
export function providerName(config: AiConfig): string {
  return config.apiKey ? config.chatModel : "offline";
}
