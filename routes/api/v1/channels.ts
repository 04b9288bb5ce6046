// /api/v1/channels: team chat over HTTP: the channel list with unread counts, creating channels and direct
// messages, joining, leaving, members, topic/rename/archive, history pages, threads, pins, posting and read
// receipts. Committed changes reach sockets through lib/chat/broadcast.ts with the channel's seq.
import { Hono } from "hono";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, queryInput } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { queryInt } from "../../../utils/api/query-params.ts";
import {
  addMembersInput,
  channelMembers,
  createChannelInput,
  directInput,
  getChannel,
  listChannels,
  updateChannelInput,
} from "../../../lib/chat/channels.ts";
import * as channelChanges from "../../../lib/chat/channel-changes.ts";
import {
  channelHistory,
  type ChatActor,
  checkUuid,
  pinnedMessages,
  readChannel,
  sendInput,
  sendMessage,
  threadMessages,
} from "../../../lib/chat/messages.ts";
import { readConversationNotifications } from "../../../lib/chat/unread.ts";
import type { Context } from "hono";

export const app = new Hono<ApiEnv>();

function caller(c: Context<ApiEnv>) {
  const { db, claims, team, services } = apiCaller(c);
  const actor: ChatActor = { claims, teamId: team.id };
  return { db, actor, services };
}

const channelId = (c: Context<ApiEnv>) => checkUuid(c.req.param("id"), "channel");

const historyQuery = z.object({
  before: queryInt(1, Number.MAX_SAFE_INTEGER, "Messages before this seq (the next_before of a page)."),
  limit: queryInt(1, 200, "Messages, 1 to 200 (default 50)."),
  // A thread id nobody has is a 404 like any other id (checkUuid below), not a 422.
  thread: z.string().optional().describe("A message: its thread's replies instead of the history."),
});
const postInput = sendInput.omit({ channel_id: true });
const readBody = z.object({
  seq: z.number({ error: "seq: the newest seq you have seen." }).int().min(0).max(Number.MAX_SAFE_INTEGER),
}).strict();

const tags = ["chat"];
const docs = {
  list: describe({
    tags,
    summary: "Your channels and direct messages, and the public channels you could join",
    description: "Each with is_member, member_count, members (direct messages), last_seq, last_read_seq, " +
      "unread_count and mention_count (top-level messages after your read position).",
    responses: { 200: "{ data: [Channel] }" },
  }),
  create: describe({
    tags,
    summary: "Create a channel (you become its admin)",
    responses: {
      201: "{ data: Channel }",
      403: "Viewers cannot create channels.",
      409: "A channel with that name exists.",
    },
  }),
  direct: describe({
    tags,
    summary: "Find or create the direct message with 1 other person (dm) or 2–8 others (group_dm)",
    responses: {
      200: "The existing conversation.",
      201: "A new conversation.",
      404: "Someone is not in this workspace.",
    },
  }),
  get: describe({ tags, summary: "One channel", responses: { 200: "{ data: Channel }" } }),
  update: describe({
    tags,
    summary: "Set topic/description (members); rename or archive (channel or workspace admins)",
    responses: { 200: "{ data: Channel }", 403: "Not allowed.", 409: "Archived." },
  }),
  join: describe({ tags, summary: "Join a public channel", responses: { 200: "{ data: Channel }" } }),
  leave: describe({ tags, summary: "Leave a channel", responses: { 200: "{ data: { left } }" } }),
  members: describe({ tags, summary: "Members with role and read position", responses: { 200: "{ data }" } }),
  addMembers: describe({
    tags,
    summary: "Add people (any member; not for direct messages)",
    responses: { 200: "{ data: members, added }", 404: "Not in this workspace." },
  }),
  removeMember: describe({
    tags,
    summary: "Remove someone (yourself, or anyone as channel or workspace admin)",
    responses: { 200: "{ data: { removed } }", 403: "Not allowed." },
  }),
  history: describe({
    tags,
    summary: "History newest first (before=<seq>, limit), or a thread's replies oldest first (thread=<id>)",
    responses: { 200: "{ data: [Message], next_before } or { root, data }" },
  }),
  post: describe({
    tags,
    summary: "Post a message (idempotent on client_id)",
    responses: {
      201: "{ data: Message }",
      200: "Already sent with this client_id: the stored message.",
      403: "Not a member.",
      409: "Archived channel.",
      413: "Longer than 4,000 characters.",
    },
  }),
  pins: describe({ tags, summary: "Pinned messages", responses: { 200: "{ data: [Message] }" } }),
  read: describe({
    tags,
    summary: "Move your read position forward",
    responses: { 200: "{ data: { seq } }", 403: "Not a member." },
  }),
};

