// Reading and changing a person's own notifications, preferences, settings, push subscriptions and deal watches.
// Everything runs as the person (db.asUser), so RLS decides; the functions only shape input and output.
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { decodeCursor, encodeCursor } from "../records/cursor.ts";
import { isTimeZone, parseClock } from "./dnd.ts";
import { isUuid, UUID } from "../ids.ts";
import {
  CHANNELS,
  DEFAULT_CHANNELS,
  DEFAULT_SETTINGS,
  DIGEST_FREQUENCIES,
  FILTERS,
  NOTIFICATION_TYPES,
  type NotificationFilter,
  type NotificationSettings,
  type NotificationType,
  type NotificationView,
  type Preference,
  TYPE_INFO,
} from "./types.ts";

const notFound = () => new AppError("not_found", "That notification does not exist or is not yours.");

export const MAX_PAGE = 100;
const MAX_SNOOZE_MS = 90 * 86_400_000;

const COLUMNS = `n.id, n.team_id, n.type, n.title, n.body, n.url, n.actor_id,
  nullif(btrim(p.full_name), '') as actor_name, n.record_type, n.record_id, n.priority, n.created_at, n.read_at,
  n.archived_at, case when n.snoozed_until > now() then n.snoozed_until end as snoozed_until, n.metadata,
  n.sort_at::text as sort_key`;

const VISIBLE = "n.user_id = (select auth.uid()) and n.team_id = $1 and n.in_app";
const NOT_SNOOZED = "(n.snoozed_until is null or n.snoozed_until <= now())";
const FILTER_SQL: Record<NotificationFilter, string> = {
  unread: `n.read_at is null and n.archived_at is null and ${NOT_SNOOZED}`,
  all: `n.archived_at is null and ${NOT_SNOOZED}`,
  snoozed: "n.archived_at is null and n.snoozed_until > now()",
  archived: "n.archived_at is not null",
};

function plain<T>(row: Record<string, unknown>): T {
  const copy = JSON.parse(JSON.stringify(row));
  delete copy.sort_key;
  return copy;
}

export interface NotificationPage {
  data: NotificationView[];
  next_cursor: string | null;
  unread_count: number;
}

export const listQuery = z.object({
  filter: z.enum(FILTERS, `Filter by ${FILTERS.join(", ")}.`).default("all"),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int("The limit is a whole number.").min(1, "The limit is at least 1.").max(
    MAX_PAGE,
    `The limit is at most ${MAX_PAGE}.`,
  ).default(20),
});
export type ListQuery = z.infer<typeof listQuery>;

async function countUnread(tx: Tx, teamId: string): Promise<number> {
  const [row] = await tx.query<{ count: number }>(
    `select count(*)::int as count from public.notifications n where ${VISIBLE} and ${FILTER_SQL.unread}`,
    [teamId],
  );
  return row.count;
}

/** A page of the person's notifications in this team, newest first (a snooze that ended counts as new). */
export async function listNotifications(
  db: Db,
  claims: UserClaims,
  teamId: string,
  query: Partial<ListQuery> = {},
): Promise<NotificationPage> {
  const { filter = "all", cursor, limit = 20 } = query;
  const params: unknown[] = [teamId, limit + 1];
  let after = "";
  if (cursor) {
    const [at, id] = decodeCursor(cursor);
    if (typeof at !== "string" || !isUuid(id) || Number.isNaN(Date.parse(at))) {
      throw new AppError("bad_request", "That page cursor is not valid. Start again from the first page.");
    }
    params.push(at, id);
    after = "and (n.sort_at, n.id) < ($3::timestamptz, $4::uuid)";
  }
  return await db.asUser(claims, async (tx) => {
    const rows = await tx.query<Record<string, unknown> & { id: string; sort_key: string }>(
      `select ${COLUMNS} from public.notifications n left join public.profiles p on p.id = n.actor_id
       where ${VISIBLE} and ${FILTER_SQL[filter]} ${after}
       order by n.sort_at desc, n.id desc limit $2`,
      params,
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((row) => plain<NotificationView>(row)),
      next_cursor: more && last ? encodeCursor(last.sort_key, last.id) : null,
      unread_count: await countUnread(tx, teamId),
    };
  });
}

export async function unreadCount(db: Db, claims: UserClaims, teamId: string): Promise<number> {
  return await db.asUser(claims, (tx) => countUnread(tx, teamId));
}

export type NotificationAction = "read" | "unread" | "archive" | "unarchive";

