// GET /api/v1/openapi.json: generated from the resources' zod schemas.
import { define } from "../../../utils.ts";
import { openApiDocument } from "../../../lib/api/openapi.ts";

export const handler = define.handlers({
  GET: (ctx) => ctx.hono.json(openApiDocument()),
});
