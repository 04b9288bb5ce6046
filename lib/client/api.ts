// The one way browser code talks to /api/v1: cookie auth, the page's CSRF token on writes, and failures
// turned into a sentence a person can read. Browser-only: no server modules may be imported here.
//
// Two shapes, for two kinds of callers:
// - `api.get/post/patch/delete` resolve with the parsed JSON body and throw an `ApiError` (its message is
//   the server's `{error:{message}}` or ours when the network failed) — for code that uses try/catch;
// - `request` never throws (except on abort) and answers an `ApiResult` — for code that branches on
//   `ok`/`status`, e.g. to undo an optimistic change.
import { csrfToken } from "../web/csrf-token.ts";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Shown when the request never reached the server (offline, DNS, connection reset). */
export const OFFLINE_MESSAGE = "Could not reach the server. Check your connection and try again.";

export interface RequestOptions {
  /** The page's CSRF token; without it the token is read from the page's forms. */
  csrf?: string;
  signal?: AbortSignal;
  /** Keep the request going when the page unloads (e.g. a last save). */
  keepalive?: boolean;
}

export interface ApiResult<T = unknown> {
  ok: boolean;
  /** 0 when the server was not reached. */
  status: number;
  /** The parsed JSON body (null when there was none or it was not JSON). */
  body: T | null;
  /** The server's `error.code`, when it sent one. */
  code: string | null;
  /** A sentence to show: the server's `error.message`, or ours. Null when `ok`. */
  error: string | null;
}

/** A failed API call: `message` is fit to show to a person. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly body: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

function serverError(body: unknown): { code: string | null; message: string | null } {
  const error = (body as ErrorBody | null)?.error;
  return {
    code: typeof error?.code === "string" ? error.code : null,
    message: typeof error?.message === "string" && error.message ? error.message : null,
  };
}

function isAbort(error: unknown): boolean {
  return (error as Error | null)?.name === "AbortError";
}

/** Sends one JSON request. Resolves with an `ApiResult` whatever happened, except that an abort rethrows. */
export async function request<T = unknown>(
  method: Method,
  path: string,
  payload?: unknown,
  options: RequestOptions = {},
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: {
        accept: "application/json",
        ...(payload === undefined ? {} : { "content-type": "application/json" }),
        ...(method === "GET" ? {} : { "x-csrf-token": csrfToken(options.csrf) }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      signal: options.signal,
      keepalive: options.keepalive,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    return { ok: false, status: 0, body: null, code: null, error: OFFLINE_MESSAGE };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch (error) {
    // Empty or non-JSON body (e.g. 204, a proxy's HTML page): the status still says what happened.
    if (isAbort(error)) throw error;
  }
  if (res.ok) return { ok: true, status: res.status, body: body as T, code: null, error: null };
  const { code, message } = serverError(body);
  return {
    ok: false,
    status: res.status,
    body: body as T,
    code,
    error: message ?? `The request failed (${res.status}). Please try again.`,
  };
}

async function orThrow<T>(method: Method, path: string, payload: unknown, options?: RequestOptions): Promise<T> {
  const result = await request<T>(method, path, payload, options);
  if (!result.ok) throw new ApiError(result.error ?? OFFLINE_MESSAGE, result.status, result.code, result.body);
  return result.body as T;
}

/** Typed calls that resolve with the JSON body or throw an `ApiError` with a readable message. */
export const api = {
  get: <T = unknown>(path: string, options?: RequestOptions) => orThrow<T>("GET", path, undefined, options),
  post: <T = unknown>(path: string, payload?: unknown, options?: RequestOptions) =>
    orThrow<T>("POST", path, payload, options),
  patch: <T = unknown>(path: string, payload?: unknown, options?: RequestOptions) =>
    orThrow<T>("PATCH", path, payload, options),
  put: <T = unknown>(path: string, payload?: unknown, options?: RequestOptions) =>
    orThrow<T>("PUT", path, payload, options),
  delete: <T = unknown>(path: string, options?: RequestOptions) => orThrow<T>("DELETE", path, undefined, options),
  /** Any method, with a body (e.g. a DELETE that names what to remove). */
  send: <T = unknown>(method: Method, path: string, payload?: unknown, options?: RequestOptions) =>
    orThrow<T>(method, path, payload, options),
};

/** The error message of anything a call may throw: an `ApiError`'s sentence, or a generic one. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  return error instanceof ApiError ? error.message : fallback;
}
