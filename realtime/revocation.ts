// Access revocation: sockets are authorised at their handshake, so when a person loses access the server
// must close their open sockets itself. The database announces every such change on `leadly_access`
// (migration *_realtime_access_revocation.sql: team member removed or role changed, sessions ended by
// logout, password change or account deletion), every app process hears it, and each closes its own
// sockets concerned (the other processes do the same with theirs). The client gets an `error` event
// `{ code, message }` and then `disconnect` ("io server disconnect"); a fresh handshake decides again.
//
// Revocations of the last few minutes are also remembered here, for two gaps socket.io leaves:
// a handshake that was already past its checks when the revocation arrived (its socket is closed as it
// connects), and connection-state recovery, which replays missed room events before any middleware runs
// (a recently revoked user's or session's stored socket session is not restored).
import type { Server, Socket } from "socket.io";
import type { Db } from "../lib/db/mod.ts";
import { isUuid } from "../lib/ids.ts";
import type { SocketUser } from "./auth.ts";

export const ACCESS_CHANNEL = "leadly_access";

export type AccessReason = "member_removed" | "role_changed" | "session_ended";

export interface AccessChange {
  reason: AccessReason;
  user_id: string;
  team_id?: string;
  /** For session_ended: the sessions that ended; absent means all of the user's. */
  session_ids?: string[];
}

const MESSAGES: Record<AccessReason, { code: string; message: string }> = {
  member_removed: {
    code: "access_changed",
    message: "Your access to a workspace changed. Reconnect to continue with what you may still see.",
  },
  role_changed: {
    code: "access_changed",
    message: "Your role in a workspace changed. Reconnect to continue with your new permissions.",
  },
  session_ended: { code: "session_ended", message: "You were signed out. Sign in again." },
};

export function parseAccessChange(text: string): AccessChange | null {
  let value: Partial<AccessChange> | null;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || !isUuid(value.user_id)) return null;
  if (!(value.reason === "member_removed" || value.reason === "role_changed" || value.reason === "session_ended")) {
    return null;
  }
  const sessions = Array.isArray(value.session_ids)
    ? value.session_ids.filter((id): id is string => isUuid(id))
    : undefined;
  return {
    reason: value.reason,
    user_id: value.user_id.toLowerCase(),
    team_id: typeof value.team_id === "string" ? value.team_id : undefined,
    session_ids: sessions?.map((id) => id.toLowerCase()),
  };
}

/** What a change revokes: `session:<id>` for each ended session, or `user:<id>` (all of the user's sockets). */
export function keysOf(change: AccessChange): string[] {
  // Removal and role change close every socket of the person, not only those working in that team: a socket
  // in another team may still have joined rooms (notes shared across teams) that relied on the old access.
  if (change.reason === "session_ended" && change.session_ids) return change.session_ids.map((id) => `session:${id}`);
  return [`user:${change.user_id}`];
}

/** Recent revocations, by `user:<id>` and `session:<id>`: a counter for "since", a time for "recently". */
export class Revocations {
  #epoch = 0;
  #recent = new Map<string, { epoch: number; at: number }>();

  constructor(readonly keepMs: number, readonly now: () => number = Date.now) {}

  /** Goes up with every revocation; a handshake notes it when it starts. */
  get epoch(): number {
    return this.#epoch;
  }

  record(change: AccessChange) {
    const at = this.now();
    const epoch = ++this.#epoch;
    for (const [key, entry] of this.#recent) if (at - entry.at > this.keepMs) this.#recent.delete(key);
    for (const key of keysOf(change)) this.#recent.set(key, { epoch, at });
  }

  #keys(user: Pick<SocketUser, "userId" | "sessionId">) {
    return [`user:${user.userId}`, `session:${user.sessionId}`];
  }

  /** Whether the user or their session lost access after `epoch`. */
  revokedSince(user: Pick<SocketUser, "userId" | "sessionId">, epoch: number): boolean {
    return this.#keys(user).some((key) => (this.#recent.get(key)?.epoch ?? 0) > epoch);
  }

  /** Whether the user or their session lost access within keepMs. */
  revokedRecently(user: Pick<SocketUser, "userId" | "sessionId">): boolean {
    const now = this.now();
    return this.#keys(user).some((key) => {
      const entry = this.#recent.get(key);
      return entry !== undefined && now - entry.at <= this.keepMs;
    });
  }
}

/**
 * Sends `error` to the socket, then closes it. Not socket.emit(): with connection-state recovery that goes
 * through the adapter, which with Redis first appends it to the stream, so it would arrive after the close
 * (that is, never). A local emit is written at once; the socket will not be recovered, so no offset is needed.
 */
export function tellAndClose(io: Server, socket: Socket, error: { code: string; message: string }) {
  io.local.to(socket.id).emit("error", error);
  socket.disconnect(true);
}

/**
 * Tells this process's sockets concerned why, then closes them. Picked by their socket.data rather than by
 * room: a client can `leave` any room, but not change who it is.
 */
export function closeSockets(io: Server, change: AccessChange): number {
  const keys = new Set(keysOf(change));
  let closed = 0;
  for (const socket of io.of("/").sockets.values()) {
    const user = (socket.data as { user?: SocketUser }).user;
    if (!user || !(keys.has(`user:${user.userId}`) || keys.has(`session:${user.sessionId}`))) continue;
    tellAndClose(io, socket, MESSAGES[change.reason]);
    closed++;
  }
  return closed;
}

/** Starts listening; resolves once listening, with the function that stops it. */
export function listenForRevocations(
  io: Server,
  db: Db,
  revocations: Revocations,
): Promise<() => Promise<void>> {
  return db.listen(ACCESS_CHANNEL, (text) => {
    const change = parseAccessChange(text);
    if (!change) {
      console.error("leadly_access: ignored a notification that is not an access change", text.slice(0, 200));
      return;
    }
    revocations.record(change);
    closeSockets(io, change);
  });
}
