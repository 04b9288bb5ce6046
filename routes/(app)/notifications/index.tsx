// /notifications: the full inbox. Tabs (Unread, All, Snoozed, Archived), each notification with its actions as
// small forms (read/unread, archive, snooze), "Mark all read", and older pages. Works without JavaScript;
// with it the list is live (islands/NotificationsInbox.tsx): new ones appear, actions change it in place.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Tabs } from "../../../components/ui/Tabs.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { Icon } from "../../../components/ui/Icon.tsx";
import { NotifIcon } from "../../../components/notifications/NotifIcon.tsx";
import NotificationsInbox from "../../../islands/NotificationsInbox.tsx";
import { ACTION_NOTICES } from "../../../lib/notifications/inbox.ts";
import {
  applyAction,
  listNotifications,
  type NotificationPage,
  readAll,
  snooze,
  SNOOZE_CHOICES,
} from "../../../lib/notifications/store.ts";
import { isUuid } from "../../../lib/ids.ts";
import { announceChange } from "../../../lib/notifications/live.ts";
import { FILTERS, type NotificationFilter } from "../../../lib/notifications/types.ts";

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
      notice: done ? ACTION_NOTICES[done] ?? null : null,
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
      if (!isUuid(id) || !SNOOZE_CHOICES.some((c) => c.minutes === minutes)) {
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

export default define.page<typeof handler>(function NotificationsPage({ data, state, url }) {
  const { csrf, session } = state as SignedInState;
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
      <NotificationsInbox
        userId={session.user.id}
        teamId={session.team.id}
        csrf={csrf}
        filter={filter}
        firstPage={!data.cursor}
        items={page.data}
        now={now}
        listLabel={`${TAB_LABELS[filter]} notifications`}
        emptyTitle={filter === "unread" ? "No unread notifications" : "No notifications"}
        emptyText={emptyText[filter]}
      />
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
