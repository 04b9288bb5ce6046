// Request validation at the edge with zod; failures are 422s that name the field in plain words.
import { HTTPException } from "hono/http-exception";
import type { Context } from "hono";
import type { z } from "zod";
import { parseId } from "../ids.ts";
import { textProblem } from "../text-guard.ts";

const MAX_JSON_BYTES = 256 * 1024;

export function validationError(error: z.ZodError): HTTPException {
  const issue = error.issues[0];
  const field = issue.path.join(".");
  return new HTTPException(422, {
    message: field ? `${field}: ${issue.message}` : issue.message,
    cause: { code: "validation_failed" },
  });
}

export function parseWithSchema<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  if (text.length > MAX_JSON_BYTES) {
    throw new HTTPException(413, {
      message: `The request body is too large: JSON bodies can be ${MAX_JSON_BYTES / 1024} KB at most.`,
      cause: { code: "request_too_large" },
    });
  }
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : {};
  } catch {
    throw new HTTPException(400, { message: "The request body is not valid JSON." });
  }
  // The rule of lib/text-guard.ts, also for bodies sent without a JSON content type.
  const problem = textProblem(value);
  if (problem) throw new HTTPException(400, { message: problem, cause: { code: "invalid_text" } });
  return parseWithSchema(schema, value);
}

/**
 * A path parameter that names a record (`:id`, `:stageId`...): lib/ids.ts decides what an id looks like,
 * and anything else is the same 404 as an id nobody has ("Task not found."), before any query runs.
 */
export function pathId(c: Context, what: string, name = "id"): string {
  return parseId(c.req.param(name), what);
}
