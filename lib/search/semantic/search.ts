// Semantic search ("Ask"): the question is embedded by the configured provider, the nearest passages are
// found through the HNSW index of that provider's vector size and fused with the passages sharing the
// question's words (both in one statement: hybrid-passages.ts), and each record is answered once, with its
// best passage and the words in it that match the question. Everything runs as the user (the keyword probe
// applies the passages' visibility rule with the policy's own function, and its hits are read again under the
// policy): the passages' policy shows only what the source row's own policy shows, and titles are read under
// RLS again.
// A paid provider costs one "ai.search" credit per question; the offline lexical one is free.
import { z } from "zod";
import type { Caller } from "../../caller.ts";
import type { Tx } from "../../db/mod.ts";
import { AppError } from "../../errors.ts";
import { parseWithSchema } from "../../validation.ts";
import { spendCredits } from "../../credits/spend.ts";
import { type EmbeddingProvider, embeddingProvider } from "./provider.ts";
import { RECORD_KINDS, type RecordKind } from "./sources.ts";
import { readTitles } from "./titles.ts";
import { hybridPassages } from "./hybrid-passages.ts";
import { vectorLiteral } from "./vector-sql.ts";
import { highlightRanges } from "./highlight.ts";
import { searchSettings, vectorSupport } from "./support.ts";
import { keywordGroups } from "./keywords.ts";
import { reciprocalRankFusion } from "./fusion.ts";

export const MAX_QUESTION_LENGTH = 200;
export const MAX_SEMANTIC_LIMIT = 50;

export interface SemanticHit {
  type: RecordKind;
  id: string;
  title: string;
  subtitle: string | null;
  url: string;
  /**
   * Relevance, 0..1, best first: for Ask the fused rank score (1 = first by meaning and by words), for
   * lookalikes the cosine similarity of the best passage.
   */
  score: number;
  /** The passage that matched best. */
  passage: string;
  /** [start, end) character ranges of the passage's words that match the question. */
  highlights: [number, number][];
}

export interface SemanticResult {
  hits: SemanticHit[];
  /** Which provider answered ("lexical (offline)" or a model name). */
  provider: string;
  lexical: boolean;
}

export const semanticParamsSchema = z.object({
  q: z.string().trim()
    .min(1, "Type a question or a few words to ask about.")
    .max(MAX_QUESTION_LENGTH, `Keep the question under ${MAX_QUESTION_LENGTH} characters.`),
  types: z.string().max(200).optional().transform((value, ctx) => {
    const types = (value ?? "").split(",").map((t) => t.trim().toLowerCase()).filter(Boolean);
    const unknown = types.filter((t) => !(RECORD_KINDS as readonly string[]).includes(t));
    if (unknown.length) {
      ctx.addIssue({ code: "custom", message: `Ask can search ${RECORD_KINDS.join(", ")}, not "${unknown[0]}".` });
    }
    return types as RecordKind[];
  }),
  limit: z.coerce.number().int("limit is a whole number.").min(1).max(MAX_SEMANTIC_LIMIT).default(10),
});
export type SemanticParams = z.infer<typeof semanticParamsSchema>;

export function parseSemanticParams(query: Record<string, string | undefined>): SemanticParams {
  return parseWithSchema(semanticParamsSchema, {
    q: query.q ?? "",
    types: query.types || undefined,
    limit: query.limit || undefined,
  });
}

/** Passages below this similarity share too little with the question to be worth showing. */
const MIN_SCORE = { lexical: 0.08, model: 0.2 };

/** Answers a question as the caller; charges "ai.search" first when the provider is paid. */
export async function semanticSearch(
  caller: Caller,
  params: SemanticParams,
  provider: EmbeddingProvider = embeddingProvider(),
): Promise<SemanticResult> {
  const run = async () => {
    const [vector] = await provider.embed([params.q]);
    if (!vector.some((v) => v !== 0)) {
      throw new AppError("validation_failed", "Ask with a few real words: that question has none to search by.");
    }
    const hits = await caller.db.asUser(
      caller.claims,
      (tx) => hybridRecords(tx, provider, vector, params.q, params),
    );
    return {
      hits: hits.map((hit) => ({ ...hit, highlights: highlightRanges(params.q, hit.passage) })),
      provider: provider.label,
      lexical: provider.lexical,
    };
  };
  await requireVectors(caller);
  if (!provider.paid) return run();
  return spendCredits(caller, { action: "ai.search", key: `ai.search:${crypto.randomUUID()}` }, run);
}

/** 503 with a plain reason when this database has no pgvector. */
export async function requireVectors(caller: Caller): Promise<void> {
  if (!(await vectorSupport(caller)).available) {
    throw new AppError(
      "service_unavailable",
      "Ask needs the pgvector extension, which this database does not have. Keyword search still works.",
    );
  }
}

