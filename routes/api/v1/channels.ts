// /api/v1/channels: team chat over HTTP: the channel list with unread counts, creating channels and direct
// messages, joining, leaving, members, topic/rename/archive, history pages, threads, pins, posting and read
// receipts. Committed changes reach sockets through lib/chat/broadcast.ts with the channel's seq.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import {
  addMembers,
  addMembersInput,
  channelMembers,
  createChannel,
  createChannelInput,
  directChannel,
  directInput,
  getChannel,
  joinChannel,
  listChannels,
  memberIds,
  removeMember,
  updateChannel,
  updateChannelInput,
} from "../../../lib/chat/channels.ts";
import {
  channelHistory,
  type ChatActor,
  checkUuid,
  markRead,
  pinnedMessages,
  sendInput,
  sendMessage,
  threadMessages,
} from "../../../lib/chat/messages.ts";
import { type ChannelNotice, noticeRooms, publishChat, publishChatEvent } from "../../../lib/chat/broadcast.ts";
import { channelRoom, userRoom } from "../../../lib/chat/types.ts";
import type { Context } from "hono";

export const app = new Hono<ApiEnv>();

function caller(c: Context<ApiEnv>) {
  const { db, claims, team, services } = apiCaller(c);
  const actor: ChatActor = { claims, teamId: team.id };
  return { db, actor, services, userId: claims.sub };
}

const channelId = (c: Context<ApiEnv>) => checkUuid(c.req.param("id"), "channel");

/** Tells the channel's room, its members and (for public channels) the whole team about a change. */
async function notify(
  c: Context<ApiEnv>,
  channel: { id: string; type: string },
  action: ChannelNotice["action"],
  extra: { userIds?: string[]; evict?: string[] } = {},
) {
  const { db, actor, services } = caller(c);
  const members = await memberIds(db, actor, channel.id).catch(() => [] as string[]);
  const rooms = noticeRooms(channel.id, [...members, ...(extra.userIds ?? [])]);
  if (channel.type === "public") rooms.push(`team:${actor.teamId}`);
  publishChat(services, {
    notices: [{
      rooms,
      notice: { channel_id: channel.id, action, ...(extra.userIds ? { user_ids: extra.userIds } : {}) },
    }],
    evictions: (extra.evict ?? []).map((userId) => ({ userId, channelId: channel.id })),
  });
}

const optionalInt = (value: string | undefined, what: string, min: number, max: number) => {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new HTTPException(422, { message: `${what} must be a whole number from ${min} to ${max}.` });
  }
  return n;
};

app.get("/", async (c) => {
  const { db, actor } = caller(c);
  return c.json({ data: await listChannels(db, actor) });
});

app.post("/", async (c) => {
  const { db, actor } = caller(c);
  const channel = await createChannel(db, actor, await jsonBody(c, createChannelInput));
  await notify(c, channel, "created");
  return c.json({ data: channel }, 201);
});

app.post("/direct", async (c) => {
  const { db, actor } = caller(c);
  const { user_ids } = await jsonBody(c, directInput);
  const { channel, created } = await directChannel(db, actor, user_ids);
  if (created) await notify(c, channel, "created");
  return c.json({ data: channel }, created ? 201 : 200);
});

app.get("/:id", async (c) => {
  const { db, actor } = caller(c);
  return c.json({ data: await getChannel(db, actor, channelId(c)) });
});

app.on(["PATCH", "PUT"], "/:id", async (c) => {
  const { db, actor } = caller(c);
  const channel = await updateChannel(db, actor, channelId(c), await jsonBody(c, updateChannelInput));
  await notify(c, channel, "updated");
  return c.json({ data: channel });
});

app.post("/:id/join", async (c) => {
  const { db, actor, userId } = caller(c);
  const channel = await joinChannel(db, actor, channelId(c));
  await notify(c, channel, "joined", { userIds: [userId] });
  return c.json({ data: channel });
});

app.post("/:id/leave", async (c) => {
  const { db, actor, userId } = caller(c);
  const id = channelId(c);
  const channel = await getChannel(db, actor, id);
  const left = await removeMember(db, actor, id, userId);
  if (left) await notify(c, channel, "left", { userIds: [userId], evict: channel.type === "public" ? [] : [userId] });
  return c.json({ data: { channel_id: id, left } });
});

