// JSON calls to /api/v1 from the notes islands, through the one browser API client (lib/client/api.ts):
// cookie auth plus the page's CSRF token, failures as a sentence a person can read. The notes islands branch
// on `ok` and read the envelope's `data`, so this keeps that shape.
import { type Method, request } from "../../client/api.ts";

// deno-lint-ignore no-explicit-any
export interface ApiResult<T = any> {
  ok: boolean;
  status: number;
  data: T | null;
  error: string | null;
}

// deno-lint-ignore no-explicit-any
export async function api<T = any>(method: string, path: string, body?: unknown, csrf?: string): Promise<ApiResult<T>> {
  const result = await request<{ data?: T } | T>(method as Method, path, body, { csrf });
  if (!result.ok) return { ok: false, status: result.status, data: null, error: result.error };
  const json = result.body as { data?: T } | null;
  return { ok: true, status: result.status, data: (json?.data ?? json) as T, error: null };
}
