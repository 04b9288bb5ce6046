// /api/v1/messages: full-text search over the chat messages you can read, and editing, deleting, reacting to
// and pinning one message (the same rules as the chat:* socket events, broadcast the same way).
import { Hono } from "hono";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import {
  type ChatActor,
  checkUuid,
  deleteMessage,
  editInput,
  editMessage,
  pinInput,
  pinMessage,
  reactInput,
  reactToMessage,
  searchMessages,
  type WriteResult,
} from "../../../lib/chat/messages.ts";
import { publishChat } from "../../../lib/chat/broadcast.ts";
import { isUuid } from "../../../lib/ids.ts";

export const app = new Hono<ApiEnv>();

function caller(c: Context<ApiEnv>) {
  const { db, claims, team, services } = apiCaller(c);
  const actor: ChatActor = { claims, teamId: team.id };
  return { db, actor, services };
}

const messageId = (c: Context<ApiEnv>) => checkUuid(c.req.param("id"), "message");

function done(c: Context<ApiEnv>, services: object, result: WriteResult) {
  publishChat(services, { events: result.events });
  return c.json({ data: result.message });
}

const optionalId = (value: string | undefined, what: string) => {
  if (!value) return null;
  if (!isUuid(value)) {
    throw new HTTPException(422, { message: `${what} must be an id.` });
  }
  return value.toLowerCase();
};

app.get("/search", async (c) => {
  const { db, actor } = caller(c);
  const limit = c.req.query("limit");
  const n = limit ? Number(limit) : 50;
  if (!Number.isInteger(n) || n < 1 || n > 200) {
    throw new HTTPException(422, { message: "limit must be a whole number from 1 to 200." });
  }
  return c.json({
    data: await searchMessages(db, actor, {
      q: c.req.query("q") ?? "",
      channelId: optionalId(c.req.query("channel_id"), "channel_id"),
      senderId: optionalId(c.req.query("sender_id"), "sender_id"),
      limit: n,
    }),
  });
});

const editBody = editInput.omit({ message_id: true });
const reactBody = reactInput.omit({ message_id: true });
const pinBody = pinInput.omit({ message_id: true });

app.on(["PATCH", "PUT"], "/:id", async (c) => {
  const { db, actor, services } = caller(c);
  const { body } = await jsonBody(c, editBody);
  return done(c, services, await editMessage(db, actor, { message_id: messageId(c), body }, services.config.publicUrl));
});

app.delete("/:id", async (c) => {
  const { db, actor, services } = caller(c);
  return done(c, services, await deleteMessage(db, actor, messageId(c)));
});

app.post("/:id/reactions", async (c) => {
  const { db, actor, services } = caller(c);
  const input = await jsonBody(c, reactBody);
  return done(c, services, await reactToMessage(db, actor, { ...input, message_id: messageId(c) }));
});

app.post("/:id/pin", async (c) => {
  const { db, actor, services } = caller(c);
  const input = await jsonBody(c, pinBody);
  return done(c, services, await pinMessage(db, actor, { ...input, message_id: messageId(c) }));
});

// OpenAPI ---------------------------------------------------------------------------------------------------
const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const json = (properties: Record<string, unknown>, required: string[]) => ({
  required: true,
  content: { "application/json": { schema: { type: "object", additionalProperties: false, required, properties } } },
});
const tags = ["chat"];
const one = { "200": { description: "{ data: Message }" }, "404": error("Not found (or not yours).") };

registerPath("/api/v1/messages/search", {
  get: {
    tags,
    summary: "Full-text search over the messages you can read, newest first",
    parameters: [
      { name: "q", in: "query", schema: { type: "string" }, description: 'Words, "a phrase", -exclude, or.' },
      { name: "channel_id", in: "query", schema: { type: "string", format: "uuid" } },
      { name: "sender_id", in: "query", schema: { type: "string", format: "uuid" } },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
    ],
    responses: { "200": { description: "{ data: [Message + channel_name] }" }, "422": error("Nothing to search for.") },
  },
});
registerPath("/api/v1/messages/{id}", {
  parameters: [idParam],
  patch: {
    tags,
    summary: "Edit your message",
    requestBody: json({ body: { type: "string", maxLength: 4000 } }, ["body"]),
    responses: { ...one, "403": error("Not your message.") },
  },
  delete: {
    tags,
    summary: "Delete a message (author, channel admin, workspace owner/admin)",
    responses: { ...one, "403": error("Not allowed.") },
  },
});
registerPath("/api/v1/messages/{id}/reactions", {
  parameters: [idParam],
  post: {
    tags,
    summary: "Add (on: true) or take back (on: false) your reaction",
    requestBody: json({ emoji: { type: "string" }, on: { type: "boolean" } }, ["emoji", "on"]),
    responses: one,
  },
});
registerPath("/api/v1/messages/{id}/pin", {
  parameters: [idParam],
  post: {
    tags,
    summary: "Pin or unpin a message",
    requestBody: json({ pinned: { type: "boolean" } }, ["pinned"]),
    responses: one,
  },
});
