// The chat's HTTP calls from the browser, through the app's one client (cookie auth, CSRF header on writes),
// answering with a readable message instead of throwing.
import { type Method, OFFLINE_MESSAGE, request } from "../../client/api.ts";

export interface ApiResult<T = unknown> {
  ok: boolean;
  status: number;
  body: T & { error?: { message?: string } };
}

export function createApi(csrf: string) {
  return async function api<T = Record<string, unknown>>(
    method: Exclude<Method, "PUT">,
    path: string,
    payload?: unknown,
  ): Promise<ApiResult<T>> {
    const result = await request<T>(method, path, payload, { csrf });
    if (result.status === 0) {
      return { ok: false, status: 0, body: { error: { message: OFFLINE_MESSAGE } } as never };
    }
    return { ok: result.ok, status: result.status, body: (result.body ?? {}) as ApiResult<T>["body"] };
  };
}

export type Api = ReturnType<typeof createApi>;

export function errorText(result: ApiResult, fallback: string): string {
  return result.body?.error?.message ?? (result.status ? `${fallback} (${result.status}).` : fallback);
}
