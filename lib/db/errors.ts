// Turns database refusals into AppErrors a person understands (lib/errors.ts); everything else stays what it
// was, an unexpected error (a 500 over HTTP, internal_error over the socket).
import { AppError, type ErrorCode } from "../errors.ts";

type PgError = { code?: string; message?: string; constraint?: string };

/** Errors our own functions raise with a sentence meant for people (raise exception '...'). */
const OWN_MESSAGES: Record<string, ErrorCode> = {
  P0001: "conflict",
  P0002: "not_found",
  "42501": "forbidden",
  // app.spend_credits: the team's balance or the user's monthly credit limit is used up (lib/credits)
  LC402: "payment_required",
};

/** numeric_value_out_of_range, invalid_datetime_format, datetime_field_overflow, interval_field_overflow,
 * statement_too_complex (stack depth exceeded). */
const INPUT_DATA_ERRORS = new Set(["22003", "22007", "22008", "22015", "54001"]);

export function toAppError(error: unknown): unknown {
  if (error instanceof AppError || typeof error !== "object" || error === null) return error;
  const { code, message = "" } = error as PgError;
  if (!code) return error;
  const refuse = (appCode: ErrorCode, sentence: string) => new AppError(appCode, sentence, { cause: error });
  if (code === "42501" && message.includes("row-level security")) {
    return refuse("forbidden", "You don't have permission to do that.");
  }
  if (code in OWN_MESSAGES) return refuse(OWN_MESSAGES[code], message);
  if (code === "23505") return refuse("conflict", "That already exists.");
  if (code === "23503") return refuse("unprocessable_entity", "That refers to something that does not exist.");
  if (code === "23514" || code === "22001" || code === "23502") {
    return refuse("unprocessable_entity", "Some of the values are not allowed. Check the form and try again.");
  }
  if (code === "22P02") return refuse("not_found", "Not found.");
  // Text Postgres cannot store (NUL, in text or in jsonb): the input's fault, whichever way it came in.
  if (code === "22021" || code === "22P05") {
    return refuse("bad_request", "Text cannot contain NUL (U+0000) or other control characters.");
  }
  // A number out of range, a date or interval Postgres cannot read, a JSON value nested too deep to store:
  // the values sent were not usable, and the client can fix them.
  if (INPUT_DATA_ERRORS.has(code)) {
    return refuse("unprocessable_entity", "Some of the values are not valid. Check them and try again.");
  }
  return error;
}
