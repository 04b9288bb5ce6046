// /api/v1/messages: full-text search over the chat messages you can read, and editing, deleting, reacting to
// and pinning one message (the same rules as the chat:* socket events, broadcast the same way).
import { Hono } from "hono";
import type { Context } from "hono";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { z } from "zod";
import { jsonInput, queryInput } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { queryId, queryInt } from "../../../utils/api/query-params.ts";
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
import type { ChatBroadcast } from "../../../lib/chat/broadcast.ts";

export const app = new Hono<ApiEnv>();

function caller(c: Context<ApiEnv>) {
  const { db, claims, team, services } = apiCaller(c);
  const actor: ChatActor = { claims, teamId: team.id };
  return { db, actor, services };
}

const messageId = (c: Context<ApiEnv>) => checkUuid(c.req.param("id"), "message");

function done(c: Context<ApiEnv>, services: { chat: ChatBroadcast }, result: WriteResult) {
  services.chat.publish({ events: result.events });
  return c.json({ data: result.message });
}

const searchQuery = z.object({
  q: z.string().optional().describe('Words, "a phrase", -exclude, or.'),
  channel_id: queryId("Only this channel."),
  sender_id: queryId("Only messages by this person."),
  limit: queryInt(1, 200, "Messages, 1 to 200 (default 50)."),
});
const editBody = editInput.omit({ message_id: true });
const reactBody = reactInput.omit({ message_id: true });
const pinBody = pinInput.omit({ message_id: true });

const tags = ["chat"];
const one = { 200: "{ data: Message }", 404: "Not found (or not yours)." };
const docs = {
  search: describe({
    tags,
    summary: "Full-text search over the messages you can read, newest first",
    responses: { 200: "{ data: [Message + channel_name] }", 422: "Nothing to search for." },
  }),
  edit: describe({ tags, summary: "Edit your message", responses: { ...one, 403: "Not your message." } }),
  delete: describe({
    tags,
    summary: "Delete a message (author, channel admin, workspace owner/admin)",
    responses: { ...one, 403: "Not allowed." },
  }),
  react: describe({ tags, summary: "Add (on: true) or take back (on: false) your reaction", responses: one }),
  pin: describe({ tags, summary: "Pin or unpin a message", responses: one }),
};

app.get("/search", docs.search, queryInput(searchQuery), async (c) => {
  const { db, actor } = caller(c);
  const query = c.req.valid("query");
  return c.json({
    data: await searchMessages(db, actor, {
      q: query.q ?? "",
      channelId: query.channel_id ?? null,
      senderId: query.sender_id ?? null,
      limit: query.limit ?? 50,
    }),
  });
});

app.on(["PATCH", "PUT"], "/:id", docs.edit, jsonInput(editBody), async (c) => {
  const { db, actor, services } = caller(c);
  const { body } = c.req.valid("json");
  return done(c, services, await editMessage(db, actor, { message_id: messageId(c), body }, services.config.publicUrl));
});

app.delete("/:id", docs.delete, async (c) => {
  const { db, actor, services } = caller(c);
  return done(c, services, await deleteMessage(db, actor, messageId(c)));
});

app.post("/:id/reactions", docs.react, jsonInput(reactBody), async (c) => {
  const { db, actor, services } = caller(c);
  const input = c.req.valid("json");
  return done(c, services, await reactToMessage(db, actor, { ...input, message_id: messageId(c) }));
});

app.post("/:id/pin", docs.pin, jsonInput(pinBody), async (c) => {
  const { db, actor, services } = caller(c);
  const input = c.req.valid("json");
  return done(c, services, await pinMessage(db, actor, { ...input, message_id: messageId(c) }));
});
