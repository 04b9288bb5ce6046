// What the OpenAPI document knows about a route, kept next to the route itself: a `describe({...})` middleware
// in the route's handler list, and the schemas of its validators (utils/api/validate.ts records them here).
// Both are no-ops at request time; utils/api/openapi.ts reads them off the sub-apps' route lists.
import type { MiddlewareHandler } from "hono";
import { z } from "zod";

/** A response: a sentence, and for successes optionally the schema of the body. */
export type ResponseDoc = string | { description: string; schema?: z.ZodType };

export interface OperationDoc {
  summary: string;
  description?: string;
  /** Defaults to one made of the method and path (getContactsById). */
  operationId?: string;
  /** Defaults to the sub-app's name (contacts, note-folders...). */
  tags?: string[];
  /** Path parameters that are not record ids; the rest are documented as uuids. */
  params?: Record<string, z.ZodType>;
  /** Query parameters checked deeper than the edge (lib/ parses them): for the document only. */
  query?: z.ZodObject<z.ZodRawShape>;
  /** A JSON body checked deeper than the edge: for the document only. */
  body?: z.ZodType;
  /** A body that is not JSON: media type → JSON schema (multipart uploads, raw CSV parts). */
  bodyContent?: Record<string, Record<string, unknown>>;
  /** By status; 401, 404 (with path ids) and 422 (with inputs) are added when not given. */
  responses?: Record<number, ResponseDoc>;
  /** Answers without signing in (the document and its reference page). */
  public?: boolean;
}

export type InputTarget = "json" | "query";

type Note = { kind: "doc"; doc: OperationDoc } | { kind: "input"; target: InputTarget; schema: z.ZodType };

// deno-lint-ignore ban-types
const notes = new WeakMap<Function, Note>();

/** Documents the route it is placed in: `app.get("/", describe({ summary: "..." }), handler)`. */
export function describe(doc: OperationDoc): MiddlewareHandler {
  const middleware: MiddlewareHandler = (_c, next) => next();
  notes.set(middleware, { kind: "doc", doc });
  return middleware;
}

export function recordInput(middleware: MiddlewareHandler, target: InputTarget, schema: z.ZodType): void {
  notes.set(middleware, { kind: "input", target, schema });
}

// deno-lint-ignore ban-types
export function noteOf(handler: Function): Note | undefined {
  return notes.get(handler);
}

/** Gives a schema a name: the document then lists it once under components.schemas and refers to it. */
export function nameSchema<S extends z.ZodType>(schema: S, name: string): S {
  // zod's global registry: z.toJSONSchema lists a schema with an id once (in $defs, which the document turns
  // into components.schemas) and refers to it; its description stays.
  const meta = z.globalRegistry.get(schema);
  if (!meta?.id) z.globalRegistry.add(schema, { ...meta, id: name });
  return schema;
}
