// /api/v1/note-folders: a team's note folders (nested through parent_id). Deleting a folder deletes its
// subfolders; their notes stay, outside any folder.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import {
  createFolder,
  deleteFolder,
  folderCreateSchema,
  folderUpdateSchema,
  listFolders,
  updateFolder,
} from "../../../lib/notes/notes.ts";

export const app = new Hono<ApiEnv>();

app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listFolders(db, claims, team.id) });
});

app.post("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await createFolder(db, claims, team.id, await jsonBody(c, folderCreateSchema)) }, 201);
});

app.patch("/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = await jsonBody(c, folderUpdateSchema);
  return c.json({ data: await updateFolder(db, claims, team.id, pathId(c, "That folder does not exist."), input) });
});

app.delete("/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  await deleteFolder(db, claims, team.id, pathId(c, "That folder does not exist."));
  return c.body(null, 204);
});

registerPath("/api/v1/note-folders", {
  get: { summary: "Note folders of the team", tags: ["notes"], responses: { 200: { description: "Folders" } } },
  post: {
    summary: "Create a folder {name, parent_id?}",
    tags: ["notes"],
    responses: { 201: { description: "Created" } },
  },
});
