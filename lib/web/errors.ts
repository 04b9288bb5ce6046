// The Hono edge of the error vocabulary (lib/errors.ts): a thrown value becomes a status, a machine-readable
// code and a message people can read. AppErrors (the domain's refusals) and Hono's own HTTPExceptions
// (middleware) are meant for the client and pass through; anything else is a bug, so the client only gets a
// generic sentence and the details go to the log.
import { HTTPException } from "hono/http-exception";
import { AppError, ERROR_CODES, type ErrorCode } from "../errors.ts";

export interface ErrorInfo {
  status: number;
  /** snake_case, stable for clients: "not_found", "forbidden", "validation_failed"... */
  code: string;
  message: string;
  /** A ready response carried by an HTTPException (`new HTTPException(401, { res })`). */
  response?: Response;
  /** False for unexpected errors: they must be logged, and their message is not shown. */
  expected: boolean;
}

/** The generic code of each status: the first code lib/errors.ts lists for it. */
const CODE_OF_STATUS = new Map<number, ErrorCode>();
for (const [code, info] of Object.entries(ERROR_CODES) as [ErrorCode, { status: number }][]) {
  if (!CODE_OF_STATUS.has(info.status)) CODE_OF_STATUS.set(info.status, code);
}

export function codeForStatus(status: number): ErrorCode {
  return CODE_OF_STATUS.get(status) ?? (status >= 500 ? "internal_error" : "bad_request");
}

function defaultMessage(status: number): string {
  return ERROR_CODES[codeForStatus(status)].message;
}

/**
 * An HTTPException may name its own code through `cause`:
 * `new HTTPException(409, { message: "Email taken", cause: { code: "email_taken" } })`.
 */
function causeCode(error: HTTPException): string | undefined {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

export function describeError(error: unknown): ErrorInfo {
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, message: error.message, expected: true };
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    return {
      status,
      code: causeCode(error) ?? codeForStatus(status),
      message: error.message || defaultMessage(status),
      response: error.res,
      expected: true,
    };
  }
  return { status: 500, code: "internal_error", message: defaultMessage(500), expected: false };
}

export function notFoundInfo(): ErrorInfo {
  return { status: 404, code: "not_found", message: defaultMessage(404), expected: true };
}

/** API paths and clients that ask for JSON (and not HTML) get JSON errors. */
export function wantsJson(request: Request): boolean {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/api/") || path.startsWith("/functions/v1/")) return true;
  const accept = request.headers.get("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

export function errorJson(info: ErrorInfo, headers?: HeadersInit): Response {
  const all = new Headers(headers);
  all.set("content-type", "application/json");
  return new Response(JSON.stringify({ error: { code: info.code, message: info.message } }), {
    status: info.status,
    headers: all,
  });
}
