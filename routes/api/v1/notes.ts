// /api/v1/notes: notes as records (list with filters and full-text search, create blank / with content /
// from a template, metadata, tags, favourites, trash), shares, the read-only HTML snapshot, and version
// history (list, save, read, diff, restore). The live document is edited over the socket
// (realtime/handlers/notes.ts); this API never writes document content except through a restore.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
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
import { recheckNoteAccess } from "../../../realtime/handlers/notes.ts";

export const app = new Hono<ApiEnv>();

const favoriteInput = z.object({ favorite: z.boolean({ error: "favorite is true or false." }) }).strict();
const versionInput = z.object({
  label: z.string().trim().max(120, "A label is at most 120 characters.").nullable().optional(),
}).strict();

const noteResponses = { 200: "The note.", 404: "That note does not exist or is not shared with you." };
const docs = {
  list: describe({
    summary: "List notes (filters: folder_id, tag, favorite, recent, shared, mine, record_type+record_id, " +
      "template, deleted, q)",
    query: z.object({
      folder_id: z.string().optional().describe("Notes in this folder."),
      tag: z.string().optional().describe("Notes with this tag."),
      favorite: z.string().optional().describe("true: your favourites."),
      recent: z.string().optional().describe("true: recently viewed by you."),
      shared: z.string().optional().describe("true: shared with you."),
      mine: z.string().optional().describe("true: created by you."),
      record_type: z.string().optional().describe("With record_id: notes about that record."),
      record_id: z.string().optional().describe("With record_type."),
      template: z.string().optional().describe("true: templates."),
      deleted: z.string().optional().describe("true: the trash."),
      q: z.string().optional().describe("Full-text search."),
    }),
    responses: { 200: "Notes the caller may see." },
  }),
  tags: describe({ summary: "The tags used on the team's notes" }),
  create: describe({
    summary: "Create a note (blank, with content, or from template_id)",
    responses: { 201: "Created." },
  }),
  get: describe({ summary: "A note with its HTML/JSON snapshot and shares", responses: noteResponses }),
  html: describe({ summary: "A note's read-only HTML and text snapshot", responses: noteResponses }),
  update: describe({ summary: "Edit a note's title, folder, access, record, tags", responses: noteResponses }),
  delete: describe({ summary: "Move a note to the trash", responses: { 204: "Deleted." } }),
  restore: describe({ summary: "Take a note out of the trash", responses: noteResponses }),
  favorite: describe({ summary: "Mark or unmark a note as your favourite" }),
  shares: describe({ summary: "Who a note is shared with" }),
  share: describe({ summary: "Share a note with a teammate (or change their permission)" }),
  unshare: describe({ summary: "Stop sharing a note with someone" }),
  versions: describe({ summary: "Version history", responses: { 200: "Versions, newest first." } }),
  saveVersion: describe({ summary: "Save a version now", responses: { 201: "The version." } }),
  version: describe({ summary: "One saved version" }),
  diff: describe({
    summary: "Word diff to ?against=<version id|current>",
    query: z.object({ against: z.string().optional().describe("A version id, or current (the default).") }),
    responses: { 200: "Changes." },
  }),
  restoreVersion: describe({
    summary: "Restore a version (a new change everyone converges on)",
    responses: { 200: "The restore version." },
  }),
};

type Caller = ReturnType<typeof apiCaller>;

const noteId = (c: Parameters<typeof apiCaller>[0]) => pathId(c, "That note does not exist or is not shared with you.");

const recheck = (caller: Caller, id: string) =>
  recheckNoteAccess({ services: caller.services }, id).catch((error) =>
    console.error(`notes: re-checking access to ${id} failed`, error)
  );

app.get("/", docs.list, async (c) => {
  const { db, claims, team } = apiCaller(c);
  c.header("cache-control", "private, no-store");
  return c.json({ data: await listNotes(db, claims, team.id, c.req.query()) });
});

app.get("/tags", docs.tags, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listTags(db, claims, team.id) });
});

app.post("/", docs.create, jsonInput(noteCreateSchema), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const note = await createNote(db, claims, team.id, c.req.valid("json"));
  return c.json({ data: note }, 201);
});

app.get("/:id", docs.get, async (c) => {
  const { db, claims, team } = apiCaller(c);
  c.header("cache-control", "private, no-store");
  return c.json({ data: await getNote(db, claims, team.id, noteId(c), { recordView: true }) });
});

app.get("/:id/html", docs.html, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const note = await getNote(db, claims, team.id, noteId(c));
  c.header("cache-control", "private, no-store");
  return c.json({
    data: { id: note.id, title: note.title, html: note.html, text: note.text, updated_at: note.updated_at },
  });
});

app.patch("/:id", docs.update, jsonInput(noteUpdateSchema), async (c) => {
  const caller = apiCaller(c);
  const { db, claims, team } = caller;
  const { note, accessChanged, changes } = await updateNote(db, claims, team.id, noteId(c), c.req.valid("json"));
  caller.services.bus.publishAll(changes);
  if (accessChanged) await recheck(caller, note.id);
  return c.json({ data: note });
});

app.delete("/:id", docs.delete, async (c) => {
  const caller = apiCaller(c);
  await setDeleted(caller.db, caller.claims, caller.team.id, noteId(c), true);
  await recheck(caller, noteId(c));
  return c.body(null, 204);
});

app.post("/:id/restore", docs.restore, async (c) => {
  const { db, claims, team } = apiCaller(c);
  await setDeleted(db, claims, team.id, noteId(c), false);
  return c.json({ data: await getNote(db, claims, team.id, noteId(c)) });
});

app.put("/:id/favorite", docs.favorite, jsonInput(favoriteInput), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { favorite } = c.req.valid("json");
  await setFavorite(db, claims, team.id, noteId(c), favorite);
  return c.json({ data: { id: noteId(c), favorite } });
});

app.get("/:id/shares", docs.shares, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listShares(db, claims, team.id, noteId(c)) });
});

app.put("/:id/shares", docs.share, jsonInput(shareSchema), async (c) => {
  const caller = apiCaller(c);
  const shares = await putShare(caller.db, caller.claims, caller.team.id, noteId(c), c.req.valid("json"));
  await recheck(caller, noteId(c));
  return c.json({ data: shares });
});

app.delete("/:id/shares/:userId", docs.unshare, async (c) => {
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

app.get("/:id/versions", docs.versions, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await listVersions(db, claims, team.id, noteId(c)) });
});

app.post("/:id/versions", docs.saveVersion, jsonInput(versionInput), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { label } = c.req.valid("json");
  return c.json({ data: await createVersion(db, claims, team.id, noteId(c), label || null) }, 201);
});

app.get("/:id/versions/:vid", docs.version, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({
    data: await getVersion(db, claims, team.id, noteId(c), pathId(c, "That version does not exist.", "vid")),
  });
});

app.get("/:id/versions/:vid/diff", docs.diff, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const against = c.req.query("against") || "current";
  return c.json({
    data: await diffVersions(db, claims, team.id, noteId(c), pathId(c, "That version does not exist.", "vid"), against),
  });
});

app.post("/:id/versions/:vid/restore", docs.restoreVersion, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({
    data: await restoreVersion(db, claims, team.id, noteId(c), pathId(c, "That version does not exist.", "vid")),
  });
});
