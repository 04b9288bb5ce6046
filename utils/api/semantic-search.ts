// GET /api/v1/search?mode=semantic&q=...: the "Ask" search over the JSON API (routes/api/v1/search.ts hands
// every request with a `mode` here; `mode=keyword` goes back to the keyword search it always was).
import type { Context } from "hono";
import { z } from "zod";
import { AppError } from "../../lib/errors.ts";
import { sessionCaller } from "../../lib/caller.ts";
import { RECORD_KINDS } from "../../lib/search/semantic/sources.ts";
import { parseSearchParams, searchRecords } from "../../lib/records/search.ts";
import {
  MAX_QUESTION_LENGTH,
  MAX_SEMANTIC_LIMIT,
  parseSemanticParams,
  semanticSearch,
} from "../../lib/search/semantic/search.ts";
import { apiCaller, type ApiEnv } from "./auth.ts";

export const semanticModeDoc = z.enum(["keyword", "semantic"]).optional().describe(
  `"semantic" asks by meaning (q up to ${MAX_QUESTION_LENGTH} characters; types among ${
    RECORD_KINDS.join(", ")
  }; limit up to ${MAX_SEMANTIC_LIMIT}): contacts, companies, deals, notes and chat messages with the passage ` +
    `that matched. Costs one "ai.search" credit with a paid embeddings provider; the offline lexical one is free.`,
);

const semanticHit = z.object({
  type: z.enum(RECORD_KINDS),
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable(),
  url: z.string(),
  score: z.number().describe(
    "Relevance, 0 to 1, best first: the fused rank of the passage by meaning (vector) and by shared words (1: first in both).",
  ),
  passage: z.string().describe("The passage that matched best."),
  highlights: z.array(z.tuple([z.number(), z.number()])).describe("[start, end) of the matching words."),
});
export const semanticBody = z.object({
  data: z.array(semanticHit),
  provider: z.string().describe('"lexical (offline)" or the embeddings model.'),
  lexical: z.boolean().describe("True when the offline lexical embedding answered (it matches words, not meaning)."),
});

export async function semanticSearchAnswer(c: Context<ApiEnv>): Promise<Response> {
  const mode = c.req.query("mode");
  if (mode !== "semantic" && mode !== "keyword") {
    throw new AppError("validation_failed", 'mode is "keyword" or "semantic".');
  }
  const { db, claims, team } = apiCaller(c);
  c.header("cache-control", "private, no-store");
  if (mode === "keyword") return c.json({ data: await keywordFallback(c) });
  const params = parseSemanticParams(c.req.query());
  const result = await semanticSearch(sessionCaller(db, { claims, team }), params);
  return c.json({ data: result.hits, provider: result.provider, lexical: result.lexical });
}

/** mode=keyword: the plain keyword search, as without a mode. */
async function keywordFallback(c: Context<ApiEnv>) {
  const { db, claims, team } = apiCaller(c);
  return await searchRecords(db, claims, team.id, parseSearchParams(c.req.query()));
}
