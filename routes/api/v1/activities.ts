// /api/v1/activities: a record's timeline (filtered, keyset-paginated, grouped by day), logging calls, emails,
// meetings and notes, deleting entries, and the comment threads under them with @mentions.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import {
  ACTIVITY_TYPES,
  type ActivityType,
  addComment,
  CALL_OUTCOMES,
  deleteActivity,
  deleteComment,
  editComment,
  getActivity,
  listComments,
  logActivity,
  MANUAL_TYPES,
  MEETING_OUTCOMES,
  RECORD_TYPES,
  type RecordType,
  teamMembersForMentions,
  timeline,
} from "../../../lib/crm/activities.ts";
import { getProfile } from "../../../lib/profiles.ts";
import { UUID } from "../../../lib/ids.ts";

export const app = new Hono<ApiEnv>();

const RECORD_TABLES: Record<RecordType, string> = {
  contact: "public.contacts",
  company: "public.companies",
  lead: "public.leads",
  deal: "public.deals",
  task: "public.tasks",
};
const commentInput = z.object({ body: z.string({ error: "body: write the comment's text." }) });

app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const recordType = c.req.query("record_type") ?? "";
  const recordId = c.req.query("record_id") ?? "";
  if (!(RECORD_TYPES as readonly string[]).includes(recordType)) {
    throw new HTTPException(422, { message: `record_type is one of ${RECORD_TYPES.join(", ")}.` });
  }
  // A record of another workspace (or none at all) is a 404, not an empty timeline: no probing for ids.
  const table = RECORD_TABLES[recordType as RecordType];
  const visible = UUID.test(recordId) &&
    (await db.asUser(
        claims,
        (tx) => tx.query(`select 1 from ${table} where id = $1 and team_id = $2`, [recordId, team.id]),
      ))
        .length > 0;
  if (!visible) throw new HTTPException(404, { message: "Record not found." });
  const types = (c.req.query("types") ?? "").split(",").map((t) => t.trim()).filter(Boolean) as ActivityType[];
  const limit = c.req.query("limit");
  const timeZone = c.req.query("tz") || (await getProfile(db, claims)).timezone;
  const page = await timeline(db, claims, team.id, recordType as RecordType, recordId, {
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

app.post("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  // logActivity validates strictly (system types, actors and unknown fields are 422s)
  const input = await jsonBody(c, z.unknown());
  return c.json({ data: await logActivity(db, claims, team.id, input) }, 201);
});

/** Teammates who can be @mentioned, for autocomplete. */
app.get("/mentionable", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const members = await db.asUser(claims, (tx) => teamMembersForMentions(tx, team.id));
  return c.json({ data: members.map((m) => ({ id: m.id, name: m.name || m.handle, handle: m.handle })) });
});

app.on(["PATCH", "PUT"], "/comments/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  const { body } = await jsonBody(c, commentInput);
  return c.json({ data: await editComment(db, claims, pathId(c, "Comment"), body) });
});

app.delete("/comments/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  const id = pathId(c, "Comment");
  await deleteComment(db, claims, id);
  return c.json({ data: { id, deleted: true } });
});

app.get("/:id/comments", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await listComments(db, claims, pathId(c, "Activity")) });
});

app.post("/:id/comments", async (c) => {
  const { db, claims } = apiCaller(c);
  const { body } = await jsonBody(c, commentInput);
  return c.json({ data: await addComment(db, claims, pathId(c, "Activity"), body) }, 201);
});

app.get("/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await getActivity(db, claims, pathId(c, "Activity")) });
});

app.delete("/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  const id = pathId(c, "Activity");
  await deleteActivity(db, claims, id);
  return c.json({ data: { id, deleted: true } });
});

// OpenAPI ---------------------------------------------------------------------------------------------------
const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const query = (name: string, schema: Record<string, unknown>, description: string, required = false) => ({
  name,
  in: "query",
  required,
  schema,
  description,
});
const commentBody = {
  required: true,
  content: {
    "application/json": {
      schema: { type: "object", required: ["body"], properties: { body: { type: "string", maxLength: 5000 } } },
    },
  },
};

