// Who turns text into vectors: the configured OpenAI-compatible embeddings model (OPENAI_API_KEY, its
// OPENAI_BASE_URL and OPENAI_EMBEDDING_MODEL/_DIMENSIONS, through the official client), or, with no key,
// the offline lexical embedding (lexical.ts), which is free and says what it is.
import type OpenAI from "openai";
import { type AiConfig, aiConfig, openaiClient } from "../../ai/config.ts";
import { AppError } from "../../errors.ts";
import { LEXICAL_DIMENSIONS, LEXICAL_MODEL, lexicalEmbedding } from "./lexical.ts";

/** Vector sizes with an HNSW index in public.embeddings (see the migration's header). */
export const SUPPORTED_DIMENSIONS = [256, 384, 512, 768, 1024, 1536] as const;

export interface EmbeddingProvider {
  /** Stored with every vector: vectors of different models are never compared. */
  model: string;
  dimensions: number;
  /** What the UI and API call it: "lexical (offline)" or the model's name. */
  label: string;
  /** True for the offline lexical embedding (matches words, not meaning). */
  lexical: boolean;
  /** A paid provider: searches cost "ai.search" credits. */
  paid: boolean;
  /** One unit vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
}

export function lexicalProvider(): EmbeddingProvider {
  return {
    model: LEXICAL_MODEL,
    dimensions: LEXICAL_DIMENSIONS,
    label: "lexical (offline)",
    lexical: true,
    paid: false,
    embed: (texts) => Promise.resolve(texts.map((text) => lexicalEmbedding(text))),
  };
}

/** Inputs per request: well under the API's limit of 2,048, and small enough to retry cheaply. */
const BATCH = 96;

export function openaiProvider(client: OpenAI, config: AiConfig): EmbeddingProvider {
  const dimensions = config.embeddingDimensions;
  if (!(SUPPORTED_DIMENSIONS as readonly number[]).includes(dimensions)) {
    throw new Error(
      `OPENAI_EMBEDDING_DIMENSIONS must be one of ${SUPPORTED_DIMENSIONS.join(", ")} (got ${dimensions}).`,
    );
  }
  // Only the text-embedding-3 models take a size; others answer their own, which must match the setting.
  const asksSize = /^text-embedding-3/.test(config.embeddingModel);
  return {
    model: config.embeddingModel,
    dimensions,
    label: config.embeddingModel,
    lexical: false,
    paid: true,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const input = texts.slice(i, i + BATCH);
        let response;
        try {
          response = await client.embeddings.create({
            model: config.embeddingModel,
            input,
            ...(asksSize ? { dimensions } : {}),
            encoding_format: "float",
          });
        } catch (error) {
          throw providerError(error);
        }
        const vectors = [...(response.data ?? [])].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        if (vectors.length !== input.length || vectors.some((v) => !Array.isArray(v) || v.length !== dimensions)) {
          throw new AppError(
            "bad_gateway",
            `The embeddings service answered something unexpected (expected ${input.length} vectors of ${dimensions} numbers).`,
          );
        }
        out.push(...vectors.map(normalise));
      }
      return out;
    },
  };
}

function normalise(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

/** A provider failure as a sentence a person understands (429, timeouts, 5xx). */
function providerError(error: unknown): AppError {
  const status = (error as { status?: number }).status;
  if (status === 429) {
    return new AppError("too_many_requests", "The embeddings service is busy (rate limited). Try again in a minute.");
  }
  const name = (error as { name?: string }).name ?? "";
  if (/timeout/i.test(name)) return new AppError("gateway_timeout", "The embeddings service did not answer in time.");
  return new AppError(
    "bad_gateway",
    "The embeddings service failed; try again, or ask an admin to check its settings.",
  );
}

let cached: { key: string; provider: EmbeddingProvider } | null = null;

/** The provider for this configuration (the environment's by default), made once per configuration. */
export function embeddingProvider(config: AiConfig = aiConfig()): EmbeddingProvider {
  const key = JSON.stringify(config);
  if (cached?.key === key) return cached.provider;
  const client = openaiClient(config);
  const provider = client ? openaiProvider(client, config) : lexicalProvider();
  cached = { key, provider };
  return provider;
}
