// The email digest: every hour or every day (each person's choice), one email listing what they have not
// read yet and were not emailed about, through the app's Mailer. Quiet hours postpone it. Each run claims
// the person's period (last_digest_at) and the notifications (emailed_at) in one transaction before
// sending, so running twice, in two processes, or again after a restart never sends the same digest twice.
import type { Db } from "../db/mod.ts";
import type { Mailer, MailMessage } from "../mail/mailer.ts";
import { inQuietHours, isTimeZone } from "./dnd.ts";
import type { DigestFrequency } from "./types.ts";

const PERIOD_MS: Record<Exclude<DigestFrequency, "off">, number> = { hourly: 3_600_000, daily: 86_400_000 };
/** Older unread notifications are not worth an email any more. */
const DIGEST_WINDOW = "7 days";
const MAX_ITEMS = 50;

export interface DigestItem {
  id: string;
  team_name: string;
  type: string;
  title: string;
  body: string | null;
  url: string | null;
  created_at: string;
}

export interface DigestOptions {
  now?: Date;
  /** Links in the email start with it, e.g. https://crm.example.com. */
  publicUrl: string;
}

export interface DigestResult {
  /** Emails sent. */
  sent: number;
  /** People in quiet hours (their digest waits). */
  deferred: number;
  failed: number;
  recipients: string[];
}

