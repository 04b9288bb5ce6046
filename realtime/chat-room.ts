// The `channel:<id>` room kind: who may join (members; any team member for a public channel of their own
// team, to preview it), and the room's numbering and replay straight from the database.
import type { SyncResult } from "../lib/bus/change-bus.ts";
import type { RoomKind } from "./rooms.ts";
import { isUuid } from "../lib/ids.ts";
import { RoomError } from "./rooms.ts";
import { channelEventsSince } from "../lib/chat/messages.ts";

export const channelRoomKind: RoomKind = {
  pattern: "channel:<id>",
  async authorize(user, parts, db) {
    const id = parts.length === 1 && isUuid(parts[0]) ? parts[0].toLowerCase() : null;
    if (!id) throw new RoomError("invalid_room", "That is not a room: a channel room is channel:<id>.");
    const rows = await db.asUser(
      user.claims,
      (tx) =>
        tx.query<{ team_id: string; readable: boolean }>(
          `select team_id, (type = 'public' or app.is_channel_member(id)) as readable
           from public.channels where id = $1`,
          [id],
        ),
    );
    if (rows.length === 0 || !rows[0].readable) {
      throw new RoomError("not_found", "That channel does not exist or you are not in it.");
    }
    if (rows[0].team_id !== user.teamId) {
      throw new RoomError("forbidden", "That channel belongs to another workspace; switch teams first.");
    }
    return `channel:${id}`;
  },
  async lastSeq(room, user, db) {
    const rows = await db.asUser(
      user.claims,
      (tx) =>
        tx.query<{ last_seq: string | number }>("select last_seq from public.channels where id = $1", [
          room.slice("channel:".length),
        ]),
    );
    return Number(rows[0]?.last_seq ?? 0);
  },
  async since(room, since, user, db) {
    // chat events carry a Message as payload instead of the bus's record fields; clients read room, seq, type
    return await channelEventsSince(db, user.claims, room.slice("channel:".length), since) as unknown as SyncResult;
  },
};
