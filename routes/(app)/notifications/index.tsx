// /notifications: the full inbox. Tabs (Unread, All, Snoozed, Archived), each notification with its actions as
// small forms (read/unread, archive, snooze), "Mark all read", and older pages. Works without JavaScript;
// the bell in the header is the live part.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Tabs } from "../../../components/ui/Tabs.tsx";
import { EmptyState } from "../../../components/ui/EmptyState.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { Icon } from "../../../components/ui/Icon.tsx";
import { Select } from "../../../components/ui/Select.tsx";
import { NotifIcon } from "../../../components/notifications/NotifIcon.tsx";
import { NotificationItem } from "../../../components/notifications/NotificationItem.tsx";
import {
  applyAction,
  listNotifications,
  type NotificationPage,
  readAll,
  snooze,
  SNOOZE_CHOICES,
} from "../../../lib/notifications/store.ts";
import { UUID } from "../../../lib/ids.ts";
import { announceChange } from "../../../lib/notifications/live.ts";
import { FILTERS, type NotificationFilter, type NotificationView } from "../../../lib/notifications/types.ts";

interface Data {
  filter: NotificationFilter;
  page: NotificationPage;
  cursor: string | null;
  notice: string | null;
  now: string;
}

const TAB_LABELS: Record<NotificationFilter, string> = {
  unread: "Unread",
  all: "All",
  snoozed: "Snoozed",
  archived: "Archived",
};

const NOTICES: Record<string, string> = {
  read: "Marked as read.",
  unread: "Marked as unread.",
  archive: "Archived.",
  unarchive: "Moved back to the inbox.",
  snooze: "Snoozed. It comes back unread when the time is up.",
  read_all: "Everything is marked as read.",
};

function filterOf(value: string | null): NotificationFilter {
  return FILTERS.includes(value as NotificationFilter) ? value as NotificationFilter : "unread";
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session } = ctx.state as SignedInState;
    const filter = filterOf(ctx.url.searchParams.get("filter"));
    const cursor = ctx.url.searchParams.get("cursor");
    const page = await listNotifications(ctx.state.app.db, session.claims, session.team.id, {
      filter,
      cursor: cursor ?? undefined,
      limit: 25,
    });
    const done = ctx.url.searchParams.get("done");
    return ctx.render<Data>({
      filter,
      page,
      cursor,
      notice: done ? NOTICES[done] ?? null : null,
      now: new Date().toISOString(),
    });
  },
  async POST(ctx) {
    const { session } = ctx.state as SignedInState;
    const form = await ctx.req.formData();
    const action = String(form.get("_action") ?? "");
    const filter = filterOf(String(form.get("filter") ?? ""));
    const id = String(form.get("id") ?? "");
    const db = ctx.state.app.db;
    const teamId = session.team.id;
    let unread: number;
    if (action === "read_all") {
      await readAll(db, session.claims, teamId);
      unread = 0;
    } else if (action === "snooze") {
      const minutes = Number(form.get("minutes"));
      if (!UUID.test(id) || !SNOOZE_CHOICES.some((c) => c.minutes === minutes)) {
        return new Response("Pick one of the snooze choices.", { status: 422 });
      }
      const now = new Date();
      unread = (await snooze(db, session.claims, teamId, id, new Date(now.getTime() + minutes * 60_000), now))
        .unread_count;
    } else if (["read", "unread", "archive", "unarchive"].includes(action)) {
      unread = (await applyAction(db, session.claims, teamId, action as "read", [id])).unread_count;
    } else {
      return new Response("Unknown action.", { status: 422 });
    }
    announceChange(ctx.state.app, session.claims.sub, {
      team_id: teamId,
      action,
      ids: id ? [id] : [],
      unread_count: unread,
    });
    return ctx.redirect(`/notifications?filter=${filter}&done=${action}`);
  },
});

function Actions({ n, filter, csrf }: { n: NotificationView; filter: NotificationFilter; csrf: string }) {
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

export default define.page<typeof handler>(function NotificationsPage({ data, state, url }) {
  const { csrf } = state as SignedInState;
  const { filter, page, notice, now } = data;
  const tabs = FILTERS.map((f) => ({
    href: `/notifications?filter=${f}`,
    label: TAB_LABELS[f],
    count: f === "unread" ? page.unread_count : undefined,
  }));
  const emptyText: Record<NotificationFilter, string> = {
    unread: "You are all caught up. New mentions, assignments and deal moves show up here.",
    all: "Nothing here yet. Mentions, assignments, due tasks and deal moves show up here.",
    snoozed: "Nothing is snoozed. Snooze a notification to have it come back later.",
    archived: "Nothing archived yet.",
  };
  return (
    <div class="notif-page">
      <Head>
        <title>Notifications · Leadly</title>
      </Head>
      <PageHeader
        title="Notifications"
        description="What happened that you should know about, in this workspace."
        actions={
          <div class="notif-page-actions">
            <form method="post" action="/notifications" class="notif-form">
              <CsrfField token={csrf} />
              <input type="hidden" name="filter" value={filter} />
              <button
                type="submit"
                name="_action"
                value="read_all"
                class="btn btn-secondary"
                disabled={page.unread_count === 0}
              >
                <NotifIcon name="read" />
                Mark all read
              </button>
            </form>
            <a class="btn btn-ghost" href="/settings/notifications">
              <Icon name="settings" />
              Preferences
            </a>
          </div>
        }
      />
      <Tabs items={tabs} current={`${url.pathname}?filter=${filter}`} label="Notifications" class="notif-tabs" />
      {notice && <Alert tone="success">{notice}</Alert>}
      {page.data.length === 0
        ? (
          <EmptyState
            icon="bell"
            title={filter === "unread" ? "No unread notifications" : "No notifications"}
            text={emptyText[filter]}
          />
        )
        : (
          <ul class="notif-list" aria-label={`${TAB_LABELS[filter]} notifications`}>
            {page.data.map((n) => (
              <li key={n.id}>
                <NotificationItem notification={n} now={now} actions={<Actions n={n} filter={filter} csrf={csrf} />} />
              </li>
            ))}
          </ul>
        )}
      {page.next_cursor && (
        <div class="notif-more">
          <a
            class="btn btn-secondary"
            href={`/notifications?filter=${filter}&cursor=${encodeURIComponent(page.next_cursor)}`}
          >
            Older notifications
          </a>
        </div>
      )}
    </div>
  );
});
