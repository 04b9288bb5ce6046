// /api/v1/reports: the field catalogue, running a config, saved reports, their data and exports, share links
// and email schedules. Every report runs as the caller (RLS), whoever saved it.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { sessionCaller } from "../../../lib/caller.ts";
import type { Context } from "hono";
import { reportCatalogue } from "../../../lib/reports/catalogue.ts";
import { parseReportConfig, reportConfigSchema } from "../../../lib/reports/config.ts";
import { runReport } from "../../../lib/reports/query.ts";
import {
  createReport,
  deleteReport,
  getReport,
  listReports,
  reportCreate,
  reportUpdate,
  updateReport,
} from "../../../lib/reports/store.ts";
import { runSavedReport } from "../../../lib/reports/run.ts";
import { exportReport } from "../../../lib/reports/export.ts";
import { createShareLink, listShareLinks, shareLinkInput } from "../../../lib/reports/share-links.ts";
import { createSchedule, deleteSchedule, listSchedules, scheduleInput } from "../../../lib/reports/schedules.ts";

export const app = new Hono<ApiEnv>();

function caller(c: Context<ApiEnv>) {
  const { db, claims, team, services } = apiCaller(c);
  return { caller: sessionCaller(db, { claims, team }), services };
}

const configDoc = reportConfigSchema.describe(
  "A report config: source, filters, groupBy (0-2), measures (1-4), dateRange, compare, chart, sort, limit.",
);
const notYours = { 403: "Someone else's team report." };
const badConfig = { 400: "The config names an unknown field, a measure that does not fit, or a range too large." };

app.get(
  "/sources",
  describe({
    summary: "The report builder's field catalogue: sources, fields, measures, filter ops and enum values",
  }),
  async (c) => c.json({ data: await reportCatalogue(caller(c).caller) }),
);

app.post(
  "/run",
  describe({
    summary: "Run a report config (unsaved) as the caller",
    body: z.object({ config: configDoc }),
    responses: { 200: "Columns, rows, totals and the previous period when asked.", ...badConfig },
  }),
  jsonInput(z.object({ config: z.unknown() })),
  async (c) => {
    const checked = parseReportConfig(c.req.valid("json").config);
    return c.json(await runReport(caller(c).caller, checked));
  },
);

app.get("/", describe({ summary: "List your reports and the reports shared with your team" }), async (c) => {
  return c.json({ data: await listReports(caller(c).caller) });
});

app.post(
  "/",
  describe({
    summary: "Save a report",
    body: z.object({ name: z.string(), config: configDoc, visibility: z.enum(["private", "team"]).optional() }),
    responses: { 201: "Saved.", ...badConfig },
  }),
  jsonInput(reportCreate),
  async (c) => c.json({ data: await createReport(caller(c).caller, c.req.valid("json")) }, 201),
);

app.get("/:id", describe({ summary: "Get a report" }), async (c) => {
  return c.json({ data: await getReport(caller(c).caller, pathId(c, "Report")) });
});

app.on(
  ["PATCH", "PUT"],
  "/:id",
  describe({
    summary: "Rename, reconfigure or share your report",
    body: z.object({
      name: z.string().optional(),
      config: configDoc.optional(),
      visibility: z.enum(["private", "team"]).optional(),
    }),
    responses: { 200: "Updated.", ...badConfig, ...notYours },
  }),
  jsonInput(reportUpdate),
  async (c) => c.json({ data: await updateReport(caller(c).caller, pathId(c, "Report"), c.req.valid("json")) }),
);

app.delete("/:id", describe({ summary: "Delete your report", responses: { 200: "Deleted.", ...notYours } }), (c) => {
  return deleteReport(caller(c).caller, pathId(c, "Report")).then((data) => c.json({ data }));
});

app.get(
  "/:id/data",
  describe({ summary: "Run a saved report as the caller", responses: { 200: "Columns, rows and totals." } }),
  async (c) => c.json((await runSavedReport(caller(c).caller, pathId(c, "Report"))).result),
);

for (const format of ["csv", "xlsx", "pdf"] as const) {
  app.get(
    `/:id/export.${format}`,
    describe({
      summary: `Export a report as ${format.toUpperCase()}${format === "pdf" ? " (chart and table)" : ""}`,
      responses: { 200: `The ${format.toUpperCase()} file.` },
    }),
    async (c) => {
      const { report, result } = await runSavedReport(caller(c).caller, pathId(c, "Report"));
      return await exportReport(format, report, result);
    },
  );
}

app.get(
  "/:id/share-links",
  describe({ summary: "The share links you made for a report (without their tokens)" }),
  async (c) => c.json({ data: await listShareLinks(caller(c).caller, pathId(c, "Report")) }),
);

app.post(
  "/:id/share-links",
  describe({
    summary: "Make a read-only link to your report that runs it as you, until it expires or is revoked",
    responses: { 201: "The link (its URL is shown only now).", 403: "Only the report's owner can share it." },
  }),
  jsonInput(shareLinkInput),
  async (c) => {
    const { caller: who, services } = caller(c);
    const link = await createShareLink(who, pathId(c, "Report"), c.req.valid("json"), services.config.publicUrl);
    return c.json(link, 201);
  },
);

app.get(
  "/:id/schedules",
  describe({ summary: "Your email schedules of a report" }),
  async (c) => c.json({ data: await listSchedules(caller(c).caller, { reportId: pathId(c, "Report") }) }),
);

app.post(
  "/:id/schedules",
  describe({
    summary: "Email a report to teammates on an RRULE in a time zone (CSV and PDF attached)",
    responses: { 201: "Scheduled, with the first send time." },
  }),
  jsonInput(scheduleInput),
  async (c) => {
    const target = { reportId: pathId(c, "Report") };
    return c.json({ data: await createSchedule(caller(c).caller, target, c.req.valid("json")) }, 201);
  },
);

app.delete(
  "/:id/schedules/:scheduleId",
  describe({ summary: "Stop one of your report's email schedules", responses: { 200: "Deleted." } }),
  async (c) => {
    const target = { reportId: pathId(c, "Report") };
    const data = await deleteSchedule(caller(c).caller, target, pathId(c, "Schedule", "scheduleId"));
    return c.json({ data });
  },
);
