// /api/v1/dashboard-templates: the ready-made dashboards, each a list of widget configs.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { describe } from "../../../utils/api/describe.ts";
import { DASHBOARD_TEMPLATES } from "../../../lib/reports/templates.ts";

export const app = new Hono<ApiEnv>();

app.get(
  "/",
  describe({ summary: "The dashboard templates (sales funnel, pipeline, forecast, win/loss...) and their widgets" }),
  (c) => {
    apiCaller(c);
    return c.json({ data: DASHBOARD_TEMPLATES });
  },
);
