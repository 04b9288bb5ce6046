// Web push: this installation's VAPID key pair (made at first start, kept in app.push_keys), and the job that
// sends new notifications to the browsers people subscribed. Requests are built by web-push (encryption and
// the VAPID signature) and sent with fetch, so any push service URL works, including a local test server.
import webpush from "web-push";
import type { Db } from "../db/mod.ts";
import { inQuietHours } from "./dnd.ts";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** The key pair, created on first use; safe when several processes start at once (one row wins). */
export async function ensureVapidKeys(db: Db): Promise<VapidKeys> {
  return await db.asService("notifications:vapid", async (tx) => {
    const [existing] = await tx.query<{ public_key: string; private_key: string }>(
      "select public_key, private_key from app.push_keys",
    );
    if (existing) return { publicKey: existing.public_key, privateKey: existing.private_key };
    const fresh = webpush.generateVAPIDKeys();
    await tx.query(
      "insert into app.push_keys (public_key, private_key) values ($1, $2) on conflict (id) do nothing",
      [fresh.publicKey, fresh.privateKey],
    );
    const [row] = await tx.query<{ public_key: string; private_key: string }>(
      "select public_key, private_key from app.push_keys",
    );
    return { publicKey: row.public_key, privateKey: row.private_key };
  });
}

/** The address push services may contact about our pushes (the mail sender). */
export function vapidSubject(mailFrom: string): string {
  const address = mailFrom.match(/<([^>]+)>/)?.[1] ?? mailFrom.trim();
  return `mailto:${/^[^@\s]+@[^@\s]+$/.test(address) ? address : "no-reply@leadly.local"}`;
}

export interface PushOptions {
  now?: Date;
  /** mailto: or https: contact for the push service. */
  subject?: string;
  /** Sends one HTTP request (tests may wrap it); defaults to fetch with a 10 s timeout. */
  send?: (url: string, init: RequestInit) => Promise<Response>;
  limit?: number;
}

export interface PushResult {
  /** Notifications handed to at least one browser. */
  sent: number;
  failed: number;
  /** Waiting for quiet hours to end. */
  deferred: number;
  /** Subscriptions the push service said are gone (removed). */
  expired: number;
}

interface Candidate {
  id: string;
  user_id: string;
  type: string;
  title: string;
  body: string | null;
  url: string | null;
  dnd_enabled: boolean | null;
  dnd_start: string | null;
  dnd_end: string | null;
  time_zone: string | null;
}

