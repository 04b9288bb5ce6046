// Turns database refusals into HTTP errors a person understands; everything else stays a 500.
import { HTTPException } from "hono/http-exception";

type PgError = { code?: string; message?: string; constraint?: string };

/** Errors our own functions raise with a sentence meant for people (raise exception '...'). */
const OWN_MESSAGES: Record<string, number> = { P0001: 409, P0002: 404, "42501": 403 };

/** numeric_value_out_of_range, invalid_datetime_format, datetime_field_overflow, interval_field_overflow,
 * statement_too_complex (stack depth exceeded). */
const INPUT_DATA_ERRORS = new Set(["22003", "22007", "22008", "22015", "54001"]);

export function toHttpError(error: unknown): unknown {
  if (error instanceof HTTPException || typeof error !== "object" || error === null) return error;
  const { code, message = "" } = error as PgError;
  if (!code) return error;
  if (code === "42501" && message.includes("row-level security")) {
    return new HTTPException(403, { message: "You don't have permission to do that.", cause: error });
  }
  if (code in OWN_MESSAGES) return new HTTPException(OWN_MESSAGES[code] as 403, { message, cause: error });
  if (code === "23505") {
    return new HTTPException(409, { message: "That already exists.", cause: error });
  }
  if (code === "23503") {
    return new HTTPException(422, { message: "That refers to something that does not exist.", cause: error });
  }
  if (code === "23514" || code === "22001" || code === "23502") {
    return new HTTPException(422, {
      message: "Some of the values are not allowed. Check the form and try again.",
      cause: error,
    });
  }
  if (code === "22P02") return new HTTPException(404, { message: "Not found.", cause: error });
  // Text Postgres cannot store (NUL, in text or in jsonb): the input's fault, whichever way it came in.
  if (code === "22021" || code === "22P05") {
    return new HTTPException(400, {
      message: "Text cannot contain NUL (U+0000) or other control characters.",
      cause: error,
    });
  }
  // A number out of range, a date or interval Postgres cannot read, a JSON value nested too deep to store:
  // the values sent were not usable, and the client can fix them.
  if (INPUT_DATA_ERRORS.has(code)) {
    return new HTTPException(422, {
      message: "Some of the values are not valid. Check them and try again.",
      cause: error,
    });
  }
  return error;
}
