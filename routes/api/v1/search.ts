// GET /api/v1/search?q=acm&types=contact,company&limit=10: ranked hits across the team's records.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { z } from "zod";
import { describe } from "../../../utils/api/describe.ts";
import {
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  parseSearchParams,
  SEARCH_TYPES,
  searchRecords,
} from "../../../lib/records/search.ts";
import { semanticBody, semanticModeDoc, semanticSearchAnswer } from "../../../utils/api/semantic-search.ts";

export const app = new Hono<ApiEnv>();

const hit = z.object({
  type: z.enum(SEARCH_TYPES),
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable(),
  url: z.string(),
  rank: z.number(),
});
const searchDoc = describe({
  summary: "Search the current workspace",
  description: "Prefix full-text search over every record type the workspace has, best match first. " +
    "Only the caller's current team is searched; an empty query answers an empty list.",
  query: z.object({
    q: z.string().max(MAX_QUERY_LENGTH).optional()
      .describe('Words to find; each matches the start of a word ("acm sal" finds "Acme Sales").'),
    types: z.string().optional().describe(`Comma-separated subset of: ${SEARCH_TYPES.join(", ")}.`),
    limit: z.string().optional().describe(`Hits, 1 to ${MAX_SEARCH_LIMIT} (default 10).`),
    mode: semanticModeDoc,
  }),
  responses: {
    200: { description: "Hits, best first.", schema: z.union([z.object({ data: z.array(hit) }), semanticBody]) },
    422: "The query is too long, or a type or limit is not valid.",
  },
});

app.get("/", searchDoc, async (c) => {
  // mode=semantic: the "Ask" search by meaning (utils/api/semantic-search.ts).
  if (c.req.query("mode") !== undefined) return await semanticSearchAnswer(c);
  const { db, claims, team } = apiCaller(c);
  const options = parseSearchParams(c.req.query());
  const data = await searchRecords(db, claims, team.id, options);
  // Answers depend on the caller and change with every edit: never cache them in between.
  c.header("cache-control", "private, no-store");
  return c.json({ data });
});
