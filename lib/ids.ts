// Ids are UUIDs everywhere (Postgres `uuid` columns). One place says what an id looks like, so a path
// parameter like "__proto__", "%00" or 4,000 characters is the same 404 as an id nobody has, before any
// query runs (Postgres would refuse to cast it, and would tell the client more than "not found").
import { HTTPException } from "hono/http-exception";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/**
 * A path parameter that must be an id, lower-cased; anything else is a 404 naming `what`: a noun
 * ("Task" → "Task not found.") or a whole sentence ending in a period, used as it is.
 */
export function parseId(value: string | undefined, what = "That record"): string {
  if (!isUuid(value)) throw new HTTPException(404, { message: what.endsWith(".") ? what : `${what} not found.` });
  return value.toLowerCase();
}
