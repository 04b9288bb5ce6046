// Presence in the database: each member's chosen status, custom status text and last-seen time, read and written
// as the member (RLS: teammates read, only the person writes their own row).
import type { UserClaims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import type { PresenceStatus } from "./protocol.ts";
import type { Change } from "../bus/change-bus.ts";

export type { PresenceStatus };
export type ChosenStatus = Exclude<PresenceStatus, "offline">;

export const CHOSEN_STATUSES = ["online", "away", "busy"] as const;
export const CUSTOM_STATUS_MAX = 100;

export interface MemberPresence {
  user_id: string;
  name: string;
  status: PresenceStatus;
  custom_status: string | null;
  last_seen_at: string | null;
}

interface Row {
  user_id: string;
  name: string | null;
  email: string | null;
  status: PresenceStatus | null;
  chosen_status: ChosenStatus | null;
  custom_status: string | null;
  last_seen_at: Date | string | null;
}

const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/** A teammate's name for presence lists: the profile's name, else the start of their address; null if neither. */
export async function memberName(db: Db, claims: UserClaims, userId: string, teamId: string): Promise<string | null> {
  const [row] = await db.asUser(claims, (tx) =>
    tx.query<{ name: string | null }>(
      `select coalesce(nullif(p.full_name, ''), split_part(app.member_email($2, $1), '@', 1)) as name
       from (select 1) one left join public.profiles p on p.id = $1`,
      [userId, teamId],
    ));
  return row?.name || null;
}

/**
 * Every member of the team with their presence. `connected` is who has a socket open right now (across every
 * app process): they are never shown offline, and nobody else is shown online, whatever a crashed process left
 * in the table.
 */
export async function listPresence(
  db: Db,
  claims: UserClaims,
  teamId: string,
  connected: Set<string> | null,
): Promise<MemberPresence[]> {
  const rows = await db.asUser(claims, (tx) =>
    tx.query<Row>(
      `select m.user_id, nullif(p.full_name, '') as name, app.member_email(m.team_id, m.user_id) as email,
              mp.status, mp.chosen_status, mp.custom_status, mp.last_seen_at
       from public.team_members m
       left join public.profiles p on p.id = m.user_id
       left join public.member_presence mp on mp.team_id = m.team_id and mp.user_id = m.user_id
       where m.team_id = $1
       order by lower(coalesce(nullif(p.full_name, ''), m.user_id::text))`,
      [teamId],
    ));
  return rows.map((row) => presenceOf(row, connected));
}

function presenceOf(row: Row, connected: Set<string> | null): MemberPresence {
  let status: PresenceStatus = row.status ?? "offline";
  if (connected) {
    if (!connected.has(row.user_id)) status = "offline";
    else if (status === "offline") status = row.chosen_status ?? "online";
  }
  return {
    user_id: row.user_id,
    name: row.name ?? row.email ?? "Teammate",
    status,
    custom_status: row.custom_status,
    last_seen_at: iso(row.last_seen_at),
  };
}

export interface PresenceChange {
  /** The status picked by the person (sticky); omitted = keep. */
  chosen?: ChosenStatus;
  /** undefined = keep; null or "" = clear. */
  custom_status?: string | null;
  /** True while the person's browser says they are idle: online becomes away (busy stays busy). */
  idle?: boolean;
  /** False when their last socket closed; "keep" (a change over HTTP) leaves online/offline as it is. */
  connected: boolean | "keep";
}

export interface StoredPresence {
  user_id: string;
  status: PresenceStatus;
  chosen_status: ChosenStatus;
  custom_status: string | null;
  last_seen_at: string | null;
  /** Whether what teammates see (status or custom text) changed. */
  changed: boolean;
}

/** Writes the caller's own presence in the team and answers what teammates now see. */
export async function savePresence(
  db: Db,
  claims: UserClaims,
  teamId: string,
  change: PresenceChange,
): Promise<StoredPresence> {
  return await db.asUser(claims, async (tx) => {
    const [before] = await tx.query<Row>(
      `select user_id, status, chosen_status, custom_status, last_seen_at
       from public.member_presence where team_id = $1 and user_id = $2 for update`,
      [teamId, claims.sub],
    );
    const chosen: ChosenStatus = change.chosen ?? before?.chosen_status ?? "online";
    const custom = change.custom_status === undefined
      ? before?.custom_status ?? null
      : (change.custom_status ?? "").trim().slice(0, CUSTOM_STATUS_MAX) || null;
    const connected = change.connected === "keep" ? Boolean(before && before.status !== "offline") : change.connected;
    const status: PresenceStatus = !connected ? "offline" : change.idle && chosen === "online" ? "away" : chosen;
    const [row] = await tx.query<Row>(
      `insert into public.member_presence as mp (team_id, user_id, status, chosen_status, custom_status, last_seen_at)
       values ($1, $2, $3, $4, $5, now())
       on conflict (team_id, user_id) do update
         set status = excluded.status, chosen_status = excluded.chosen_status,
             custom_status = excluded.custom_status, last_seen_at = excluded.last_seen_at
       returning user_id, status, chosen_status, custom_status, last_seen_at`,
      [teamId, claims.sub, status, chosen, custom],
    );
    return {
      user_id: row.user_id,
      status: row.status!,
      chosen_status: row.chosen_status!,
      custom_status: row.custom_status,
      last_seen_at: iso(row.last_seen_at),
      changed: !before || before.status !== row.status || before.custom_status !== row.custom_status,
    };
  });
}

/**
 * Sets the caller's presence from a request (HTTP: status chosen, custom status optional), and returns it with
 * the `presence.changed` for the team's room, which the caller publishes (services.bus.publishAll). An explicit
 * choice is always announced, as over the socket (realtime/handlers/presence.ts), even when nothing looks different.
 */
export async function setPresence(
  db: Db,
  claims: UserClaims,
  teamId: string,
  change: PresenceChange,
): Promise<{ presence: Omit<StoredPresence, "changed">; changes: Change[] }> {
  const { changed: _, ...presence } = await savePresence(db, claims, teamId, change);
  // teammates see the status shown, not the sticky choice behind it (that is only the person's own)
  const { chosen_status: _chosen, ...shared } = presence;
  return {
    presence,
    changes: [{
      team_id: teamId,
      type: "presence.changed",
      record_type: "presence",
      record_id: presence.user_id,
      payload: shared,
      rooms: [`team:${teamId}`],
    }],
  };
}
