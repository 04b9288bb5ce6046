// The chat's HTTP calls from the browser (cookie auth, CSRF header on writes), answering with a readable
// message instead of throwing.
export interface ApiResult<T = unknown> {
  ok: boolean;
  status: number;
  body: T & { error?: { message?: string } };
}

export function createApi(csrf: string) {
  return async function api<T = Record<string, unknown>>(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    payload?: unknown,
  ): Promise<ApiResult<T>> {
    try {
      const res = await fetch(path, {
        method,
        headers: {
          accept: "application/json",
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
          ...(method === "GET" ? {} : { "x-csrf-token": csrf }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const body = await res.json().catch(() => ({}));
      return { ok: res.ok, status: res.status, body };
    } catch {
      return {
        ok: false,
        status: 0,
        body: { error: { message: "Could not reach the server. Check your connection and try again." } } as never,
      };
    }
  };
}

export type Api = ReturnType<typeof createApi>;

export function errorText(result: ApiResult, fallback: string): string {
  return result.body?.error?.message ?? (result.status ? `${fallback} (${result.status}).` : fallback);
}
