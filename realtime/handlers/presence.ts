// Presence and viewers. `presence:set` (status + custom text), `presence:heartbeat` (still here; idle or not),
// `presence:list`; `presence.changed` goes to the team room whenever what teammates see changes, including
// "offline" once a person's last socket in that team closed (counted with fetchSockets, so it holds across app
// processes sharing an adapter). `viewing:start/stop {room: record:<type>:<id>}` keep "who has this record open"
// and send `viewers.changed` to the record room; a closed socket stops viewing everything.
import type { RemoteSocket, Socket } from "socket.io";
import { z } from "zod";
import { AppError } from "../../lib/errors.ts";
import { handle, parse, RealtimeError } from "../handle.ts";
import type { RealtimeContext, RealtimeSetup, SocketHandler } from "../context.ts";
import type { SocketUser } from "../auth.ts";
import {
  CHOSEN_STATUSES,
  CUSTOM_STATUS_MAX,
  listPresence,
  memberName,
  savePresence,
  type StoredPresence,
} from "../../lib/presence/store.ts";
import type { PresenceInfo, Viewer } from "../../lib/presence/protocol.ts";

export const presenceOptions = {
  /**
   * A page navigation closes the socket and opens a new one a moment later: wait this long before saying
   * "offline". Tests run without it (no timers left behind).
   */
  offlineGraceMs: Deno.env.get("LEADLY_TEST") === "1" ? 0 : 4_000,
  /** last_seen_at is written at most this often by heartbeats. */
  touchEveryMs: 60_000,
};

interface PresenceData {
  user: SocketUser;
  presence?: {
    idle: boolean;
    touchedAt: number;
    name?: string;
    viewing: string[];
  };
}

type AnySocket = Socket | RemoteSocket<Record<string, never>, unknown>;

const setInput = z.object({
  status: z.enum(CHOSEN_STATUSES, { error: "status is online, away or busy." }),
  custom_status: z.string().max(CUSTOM_STATUS_MAX, `Keep the custom status under ${CUSTOM_STATUS_MAX} characters.`)
    .nullable().optional(),
}).strict();
const heartbeatInput = z.object({ idle: z.boolean().optional() }).strict().optional();
const viewingInput = z.object({ room: z.string().min(1).max(200) }).strict();

function stateOf(socket: AnySocket) {
  const data = socket.data as PresenceData;
  data.presence ??= { idle: false, touchedAt: 0, viewing: [] };
  return data.presence;
}

/** The user's other sockets in the same team, on every process. */
async function teamSocketsOf(ctx: RealtimeContext, user: SocketUser) {
  const sockets = await ctx.io.in(`user:${user.userId}`).fetchSockets();
  return sockets.filter((s) => (s.data as PresenceData)?.user?.teamId === user.teamId);
}

function broadcast(ctx: RealtimeContext, teamId: string, saved: StoredPresence) {
  const event: PresenceInfo = {
    user_id: saved.user_id,
    status: saved.status,
    custom_status: saved.custom_status,
    last_seen_at: saved.last_seen_at,
  };
  ctx.io.to(`team:${teamId}`).emit("presence.changed", event);
}

async function nameOf(ctx: RealtimeContext, socket: Socket, user: SocketUser): Promise<string> {
  const state = stateOf(socket);
  if (state.name) return state.name;
  state.name = (await memberName(ctx.services.db, user.claims, user.userId, user.teamId)) ?? "Teammate";
  return state.name;
}

/** Everyone viewing `room` now (one entry per person), to everyone in it. */
async function announceViewers(ctx: RealtimeContext, room: string): Promise<Viewer[]> {
  const sockets = await ctx.io.in(room).fetchSockets();
  const viewers = new Map<string, Viewer>();
  for (const s of sockets) {
    const data = s.data as PresenceData;
    if (!data?.user || !data.presence?.viewing.includes(room)) continue;
    viewers.set(data.user.userId, { user_id: data.user.userId, name: data.presence.name ?? "Teammate" });
  }
  const list = [...viewers.values()].sort((a, b) => a.name.localeCompare(b.name));
  ctx.io.to(room).emit("viewers.changed", { room, viewers: list });
  return list;
}

