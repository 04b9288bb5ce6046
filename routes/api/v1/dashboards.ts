// /api/v1/dashboards: dashboards of report widgets (yours and the team's), every widget's data in one request,
// and email schedules of a dashboard. Listing them first makes the caller's default dashboard for their role.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { sessionCaller } from "../../../lib/caller.ts";
import {
  createDashboard,
  dashboardCreate,
  dashboardData,
  dashboardUpdate,
  deleteDashboard,
  ensureDefaultDashboard,
  getDashboard,
  listDashboards,
  updateDashboard,
} from "../../../lib/reports/dashboards.ts";
import { createSchedule, deleteSchedule, listSchedules, scheduleInput } from "../../../lib/reports/schedules.ts";

export const app = new Hono<ApiEnv>();

function caller(c: Context<ApiEnv>) {
  const { db, claims, team } = apiCaller(c);
  return sessionCaller(db, { claims, team });
}

const notYours = { 403: "Someone else's team dashboard." };
const badWidgets = { 400: "A widget's config or place on the grid is not valid." };

app.get(
  "/",
  describe({ summary: "List your dashboards and the team's (your default one is made on the first visit)" }),
  async (c) => {
    const who = caller(c);
    await ensureDefaultDashboard(who);
    return c.json({ data: await listDashboards(who) });
  },
);

app.post(
  "/",
  describe({
    summary: "Create a dashboard, empty, with widgets, or from a template",
    body: z.object({
      name: z.string(),
      visibility: z.enum(["private", "team"]).optional(),
      widgets: z.array(z.object({}).passthrough()).optional(),
      fromTemplate: z.string().optional().describe("A template id from /api/v1/dashboard-templates."),
    }),
    responses: { 201: "Created.", ...badWidgets },
  }),
  jsonInput(dashboardCreate),
  async (c) => c.json({ data: await createDashboard(caller(c), c.req.valid("json")) }, 201),
);

app.get("/:id", describe({ summary: "Get a dashboard" }), async (c) => {
  return c.json({ data: await getDashboard(caller(c), pathId(c, "Dashboard")) });
});

app.on(
  ["PATCH", "PUT"],
  "/:id",
  describe({
    summary: "Rename, share or rearrange your dashboard (the whole widget list)",
    responses: { 200: "Updated.", ...badWidgets, ...notYours },
  }),
  jsonInput(dashboardUpdate),
  async (c) => c.json({ data: await updateDashboard(caller(c), pathId(c, "Dashboard"), c.req.valid("json")) }),
);

app.delete(
  "/:id",
  describe({ summary: "Delete your dashboard", responses: { 200: "Deleted.", ...notYours } }),
  async (c) => c.json({ data: await deleteDashboard(caller(c), pathId(c, "Dashboard")) }),
);

app.get(
  "/:id/data",
  describe({
    summary: "Every widget's data, run as the caller in parallel",
    responses: { 200: "{ widgets: { [widgetId]: result or { error } } }" },
  }),
  async (c) => c.json(await dashboardData(caller(c), pathId(c, "Dashboard"))),
);

app.get(
  "/:id/schedules",
  describe({ summary: "Your email schedules of a dashboard" }),
  async (c) => c.json({ data: await listSchedules(caller(c), { dashboardId: pathId(c, "Dashboard") }) }),
);

app.post(
  "/:id/schedules",
  describe({
    summary: "Email a dashboard to teammates on an RRULE in a time zone (each widget's CSV and PDF attached)",
    responses: { 201: "Scheduled, with the first send time." },
  }),
  jsonInput(scheduleInput),
  async (c) => {
    const target = { dashboardId: pathId(c, "Dashboard") };
    return c.json({ data: await createSchedule(caller(c), target, c.req.valid("json")) }, 201);
  },
);

app.delete(
  "/:id/schedules/:scheduleId",
  describe({ summary: "Stop one of your dashboard's email schedules", responses: { 200: "Deleted." } }),
  async (c) => {
    const target = { dashboardId: pathId(c, "Dashboard") };
    return c.json({ data: await deleteSchedule(caller(c), target, pathId(c, "Schedule", "scheduleId")) });
  },
);
