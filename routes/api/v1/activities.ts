// /api/v1/activities: a record's timeline (filtered, keyset-paginated, grouped by day), logging calls, emails,
// meetings and notes, deleting entries, and the comment threads under them with @mentions.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import {
  ACTIVITY_TYPES,
  activityInput,
  type ActivityType,
  addComment,
  deleteActivity,
  deleteComment,
  editComment,
  getActivity,
  listComments,
  logActivity,
  RECORD_TYPES,
  teamMembersForMentions,
  timeline,
  timelineRecord,
} from "../../../lib/activities/activities.ts";
import { getProfile } from "../../../lib/profiles.ts";
import { sessionCaller } from "../../../lib/caller.ts";

export const app = new Hono<ApiEnv>();

const commentInput = z.object({ body: z.string({ error: "body: write the comment's text." }) });

const notYours = { 403: "Not yours to delete." };
const docs = {
  timeline: describe({
    summary: "A record's timeline, newest first, grouped by day",
    description: "A day can continue on the next page: merge days with the same date when appending.",
    query: z.object({
      record_type: z.enum(RECORD_TYPES).describe("The kind of record."),
      record_id: z.uuid().describe("The record."),
      types: z.string().optional().describe(`Comma-separated: ${ACTIVITY_TYPES.join(", ")}.`),
      actor_id: z.uuid().optional().describe("Only entries by this person."),
      from: z.string().optional().describe("YYYY-MM-DD or date-time, inclusive."),
      to: z.string().optional().describe("YYYY-MM-DD (the whole day) or date-time, inclusive."),
      tz: z.string().optional().describe("IANA time zone for days and date-only bounds; default your profile's."),
      cursor: z.string().optional().describe("next_cursor of the previous page."),
      limit: z.string().optional().describe("Entries per page, 1 to 200 (default 50)."),
    }),
    responses: {
      200: "{ days: [{ date, items }], next_cursor, time_zone }",
      404: "Record not found (also for other workspaces' records).",
      422: "Unknown type, bad date or time zone.",
    },
  }),
  log: describe({
    summary: "Log a call, email, meeting or note on a record (as yourself)",
    body: activityInput,
    responses: {
      201: "The new timeline entry.",
      403: "Viewers cannot log activities.",
      404: "Record not found.",
      422: "Invalid input, including system types like field_update.",
    },
  }),
  mentionable: describe({ summary: "Teammates who can be @mentioned", responses: { 200: "[{ id, name, handle }]" } }),
  editComment: describe({
    summary: "Edit your comment; mentions follow the new text",
    responses: { 200: "The comment.", 403: "Not your comment." },
  }),
  deleteComment: describe({ summary: "Delete a comment: its author, managers and up", responses: notYours }),
  comments: describe({ summary: "The comment thread under an entry, oldest first, with mention tokens" }),
  comment: describe({
    summary: "Comment; @name or @handle of a teammate is stored as a mention",
    responses: { 201: "The comment.", 403: "Viewers cannot comment." },
  }),
  get: describe({ summary: "One timeline entry" }),
  delete: describe({ summary: "Delete an entry: your own manual ones; managers and up any", responses: notYours }),
};

app.get("/", docs.timeline, async (c) => {
  const { db, claims, team } = apiCaller(c);
  // A record of another workspace (or none at all) is a 404, not an empty timeline: no probing for ids.
  const recordId = c.req.query("record_id") ?? "";
  const recordType = await timelineRecord(
    sessionCaller(db, { claims, team }),
    c.req.query("record_type") ?? "",
    recordId,
  );
  const types = (c.req.query("types") ?? "").split(",").map((t) => t.trim()).filter(Boolean) as ActivityType[];
  const limit = c.req.query("limit");
  const timeZone = c.req.query("tz") || (await getProfile(db, claims)).timezone;
  const page = await timeline(db, claims, team.id, recordType, recordId, {
    types,
    actorId: c.req.query("actor_id") || undefined,
    from: c.req.query("from") || undefined,
    to: c.req.query("to") || undefined,
    cursor: c.req.query("cursor") || undefined,
    limit: limit ? Number(limit) || 50 : undefined,
    timeZone,
  });
  return c.json({ ...page, time_zone: timeZone });
});

app.post("/", docs.log, jsonInput(z.unknown()), async (c) => {
  const { db, claims, team } = apiCaller(c);
  // logActivity validates strictly (system types, actors and unknown fields are 422s)
  const input = c.req.valid("json");
  return c.json({ data: await logActivity(db, claims, team.id, input) }, 201);
});

/** Teammates who can be @mentioned, for autocomplete. */
app.get("/mentionable", docs.mentionable, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const members = await db.asUser(claims, (tx) => teamMembersForMentions(tx, team.id));
  return c.json({ data: members.map((m) => ({ id: m.id, name: m.name || m.handle, handle: m.handle })) });
});

app.on(["PATCH", "PUT"], "/comments/:id", docs.editComment, jsonInput(commentInput), async (c) => {
  const { db, claims } = apiCaller(c);
  const { body } = c.req.valid("json");
  return c.json({ data: await editComment(db, claims, pathId(c, "Comment"), body) });
});

app.delete("/comments/:id", docs.deleteComment, async (c) => {
  const { db, claims } = apiCaller(c);
  const id = pathId(c, "Comment");
  await deleteComment(db, claims, id);
  return c.json({ data: { id, deleted: true } });
});

app.get("/:id/comments", docs.comments, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await listComments(db, claims, pathId(c, "Activity")) });
});

app.post("/:id/comments", docs.comment, jsonInput(commentInput), async (c) => {
  const { db, claims } = apiCaller(c);
  const { body } = c.req.valid("json");
  return c.json({ data: await addComment(db, claims, pathId(c, "Activity"), body) }, 201);
});

app.get("/:id", docs.get, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await getActivity(db, claims, pathId(c, "Activity")) });
});

app.delete("/:id", docs.delete, async (c) => {
  const { db, claims } = apiCaller(c);
  const id = pathId(c, "Activity");
  await deleteActivity(db, claims, id);
  return c.json({ data: { id, deleted: true } });
});
