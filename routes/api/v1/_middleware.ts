// The sign-in gate of the JSON API. It runs before any route reads or validates input, so a request without
// credentials is a 401 whatever it sent (not a 422 about a body, not a 403 about CSRF). The OpenAPI document
// and its reference page are public.
import { define } from "../../../utils.ts";
import { requireSession } from "../../../utils/api/auth.ts";

const PUBLIC_PATHS = new Set(["/api/v1/openapi.json", "/api/v1/docs"]);

export const handler = define.middleware((ctx) => {
  if (!PUBLIC_PATHS.has(ctx.url.pathname)) requireSession(ctx.state.session);
  return ctx.next();
});
