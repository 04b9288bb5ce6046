// GET /api/v1/search?q=acm&types=contact,company&limit=10: ranked hits across the team's records.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import {
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  parseSearchParams,
  SEARCH_TYPES,
  searchRecords,
} from "../../../lib/crm/search.ts";

export const app = new Hono<ApiEnv>();

app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const options = parseSearchParams(c.req.query());
  const data = await searchRecords(db, claims, team.id, options);
  // Answers depend on the caller and change with every edit: never cache them in between.
  c.header("cache-control", "private, no-store");
  return c.json({ data });
});

registerPath("/api/v1/search", {
  get: {
    summary: "Search the current workspace",
    description: "Prefix full-text search over every record type the workspace has, best match first. " +
      "Only the caller's current team is searched; an empty query answers an empty list.",
    tags: ["search"],
    parameters: [
      {
        name: "q",
        in: "query",
        schema: { type: "string", maxLength: MAX_QUERY_LENGTH },
        description: 'Words to find; each matches the start of a word ("acm sal" finds "Acme Sales").',
      },
      {
        name: "types",
        in: "query",
        schema: { type: "string" },
        description: `Comma-separated subset of: ${SEARCH_TYPES.join(", ")}.`,
      },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: MAX_SEARCH_LIMIT, default: 10 } },
    ],
    responses: {
      200: {
        description: "Hits, best first.",
        content: {
          "application/json": {
            schema: {
              type: "object",
              properties: {
                data: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["type", "id", "title", "subtitle", "url", "rank"],
                    properties: {
                      type: { type: "string", enum: SEARCH_TYPES },
                      id: { type: "string", format: "uuid" },
                      title: { type: "string" },
                      subtitle: { type: ["string", "null"] },
                      url: { type: "string" },
                      rank: { type: "number" },
                    },
                  },
                },
              },
            },
          },
        },
      },
      401: { description: "Not signed in." },
      422: { description: "The query is too long, or a type or limit is not valid." },
    },
  },
});