app.get("/:id/members", async (c) => {
  const { db, actor } = caller(c);
  return c.json({ data: await channelMembers(db, actor, channelId(c)) });
});

app.post("/:id/members", async (c) => {
  const { db, actor } = caller(c);
  const id = channelId(c);
  const { user_ids } = await jsonBody(c, addMembersInput);
  const added = await addMembers(db, actor, id, user_ids);
  const channel = await getChannel(db, actor, id);
  if (added > 0) await notify(c, channel, "added", { userIds: user_ids });
  return c.json({ data: await channelMembers(db, actor, id), added });
});

app.delete("/:id/members/:userId", async (c) => {
  const { db, actor } = caller(c);
  const id = channelId(c);
  const userId = checkUuid(c.req.param("userId"), "person");
  const channel = await getChannel(db, actor, id);
  const removed = await removeMember(db, actor, id, userId);
  if (removed) {
    await notify(c, channel, "removed", { userIds: [userId], evict: channel.type === "public" ? [] : [userId] });
  }
  return c.json({ data: { channel_id: id, user_id: userId, removed } });
});

app.get("/:id/messages", async (c) => {
  const { db, actor } = caller(c);
  const id = channelId(c);
  const thread = c.req.query("thread");
  if (thread !== undefined) return c.json(await threadMessages(db, actor, id, checkUuid(thread, "message")));
  return c.json(
    await channelHistory(db, actor, id, {
      before: optionalInt(c.req.query("before"), "before", 1, Number.MAX_SAFE_INTEGER),
      limit: optionalInt(c.req.query("limit"), "limit", 1, 200),
    }),
  );
});

const postInput = sendInput.omit({ channel_id: true });

app.post("/:id/messages", async (c) => {
  const { db, actor, services } = caller(c);
  const input = { ...(await jsonBody(c, postInput)), channel_id: channelId(c) };
  const result = await sendMessage(db, actor, input, services.config.publicUrl);
  publishChat(services, { events: result.events });
  return c.json({ data: result.message }, result.changed ? 201 : 200);
});

app.get("/:id/pins", async (c) => {
  const { db, actor } = caller(c);
  return c.json({ data: await pinnedMessages(db, actor, channelId(c)) });
});

const readBody = z.object({
  seq: z.number({ error: "seq: the newest seq you have seen." }).int().min(0).max(Number.MAX_SAFE_INTEGER),
}).strict();

app.post("/:id/read", async (c) => {
  const { db, actor, services, userId } = caller(c);
  const id = channelId(c);
  const { seq } = await jsonBody(c, readBody);
  const stored = await markRead(db, actor, id, seq);
  // read receipts are not numbered: straight to the channel and the reader's other tabs
  publishChatEvent(services, [channelRoom(id), userRoom(userId)], "chat:read", {
    channel_id: id,
    user_id: userId,
    seq: stored,
  });
  return c.json({ data: { channel_id: id, seq: stored } });
});

// OpenAPI ---------------------------------------------------------------------------------------------------
const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const json = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: true,
  content: { "application/json": { schema: { type: "object", additionalProperties: false, required, properties } } },
});
const uuidArray = { type: "array", items: { type: "string", format: "uuid" } };
const tags = ["chat"];

