// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, built from the routes and their zod schemas.
import { define } from "../../../utils.ts";
import type { OperationDoc } from "../../../utils/api/describe.ts";
import { apiDocument } from "./_document.ts";

export const handler = define.handlers({
  GET: (ctx) => ctx.hono.json(apiDocument()),
});

export const operations: Record<string, OperationDoc> = {
  GET: { summary: "This document (OpenAPI 3.1)", tags: ["meta"], public: true, operationId: "getOpenApiDocument" },
};
