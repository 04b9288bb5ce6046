// Chat over the socket: chat:send / edit / delete / react / pin (committed in Postgres under the user's RLS,
// then broadcast to `channel:<id>` with the channel's database seq), chat:typing and chat:read (not
// numbered, not replayed). The `channel` room kind and the transport HTTP routes publish through are set up
// once at start. The protocol, event by event: docs/chat-protocol.md.
import { z } from "zod";
import type { RealtimeContext, RealtimeSetup, SocketHandler } from "../context.ts";
import { handle, parse, RealtimeError } from "../handle.ts";
import { channelRoomKind } from "../chat-room.ts";
import { type ChatTransport, emitChatEvents } from "../../lib/chat/broadcast.ts";
import {
  type ChatActor,
  deleteMessage,
  editInput,
  editMessage,
  messageIdInput,
  pinInput,
  pinMessage,
  reactInput,
  reactToMessage,
  readChannel,
  readInput,
  sendInput,
  sendMessage,
  type WriteResult,
} from "../../lib/chat/messages.ts";
import { channelRoom, type ChatEvent, userRoom } from "../../lib/chat/types.ts";
import { readConversationNotifications } from "../../lib/chat/unread.ts";
import { typistName } from "../../lib/chat/typing.ts";

const typingInput = z.object({
  channel_id: z.string().uuid("channel_id must be an id.").transform((id) => id.toLowerCase()),
  typing: z.boolean({ error: "typing: true or false." }),
}).strict();

function socketTransport(ctx: RealtimeContext): ChatTransport {
  return {
    emit: (rooms, name, payload) => ctx.io.to(rooms).emit(name, payload),
    emitExcept: (rooms, except, name, payload) => ctx.io.to(rooms).except(except).emit(name, payload),
    evict: (userId, room) => ctx.io.in(userRoom(userId)).socketsLeave(room),
  };
}

export const chatSetup: RealtimeSetup = (ctx) => {
  ctx.policy.register("channel", channelRoomKind);
  ctx.services.chat.attach(socketTransport(ctx));
  return () => ctx.services.chat.attach(null);
};

function broadcast(ctx: RealtimeContext, events: ChatEvent[]) {
  emitChatEvents(socketTransport(ctx), events);
}

export const chatHandlers: SocketHandler = (socket, ctx) => {
  const { user } = ctx.data(socket);
  const actor: ChatActor = { claims: user.claims, teamId: user.teamId };
  const { db, config } = ctx.services;
  let name: Promise<string> | null = null;

  const reply = (result: WriteResult) => {
    broadcast(ctx, result.events);
    return { ok: true, message: result.message };
  };

  handle(
    socket,
    "chat:send",
    async (payload) => reply(await sendMessage(db, actor, parse(sendInput, payload), config.publicUrl)),
  );
  handle(
    socket,
    "chat:edit",
    async (payload) => reply(await editMessage(db, actor, parse(editInput, payload), config.publicUrl)),
  );
  handle(
    socket,
    "chat:delete",
    async (payload) => reply(await deleteMessage(db, actor, parse(messageIdInput, payload).message_id)),
  );
  handle(socket, "chat:react", async (payload) => reply(await reactToMessage(db, actor, parse(reactInput, payload))));
  handle(socket, "chat:pin", async (payload) => reply(await pinMessage(db, actor, parse(pinInput, payload))));

  handle(socket, "chat:typing", async (payload) => {
    const { channel_id, typing } = parse(typingInput, payload);
    const room = channelRoom(channel_id);
    // joining the room was the permission check; typing costs no database round trip
    if (!socket.rooms.has(room)) throw new RealtimeError("forbidden", "Join the channel's room before typing in it.");
    name ??= typistName(db, actor);
    socket.to(room).emit("chat:typing", { channel_id, user_id: user.userId, name: await name, typing });
    return { ok: true };
  });

  handle(socket, "chat:read", async (payload) => {
    const { channel_id, seq } = parse(readInput, payload);
    const { seq: stored, output } = await readChannel(db, actor, channel_id, seq);
    ctx.services.chat.publish(output);
    // what chat showed is no news for the bell any more (its other tabs hear the new count)
    await readConversationNotifications(ctx.services, actor, channel_id, stored);
    return { ok: true, seq: stored };
  });
};
