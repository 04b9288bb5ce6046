// /api/v1/notes: notes as records (list with filters and full-text search, create blank / with content /
// from a template, metadata, tags, favourites, trash), shares, the read-only HTML snapshot, and version
// history (list, save, read, diff, restore). The live document is edited over the socket
// (realtime/handlers/notes.ts); this API never writes document content except through a restore.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import {
  createNote,
  deleteShare,
  getNote,
  listNotes,
  listShares,
  listTags,
  noteCreateSchema,
  noteUpdateSchema,
  putShare,
  setDeleted,
  setFavorite,
  shareSchema,
  updateNote,
} from "../../../lib/notes/notes.ts";
import { createVersion, diffVersions, getVersion, listVersions, restoreVersion } from "../../../lib/notes/versions.ts";
import { busFor } from "../../../realtime/change-bus.ts";
import { recheckNoteAccess } from "../../../realtime/handlers/notes.ts";

export const app = new Hono<ApiEnv>();

const favoriteInput = z.object({ favorite: z.boolean({ error: "favorite is true or false." }) }).strict();
const versionInput = z.object({
  label: z.string().trim().max(120, "A label is at most 120 characters.").nullable().optional(),
}).strict();

type Caller = ReturnType<typeof apiCaller>;

const noteId = (c: Parameters<typeof apiCaller>[0]) => pathId(c, "That note does not exist or is not shared with you.");

function announce(caller: Caller, note: { id: string; title: string; updated_at: string; updated_by: string | null }) {
  busFor(caller.services).publish({
    team_id: caller.team.id,
    type: "note.updated",
    record_type: "note",
    record_id: note.id,
    payload: { id: note.id, title: note.title, updated_at: note.updated_at, updated_by: note.updated_by },
    rooms: [`note:${note.id}`],
  });
}

const recheck = (caller: Caller, id: string) =>
  recheckNoteAccess({ services: caller.services }, id).catch((error) =>
    console.error(`notes: re-checking access to ${id} failed`, error)
  );

app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  c.header("cache-control", "private, no-store");
  return c.json({ data: await listNotes(db, claims, team.id, c.req.query()) });
});

app.get("/tags", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listTags(db, claims, team.id) });
});

app.post("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const note = await createNote(db, claims, team.id, await jsonBody(c, noteCreateSchema));
  return c.json({ data: note }, 201);
});

app.get("/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  c.header("cache-control", "private, no-store");
  return c.json({ data: await getNote(db, claims, team.id, noteId(c), { recordView: true }) });
});

app.get("/:id/html", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const note = await getNote(db, claims, team.id, noteId(c));
  c.header("cache-control", "private, no-store");
  return c.json({
    data: { id: note.id, title: note.title, html: note.html, text: note.text, updated_at: note.updated_at },
  });
});

app.patch("/:id", async (c) => {
  const caller = apiCaller(c);
  const { db, claims, team } = caller;
  const { note, accessChanged } = await updateNote(
    db,
    claims,
    team.id,
    noteId(c),
    await jsonBody(c, noteUpdateSchema),
  );
  announce(caller, note);
  if (accessChanged) await recheck(caller, note.id);
  return c.json({ data: note });
});

app.delete("/:id", async (c) => {
  const caller = apiCaller(c);
  await setDeleted(caller.db, caller.claims, caller.team.id, noteId(c), true);
  await recheck(caller, noteId(c));
  return c.body(null, 204);
});

app.post("/:id/restore", async (c) => {
  const { db, claims, team } = apiCaller(c);
  await setDeleted(db, claims, team.id, noteId(c), false);
  return c.json({ data: await getNote(db, claims, team.id, noteId(c)) });
});

app.put("/:id/favorite", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { favorite } = await jsonBody(c, favoriteInput);
  await setFavorite(db, claims, team.id, noteId(c), favorite);
  return c.json({ data: { id: noteId(c), favorite } });
});

app.get("/:id/shares", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listShares(db, claims, team.id, noteId(c)) });
});

app.put("/:id/shares", async (c) => {
  const caller = apiCaller(c);
  const shares = await putShare(
    caller.db,
    caller.claims,
    caller.team.id,
    noteId(c),
    await jsonBody(c, shareSchema),
  );
  await recheck(caller, noteId(c));
  return c.json({ data: shares });
});

app.delete("/:id/shares/:userId", async (c) => {
  const caller = apiCaller(c);
  const shares = await deleteShare(
    caller.db,
    caller.claims,
    caller.team.id,
    noteId(c),
    pathId(c, "That person does not exist.", "userId"),
  );
  await recheck(caller, noteId(c));
  return c.json({ data: shares });
});

app.get("/:id/versions", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listVersions(db, claims, team.id, noteId(c)) });
});

app.post("/:id/versions", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { label } = await jsonBody(c, versionInput);
  return c.json({ data: await createVersion(db, claims, team.id, noteId(c), label || null) }, 201);
});

app.get("/:id/versions/:vid", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({
    data: await getVersion(db, claims, team.id, noteId(c), pathId(c, "That version does not exist.", "vid")),
  });
});

app.get("/:id/versions/:vid/diff", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const against = c.req.query("against") || "current";
  return c.json({
    data: await diffVersions(db, claims, team.id, noteId(c), pathId(c, "That version does not exist.", "vid"), against),
  });
});

app.post("/:id/versions/:vid/restore", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({
    data: await restoreVersion(db, claims, team.id, noteId(c), pathId(c, "That version does not exist.", "vid")),
  });
});

registerPath("/api/v1/notes", {
  get: {
    summary:
      "List notes (filters: folder_id, tag, favorite, recent, shared, mine, record_type+record_id, template, deleted, q)",
    tags: ["notes"],
    responses: { 200: { description: "Notes the caller may see" } },
  },
  post: {
    summary: "Create a note (blank, with content, or from template_id)",
    tags: ["notes"],
    responses: { 201: { description: "Created" } },
  },
});
registerPath("/api/v1/notes/{id}", {
  get: {
    summary: "A note with its HTML/JSON snapshot and shares",
    tags: ["notes"],
    responses: { 200: { description: "The note" } },
  },
  patch: {
    summary: "Edit a note's title, folder, access, record, tags",
    tags: ["notes"],
    responses: { 200: { description: "The note" } },
  },
  delete: { summary: "Move a note to the trash", tags: ["notes"], responses: { 204: { description: "Deleted" } } },
});
registerPath("/api/v1/notes/{id}/versions", {
  get: { summary: "Version history", tags: ["notes"], responses: { 200: { description: "Versions, newest first" } } },
  post: { summary: "Save a version now", tags: ["notes"], responses: { 201: { description: "The version" } } },
});
registerPath("/api/v1/notes/{id}/versions/{vid}/diff", {
  get: {
    summary: "Word diff to ?against=<version id|current>",
    tags: ["notes"],
    responses: { 200: { description: "Changes" } },
  },
});
registerPath("/api/v1/notes/{id}/versions/{vid}/restore", {
  post: {
    summary: "Restore a version (a new change everyone converges on)",
    tags: ["notes"],
    responses: { 200: { description: "The restore version" } },
  },
});
