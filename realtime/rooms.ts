// Which rooms a socket may join: its own team's and user's rooms, and rooms of records that RLS shows it
// in its current team. Plain logic, no socket.io: the server maps results to acks.
import type { Db } from "../lib/db/mod.ts";
import type { SocketUser } from "./auth.ts";

/** Record types that have a room, and the table RLS is asked about. */
export const RECORD_TABLES: Record<string, string> = {
  deal: "public.deals",
  contact: "public.contacts",
  company: "public.companies",
  lead: "public.leads",
  task: "public.tasks",
  activity: "public.activities",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ParsedRoom =
  | { kind: "team"; id: string }
  | { kind: "user"; id: string }
  | { kind: "record"; recordType: string; id: string };

export class RoomError extends Error {
  constructor(readonly code: "invalid_room" | "forbidden" | "not_found", message: string) {
    super(message);
  }
}

export function parseRoom(room: string): ParsedRoom {
  const parts = room.split(":");
  if (parts.length === 2 && (parts[0] === "team" || parts[0] === "user") && UUID.test(parts[1])) {
    return { kind: parts[0], id: parts[1].toLowerCase() };
  }
  if (parts.length === 3 && parts[0] === "record" && parts[1] in RECORD_TABLES && UUID.test(parts[2])) {
    return { kind: "record", recordType: parts[1], id: parts[2].toLowerCase() };
  }
  throw new RoomError(
    "invalid_room",
    `"${room.slice(0, 80)}" is not a room. Use team:<id>, user:<id> or record:<${
      Object.keys(RECORD_TABLES).join("|")
    }>:<id>.`,
  );
}

export class RoomPolicy {
  constructor(readonly db: Db) {}

  /** The canonical room name when the user may join it; throws RoomError otherwise. */
  async authorize(user: SocketUser, room: string): Promise<string> {
    const parsed = parseRoom(room);
    if (parsed.kind === "team") {
      if (parsed.id !== user.teamId) throw new RoomError("forbidden", "You can only join your own team's room.");
      return `team:${parsed.id}`;
    }
    if (parsed.kind === "user") {
      if (parsed.id !== user.userId) throw new RoomError("forbidden", "You can only join your own user room.");
      return `user:${parsed.id}`;
    }
    const table = RECORD_TABLES[parsed.recordType];
    const rows = await this.db.asUser(
      user.claims,
      (tx) =>
        tx.query<{ team_id: string }>(`select team_id from ${table} where id = $1 and deleted_at is null`, [parsed.id]),
    );
    if (rows.length === 0) {
      throw new RoomError("not_found", `That ${parsed.recordType} does not exist or is not yours.`);
    }
    if (rows[0].team_id !== user.teamId) {
      throw new RoomError("forbidden", `That ${parsed.recordType} belongs to another workspace; switch teams first.`);
    }
    return `record:${parsed.recordType}:${parsed.id}`;
  }
}
