// Channel changes with what they tell sockets: each write here returns its result and the ChatOutput the edge
// hands to services.chat.publish, so the rooms a change reaches (the channel, its members, the whole team for
// a public channel) are decided here, once, not in each route.
import type { Db } from "../db/mod.ts";
import type { ChannelNotice, ChatOutput } from "./broadcast.ts";
import { noticeRooms } from "./broadcast.ts";
import {
  addMembers,
  createChannel,
  type createChannelInput,
  directChannel,
  getChannel,
  joinChannel,
  memberIds,
  removeMember,
  updateChannel,
  type updateChannelInput,
} from "./channels.ts";
import type { ChatActor } from "./messages.ts";
import type { z } from "zod";

type Channel = { id: string; type: string };

/** The notice about `action` on `channel`, and the sockets to evict (people removed from a private one). */
async function told(
  db: Db,
  actor: ChatActor,
  channel: Channel,
  action: ChannelNotice["action"],
  extra: { userIds?: string[]; evict?: string[] } = {},
): Promise<ChatOutput> {
  // After a leave the caller may no longer read the members: the notice still reaches the channel's room.
  const members = await memberIds(db, actor, channel.id).catch(() => [] as string[]);
  const rooms = noticeRooms(channel.id, [...members, ...(extra.userIds ?? [])]);
  if (channel.type === "public") rooms.push(`team:${actor.teamId}`);
  return {
    notices: [{
      rooms,
      notice: { channel_id: channel.id, action, ...(extra.userIds ? { user_ids: extra.userIds } : {}) },
    }],
    evictions: (extra.evict ?? []).map((userId) => ({ userId, channelId: channel.id })),
  };
}

/** Private channels shut their room to people who leave or are removed; public ones stay readable. */
const evicted = (channel: Channel, userId: string) => channel.type === "public" ? [] : [userId];

export async function create(db: Db, actor: ChatActor, input: z.infer<typeof createChannelInput>) {
  const channel = await createChannel(db, actor, input);
  return { channel, output: await told(db, actor, channel, "created") };
}

/** The direct conversation with these people, opened when it did not exist (only then is anyone told). */
export async function openDirect(db: Db, actor: ChatActor, userIds: string[]) {
  const { channel, created } = await directChannel(db, actor, userIds);
  return { channel, created, output: created ? await told(db, actor, channel, "created") : {} };
}

export async function update(db: Db, actor: ChatActor, id: string, input: z.infer<typeof updateChannelInput>) {
  const channel = await updateChannel(db, actor, id, input);
  return { channel, output: await told(db, actor, channel, "updated") };
}

export async function join(db: Db, actor: ChatActor, id: string) {
  const channel = await joinChannel(db, actor, id);
  return { channel, output: await told(db, actor, channel, "joined", { userIds: [actor.claims.sub] }) };
}

export const leave = (db: Db, actor: ChatActor, id: string) => out(db, actor, id, actor.claims.sub, "left");

/** Someone allowed to removes `userId` from the channel. */
export const removePerson = (db: Db, actor: ChatActor, id: string, userId: string) =>
  out(db, actor, id, userId, "removed");

/** Takes `userId` out of the channel; nothing is told when they were not in it. */
async function out(db: Db, actor: ChatActor, id: string, userId: string, action: "left" | "removed") {
  const channel = await getChannel(db, actor, id);
  const removed = await removeMember(db, actor, id, userId);
  const output = removed
    ? await told(db, actor, channel, action, { userIds: [userId], evict: evicted(channel, userId) })
    : {};
  return { removed, output };
}

export async function add(db: Db, actor: ChatActor, id: string, userIds: string[]) {
  const added = await addMembers(db, actor, id, userIds);
  const channel = await getChannel(db, actor, id);
  return { added, output: added > 0 ? await told(db, actor, channel, "added", { userIds }) : {} };
}
