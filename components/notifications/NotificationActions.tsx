// The actions of one notification in the inbox as small forms (read/unread, archive or back to the inbox,
// snooze): they post to /notifications without JavaScript; the live inbox (islands/NotificationsInbox.tsx)
// sends the same forms through the API instead, so the page and the bell change in place.
import { CsrfField } from "../CsrfField.tsx";
import { Icon } from "../ui/Icon.tsx";
import { Select } from "../ui/Select.tsx";
import { NotifIcon } from "./NotifIcon.tsx";
import { type NotificationFilter, type NotificationView, SNOOZE_CHOICES } from "../../lib/notifications/types.ts";

export function NotificationActions(
  { n, filter, csrf }: { n: NotificationView; filter: NotificationFilter; csrf: string },
) {
  const hidden = (
    <>
      <CsrfField token={csrf} />
      <input type="hidden" name="id" value={n.id} />
      <input type="hidden" name="filter" value={filter} />
    </>
  );
  const read = !!n.read_at;
  return (
    <>
      {!n.archived_at && (
        <form method="post" action="/notifications" class="notif-form">
          {hidden}
          <button
            type="submit"
            name="_action"
            value={read ? "unread" : "read"}
            class="btn btn-ghost btn-sm"
            aria-label={`${read ? "Mark unread" : "Mark read"}: ${n.title}`}
          >
            {read ? <NotifIcon name="unread" /> : <Icon name="check" />}
            <span class="notif-action-text">{read ? "Mark unread" : "Mark read"}</span>
          </button>
        </form>
      )}
      <form method="post" action="/notifications" class="notif-form">
        {hidden}
        <button
          type="submit"
          name="_action"
          value={n.archived_at ? "unarchive" : "archive"}
          class="btn btn-ghost btn-sm"
          aria-label={`${n.archived_at ? "Move to inbox" : "Archive"}: ${n.title}`}
        >
          <NotifIcon name={n.archived_at ? "inbox" : "archive"} />
          <span class="notif-action-text">{n.archived_at ? "Move to inbox" : "Archive"}</span>
        </button>
      </form>
      {!n.archived_at && (
        <form method="post" action="/notifications" class="notif-form notif-snooze-form">
          {hidden}
          <input type="hidden" name="_action" value="snooze" />
          <label class="visually-hidden" for={`snooze-${n.id}`}>Snooze “{n.title}” for</label>
          <Select
            id={`snooze-${n.id}`}
            name="minutes"
            size="sm"
            class="notif-snooze-select"
            options={SNOOZE_CHOICES.map((c) => ({ value: String(c.minutes), label: c.label }))}
          />
          <button type="submit" class="btn btn-ghost btn-sm" aria-label={`Snooze: ${n.title}`}>
            <NotifIcon name="clock" />
            <span class="notif-action-text">Snooze</span>
          </button>
        </form>
      )}
    </>
  );
}
