// Request validation at the edge: `jsonInput(schema)` and `queryInput(schema)` are @hono/zod-validator
// middlewares sharing one hook, so every refusal is the API's `{ error: { code, message } }` (a 422 naming
// the field in plain words). Each validator also records its schema for the OpenAPI document (utils/api/describe.ts).
import { AppError } from "../../lib/errors.ts";
import type { Context, MiddlewareHandler } from "hono";
import { zValidator } from "@hono/zod-validator";
import type { z } from "zod";
import { parseId } from "../../lib/ids.ts";
import { textProblem } from "../../lib/text-guard.ts";
import { recordInput } from "./describe.ts";
import { parseWithSchema, validationMessage } from "../../lib/validation.ts";

export { parseWithSchema, validationError, validationMessage } from "../../lib/validation.ts";

const MAX_JSON_BYTES = 256 * 1024;
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** The one hook of every validator: a failed parse answers 422 in the API's error shape (as AppError renders). */
function refuse(result: { success: boolean; error?: { issues: readonly z.core.$ZodIssue[] } }, c: Context) {
  if (!result.success && result.error) {
    return c.json({ error: { code: "validation_failed", message: validationMessage(result.error) } }, 422);
  }
}

/**
 * Reads the body once, as the API always has: at most 256 KB, empty means `{}`, broken JSON and forbidden
 * characters (lib/text-guard.ts) are 400s. A body that is not declared as JSON is a 415, not silently `{}`.
 */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.length > MAX_JSON_BYTES) {
    throw new AppError(
      "request_too_large",
      `The request body is too large: JSON bodies can be ${MAX_JSON_BYTES / 1024} KB at most.`,
    );
  }
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0].trim();
  if (text.trim() !== "" && !JSON_TYPE.test(mediaType)) {
    throw new AppError(
      "unsupported_media_type",
      "Send the body as JSON, with the header content-type: application/json.",
    );
  }
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  const problem = textProblem(value);
  if (problem) throw new AppError("invalid_text", problem);
  return value;
}

/** Validates the JSON body; the handler reads it with `c.req.valid("json")`. */
export function jsonInput<S extends z.ZodType>(schema: S) {
  const validate = zValidator("json", schema, refuse);
  const middleware: MiddlewareHandler = async (c, next) => {
    const value = await readJson(c);
    // zValidator reads the body through c.req.json(): hand it the value read above (an empty body is `{}`,
    // which is also what zValidator takes when no JSON content type was sent).
    c.req.bodyCache.json = Promise.resolve(value);
    return await validate(c, next);
  };
  recordInput(middleware, "json", schema);
  return middleware as typeof validate;
}

/** Validates the query string; the handler reads it with `c.req.valid("query")`. */
export function queryInput<S extends z.ZodType>(schema: S) {
  const validate = zValidator("query", schema, refuse);
  recordInput(validate, "query", schema);
  return validate;
}

/** For handlers that validate a body they read themselves (utils/list-bulk.ts): the same rules as jsonInput. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseWithSchema(schema, await readJson(c));
}

/**
 * A path parameter that names a record (`:id`, `:stageId`...): lib/ids.ts decides what an id looks like,
 * and anything else is the same 404 as an id nobody has ("Task not found."), before any query runs.
 */
export function pathId(c: Context, what: string, name = "id"): string {
  return parseId(c.req.param(name), what);
}