const stopped = new WeakSet<RealtimeContext>();

/** Marks the server as stopping: sockets closed by the shutdown are not errors worth logging. */
export const presenceSetup: RealtimeSetup = (ctx) => () => {
  stopped.add(ctx);
};

export const presenceHandlers: SocketHandler = (socket, ctx) => {
  const { user } = ctx.data(socket);
  const db = ctx.services.db;
  const state = stateOf(socket);
  const closed = () => stopped.has(ctx);

  /** Saves this person's presence as the sockets of the team now show it, and tells the team if it changed. */
  const refresh = async (change: { chosen?: "online" | "away" | "busy"; custom_status?: string | null } = {}) => {
    const sockets = await teamSocketsOf(ctx, user);
    const connected = sockets.length > 0;
    const idle = connected && sockets.every((s) => stateOf(s).idle);
    const saved = await savePresence(db, user.claims, user.teamId, { ...change, connected, idle });
    if (saved.changed || change.chosen !== undefined || change.custom_status !== undefined) {
      broadcast(ctx, user.teamId, saved);
    }
    return saved;
  };

  // Connected: online again (or back to the status they chose).
  state.touchedAt = Date.now();
  refresh().catch((error) => !closed() && console.error("presence: could not mark online", error));

  handle(socket, "presence:set", async (payload) => {
    const input = parse(setInput, payload);
    state.idle = false;
    const saved = await refresh({
      chosen: input.status,
      ...(input.custom_status !== undefined ? { custom_status: input.custom_status } : {}),
    });
    return { ok: true, presence: { ...saved, changed: undefined } };
  });

  handle(socket, "presence:heartbeat", async (payload) => {
    const input = parse(heartbeatInput, payload) ?? {};
    const idle = input.idle ?? false;
    const now = Date.now();
    if (idle === state.idle && now - state.touchedAt < presenceOptions.touchEveryMs) {
      return { ok: true };
    }
    state.idle = idle;
    state.touchedAt = now;
    const saved = await refresh();
    return { ok: true, status: saved.status };
  });

  handle(socket, "presence:list", async () => {
    const sockets = await ctx.io.in(`team:${user.teamId}`).fetchSockets();
    const connected = new Set(sockets.map((s) => (s.data as PresenceData)?.user?.userId).filter(Boolean));
    const members = await listPresence(db, user.claims, user.teamId, connected);
    return { ok: true, me: user.userId, members };
  });

  handle(socket, "viewing:start", async (payload) => {
    const { room } = parse(viewingInput, payload);
    if (!room.startsWith("record:")) {
      throw new RealtimeError("invalid_room", "Viewing is for record rooms: record:<type>:<id>.");
    }
    const allowed = await ctx.policy.authorize(user, room);
    await nameOf(ctx, socket, user);
    socket.join(allowed);
    if (!state.viewing.includes(allowed)) state.viewing.push(allowed);
    return { ok: true, room: allowed, viewers: await announceViewers(ctx, allowed) };
  });

  handle(socket, "viewing:stop", async (payload) => {
    const { room } = parse(viewingInput, payload);
    const at = state.viewing.indexOf(room);
    if (at < 0) return { ok: true, room };
    state.viewing.splice(at, 1);
    await announceViewers(ctx, room);
    return { ok: true, room };
  });

  socket.on("disconnect", () => {
    const viewing = state.viewing.splice(0);
    // The socket has left its rooms by now: what fetchSockets finds is everyone else.
    for (const room of viewing) announceViewers(ctx, room).catch(() => {});
    const goOffline = () => {
      refresh().catch((error) => {
        // The server (and its database) may be shutting down; nothing to tell anyone then. Nor when the
        // person just left the team (their socket was closed for it): the presence row went with the membership.
        if (closed() || (error instanceof AppError && error.status === 403)) return;
        console.error("presence: could not mark offline", error);
      });
    };
    if (presenceOptions.offlineGraceMs > 0) setTimeout(goOffline, presenceOptions.offlineGraceMs);
    else goOffline();
  });
};
