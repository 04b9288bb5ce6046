// JSON calls to /api/v1 from the notes islands: cookie auth plus the page's CSRF token; failures become a
// sentence a person can read.
import { csrfToken } from "../web/csrf-token.ts";
// deno-lint-ignore no-explicit-any
export interface ApiResult<T = any> {
  ok: boolean;
  status: number;
  data: T | null;
  error: string | null;
}

// deno-lint-ignore no-explicit-any
export async function api<T = any>(method: string, path: string, body?: unknown, csrf?: string): Promise<ApiResult<T>> {
  try {
    const res = await fetch(path, {
      method,
      headers: {
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(method === "GET" ? {} : { "x-csrf-token": csrfToken(csrf) }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      return {
        ok: false,
        status: res.status,
        data: null,
        error: json?.error?.message ?? `The request failed (${res.status}).`,
      };
    }
    return { ok: true, status: res.status, data: (json?.data ?? json) as T, error: null };
  } catch {
    return {
      ok: false,
      status: 0,
      data: null,
      error: "Could not reach the server. Check the connection and try again.",
    };
  }
}
