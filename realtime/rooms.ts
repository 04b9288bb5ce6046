// Which rooms a socket may join. A room name is `<kind>:<rest>`; each kind (team, user, record here;
// channel and note from their own modules) says who may join it and, when its events live in the
// database rather than the change bus, how to number and replay them.
import type { Db } from "../lib/db/mod.ts";
import { isUuid } from "../lib/ids.ts";
import { isRecordKind, RECORD_KINDS, type RecordKind } from "../lib/record-types.ts";
import { recordTeamOf } from "../lib/records/records.ts";
import { isTeamMember } from "../lib/teams.ts";
import type { SocketUser } from "./auth.ts";
import type { SyncResult } from "../lib/bus/change-bus.ts";

export class RoomError extends Error {
  constructor(readonly code: "invalid_room" | "forbidden" | "not_found", message: string) {
    super(message);
  }
}

export interface RoomKind {
  /** Shown in the "not a room" message, e.g. "channel:<id>". */
  pattern: string;
  /** The canonical room name when `user` may join `parts` (the name split on ":" minus the kind). */
  authorize(user: SocketUser, parts: string[], db: Db): Promise<string>;
  /** For rooms whose events are stored in the database (chat): newest id, and replay after `since`. */
  lastSeq?(room: string, user: SocketUser, db: Db): Promise<number>;
  since?(room: string, since: number, user: SocketUser, db: Db): Promise<SyncResult>;
}

function uuidPart(parts: string[], index = 0): string | null {
  const part = parts[index];
  return part !== undefined && isUuid(part) ? part.toLowerCase() : null;
}

const teamRoom: RoomKind = {
  pattern: "team:<id>",
  async authorize(user, parts, db) {
    const id = parts.length === 1 ? uuidPart(parts) : null;
    if (!id) throw new RoomError("invalid_room", "That is not a room: a team room is team:<id>.");
    if (id !== user.teamId) throw new RoomError("forbidden", "You can only join your own team's room.");
    // The handshake's team is a snapshot: membership is read again (a removed member's socket may still be open).
    if (!(await isTeamMember(db, user.claims, id))) {
      throw new RoomError("forbidden", "You are no longer a member of that team.");
    }
    return `team:${id}`;
  },
};

const userRoom: RoomKind = {
  pattern: "user:<id>",
  authorize(user, parts) {
    const id = parts.length === 1 ? uuidPart(parts) : null;
    if (!id) throw new RoomError("invalid_room", "That is not a room: a user room is user:<id>.");
    if (id !== user.userId) throw new RoomError("forbidden", "You can only join your own user room.");
    return Promise.resolve(`user:${id}`);
  },
};

const recordRoom: RoomKind = {
  pattern: `record:<${Object.keys(RECORD_KINDS).join("|")}>:<id>`,
  async authorize(user, parts, db) {
    const [recordType] = parts;
    const id = parts.length === 2 && isRecordKind(recordType) ? uuidPart(parts, 1) : null;
    if (!id) throw new RoomError("invalid_room", `That is not a room: a record room is ${recordRoom.pattern}.`);
    const teamId = await recordTeamOf(db, user.claims, recordType as RecordKind, id);
    if (!teamId) throw new RoomError("not_found", `That ${recordType} does not exist or is not yours.`);
    if (teamId !== user.teamId) {
      throw new RoomError("forbidden", `That ${recordType} belongs to another workspace; switch teams first.`);
    }
    return `record:${recordType}:${id}`;
  },
};

export class RoomPolicy {
  #kinds = new Map<string, RoomKind>([["team", teamRoom], ["user", userRoom], ["record", recordRoom]]);

  constructor(readonly db: Db) {}

  /** Adds a room kind (chat channels, notes). */
  register(kind: string, rules: RoomKind) {
    this.#kinds.set(kind, rules);
  }

  kindOf(room: string): RoomKind | undefined {
    return this.#kinds.get(room.split(":")[0]);
  }

  /** The canonical room name when the user may join it; throws RoomError otherwise. */
  authorize(user: SocketUser, room: string): Promise<string> {
    const [kind, ...parts] = room.split(":");
    const rules = this.#kinds.get(kind);
    if (!rules) {
      const patterns = [...this.#kinds.values()].map((k) => k.pattern).join(", ");
      throw new RoomError("invalid_room", `"${room.slice(0, 80)}" is not a room. Use one of: ${patterns}.`);
    }
    return rules.authorize(user, parts, this.db);
  }
}
