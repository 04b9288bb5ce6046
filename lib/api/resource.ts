// One Hono sub-app per resource with list / get / create / update / delete / restore, from its spec.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "./auth.ts";
import { jsonBody, pathId } from "./validate.ts";
import type { ResourceSpec } from "./resource-spec.ts";
import { createRecord, deleteRecord, getRecord, listRecords, restoreRecord, updateRecord } from "../crm/records.ts";
import { registerResource } from "./openapi.ts";

export function resourceApi(spec: ResourceSpec): Hono<ApiEnv> {
  registerResource(spec);
  const api = new Hono<ApiEnv>();

  api.get("/", async (c) => {
    const { db, claims, team } = apiCaller(c);
    return c.json(await listRecords(db, claims, team.id, spec, c.req.query()));
  });

  api.post("/", async (c) => {
    const { db, claims, team } = apiCaller(c);
    const input = await jsonBody(c, spec.create);
    return c.json({ data: await createRecord(db, claims, team.id, spec, input) }, 201);
  });

  api.get("/:id", async (c) => {
    const { db, claims, team } = apiCaller(c);
    return c.json({ data: await getRecord(db, claims, team.id, spec, pathId(c, spec.singular)) });
  });

  api.on(["PATCH", "PUT"], "/:id", async (c) => {
    const { db, claims, team } = apiCaller(c);
    const input = await jsonBody(c, spec.update);
    return c.json({ data: await updateRecord(db, claims, team.id, spec, pathId(c, spec.singular), input) });
  });

  api.delete("/:id", async (c) => {
    const { db, claims, team } = apiCaller(c);
    return c.json({ data: await deleteRecord(db, claims, team.id, spec, pathId(c, spec.singular)) });
  });

  api.post("/:id/restore", async (c) => {
    const { db, claims, team } = apiCaller(c);
    return c.json({ data: await restoreRecord(db, claims, team.id, spec, pathId(c, spec.singular)) });
  });

  return api;
}