interface Subscription {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

const PUSH_WINDOW = "1 day";

/**
 * Sends every notification not pushed yet (from the last day, still unread, push on for its type) to its
 * person's browsers, unless they are in quiet hours (those wait). Each notification is claimed
 * (pushed_at) before sending, so two runs, or two processes, never push it twice.
 */
export async function deliverPush(db: Db, options: PushOptions = {}): Promise<PushResult> {
  const now = options.now ?? new Date();
  const result: PushResult = { sent: 0, failed: 0, deferred: 0, expired: 0 };
  const candidates = await db.asService("notifications:push", (tx) =>
    tx.query<Candidate>(
      `select n.id, n.user_id, n.type, n.title, n.body, n.url, s.dnd_enabled, s.dnd_start::text, s.dnd_end::text,
              coalesce(s.time_zone, p.timezone) as time_zone
       from public.notifications n
       left join public.notification_preferences np
         on np.user_id = n.user_id and np.team_id = n.team_id and np.type = n.type
       left join public.notification_settings s on s.user_id = n.user_id
       left join public.profiles p on p.id = n.user_id
       where n.pushed_at is null and n.created_at > $1::timestamptz - interval '${PUSH_WINDOW}'
         and n.created_at <= $1::timestamptz
         and n.read_at is null and n.archived_at is null and coalesce(np.push, true)
         and exists (select 1 from public.push_subscriptions ps where ps.user_id = n.user_id)
       order by n.created_at limit $2`,
      [now.toISOString(), options.limit ?? 200],
    ));
  const ready = candidates.filter((c) => {
    const quiet = c.dnd_enabled && inQuietHours({
      dnd_enabled: true,
      dnd_start: c.dnd_start ?? "22:00",
      dnd_end: c.dnd_end ?? "07:00",
      time_zone: c.time_zone ?? "UTC",
    }, now);
    if (quiet) result.deferred++;
    return !quiet;
  });
  if (ready.length === 0) return result;

  const { claimed, subscriptions } = await db.asService("notifications:push", async (tx) => {
    const claimed = await tx.query<{ id: string }>(
      "update public.notifications set pushed_at = $2 where id = any ($1::uuid[]) and pushed_at is null returning id",
      [ready.map((c) => c.id), now.toISOString()],
    );
    const subscriptions = await tx.query<Subscription>(
      "select id, user_id, endpoint, p256dh, auth from public.push_subscriptions where user_id = any ($1::uuid[])",
      [[...new Set(ready.map((c) => c.user_id))]],
    );
    return { claimed: new Set(claimed.map((c) => c.id)), subscriptions };
  });
  if (claimed.size === 0) return result;

  const keys = await ensureVapidKeys(db);
  const send = options.send ??
    ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }));
  const deliveries: { notification: string; user: string; status: string; error: string | null }[] = [];
  const gone = new Set<string>();
  const worked = new Set<string>();
  const broken = new Set<string>();

  for (const notification of ready.filter((c) => claimed.has(c.id))) {
    const payload = JSON.stringify({
      id: notification.id,
      type: notification.type,
      title: notification.title,
      body: notification.body ?? "",
      url: notification.url ?? "/notifications",
    });
    let delivered = false;
    const errors: string[] = [];
    for (const sub of subscriptions.filter((s) => s.user_id === notification.user_id && !gone.has(s.id))) {
      try {
        const details = webpush.generateRequestDetails(
          { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
          payload,
          {
            TTL: 24 * 3600,
            vapidDetails: { subject: options.subject ?? "mailto:no-reply@leadly.local", ...keys },
          },
        );
        const res = await send(details.endpoint, {
          method: details.method,
          headers: details.headers as Record<string, string>,
          body: details.body ? new Uint8Array(details.body as Uint8Array) : undefined,
        });
        await res.body?.cancel();
        if (res.ok) {
          delivered = true;
          worked.add(sub.id);
        } else if (res.status === 404 || res.status === 410) {
          gone.add(sub.id);
          errors.push(`The browser unsubscribed (${res.status}).`);
        } else {
          broken.add(sub.id);
          errors.push(`The push service answered ${res.status}.`);
        }
      } catch (error) {
        broken.add(sub.id);
        errors.push(`Could not reach the push service: ${(error as Error).message}`.slice(0, 300));
      }
    }
    if (delivered) result.sent++;
    else result.failed++;
    deliveries.push({
      notification: notification.id,
      user: notification.user_id,
      status: delivered ? "sent" : "failed",
      error: errors.length > 0 ? errors.join(" ").slice(0, 1000) : null,
    });
  }
  result.expired = gone.size;

  await db.asService("notifications:push", async (tx) => {
    for (const d of deliveries) {
      await tx.query(
        `insert into public.notification_deliveries (notification_id, user_id, channel, status, error)
         values ($1, $2, 'push', $3, $4)`,
        [d.notification, d.user, d.status, d.error],
      );
    }
    if (gone.size > 0) {
      await tx.query("delete from public.push_subscriptions where id = any ($1::uuid[])", [[...gone]]);
    }
    if (worked.size > 0) {
      await tx.query(
        "update public.push_subscriptions set last_success_at = $2, failures = 0 where id = any ($1::uuid[])",
        [[...worked], now.toISOString()],
      );
    }
    if (broken.size > 0) {
      await tx.query("update public.push_subscriptions set failures = failures + 1 where id = any ($1::uuid[])", [
        [...broken],
      ]);
    }
  });
  return result;
}
