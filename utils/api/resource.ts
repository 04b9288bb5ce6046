// One Hono sub-app per resource with list / get / create / update / delete / restore, from its spec.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "./auth.ts";
import { jsonInput, pathId } from "./validate.ts";
import type { ResourceSpec } from "../../lib/records/resource-spec.ts";
import {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  restoreRecord,
  updateRecord,
} from "../../lib/records/records.ts";
import { describe, nameSchema } from "./describe.ts";
import { MAX_LIMIT } from "../../lib/records/list-query.ts";

/** The list query of a spec: its filters, sort, cursor and limit (values are checked by lib/records/list-query.ts). */
function listQuery(spec: ResourceSpec) {
  const filters = Object.entries(spec.filters).map(([name, filter]) => [
    name,
    z.string().optional().describe(
      filter.kind === "search"
        ? "Full-text search with prefix matching."
        : filter.kind === "in" || filter.kind === "tags"
        ? "Comma-separated values."
        : `Filter (${filter.kind}).`,
    ),
  ]);
  const sorts = Object.keys(spec.sorts).flatMap((key) => [key, `-${key}`]);
  return z.object({
    ...Object.fromEntries(filters),
    sort: z.string().optional().describe(`One of ${sorts.join(", ")}; default ${spec.defaultSort}.`),
    cursor: z.string().optional().describe("next_cursor of the previous page."),
    limit: z.string().optional().describe(`Records per page, 1 to ${MAX_LIMIT} (default 50).`),
  });
}

export function resourceApi(spec: ResourceSpec): Hono<ApiEnv> {
  const name = spec.singular.replace(/\s/g, "");
  const record = nameSchema(spec.record, name);
  const create = nameSchema(spec.create, `${name}Create`);
  const update = nameSchema(spec.update, `${name}Update`);
  const one = (description: string) => ({ description, schema: z.object({ data: record }) });
  const thing = spec.singular.toLowerCase();
  const api = new Hono<ApiEnv>();

  api.get(
    "/",
    describe({
      summary: `List ${spec.name}`,
      query: listQuery(spec),
      responses: {
        200: {
          description: "A page of records; next_cursor is null on the last page.",
          schema: z.object({ data: z.array(record), next_cursor: z.string().nullable() }),
        },
        422: "A filter, sort or cursor is not valid.",
      },
    }),
    async (c) => {
      const { db, claims, team } = apiCaller(c);
      return c.json(await listRecords(db, claims, team.id, spec, c.req.query()));
    },
  );

  api.post(
    "/",
    describe({ summary: `Create a ${thing}`, responses: { 201: one("Created.") } }),
    jsonInput(create),
    async (c) => {
      const { db, claims, team } = apiCaller(c);
      return c.json({ data: await createRecord(db, claims, team.id, spec, c.req.valid("json")) }, 201);
    },
  );

  api.get("/:id", describe({ summary: `Get a ${thing}`, responses: { 200: one(`The ${thing}.`) } }), async (c) => {
    const { db, claims, team } = apiCaller(c);
    return c.json({ data: await getRecord(db, claims, team.id, spec, pathId(c, spec.singular)) });
  });

  api.on(
    ["PATCH", "PUT"],
    "/:id",
    describe({ summary: `Update a ${thing} (only the fields sent)`, responses: { 200: one("Updated.") } }),
    jsonInput(update),
    async (c) => {
      const { db, claims, team } = apiCaller(c);
      const id = pathId(c, spec.singular);
      return c.json({ data: await updateRecord(db, claims, team.id, spec, id, c.req.valid("json")) });
    },
  );

  api.delete(
    "/:id",
    describe({ summary: `Delete a ${thing} (restorable)`, responses: { 200: one("Deleted.") } }),
    async (c) => {
      const { db, claims, team } = apiCaller(c);
      return c.json({ data: await deleteRecord(db, claims, team.id, spec, pathId(c, spec.singular)) });
    },
  );

  api.post("/:id/restore", describe({ summary: "Undo a delete", responses: { 200: one("Restored.") } }), async (c) => {
    const { db, claims, team } = apiCaller(c);
    return c.json({ data: await restoreRecord(db, claims, team.id, spec, pathId(c, spec.singular)) });
  });

  return api;
}
