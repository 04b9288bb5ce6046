// /api/v1/views: saved list views (filters, sort, columns) for contacts, companies, leads and deals.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { z } from "zod";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import {
  createView,
  deleteView,
  getView,
  listViews,
  updateView,
  viewCreate,
  viewUpdate,
} from "../../../lib/records/saved-views.ts";

export const app = new Hono<ApiEnv>();

const othersShared = { 403: "Someone else's shared view." };
const docs = {
  list: describe({
    summary: "List the saved views of a list you can see (yours and shared ones)",
    query: z.object({ resource: z.enum(["contacts", "companies", "leads", "deals"]).describe("Which list.") }),
    responses: { 200: "Views.", 422: "Unknown resource." },
  }),
  create: describe({ summary: "Save a view", responses: { 201: "Saved." } }),
  get: describe({ summary: "Get a view" }),
  update: describe({ summary: "Change your view", responses: { 200: "Updated.", ...othersShared } }),
  delete: describe({ summary: "Delete your view", responses: { 200: "Deleted.", ...othersShared } }),
};

app.get("/", docs.list, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listViews(db, claims, team.id, c.req.query("resource") ?? "") });
});

app.post("/", docs.create, jsonInput(viewCreate), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = c.req.valid("json");
  return c.json({ data: await createView(db, claims, team.id, input) }, 201);
});

app.get("/:id", docs.get, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await getView(db, claims, team.id, pathId(c, "View")) });
});

app.on(["PATCH", "PUT"], "/:id", docs.update, jsonInput(viewUpdate), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = c.req.valid("json");
  return c.json({ data: await updateView(db, claims, team.id, pathId(c, "View"), input) });
});

app.delete("/:id", docs.delete, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await deleteView(db, claims, team.id, pathId(c, "View")) });
});
