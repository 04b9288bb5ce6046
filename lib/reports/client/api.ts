// The reports API through the app's one browser client (lib/client/api.ts). Most answers wrap their record
// in `{ data }` (the app's API convention); results and new share links come bare. `call` hands back what
// is inside either way.
import { type ApiResult, type Method, request } from "../../client/api.ts";

export async function call<T>(method: Method, path: string, payload?: unknown): Promise<ApiResult<T>> {
  const answer = await request<unknown>(method, path, payload, method === "DELETE" ? { keepalive: true } : {});
  const body = answer.body as { data?: unknown } | null;
  if (answer.ok && body && typeof body === "object" && !Array.isArray(body) && "data" in body) {
    return { ...answer, body: body.data as T };
  }
  return answer as ApiResult<T>;
}
