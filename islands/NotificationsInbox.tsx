// The list of /notifications, live: new notifications appear on top as they happen (the person's room
// user:<id>), changes made elsewhere (the bell, another tab) show here, and the actions (read, unread,
// archive, snooze) go through the API without leaving the page, so the bell counts down at once (the API
// announces every change to the person's pages). Rendered by the server first, where the actions are plain
// forms that post to /notifications: without JavaScript it is the same page.
import { useEffect, useRef, useState } from "preact/hooks";
import { request, subscribe } from "@/lib/bus/client/connection.ts";
import { NotificationItem } from "@/components/notifications/NotificationItem.tsx";
import { NotificationActions } from "@/components/notifications/NotificationActions.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { api } from "@/lib/client/api.ts";
import type { NotificationFilter, NotificationView } from "@/lib/notifications/types.ts";
import {
  ACTION_NOTICES,
  type Announced,
  applyChange,
  fromAnnouncement,
  keepsAfter,
} from "@/lib/notifications/inbox.ts";

export interface NotificationsInboxProps {
  userId: string;
  teamId: string;
  csrf: string;
  filter: NotificationFilter;
  /** The first page is where new notifications appear; older pages stay as they are. */
  firstPage: boolean;
  items: NotificationView[];
  now: string;
  listLabel: string;
  emptyTitle: string;
  emptyText: string;
}

export default function NotificationsInbox(props: NotificationsInboxProps) {
  const { filter, csrf, teamId } = props;
  const ready = useHydrated();
  const [items, setItems] = useState(props.items);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // true once the page's socket is in the person's room: from then on nothing new is missed
  const [listening, setListening] = useState(false);
  const live = useRef(filter);
  live.current = filter;

  useEffect(() => {
    const room = `user:${props.userId}`;
    const stop = subscribe(room, {
      onEvent(event) {
        const payload = event.payload as Announced | null;
        if (!payload || payload.team_id !== teamId) return;
        if (event.type === "notification.created") {
          if (!props.firstPage || (live.current !== "unread" && live.current !== "all")) return;
          const item = fromAnnouncement(payload, teamId);
          setItems((list) => [item, ...list.filter((n) => n.id !== item.id)]);
        } else if (event.type === "notification.updated") {
          setItems((list) => applyChange(list, payload, live.current));
        }
      },
    });
    // joining twice is harmless, and its answer says the room is joined (subscribe does not tell)
    void request("join", { room }).then((reply) => reply.ok && setListening(true)).catch(() => {});
    return stop;
  }, [props.userId, teamId]);

  // The forms of the actions, sent through the API instead (same fields).
  const onSubmit = async (event: SubmitEvent) => {
    const form = event.target as HTMLFormElement;
    const data = new FormData(form, event.submitter as HTMLElement | null);
    const action = String(data.get("_action") ?? "");
    const id = String(data.get("id") ?? "");
    if (!id || !action) return;
    event.preventDefault();
    setError(null);
    setNotice(null);
    const snooze = action === "snooze";
    try {
      const body = await api.post<{ data?: NotificationView | NotificationView[] }>(
        `/api/v1/notifications/${id}/${action}`,
        snooze ? { minutes: Number(data.get("minutes")) } : undefined,
        { csrf },
      );
      // the actions answer with the changed notifications; snooze with the one
      const changed = [body?.data ?? []].flat() as NotificationView[];
      setItems((list) =>
        list.flatMap((n) => {
          if (n.id !== id) return [n];
          const next = changed.find((c) => c.id === id) ?? n;
          return keepsAfter(next, action, live.current) ? [next] : [];
        })
      );
      setNotice(ACTION_NOTICES[action] ?? null);
    } catch (caught) {
      setError(`That did not work: ${(caught as Error).message}`);
    }
  };

  return (
    <div class="notif-inbox" data-live={ready && listening ? "true" : undefined}>
      {notice && <p class="notif-inbox-notice" role="status">{notice}</p>}
      {error && <p class="notif-error" role="alert">{error}</p>}
      {items.length === 0
        ? <EmptyState icon="bell" title={props.emptyTitle} text={props.emptyText} />
        : (
          <ul class="notif-list" aria-label={props.listLabel} onSubmit={ready ? onSubmit : undefined}>
            {items.map((n) => (
              <li key={n.id}>
                <NotificationItem
                  notification={n}
                  now={props.now}
                  actions={<NotificationActions n={n} filter={filter} csrf={csrf} />}
                />
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