const ACTION_SQL: Record<NotificationAction, string> = {
  read: "read_at = coalesce(read_at, now())",
  unread: "read_at = null",
  archive: "archived_at = coalesce(archived_at, now()), read_at = coalesce(read_at, now())",
  unarchive: "archived_at = null",
};

export const idsBody = z.object({
  ids: z.array(z.string().regex(UUID, "Each id is a notification id (a UUID).")).min(
    1,
    "Name at least one notification.",
  )
    .max(MAX_PAGE, `At most ${MAX_PAGE} notifications at once.`),
});

/** Applies an action to some of the person's notifications; returns the changed ones and the new unread count. */
export async function applyAction(
  db: Db,
  claims: UserClaims,
  teamId: string,
  action: NotificationAction,
  ids: string[],
): Promise<{ data: NotificationView[]; unread_count: number }> {
  if (ids.some((id) => !isUuid(id))) throw notFound();
  return await db.asUser(claims, async (tx) => {
    const changed = await tx.query<{ id: string }>(
      `update public.notifications n set ${ACTION_SQL[action]}
       where ${VISIBLE} and n.id = any ($2::uuid[]) returning n.id`,
      [teamId, ids],
    );
    if (changed.length === 0) throw notFound();
    const rows = await tx.query<Record<string, unknown>>(
      `select ${COLUMNS} from public.notifications n left join public.profiles p on p.id = n.actor_id
       where ${VISIBLE} and n.id = any ($2::uuid[]) order by n.sort_at desc, n.id desc`,
      [teamId, changed.map((r) => r.id)],
    );
    return { data: rows.map((row) => plain<NotificationView>(row)), unread_count: await countUnread(tx, teamId) };
  });
}

/** Marks every unread notification of the person in this team read. */
export async function readAll(db: Db, claims: UserClaims, teamId: string): Promise<{ updated: number }> {
  return await db.asUser(claims, async (tx) => {
    const rows = await tx.query(
      `update public.notifications n set read_at = now() where ${VISIBLE} and n.read_at is null returning n.id`,
      [teamId],
    );
    return { updated: rows.length };
  });
}

export const snoozeBody = z.object({
  until: z.iso.datetime({ offset: true, message: "until is a date and time like 2026-12-01T09:00:00Z." }).optional(),
  minutes: z.number().int("minutes is a whole number.").min(1, "Snooze for at least a minute.").max(
    MAX_SNOOZE_MS / 60_000,
    "Snooze for 90 days at most.",
  ).optional(),
}).refine((b) => (b.until === undefined) !== (b.minutes === undefined), "Send either until or minutes.");

/** Hides a notification until `until` (then it comes back unread, on top). */
export async function snooze(
  db: Db,
  claims: UserClaims,
  teamId: string,
  id: string,
  until: Date,
  now = new Date(),
): Promise<{ data: NotificationView; unread_count: number }> {
  if (!isUuid(id)) throw notFound();
  if (Number.isNaN(until.getTime()) || until.getTime() <= now.getTime()) {
    throw new AppError("unprocessable_entity", "Pick a time in the future to snooze until.");
  }
  if (until.getTime() - now.getTime() > MAX_SNOOZE_MS) {
    throw new AppError("unprocessable_entity", "Snooze for 90 days at most.");
  }
  return await db.asUser(claims, async (tx) => {
    const changed = await tx.query(
      `update public.notifications n set snoozed_until = $3, read_at = null, archived_at = null
       where ${VISIBLE} and n.id = $2 returning n.id`,
      [teamId, id, until.toISOString()],
    );
    if (changed.length === 0) throw notFound();
    const [row] = await tx.query<Record<string, unknown>>(
      `select ${COLUMNS} from public.notifications n left join public.profiles p on p.id = n.actor_id
       where ${VISIBLE} and n.id = $2`,
      [teamId, id],
    );
    return { data: plain<NotificationView>(row), unread_count: await countUnread(tx, teamId) };
  });
}

/** Snooze choices offered in the UI, as minutes. */
// in types.ts, which the browser may load too
export { SNOOZE_CHOICES } from "./types.ts";

