// Turning a thrown value into a status, a machine-readable code and a message people can read.
// HTTPException messages are meant for the client and pass through; anything else is a bug, so
// the client only gets a generic sentence and the details go to the log.
import { HTTPException } from "hono/http-exception";

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

const STATUS_CODES: Record<number, [code: string, message: string]> = {
  400: ["bad_request", "The request is not valid."],
  401: ["unauthorized", "You need to sign in first."],
  403: ["forbidden", "You are not allowed to do that."],
  404: ["not_found", "This page or resource does not exist."],
  405: ["method_not_allowed", "This method is not allowed here."],
  409: ["conflict", "This conflicts with the current state of the resource."],
  410: ["gone", "This resource is gone."],
  413: ["payload_too_large", "The request body is too large."],
  415: ["unsupported_media_type", "This content type is not supported."],
  422: ["unprocessable_entity", "The request could not be processed."],
  429: ["too_many_requests", "Too many requests; please wait a moment and try again."],
  500: ["internal_error", "Something went wrong on our side."],
  502: ["bad_gateway", "An upstream service failed."],
  503: ["service_unavailable", "The service is unavailable; please try again soon."],
  504: ["gateway_timeout", "An upstream service did not answer in time."],
};

export function codeForStatus(status: number): string {
  return STATUS_CODES[status]?.[0] ?? (status >= 500 ? "internal_error" : "bad_request");
}

function defaultMessage(status: number): string {
  return STATUS_CODES[status]?.[1] ?? (status >= 500 ? STATUS_CODES[500][1] : STATUS_CODES[400][1]);
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
  if (new URL(request.url).pathname.startsWith("/api/")) return true;
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
