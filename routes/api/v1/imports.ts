// /api/v1/imports: CSV imports of contacts and companies. The browser (or any client) creates a job,
// uploads the file in parts below the 1 MB request limit, asks for a preview of its mapping, starts
// the job and polls it for progress; the report of refused rows downloads as CSV.
import { Hono } from "hono";
import { AppError } from "../../../lib/errors.ts";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import {
  assertResource,
  createJob,
  getJob,
  listJobs,
  MAX_FILE_BYTES,
  putPart,
  reportCsv,
  startJob,
  tooLarge,
} from "../../../lib/import/job.ts";
import { DUPLICATE_MODES, IMPORT_RESOURCES, mappingProblem } from "../../../lib/import/mapping.ts";
import { PREVIEW_ROWS, previewRows } from "../../../lib/import/preview.ts";

export const app = new Hono<ApiEnv>();

const mappingSchema = z.array(z.object({ column: z.string().max(500), target: z.string().max(40).nullable() }))
  .min(1, "The mapping lists no columns.").max(500, "Files can have at most 500 columns.");

const createSchema = z.object({
  resource: z.enum(IMPORT_RESOURCES, `You can import ${IMPORT_RESOURCES.join(" or ")}.`),
  filename: z.string().max(255).default("import.csv"),
  size: z.number().int().min(1, "That file is empty."),
});

const previewSchema = z.object({
  resource: z.enum(IMPORT_RESOURCES, `You can import ${IMPORT_RESOURCES.join(" or ")}.`),
  mapping: mappingSchema,
  rows: z.array(z.array(z.string().max(100_000))).max(PREVIEW_ROWS),
  row_numbers: z.array(z.number().int()).max(PREVIEW_ROWS).optional(),
});

const startSchema = z.object({
  mapping: mappingSchema,
  duplicates: z.enum(DUPLICATE_MODES, `Duplicates are handled with one of: ${DUPLICATE_MODES.join(", ")}.`),
});

const viewers = { 403: "Viewers cannot import." };
const docs = {
  list: describe({
    summary: "Recent imports of the workspace",
    query: z.object({ resource: z.enum(IMPORT_RESOURCES).optional().describe("Only imports of these records.") }),
    responses: { 200: "Newest first, without errors and mapping." },
  }),
  create: describe({
    summary: "Create an import job (then upload the file in parts)",
    description: "The file's size is at most 20 MB.",
    responses: { 201: "The pending job.", 413: "The file is too large.", ...viewers },
  }),
  preview: describe({
    summary: "The first rows (up to 10) as they would be stored, with their problems",
    responses: { 200: "Fields, rows and the mapping's problem (or null)." },
  }),
  part: describe({
    summary: "Upload one part of the file (raw bytes, up to 1 MB; parts numbered from 0)",
    params: { part: z.int().min(0).describe("The part's number, from 0.") },
    bodyContent: { "application/octet-stream": { type: "string", contentMediaType: "application/octet-stream" } },
    responses: { 200: "Bytes received so far and expected.", ...viewers },
  }),
  start: describe({
    summary: "Start the import with a mapping of columns to fields and what to do with duplicates",
    responses: { 202: "The running job; poll GET /api/v1/imports/{id}.", ...viewers },
  }),
  get: describe({
    summary: "An import's status, counters and row errors (first 1,000)",
    responses: { 200: "The job." },
  }),
  report: describe({
    summary: "The validation report as CSV: row, column, value, problem",
    responses: { 200: "text/csv" },
  }),
};

function writer(c: Parameters<typeof apiCaller>[0]) {
  const caller = apiCaller(c);
  if (caller.team.role === "viewer") {
    throw new AppError(
      "forbidden",
      "Viewers can't import. Ask an owner or admin of this workspace for a role that can add records.",
    );
  }
  return caller;
}

app.get("/", docs.list, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const resource = c.req.query("resource");
  const data = await listJobs(db, claims, team.id, resource ? assertResource(resource) : undefined, 20);
  c.header("cache-control", "private, no-store");
  return c.json({ data });
});

app.post("/", docs.create, jsonInput(createSchema), async (c) => {
  const { db, claims, team } = writer(c);
  const input = c.req.valid("json");
  if (input.size > MAX_FILE_BYTES) throw tooLarge(input.size);
  return c.json({ data: await createJob(db, claims, team.id, input) }, 201);
});

app.post("/preview", docs.preview, jsonInput(previewSchema), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = c.req.valid("json");
  const problem = mappingProblem(input.resource, input.mapping);
  const preview = await previewRows(
    db,
    claims,
    team.id,
    input.resource,
    input.mapping,
    input.rows,
    input.row_numbers ?? input.rows.map((_, i) => i + 2),
  );
  return c.json({ data: { ...preview, problem } });
});

app.put("/:id/parts/:part", docs.part, async (c) => {
  const { db, claims, team } = writer(c);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const data = await putPart(db, claims, team.id, pathId(c, "Import"), Number(c.req.param("part")), bytes);
  return c.json({ data });
});

app.post("/:id/start", docs.start, jsonInput(startSchema), async (c) => {
  const { db, claims, team } = writer(c);
  const input = c.req.valid("json");
  return c.json({ data: await startJob(db, claims, team.id, pathId(c, "Import"), input) }, 202);
});

app.get("/:id", docs.get, async (c) => {
  const { db, claims, team } = apiCaller(c);
  c.header("cache-control", "private, no-store");
  return c.json({ data: await getJob(db, claims, team.id, pathId(c, "Import")) });
});

app.get("/:id/report.csv", docs.report, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const job = await getJob(db, claims, team.id, pathId(c, "Import"));
  const name = job.filename.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "-").slice(0, 80) || "import";
  return c.body(reportCsv(job), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${name}-problems.csv"`,
    "cache-control": "private, no-store",
  });
});