// Preferences ------------------------------------------------------------------------------------------------
export async function getPreferences(db: Db, claims: UserClaims, teamId: string): Promise<Preference[]> {
  const rows = await db.asUser(
    claims,
    (tx) =>
      tx.query<{ type: NotificationType; in_app: boolean; email: boolean; push: boolean; sms: boolean }>(
        `select type, in_app, email, push, sms from public.notification_preferences
       where user_id = (select auth.uid()) and team_id = $1`,
        [teamId],
      ),
  );
  const byType = new Map(rows.map((r) => [r.type, r]));
  return NOTIFICATION_TYPES.map((type) => {
    const row = byType.get(type);
    return {
      type,
      ...TYPE_INFO[type],
      in_app: row?.in_app ?? DEFAULT_CHANNELS.in_app,
      email: row?.email ?? DEFAULT_CHANNELS.email,
      push: row?.push ?? DEFAULT_CHANNELS.push,
      sms: row?.sms ?? DEFAULT_CHANNELS.sms,
    };
  });
}

const preferenceInput = z.object({
  type: z.enum(NOTIFICATION_TYPES, `type is one of ${NOTIFICATION_TYPES.join(", ")}.`),
  in_app: z.boolean().optional(),
  email: z.boolean().optional(),
  push: z.boolean().optional(),
  sms: z.boolean().optional(),
});
export const preferencesBody = z.object({
  preferences: z.array(preferenceInput).min(1, "Send at least one preference.").max(NOTIFICATION_TYPES.length * 2),
});
export type PreferenceInput = z.infer<typeof preferenceInput>;

/** Saves channel choices per type (missing channels keep their current value). */
export async function savePreferences(
  db: Db,
  claims: UserClaims,
  teamId: string,
  input: PreferenceInput[],
): Promise<Preference[]> {
  const current = new Map((await getPreferences(db, claims, teamId)).map((p) => [p.type, p]));
  await db.asUser(claims, async (tx) => {
    for (const item of input) {
      const merged = { ...current.get(item.type)!, ...item };
      await tx.query(
        `insert into public.notification_preferences (user_id, team_id, type, in_app, email, push, sms)
         values ((select auth.uid()), $1, $2, $3, $4, $5, $6)
         on conflict (user_id, team_id, type) do update
         set in_app = excluded.in_app, email = excluded.email, push = excluded.push, sms = excluded.sms`,
        [teamId, item.type, merged.in_app, merged.email, merged.push, merged.sms],
      );
      current.set(item.type, merged);
    }
  });
  return NOTIFICATION_TYPES.map((type) => current.get(type)!);
}

/** Reads a preferences form: checkboxes named `<type>.<channel>`, all types on the page. */
export function preferencesFromForm(form: FormData): PreferenceInput[] {
  return NOTIFICATION_TYPES.map((type) => {
    const item: PreferenceInput = { type };
    for (const channel of CHANNELS) item[channel] = form.get(`${type}.${channel}`) === "on";
    return item;
  });
}

// Settings ---------------------------------------------------------------------------------------------------
export async function getSettings(db: Db, claims: UserClaims): Promise<NotificationSettings> {
  const [row] = await db.asUser(
    claims,
    (tx) =>
      tx.query<NotificationSettings & { profile_zone: string | null; has_row: boolean }>(
        `select s.user_id is not null as has_row, s.dnd_enabled, to_char(s.dnd_start, 'HH24:MI') as dnd_start,
              to_char(s.dnd_end, 'HH24:MI') as dnd_end, s.time_zone, s.digest_frequency, s.last_digest_at,
              p.timezone as profile_zone
       from (select (select auth.uid()) as id) me
       left join public.notification_settings s on s.user_id = me.id
       left join public.profiles p on p.id = me.id`,
      ),
  );
  const zone = row?.profile_zone && isTimeZone(row.profile_zone) ? row.profile_zone : DEFAULT_SETTINGS.time_zone;
  if (!row?.has_row) return { ...DEFAULT_SETTINGS, time_zone: zone };
  return {
    dnd_enabled: row.dnd_enabled,
    dnd_start: row.dnd_start,
    dnd_end: row.dnd_end,
    time_zone: row.time_zone,
    digest_frequency: row.digest_frequency,
    last_digest_at: row.last_digest_at ? new Date(row.last_digest_at).toISOString() : null,
  };
}

const clock = z.string().refine((v) => parseClock(v) !== null, "Use a time like 22:00.");
export const settingsBody = z.object({
  dnd_enabled: z.boolean().optional(),
  dnd_start: clock.optional(),
  dnd_end: clock.optional(),
  time_zone: z.string().refine(isTimeZone, "Use a time zone name like Europe/Berlin.").optional(),
  digest_frequency: z.enum(DIGEST_FREQUENCIES, `digest_frequency is one of ${DIGEST_FREQUENCIES.join(", ")}.`)
    .optional(),
});
export type SettingsInput = z.infer<typeof settingsBody>;

