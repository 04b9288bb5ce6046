// /api/v1/views: saved list views (filters, sort, columns) for contacts, companies, leads and deals.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import {
  createView,
  deleteView,
  getView,
  listViews,
  updateView,
  viewCreate,
  viewUpdate,
} from "../../../lib/crm/saved-views.ts";

export const app = new Hono<ApiEnv>();

app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listViews(db, claims, team.id, c.req.query("resource") ?? "") });
});

app.post("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = await jsonBody(c, viewCreate);
  return c.json({ data: await createView(db, claims, team.id, input) }, 201);
});

app.get("/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await getView(db, claims, team.id, pathId(c, "View")) });
});

app.on(["PATCH", "PUT"], "/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = await jsonBody(c, viewUpdate);
  return c.json({ data: await updateView(db, claims, team.id, pathId(c, "View"), input) });
});

app.delete("/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await deleteView(db, claims, team.id, pathId(c, "View")) });
});

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
registerPath("/api/v1/views", {
  get: {
    tags: ["views"],
    summary: "List the saved views of a list you can see (yours and shared ones)",
    parameters: [{
      name: "resource",
      in: "query",
      required: true,
      schema: { type: "string", enum: ["contacts", "companies", "leads", "deals"] },
    }],
    responses: { "200": { description: "Views." }, "422": error("Unknown resource.") },
  },
  post: {
    tags: ["views"],
    summary: "Save a view",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["resource", "name"],
            properties: {
              resource: { type: "string" },
              name: { type: "string" },
              query: { type: "object", additionalProperties: { type: "string" } },
              columns: { type: "array", items: { type: "string" } },
              is_shared: { type: "boolean" },
            },
          },
        },
      },
    },
    responses: { "201": { description: "Saved." }, "422": error("Invalid fields.") },
  },
});
registerPath("/api/v1/views/{id}", {
  parameters: [idParam],
  get: { tags: ["views"], summary: "Get a view", responses: { "200": { description: "The view." } } },
  patch: {
    tags: ["views"],
    summary: "Change your view",
    responses: { "200": { description: "Updated." }, "403": error("Someone else's shared view.") },
  },
  delete: {
    tags: ["views"],
    summary: "Delete your view",
    responses: { "200": { description: "Deleted." }, "403": error("Someone else's shared view.") },
  },
});
