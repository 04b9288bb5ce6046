// join / leave / sync: entering the rooms a user may see, and catching up on what was missed.
import { z } from "zod";
import { handle, parse, RealtimeError } from "../handle.ts";
import type { RealtimeContext, SocketHandler } from "../context.ts";

const roomInput = z.object({ room: z.string().min(1).max(200) }).strict();
const syncInput = z.object({ room: z.string().min(1).max(200), since: z.number().int().min(0) }).strict();

export const roomHandlers: SocketHandler = (socket, ctx: RealtimeContext) => {
  const { user } = ctx.data(socket);

  handle(socket, "join", async (payload) => {
    const { room } = parse(roomInput, payload);
    const allowed = await ctx.policy.authorize(user, room);
    socket.join(allowed);
    return { ok: true, room: allowed, last_seq: await ctx.lastSeq(allowed, user) };
  });

  handle(socket, "leave", (payload) => {
    const { room } = parse(roomInput, payload);
    socket.leave(room);
    return { ok: true, room };
  });

  handle(socket, "sync", async (payload) => {
    const { room, since } = parse(syncInput, payload);
    if (!socket.rooms.has(room)) throw new RealtimeError("forbidden", "Join the room before asking for its events.");
    // Up to 500 buffered events: the right to them is checked again (membership may have changed since join).
    try {
      await ctx.policy.authorize(user, room);
    } catch (error) {
      socket.leave(room);
      throw error;
    }
    return { ok: true, room, ...(await ctx.since(room, since, user)) };
  });
};