export async function saveSettings(db: Db, claims: UserClaims, input: SettingsInput): Promise<NotificationSettings> {
  const merged = { ...await getSettings(db, claims), ...input };
  if (parseClock(merged.dnd_start) === parseClock(merged.dnd_end)) {
    throw new AppError("unprocessable_entity", "Quiet hours need a start and an end that differ.");
  }
  await db.asUser(claims, (tx) =>
    tx.query(
      `insert into public.notification_settings (user_id, dnd_enabled, dnd_start, dnd_end, time_zone, digest_frequency)
       values ((select auth.uid()), $1, $2::time, $3::time, $4, $5)
       on conflict (user_id) do update set dnd_enabled = excluded.dnd_enabled, dnd_start = excluded.dnd_start,
         dnd_end = excluded.dnd_end, time_zone = excluded.time_zone, digest_frequency = excluded.digest_frequency`,
      [merged.dnd_enabled, merged.dnd_start, merged.dnd_end, merged.time_zone, merged.digest_frequency],
    ));
  return await getSettings(db, claims);
}

// Push subscriptions ---------------------------------------------------------------------------------------------
export const subscriptionBody = z.object({
  endpoint: z.url("endpoint is the push service URL the browser gave.").max(1000).refine(
    (url) => /^https?:\/\//.test(url),
    "endpoint is an http(s) URL.",
  ),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{20,200}={0,2}$/, "keys.p256dh is the browser's public key (base64url)."),
    auth: z.string().regex(/^[A-Za-z0-9_-]{8,100}={0,2}$/, "keys.auth is the browser's auth secret (base64url)."),
  }),
});
export type SubscriptionInput = z.infer<typeof subscriptionBody>;

/** Stores (or re-stores) this browser's subscription for the person. */
export async function addPushSubscription(
  db: Db,
  claims: UserClaims,
  input: SubscriptionInput,
  userAgent?: string,
): Promise<{ id: string; endpoint: string }> {
  // An endpoint belongs to one browser: if it was someone else's (a shared computer), it moves to this person.
  await db.asService(
    "notifications:push-claim",
    (tx) =>
      tx.query("delete from public.push_subscriptions where endpoint = $1 and user_id <> $2", [
        input.endpoint,
        claims.sub,
      ]),
  );
  const [row] = await db.asUser(claims, async (tx) => {
    await tx.query("delete from public.push_subscriptions where endpoint = $1", [input.endpoint]);
    return await tx.query<{ id: string; endpoint: string }>(
      `insert into public.push_subscriptions (user_id, endpoint, p256dh, auth, user_agent)
       values ((select auth.uid()), $1, $2, $3, $4) returning id, endpoint`,
      [input.endpoint, input.keys.p256dh, input.keys.auth, userAgent?.slice(0, 300) ?? null],
    );
  });
  return row;
}

export async function removePushSubscription(db: Db, claims: UserClaims, endpoint: string): Promise<number> {
  const rows = await db.asUser(
    claims,
    (tx) => tx.query("delete from public.push_subscriptions where endpoint = $1 returning id", [endpoint]),
  );
  return rows.length;
}

export async function countPushSubscriptions(db: Db, claims: UserClaims): Promise<number> {
  const [row] = await db.asUser(
    claims,
    (tx) => tx.query<{ count: number }>("select count(*)::int as count from public.push_subscriptions"),
  );
  return row.count;
}

// Deal watchers ------------------------------------------------------------------------------------------------
export async function watchDeal(db: Db, claims: UserClaims, teamId: string, dealId: string, on: boolean) {
  if (!isUuid(dealId)) throw new AppError("not_found", "That deal does not exist.");
  return await db.asUser(claims, async (tx) => {
    const [deal] = await tx.query("select id from public.deals where id = $1 and team_id = $2", [dealId, teamId]);
    if (!deal) throw new AppError("not_found", "That deal does not exist.");
    if (on) {
      await tx.query(
        `insert into public.deal_watchers (team_id, deal_id, user_id) values ($1, $2, (select auth.uid()))
         on conflict do nothing`,
        [teamId, dealId],
      );
    } else {
      await tx.query("delete from public.deal_watchers where deal_id = $1 and user_id = (select auth.uid())", [
        dealId,
      ]);
    }
    return { deal_id: dealId, watching: on };
  });
}
