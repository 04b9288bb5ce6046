// The task list's calls to /api/v1/tasks through the one browser API client (lib/client/api.ts): the parsed
// body, or an ApiError whose message a person can read.
import { api, type Method } from "../../client/api.ts";

// deno-lint-ignore no-explicit-any
export function taskSender(csrf: string): (method: string, path: string, body?: unknown) => Promise<any> {
  return (method, path, body) => api.send(method as Method, path, body, { csrf });
}
