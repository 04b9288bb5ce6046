// Serves the edge functions of edge-functions/ in-process at /functions/v1/<name>/..., as Supabase does, so the
// embedded mode and a hosted project answer alike. Mounted after the session middleware: a function sees the
// request's session (Bearer token or cookie, CSRF already checked) and Leadly's services.
import type { Hono } from "hono";
import type { AppEnv } from "./services.ts";
import { app as ai } from "../edge-functions/ai/index.ts";
import { app as enrich } from "../edge-functions/enrich/index.ts";

export function mountFunctions(root: Hono<AppEnv>) {
  // One line per function.
  root.route("/functions/v1", ai);
  root.route("/functions/v1", enrich);
  // Anything else under /functions/v1 (an unknown function): JSON, never the pages' HTML 404.
  root.all(
    "/functions/v1/*",
    (c) => c.json({ error: { code: "not_found", message: `There is no function at ${c.req.path}.` } }, 404),
  );
}
