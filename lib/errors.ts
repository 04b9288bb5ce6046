// One error vocabulary for the whole domain. Code in lib/ throws `new AppError(code, message)`: the code says
// what kind of refusal it is (stable, snake_case, what API clients switch on), the message says it to a person.
// Nothing here knows about HTTP or sockets beyond this one table: the Hono edge (lib/web/errors.ts) reads the
// status from it, the socket edge (realtime/handle.ts) reads the socket code, so a refusal reads the same
// whichever door the request came through.

interface CodeInfo {
  /** The HTTP status the code answers with. */
  status: number;
  /** What a person reads when the thrower gave no sentence of its own. */
  message: string;
  /** The code socket clients get, when it differs (socket clients know a smaller set: invalid_payload...). */
  socket?: string;
}

/**
 * Every code the domain may throw. The first code listed for a status is that status's generic code: what a
 * bare Hono `HTTPException(status)` is reported as (lib/web/errors.ts `codeForStatus`).
 */
export const ERROR_CODES = {
  bad_request: { status: 400, message: "The request is not valid.", socket: "invalid_payload" },
  invalid_text: {
    status: 400,
    message: "The text contains characters that are not allowed.",
    socket: "invalid_payload",
  },
  unauthorized: { status: 401, message: "You need to sign in first." },
  payment_required: { status: 402, message: "Your team has no credits left for this." },
  forbidden: { status: 403, message: "You are not allowed to do that." },
  not_found: { status: 404, message: "This page or resource does not exist." },
  method_not_allowed: { status: 405, message: "This method is not allowed here." },
  conflict: { status: 409, message: "This conflicts with the current state of the resource." },
  gone: { status: 410, message: "This resource is gone." },
  payload_too_large: { status: 413, message: "The request body is too large.", socket: "too_large" },
  request_too_large: { status: 413, message: "The request is too large.", socket: "too_large" },
  file_too_large: { status: 413, message: "That file is too large.", socket: "too_large" },
  storage_quota_exceeded: { status: 413, message: "The workspace's file storage is full.", socket: "too_large" },
  unsupported_media_type: { status: 415, message: "This content type is not supported." },
  unprocessable_entity: { status: 422, message: "The request could not be processed.", socket: "invalid_payload" },
  validation_failed: { status: 422, message: "Some of the values are not valid.", socket: "invalid_payload" },
  file_missing: { status: 422, message: "Choose a file to upload.", socket: "invalid_payload" },
  file_empty: { status: 422, message: "That file is empty.", socket: "invalid_payload" },
  too_many_requests: {
    status: 429,
    message: "Too many requests; please wait a moment and try again.",
    socket: "rate_limited",
  },
  internal_error: { status: 500, message: "Something went wrong on our side." },
  bad_gateway: { status: 502, message: "An upstream service failed." },
  service_unavailable: { status: 503, message: "The service is unavailable; please try again soon." },
  storage_unavailable: { status: 503, message: "File storage is unavailable; please try again soon." },
  gateway_timeout: { status: 504, message: "An upstream service did not answer in time." },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A refusal meant for the person who asked: the code and message go to the client as they are. */
export class AppError extends Error {
  override readonly name = "AppError";

  constructor(readonly code: ErrorCode, message?: string, options?: ErrorOptions) {
    super(message || ERROR_CODES[code].message, options);
  }

  /** The HTTP status of the code; handy where a caller tells refusals apart (404 vs 403). */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  /** The code a socket.io client receives in `{ ok: false, error: { code, message } }`. */
  get socketCode(): string {
    const info: CodeInfo = ERROR_CODES[this.code];
    return info.socket ?? this.code;
  }
}

/** An AppError of one of these statuses, else null: for callers that turn some refusals into form messages. */
export function asRefusal(error: unknown, statuses: readonly number[]): AppError | null {
  return error instanceof AppError && statuses.includes(error.status) ? error : null;
}