/** Top passages by cosine distance (HNSW), best passage per record, live records only, best first. */
export async function nearestRecords(
  tx: Tx,
  provider: EmbeddingProvider,
  vector: number[],
  options: { types?: RecordKind[]; limit: number; excludeIds?: string[]; minScore?: number },
): Promise<Omit<SemanticHit, "highlights">[]> {
  await searchSettings(tx);
  const types = options.types?.length ? options.types : [...RECORD_KINDS];
  // Passages, not records, come out of the index: ask for more so that records with several still fill a page.
  const candidates = options.limit * 3 + (options.excludeIds?.length ?? 0);
  const rows = await vectorPassages(tx, provider, vector, types, candidates);
  const minScore = options.minScore ?? (provider.lexical ? MIN_SCORE.lexical : MIN_SCORE.model);
  const exclude = new Set(options.excludeIds ?? []);
  const best = bestPassages(
    rows.map((row) => ({ ...row, score: 1 - row.distance }))
      .filter((row) => row.score >= minScore && !exclude.has(row.id)),
  );
  return await titled(tx, best, options.limit);
}

/**
 * Ask: the nearest passages by vector fused (reciprocal rank fusion) with the passages sharing the
 * question's words (hybrid-passages.ts), best passage per record. Either half alone finds what the other
 * misses: the vector half word forms, typos and near terms; the keyword half rare words HNSW does not reach
 * among many passages. The score is the fused one (1: first in both), so hits stay best first.
 */
export async function hybridRecords(
  tx: Tx,
  provider: EmbeddingProvider,
  vector: number[],
  question: string,
  options: { types?: RecordKind[]; limit: number },
): Promise<Omit<SemanticHit, "highlights">[]> {
  await searchSettings(tx);
  const types = options.types?.length ? options.types : [...RECORD_KINDS];
  const candidates = options.limit * 3;
  const minScore = provider.lexical ? MIN_SCORE.lexical : MIN_SCORE.model;
  const found = await hybridPassages(tx, provider, vector, keywordGroups(question), { types, candidates });
  const near = bestPassages(
    found.near.map((row) => ({ ...row, score: 1 - row.distance })).filter((row) => row.score >= minScore),
  );
  const keyed = bestPassages(found.keyed.map((row) => ({ ...row, score: 1 - row.distance })));
  const fused = reciprocalRankFusion([
    { ranked: near.map((p) => ({ key: `${p.kind}:${p.id}`, item: p })), weight: FUSION_WEIGHT.vector },
    { ranked: keyed.map((p) => ({ key: `${p.kind}:${p.id}`, item: p })), weight: FUSION_WEIGHT.keyword },
  ]);
  return await titled(tx, fused.map((f) => ({ ...f.item, score: f.score })), options.limit);
}

/** How much each half counts in the fusion. */
const FUSION_WEIGHT = { vector: 1, keyword: 1 };

interface Passage {
  kind: RecordKind;
  id: string;
  passage: string;
  score: number;
}

/** Nearest passages by cosine distance through the HNSW index of the provider's size, nearest first. */
async function vectorPassages(
  tx: Tx,
  provider: EmbeddingProvider,
  vector: number[],
  types: RecordKind[],
  candidates: number,
): Promise<{ kind: RecordKind; id: string; passage: string; distance: number }[]> {
  const dims = provider.dimensions;
  if (!Number.isInteger(dims)) throw new Error("dimensions must be a whole number");
  // The size is a literal (from the provider's fixed list) so the planner picks that size's partial index.
  const nearest = `select e.record_kind as kind, e.record_id as id, e.passage,
              e.embedding::vector(${dims}) <=> $1::vector(${dims}) as distance
         from public.embeddings e
        where e.dims = ${dims} and e.model = $2 and e.record_kind = any ($3::text[])
        order by e.embedding::vector(${dims}) <=> $1::vector(${dims})
        limit $4`;
  const rows = await tx.query<{ kind: RecordKind; id: string; passage: string; distance: number }>(
    `select * from (${nearest}) nearest order by distance`,
    [vectorLiteral(vector), provider.model, types, candidates],
  );
  return rows.map((row) => ({ ...row, distance: Number(row.distance) }));
}

/** The first (best) passage of each record, in order. */
function bestPassages<P extends Passage>(ranked: P[]): P[] {
  const seen = new Set<string>();
  return ranked.filter((p) => {
    const key = `${p.kind}:${p.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Up to `limit` of the ranked passages whose records the user may see, with their titles, in order. */
async function titled(tx: Tx, ranked: Passage[], limit: number): Promise<Omit<SemanticHit, "highlights">[]> {
  const titles = await readTitles(tx, ranked);
  const hits: Omit<SemanticHit, "highlights">[] = [];
  for (const found of ranked) {
    const title = titles.get(`${found.kind}:${found.id}`);
    if (!title) continue;
    hits.push({ type: found.kind, id: found.id, ...title, score: round(found.score), passage: found.passage });
    if (hits.length === limit) break;
  }
  return hits;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