registerPath("/api/v1/activities", {
  get: {
    tags: ["activities"],
    summary: "A record's timeline, newest first, grouped by day",
    description: "A day can continue on the next page: merge days with the same date when appending.",
    parameters: [
      query("record_type", { type: "string", enum: [...RECORD_TYPES] }, "The kind of record.", true),
      query("record_id", { type: "string", format: "uuid" }, "The record.", true),
      query("types", { type: "string" }, `Comma-separated: ${ACTIVITY_TYPES.join(", ")}.`),
      query("actor_id", { type: "string", format: "uuid" }, "Only entries by this person."),
      query("from", { type: "string" }, "YYYY-MM-DD or date-time, inclusive."),
      query("to", { type: "string" }, "YYYY-MM-DD (the whole day) or date-time, inclusive."),
      query("tz", { type: "string" }, "IANA time zone for days and date-only bounds; default your profile's."),
      query("cursor", { type: "string" }, "next_cursor of the previous page."),
      query("limit", { type: "integer", minimum: 1, maximum: 200, default: 50 }, "Entries per page."),
    ],
    responses: {
      "200": { description: "{ days: [{ date, items }], next_cursor, time_zone }" },
      "404": error("Record not found (also for other workspaces' records)."),
      "422": error("Unknown type, bad date or time zone."),
    },
  },
  post: {
    tags: ["activities"],
    summary: "Log a call, email, meeting or note on a record (as yourself)",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            additionalProperties: false,
            required: ["record_type", "record_id", "type"],
            properties: {
              record_type: { type: "string", enum: [...RECORD_TYPES] },
              record_id: { type: "string", format: "uuid" },
              type: { type: "string", enum: [...MANUAL_TYPES] },
              subject: { type: "string", maxLength: 200, nullable: true },
              body: { type: "string", maxLength: 20000, nullable: true, description: "Plain text; @mentions stored." },
              occurred_at: { type: "string", format: "date-time" },
              duration_seconds: { type: "integer", minimum: 0, maximum: 86400, nullable: true },
              outcome: { type: "string", enum: [...CALL_OUTCOMES, ...MEETING_OUTCOMES], nullable: true },
            },
          },
        },
      },
    },
    responses: {
      "201": { description: "The new timeline entry." },
      "403": error("Viewers cannot log activities."),
      "404": error("Record not found."),
      "422": error("Invalid input, including system types like field_update."),
    },
  },
});
registerPath("/api/v1/activities/mentionable", {
  get: {
    tags: ["activities"],
    summary: "Teammates who can be @mentioned",
    responses: { "200": { description: "[{ id, name, handle }]" } },
  },
});
registerPath("/api/v1/activities/{id}", {
  parameters: [idParam],
  get: { tags: ["activities"], summary: "One timeline entry", responses: { "200": { description: "The entry." } } },
  delete: {
    tags: ["activities"],
    summary: "Delete an entry: your own manual ones; managers and up any",
    responses: { "200": { description: "Deleted." }, "403": error("Not yours to delete."), "404": error("Not found.") },
  },
});
registerPath("/api/v1/activities/{id}/comments", {
  parameters: [idParam],
  get: {
    tags: ["activities"],
    summary: "The comment thread under an entry, oldest first, with mention tokens",
    responses: { "200": { description: "Comments." }, "404": error("Activity not found.") },
  },
  post: {
    tags: ["activities"],
    summary: "Comment; @name or @handle of a teammate is stored as a mention",
    requestBody: commentBody,
    responses: { "201": { description: "The comment." }, "403": error("Viewers cannot comment.") },
  },
});
registerPath("/api/v1/activities/comments/{id}", {
  parameters: [idParam],
  patch: {
    tags: ["activities"],
    summary: "Edit your comment; mentions follow the new text",
    requestBody: commentBody,
    responses: { "200": { description: "The comment." }, "403": error("Not your comment.") },
  },
  delete: {
    tags: ["activities"],
    summary: "Delete a comment: its author, managers and up",
    responses: { "200": { description: "Deleted." }, "403": error("Not yours to delete.") },
  },
});
