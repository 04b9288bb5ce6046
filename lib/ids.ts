// Ids are UUIDs everywhere (Postgres `uuid` columns). One place says what an id looks like, so a path
// parameter like "__proto__", "%00" or 4,000 characters is the same 404 as an id nobody has, before any
// query runs (Postgres would refuse to cast it, and would tell the client more than "not found").
// Browser code imports it too (lib/errors.ts is plain TypeScript, no server modules).
import { AppError } from "./errors.ts";

/** The shape of an id without anchors or flags, for patterns that find ids inside longer text. */
export const UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/** A whole string that is an id (for zod's `.regex`); elsewhere prefer `isUuid`. */
export const UUID = new RegExp(`^${UUID_PATTERN}$`);

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/**
 * A path parameter that must be an id, lower-cased; anything else is a 404 naming `what`: a noun
 * ("Task" → "Task not found.") or a whole sentence ending in a period, used as it is.
 */
export function parseId(value: string | undefined, what = "That record"): string {
  if (!isUuid(value)) throw new AppError("not_found", what.endsWith(".") ? what : `${what} not found.`);
  return value.toLowerCase();
}
