// One notification as a card row: a mark for its type, the title (a link that opens it and marks it read),
// a line of text, when, and the actions the caller passes (forms on the inbox page, buttons in the bell).
import type { ComponentChildren } from "preact";
import { markFor, timeAgo } from "../../lib/notifications/format.ts";
import type { NotificationView } from "../../lib/notifications/types.ts";

export interface NotificationItemProps {
  notification: NotificationView;
  /** Compact rows in the bell dropdown. */
  compact?: boolean;
  /** For stable "x min ago" in server and first client render. */
  now?: string;
  actions?: ComponentChildren;
  /** Called when the title link is followed (the bell marks it read first). */
  onOpen?: (event: MouseEvent) => void;
}

export function openHref(id: string): string {
  return `/notifications/${id}`;
}

export function NotificationItem({ notification: n, compact, now, actions, onOpen }: NotificationItemProps) {
  const unread = !n.read_at && !n.archived_at;
  const { mark, tone } = markFor(n.type);
  const at = now ? new Date(now) : undefined;
  return (
    <article
      class={`notif-item${compact ? " notif-item-compact" : ""}${unread ? " notif-item-unread" : ""}`}
      data-id={n.id}
      data-type={n.type}
      data-unread={unread ? "true" : "false"}
    >
      <span class={`notif-mark notif-mark-${tone}`} aria-hidden="true">{mark}</span>
      <div class="notif-item-main">
        <a class="notif-item-title" href={openHref(n.id)} onClick={onOpen}>
          {unread && <span class="visually-hidden">Unread:</span>}
          {n.title}
        </a>
        {n.body && <p class="notif-item-body">{n.body}</p>}
        <p class="notif-item-meta">
          <time dateTime={n.created_at} title={new Date(n.created_at).toUTCString()}>{timeAgo(n.created_at, at)}</time>
          {n.snoozed_until && (
            <span class="notif-item-snoozed">
              · snoozed until {new Date(n.snoozed_until).toLocaleString("en-GB", {
                dateStyle: "medium",
                timeStyle: "short",
                timeZone: "UTC",
              })} UTC
            </span>
          )}
        </p>
      </div>
      {unread && <span class="notif-unread-dot" aria-hidden="true" />}
      {actions && <div class="notif-item-actions">{actions}</div>}
    </article>
  );
}
