// The timeline's calls to /api/v1, through the one browser API client (lib/client/api.ts). The timeline and
// its comment threads read `body.error.message` on failure, so an unreachable server answers in that shape too.
import { type Method, request } from "../../client/api.ts";

/** What the timeline and its comment threads get back (components/activity/CommentThread.tsx has the same). */
export interface ApiResult {
  ok: boolean;
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
}
export type Api = (method: string, path: string, body?: unknown) => Promise<ApiResult>;

export function activityApi(csrf?: string): Api {
  return async (method, path, payload) => {
    const result = await request(method as Method, path, payload, { csrf });
    if (result.status === 0) return { ok: false, status: 0, body: { error: { message: result.error } } };
    return { ok: result.ok, status: result.status, body: result.body };
  };
}