app.get("/", docs.list, async (c) => {
  const { db, actor } = caller(c);
  return c.json({ data: await listChannels(db, actor) });
});

app.post("/", docs.create, jsonInput(createChannelInput), async (c) => {
  const { db, actor, services } = caller(c);
  const { channel, output } = await channelChanges.create(db, actor, c.req.valid("json"));
  services.chat.publish(output);
  return c.json({ data: channel }, 201);
});

app.post("/direct", docs.direct, jsonInput(directInput), async (c) => {
  const { db, actor, services } = caller(c);
  const { channel, created, output } = await channelChanges.openDirect(db, actor, c.req.valid("json").user_ids);
  services.chat.publish(output);
  return c.json({ data: channel }, created ? 201 : 200);
});

app.get("/:id", docs.get, async (c) => {
  const { db, actor } = caller(c);
  return c.json({ data: await getChannel(db, actor, channelId(c)) });
});

app.on(["PATCH", "PUT"], "/:id", docs.update, jsonInput(updateChannelInput), async (c) => {
  const { db, actor, services } = caller(c);
  const { channel, output } = await channelChanges.update(db, actor, channelId(c), c.req.valid("json"));
  services.chat.publish(output);
  return c.json({ data: channel });
});

app.post("/:id/join", docs.join, async (c) => {
  const { db, actor, services } = caller(c);
  const { channel, output } = await channelChanges.join(db, actor, channelId(c));
  services.chat.publish(output);
  return c.json({ data: channel });
});

app.post("/:id/leave", docs.leave, async (c) => {
  const { db, actor, services } = caller(c);
  const id = channelId(c);
  const { removed: left, output } = await channelChanges.leave(db, actor, id);
  services.chat.publish(output);
  return c.json({ data: { channel_id: id, left } });
});

app.get("/:id/members", docs.members, async (c) => {
  const { db, actor } = caller(c);
  return c.json({ data: await channelMembers(db, actor, channelId(c)) });
});

app.post("/:id/members", docs.addMembers, jsonInput(addMembersInput), async (c) => {
  const { db, actor, services } = caller(c);
  const id = channelId(c);
  const { added, output } = await channelChanges.add(db, actor, id, c.req.valid("json").user_ids);
  services.chat.publish(output);
  return c.json({ data: await channelMembers(db, actor, id), added });
});

app.delete("/:id/members/:userId", docs.removeMember, async (c) => {
  const { db, actor, services } = caller(c);
  const id = channelId(c);
  const userId = checkUuid(c.req.param("userId"), "person");
  const { removed, output } = await channelChanges.removePerson(db, actor, id, userId);
  services.chat.publish(output);
  return c.json({ data: { channel_id: id, user_id: userId, removed } });
});

app.get("/:id/messages", docs.history, queryInput(historyQuery), async (c) => {
  const { db, actor } = caller(c);
  const id = channelId(c);
  const { thread, before, limit } = c.req.valid("query");
  if (thread !== undefined) return c.json(await threadMessages(db, actor, id, checkUuid(thread, "message")));
  return c.json(await channelHistory(db, actor, id, { before, limit }));
});

app.post("/:id/messages", docs.post, jsonInput(postInput), async (c) => {
  const { db, actor, services } = caller(c);
  const input = { ...c.req.valid("json"), channel_id: channelId(c) };
  const result = await sendMessage(db, actor, input, services.config.publicUrl);
  services.chat.publish({ events: result.events });
  return c.json({ data: result.message }, result.changed ? 201 : 200);
});

app.get("/:id/pins", docs.pins, async (c) => {
  const { db, actor } = caller(c);
  return c.json({ data: await pinnedMessages(db, actor, channelId(c)) });
});

app.post("/:id/read", docs.read, jsonInput(readBody), async (c) => {
  const { db, actor, services } = caller(c);
  const id = channelId(c);
  const { seq } = c.req.valid("json");
  const { seq: stored, output } = await readChannel(db, actor, id, seq);
  services.chat.publish(output);
  // as the socket's chat:read does: what was read is no news for the bell any more
  await readConversationNotifications(services, actor, id, stored);
  return c.json({ data: { channel_id: id, seq: stored } });
});
