// The "enrich" edge function: contact, company and list enrichment with credits, as one Hono app.
// `supabase functions deploy enrich` accepts this file unchanged (secrets: HUNTER_API_KEY, APOLLO_API_KEY,
// COMPANY_LOOKUP_URL + COMPANY_LOOKUP_KEY; none set = the offline provider), and Leadly mounts the same app
// in-process at /functions/v1 (app/functions.ts). The logic lives in lib/enrich/.
import { Hono } from "hono";
import type { FunctionEnv } from "../../lib/functions/env.ts";
import { requireCaller } from "../../lib/functions/auth.ts";
import { standaloneServices } from "../../lib/functions/standalone.ts";
import { functionError, functionNotFound } from "../../lib/functions/errors.ts";
import { enrichRoutes } from "../../lib/enrich/routes.ts";

export const app = new Hono<FunctionEnv>().basePath("/enrich");
app.onError(functionError);
app.notFound(functionNotFound);
app.use("*", standaloneServices());
app.use("*", requireCaller());

app.route("/", enrichRoutes);

if (import.meta.main) Deno.serve(app.fetch);
