// The enrich function's routes (mounted by edge-functions/enrich/index.ts at /functions/v1/enrich):
//   GET  /status              which providers answer ("offline" when no key is set)
//   POST /contact/:id         enrich one contact   { overwrite?: boolean }
//   POST /company/:id         enrich one company   { overwrite?: boolean }
//   GET  /contact/:id, /company/:id   what is stored (fields with source and date, email verification)
//   POST /list                { recordType, ids | view_id | filter, overwrite? } → 202, a background run
//   GET  /runs/:id            a run's progress
// Every route runs as the caller (RLS); input is checked with zod and refused with a sentence.
import { Hono } from "hono";
import { z } from "zod";
import { AppError } from "../errors.ts";
import { type EnvReader, type FunctionEnv, functionSettings } from "../functions/env.ts";
import type { EnrichKind } from "./apply.ts";
import { enrichConfig, type EnrichSetup, enrichSetup } from "./config.ts";
import { getRun, MAX_RUN_RECORDS, registerEnrichSetup, startRun } from "./runs.ts";
import { enrichRecord } from "./service.ts";
import { getEnrichment, loadRecord } from "./store.ts";

const setups = new WeakMap<EnvReader, EnrichSetup>();

/** One setup per settings source (the process env, or a test server's own). */
export function setupFor(env: EnvReader): EnrichSetup {
  let setup = setups.get(env);
  if (!setup) setups.set(env, setup = enrichSetup(enrichConfig(env)));
  return setup;
}

const singleInput = z.object({
  overwrite: z.boolean("overwrite is true or false.").optional(),
}).strict();

const uuid = z.string().uuid("ids must be record ids.");
const listInput = z.object({
  recordType: z.enum(["contacts", "companies"], "recordType is contacts or companies."),
  ids: z.array(uuid, "ids is a list of record ids.").min(1, "Select at least one record.")
    .max(MAX_RUN_RECORDS, `At most ${MAX_RUN_RECORDS} records at once.`).optional(),
  view_id: z.string().uuid("view_id must be a saved view's id.").optional(),
  filter: z.record(z.string().max(40), z.string().max(500), "filter is an object of list filters.").optional(),
  overwrite: z.boolean("overwrite is true or false.").optional(),
}).strict().refine((v) => [v.ids, v.view_id, v.filter].filter((x) => x !== undefined).length === 1, {
  message: "Send exactly one of ids, view_id or filter.",
});

async function body<T>(raw: Request, schema: z.ZodType<T>, empty: unknown): Promise<T> {
  const text = await raw.text();
  let json: unknown = empty;
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("bad_request", "The body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_failed", parsed.error.issues.map((i) => i.message).join(" "));
  }
  return parsed.data;
}

export const enrichRoutes = new Hono<FunctionEnv>();

enrichRoutes.get("/status", (c) => {
  const setup = setupFor(functionSettings(c.get("services")));
  return c.json({
    offline: setup.offline,
    providers: setup.providers.map((p) => ({ name: p.name, label: p.label })),
  });
});

const KINDS: Record<string, EnrichKind> = { contact: "contacts", company: "companies" };

for (const [segment, kind] of Object.entries(KINDS)) {
  enrichRoutes.post(`/${segment}/:id`, async (c) => {
    const input = await body(c.req.raw, singleInput, {});
    const caller = c.get("caller");
    const setup = setupFor(functionSettings(c.get("services")));
    // A retried request with the same Idempotency-Key is not charged twice.
    const requestKey = c.req.header("idempotency-key")?.slice(0, 80) || crypto.randomUUID();
    const id = c.req.param("id");
    const outcome = await enrichRecord(caller, setup, kind, id, {
      overwrite: input.overwrite,
      key: `${kind === "contacts" ? "enrich.contact" : "enrich.company"}:${id}:${requestKey}`,
    });
    return c.json({ data: outcome });
  });
  enrichRoutes.get(`/${segment}/:id`, async (c) => {
    const caller = c.get("caller");
    const id = c.req.param("id");
    await loadRecord(caller, kind, id);
    return c.json({ data: await getEnrichment(caller, kind, id) });
  });
}

enrichRoutes.post("/list", async (c) => {
  const input = await body(c.req.raw, listInput, null);
  const caller = c.get("caller");
  const setup = setupFor(functionSettings(c.get("services")));
  registerEnrichSetup(caller.db, setup);
  const run = await startRun(caller.db, caller, setup, {
    recordType: input.recordType,
    ids: input.ids,
    viewId: input.view_id,
    filter: input.filter,
    overwrite: input.overwrite,
  });
  return c.json({ data: run }, 202);
});

enrichRoutes.get("/runs/:id", async (c) => {
  return c.json({ data: await getRun(c.get("caller"), c.req.param("id")) });
});