interface Pending {
  user_id: string;
  email: string;
  frequency: Exclude<DigestFrequency, "off">;
  last_digest_at: string | null;
  dnd_enabled: boolean | null;
  dnd_start: string | null;
  dnd_end: string | null;
  time_zone: string | null;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The digest email: plain text and simple escaped HTML, like the other mails in lib/mail/templates.ts. */
export function digestMail(
  to: string,
  items: DigestItem[],
  publicUrl: string,
  frequency: Exclude<DigestFrequency, "off">,
): MailMessage {
  const base = publicUrl.replace(/\/$/, "");
  const count = items.length;
  const subject = `${count} new notification${count === 1 ? "" : "s"} on Leadly`;
  const intro = `Here is what happened since your last ${frequency === "hourly" ? "hourly" : "daily"} digest.`;
  // through /notifications/<id>, so opening it from the email marks it read
  const link = (item: DigestItem) => `${base}/notifications/${item.id}`;
  const text = [
    intro,
    "",
    ...items.map((item) =>
      `• ${item.title}${item.body ? ` — ${item.body.replace(/\s+/g, " ").slice(0, 160)}` : ""}\n  ${
        link(item)
      } (${item.team_name})`
    ),
    "",
    `All notifications: ${base}/notifications`,
    `Change how often you get this: ${base}/settings/notifications`,
  ].join("\n");
  const rows = items.map((item) =>
    `<li style="margin:0 0 12px"><a href="${escapeHtml(link(item))}" style="color:#4343b5;font-weight:600">${
      escapeHtml(item.title)
    }</a>${
      item.body ? `<br><span style="color:#5c5c6b">${escapeHtml(item.body.slice(0, 160))}</span>` : ""
    }<br><span style="color:#85858f;font-size:12px">${escapeHtml(item.team_name)}</span></li>`
  ).join("");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2333;padding:24px">` +
    `<h1 style="font-size:18px">${escapeHtml(subject)}</h1><p>${escapeHtml(intro)}</p>` +
    `<ul style="padding-left:18px">${rows}</ul>` +
    `<p><a href="${escapeHtml(base)}/notifications">Open your notifications</a> · ` +
    `<a href="${escapeHtml(base)}/settings/notifications">Digest settings</a></p>` +
    `<p style="color:#6b7080;font-size:12px">Leadly · the CRM your team works in together</p></body></html>`;
  return { to, subject, text, html };
}

const PENDING_SQL = `
  select n.user_id, u.email, coalesce(s.digest_frequency, 'daily') as frequency, s.last_digest_at,
         s.dnd_enabled, s.dnd_start::text, s.dnd_end::text, coalesce(s.time_zone, p.timezone) as time_zone
  from public.notifications n
  join auth.users u on u.id = n.user_id
  left join public.notification_settings s on s.user_id = n.user_id
  left join public.profiles p on p.id = n.user_id
  left join public.notification_preferences np on np.user_id = n.user_id and np.team_id = n.team_id and np.type = n.type
  where n.emailed_at is null and n.read_at is null and n.archived_at is null
    and (n.snoozed_until is null or n.snoozed_until <= $1::timestamptz)
    and n.created_at > $1::timestamptz - interval '${DIGEST_WINDOW}' and n.created_at <= $1::timestamptz
    and coalesce(np.email, true) and coalesce(s.digest_frequency, 'daily') <> 'off'
  group by n.user_id, u.email, s.digest_frequency, s.last_digest_at, s.dnd_enabled, s.dnd_start, s.dnd_end,
           s.time_zone, p.timezone`;

/** Sends the digests that are due now. */
export async function runDigest(db: Db, mailer: Mailer, options: DigestOptions): Promise<DigestResult> {
  const now = options.now ?? new Date();
  const result: DigestResult = { sent: 0, deferred: 0, failed: 0, recipients: [] };
  const pending = await db.asService(
    "notifications:digest",
    (tx) => tx.query<Pending>(PENDING_SQL, [now.toISOString()]),
  );
  for (const person of pending) {
    const zone = person.time_zone && isTimeZone(person.time_zone) ? person.time_zone : "UTC";
    const period = PERIOD_MS[person.frequency];
    if (person.last_digest_at && now.getTime() - new Date(person.last_digest_at).getTime() < period) continue;
    if (
      person.dnd_enabled && inQuietHours({
        dnd_enabled: true,
        dnd_start: person.dnd_start ?? "22:00",
        dnd_end: person.dnd_end ?? "07:00",
        time_zone: zone,
      }, now)
    ) {
      result.deferred++;
      continue;
    }
    const claim = await claimDigest(db, person, zone, now, period);
    if (!claim) continue;
    try {
      await mailer.send(digestMail(person.email, claim.items, options.publicUrl, person.frequency));
      await recordDeliveries(db, person.user_id, claim.items, "sent", null);
      result.sent++;
      result.recipients.push(person.email);
    } catch (error) {
      // Not sent: hand the notifications and the period back, so the next run tries again.
      const message = `The email could not be sent: ${(error as Error).message}`.slice(0, 1000);
      await db.asService("notifications:digest", async (tx) => {
        await tx.query("update public.notifications set emailed_at = null where id = any ($1::uuid[])", [
          claim.items.map((i) => i.id),
        ]);
        await tx.query("update public.notification_settings set last_digest_at = $2 where user_id = $1", [
          person.user_id,
          claim.previous,
        ]);
      });
      await recordDeliveries(db, person.user_id, claim.items, "failed", message);
      result.failed++;
    }
  }
  return result;
}

class AlreadyClaimed extends Error {}

async function claimDigest(db: Db, person: Pending, zone: string, now: Date, period: number) {
  try {
    return await db.asService("notifications:digest", async (tx) => {
      const [settings] = await tx.query<{ previous: string | null }>(
        `insert into public.notification_settings (user_id, time_zone, last_digest_at) values ($1, $2, $3)
         on conflict (user_id) do update set last_digest_at = excluded.last_digest_at
         where notification_settings.last_digest_at is null
            or notification_settings.last_digest_at <= $3::timestamptz - ($4 || ' milliseconds')::interval
         returning (select last_digest_at from public.notification_settings where user_id = $1) as previous`,
        [person.user_id, zone, now.toISOString(), String(period)],
      );
      if (!settings) throw new AlreadyClaimed();
      const items = await tx.query<DigestItem>(
        `update public.notifications n set emailed_at = $2
         from public.teams t
         where t.id = n.team_id and n.id in (
           select n2.id from public.notifications n2
           left join public.notification_preferences np
             on np.user_id = n2.user_id and np.team_id = n2.team_id and np.type = n2.type
           where n2.user_id = $1 and n2.emailed_at is null and n2.read_at is null and n2.archived_at is null
             and (n2.snoozed_until is null or n2.snoozed_until <= $2::timestamptz)
             and n2.created_at > $2::timestamptz - interval '${DIGEST_WINDOW}' and n2.created_at <= $2::timestamptz
             and coalesce(np.email, true)
           order by n2.created_at desc limit ${MAX_ITEMS}
           for update of n2 skip locked
         )
         returning n.id, t.name as team_name, n.type, n.title, n.body, n.url, n.created_at`,
        [person.user_id, now.toISOString()],
      );
      if (items.length === 0) throw new AlreadyClaimed();
      items.sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime());
      return { items, previous: settings.previous };
    });
  } catch (error) {
    if (error instanceof AlreadyClaimed) return null;
    throw error;
  }
}

async function recordDeliveries(
  db: Db,
  userId: string,
  items: DigestItem[],
  status: "sent" | "failed",
  error: string | null,
) {
  await db.asService("notifications:digest", (tx) =>
    tx.query(
      `insert into public.notification_deliveries (notification_id, user_id, channel, status, error)
       select id, $2, 'email', $3, $4 from unnest($1::uuid[]) as id`,
      [items.map((i) => i.id), userId, status, error],
    ));
}