registerPath("/api/v1/channels", {
  get: {
    tags,
    summary: "Your channels and direct messages, and the public channels you could join",
    description: "Each with is_member, member_count, members (direct messages), last_seq, last_read_seq, " +
      "unread_count and mention_count (top-level messages after your read position).",
    responses: { "200": { description: "{ data: [Channel] }" } },
  },
  post: {
    tags,
    summary: "Create a channel (you become its admin)",
    requestBody: json({
      name: { type: "string", maxLength: 80, description: "Lower-cased; spaces become dashes." },
      type: { type: "string", enum: ["public", "private"], default: "public" },
      topic: { type: "string", maxLength: 250 },
      description: { type: "string", maxLength: 1000 },
      member_ids: uuidArray,
    }, ["name"]),
    responses: {
      "201": { description: "{ data: Channel }" },
      "403": error("Viewers cannot create channels."),
      "409": error("A channel with that name exists."),
      "422": error("Invalid input."),
    },
  },
});
registerPath("/api/v1/channels/direct", {
  post: {
    tags,
    summary: "Find or create the direct message with 1 other person (dm) or 2–8 others (group_dm)",
    requestBody: json({ user_ids: { ...uuidArray, minItems: 1, maxItems: 8 } }, ["user_ids"]),
    responses: {
      "200": { description: "The existing conversation." },
      "201": { description: "A new conversation." },
      "404": error("Someone is not in this workspace."),
    },
  },
});
registerPath("/api/v1/channels/{id}", {
  parameters: [idParam],
  get: {
    tags,
    summary: "One channel",
    responses: { "200": { description: "{ data: Channel }" }, "404": error("Not found.") },
  },
  patch: {
    tags,
    summary: "Set topic/description (members); rename or archive (channel or workspace admins)",
    requestBody: json({
      name: { type: "string", maxLength: 80 },
      topic: { type: "string", maxLength: 250 },
      description: { type: "string", maxLength: 1000 },
      archived: { type: "boolean" },
    }),
    responses: { "200": { description: "{ data: Channel }" }, "403": error("Not allowed."), "409": error("Archived.") },
  },
});
registerPath("/api/v1/channels/{id}/join", {
  parameters: [idParam],
  post: { tags, summary: "Join a public channel", responses: { "200": { description: "{ data: Channel }" } } },
});
registerPath("/api/v1/channels/{id}/leave", {
  parameters: [idParam],
  post: { tags, summary: "Leave a channel", responses: { "200": { description: "{ data: { left } }" } } },
});
registerPath("/api/v1/channels/{id}/members", {
  parameters: [idParam],
  get: { tags, summary: "Members with role and read position", responses: { "200": { description: "{ data }" } } },
  post: {
    tags,
    summary: "Add people (any member; not for direct messages)",
    requestBody: json({ user_ids: uuidArray }, ["user_ids"]),
    responses: { "200": { description: "{ data: members, added }" }, "404": error("Not in this workspace.") },
  },
});
registerPath("/api/v1/channels/{id}/members/{userId}", {
  parameters: [idParam, { name: "userId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
  delete: {
    tags,
    summary: "Remove someone (yourself, or anyone as channel or workspace admin)",
    responses: { "200": { description: "{ data: { removed } }" }, "403": error("Not allowed.") },
  },
});
registerPath("/api/v1/channels/{id}/messages", {
  parameters: [idParam],
  get: {
    tags,
    summary: "History newest first (before=<seq>, limit), or a thread's replies oldest first (thread=<id>)",
    parameters: [
      { name: "before", in: "query", schema: { type: "integer", minimum: 1 } },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
      { name: "thread", in: "query", schema: { type: "string", format: "uuid" } },
    ],
    responses: { "200": { description: "{ data: [Message], next_before } or { root, data }" } },
  },
  post: {
    tags,
    summary: "Post a message (idempotent on client_id)",
    requestBody: json({
      client_id: { type: "string", format: "uuid" },
      body: { type: "string", maxLength: 4000 },
      parent_id: { type: "string", format: "uuid", nullable: true },
    }, ["client_id", "body"]),
    responses: {
      "201": { description: "{ data: Message }" },
      "200": { description: "Already sent with this client_id: the stored message." },
      "403": error("Not a member."),
      "409": error("Archived channel."),
      "413": error("Longer than 4,000 characters."),
    },
  },
});
registerPath("/api/v1/channels/{id}/pins", {
  parameters: [idParam],
  get: { tags, summary: "Pinned messages", responses: { "200": { description: "{ data: [Message] }" } } },
});
registerPath("/api/v1/channels/{id}/read", {
  parameters: [idParam],
  post: {
    tags,
    summary: "Move your read position forward",
    requestBody: json({ seq: { type: "integer", minimum: 0 } }, ["seq"]),
    responses: { "200": { description: "{ data: { seq } }" }, "403": error("Not a member.") },
  },
});
