// /api/v1/note-folders: a team's note folders (nested through parent_id). Deleting a folder deletes its
// subfolders; their notes stay, outside any folder.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import {
  createFolder,
  deleteFolder,
  folderCreateSchema,
  folderUpdateSchema,
  listFolders,
  updateFolder,
} from "../../../lib/notes/notes.ts";

export const app = new Hono<ApiEnv>();

const docs = {
  list: describe({ summary: "Note folders of the team", tags: ["notes"] }),
  create: describe({
    summary: "Create a folder (inside another with parent_id)",
    tags: ["notes"],
    responses: { 201: "Created." },
  }),
  update: describe({ summary: "Rename or move a folder", tags: ["notes"] }),
  delete: describe({
    summary: "Delete a folder and its subfolders (their notes stay, outside any folder)",
    tags: ["notes"],
    responses: { 204: "Deleted." },
  }),
};

app.get("/", docs.list, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listFolders(db, claims, team.id) });
});

app.post("/", docs.create, jsonInput(folderCreateSchema), async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await createFolder(db, claims, team.id, c.req.valid("json")) }, 201);
});

app.patch("/:id", docs.update, jsonInput(folderUpdateSchema), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = c.req.valid("json");
  return c.json({ data: await updateFolder(db, claims, team.id, pathId(c, "That folder does not exist."), input) });
});

app.delete("/:id", docs.delete, async (c) => {
  const { db, claims, team } = apiCaller(c);
  await deleteFolder(db, claims, team.id, pathId(c, "That folder does not exist."));
  return c.body(null, 204);
});
