// The "ai" edge function: the AI writer and the other AI features, as one Hono app. `supabase functions deploy ai`
// accepts this file unchanged (Supabase serves it at /functions/v1/ai/...; the function sees /ai/...), and Leadly
// mounts the same app in-process at /functions/v1 (app/functions.ts). The logic lives in lib/ai/ and the feature
// folders; this file only wires auth, errors and the feature sub-apps.
import { Hono } from "hono";
import type { FunctionEnv } from "../../lib/functions/env.ts";
import { requireCaller } from "../../lib/functions/auth.ts";
import { standaloneServices } from "../../lib/functions/standalone.ts";
import { functionError, functionNotFound } from "../../lib/functions/errors.ts";
import { aiStatusRoutes } from "../../lib/ai/routes.ts";
import { writerRoutes } from "../../lib/ai/writer/routes.ts";
import { replyRoutes } from "../../lib/ai/reply/routes.ts";
import { proposalRoutes } from "../../lib/proposals/routes.ts";
import { bulkWriterRoutes } from "../../lib/ai/bulk/routes.ts";

export const app = new Hono<FunctionEnv>().basePath("/ai");
app.onError(functionError);
app.notFound(functionNotFound);
app.use("*", standaloneServices());
app.use("*", requireCaller());

app.route("/", aiStatusRoutes);
app.route("/", writerRoutes);
app.route("/", replyRoutes);
app.route("/", proposalRoutes);
app.route("/", bulkWriterRoutes);

if (import.meta.main) Deno.serve(app.fetch);
