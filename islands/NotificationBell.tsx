// The header bell: unread count, a dropdown of recent notifications with mark read/unread, archive and
// snooze, "Mark all read" and "See all". Live through the person's room user:<id>: a new notification
// counts up at once, and reading in another tab counts down here too.
// Before hydration (or without JavaScript) it is a plain link to /notifications showing the count.
import { useEffect, useRef, useState } from "preact/hooks";
import { Icon } from "@/components/ui/Icon.tsx";
import { NotifIcon } from "@/components/notifications/NotifIcon.tsx";
import { NotificationItem } from "@/components/notifications/NotificationItem.tsx";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { api, type Method } from "@/lib/client/api.ts";
import { subscribe } from "@/lib/bus/client/connection.ts";
import { badgeText } from "@/lib/notifications/format.ts";
import type { NotificationView } from "@/lib/notifications/types.ts";
import { type Announced, fromAnnouncement } from "@/lib/notifications/inbox.ts";

export interface NotificationBellProps {
  userId: string;
  teamId: string;
  csrf: string;
  /** Unread count when the page was rendered. */
  unread: number;
}

const SNOOZES: { label: string; minutes: number }[] = [
  { label: "1 hour", minutes: 60 },
  { label: "3 hours", minutes: 180 },
  { label: "Tomorrow", minutes: 1440 },
  { label: "Next week", minutes: 10080 },
];
const RECENT = 8;

type Filter = "unread" | "all";

function label(count: number) {
  return count > 0 ? `Notifications, ${count} unread` : "Notifications";
}

export default function NotificationBell({ userId, teamId, csrf, unread: initial }: NotificationBellProps) {
  const ready = useHydrated();
  const [unread, setUnread] = useState(initial);
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState<Filter>("all");
  const [items, setItems] = useState<NotificationView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [snoozing, setSnoozing] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const live = useRef({ open, filter });
  live.current = { open, filter };

  // deno-lint-ignore no-explicit-any
  const send = (method: Method, path: string, body?: unknown) => api.send<any>(method, path, body, { csrf });

  const load = async (which: Filter = live.current.filter) => {
    try {
      const page = await send("GET", `/api/v1/notifications?filter=${which}&limit=${RECENT}`);
      if (live.current.filter !== which) return;
      setItems(page.data);
      setUnread(page.unread_count);
      setError(null);
    } catch (caught) {
      setError(`Could not load notifications: ${(caught as Error).message}`);
    }
  };

  // Live: new notifications count up; changes made elsewhere (another tab) set the count. The count the
  // server rendered may be stale (cached page), so it is fetched once on start.
  useEffect(() => {
    send("GET", "/api/v1/notifications/unread-count")
      .then((body) => setUnread(body.data.unread_count))
      .catch(() => {/* the rendered count stays */});
    return subscribe(`user:${userId}`, {
      onEvent(event) {
        const payload = event.payload as Announced;
        if (payload?.team_id !== teamId) return;
        if (event.type === "notification.created") {
          setUnread((count) => count + 1);
          const item = fromAnnouncement(payload, teamId);
          setItems((list) => list ? [item, ...list.filter((n) => n.id !== item.id)].slice(0, RECENT) : list);
        } else if (event.type === "notification.updated" && typeof payload.unread_count === "number") {
          setUnread(payload.unread_count);
          if (live.current.open) void load();
        }
      },
      onReset() {
        void load();
      },
    });
  }, [userId, teamId]);

  useEffect(() => {
    if (!open) return;
    void load(filter);
    const onDown = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, filter]);

  const patch = (id: string, change: Partial<NotificationView> | null) => {
    setItems((list) =>
      list
        ? (change === null ? list.filter((n) => n.id !== id) : list.map((n) => n.id === id ? { ...n, ...change } : n))
        : list
    );
  };

  const act = async (n: NotificationView, action: "read" | "unread" | "archive") => {
    setError(null);
    const before = items;
    if (action === "archive" || (action === "read" && filter === "unread")) patch(n.id, null);
    else patch(n.id, { read_at: action === "read" ? new Date().toISOString() : null });
    try {
      const result = await send("POST", `/api/v1/notifications/${n.id}/${action}`);
      setUnread(result.unread_count);
    } catch (caught) {
      setItems(before);
      setError((caught as Error).message);
    }
  };

  const snooze = async (n: NotificationView, minutes: number, choice: string) => {
    setSnoozing(null);
    const before = items;
    patch(n.id, null);
    try {
      const result = await send("POST", `/api/v1/notifications/${n.id}/snooze`, { minutes });
      setUnread(result.unread_count);
    } catch (caught) {
      setItems(before);
      setError(`Could not snooze for ${choice.toLowerCase()}: ${(caught as Error).message}`);
    }
  };

  const readAll = async () => {
    const before = items;
    setItems((list) =>
      list && (filter === "unread" ? [] : list.map((n) => ({ ...n, read_at: n.read_at ?? new Date().toISOString() })))
    );
    try {
      await send("POST", "/api/v1/notifications/read-all");
      setUnread(0);
    } catch (caught) {
      setItems(before);
      setError((caught as Error).message);
    }
  };

  const badge = unread > 0 && <span class="notif-badge" data-count={unread}>{badgeText(unread)}</span>;

  if (!ready) {
    return (
      <div class="notif-bell">
        <a class="icon-button notif-bell-button" href="/notifications" aria-label={label(unread)} title="Notifications">
          <Icon name="bell" />
          {badge}
        </a>
      </div>
    );
  }

  return (
    <div class="notif-bell" ref={rootRef} data-hydrated="true">
      <button
        ref={buttonRef}
        type="button"
        class="icon-button notif-bell-button"
        aria-label={label(unread)}
        title="Notifications"
        aria-expanded={open}
        aria-controls="notif-panel"
        onClick={() => setOpen(!open)}
      >
        <Icon name="bell" />
        {badge}
      </button>
      {open && (
        <div class="notif-panel" id="notif-panel" role="dialog" aria-label="Notifications">
          <div class="notif-panel-header">
            <h2 class="notif-panel-title">Notifications</h2>
            <button type="button" class="btn btn-ghost btn-sm" onClick={readAll} disabled={unread === 0}>
              <NotifIcon name="read" />
              Mark all read
            </button>
          </div>
          <div class="notif-panel-tabs" role="tablist" aria-label="Show">
            {(["all", "unread"] as Filter[]).map((f) => (
              <button
                key={f}
                type="button"
                role="tab"
                class="notif-tab"
                aria-selected={filter === f}
                onClick={() => {
                  setItems(null);
                  setFilter(f);
                }}
              >
                {f === "all" ? "All" : `Unread${unread > 0 ? ` (${badgeText(unread)})` : ""}`}
              </button>
            ))}
          </div>
          {error && <p class="notif-error" role="alert">{error}</p>}
          <div class="notif-panel-list" aria-busy={items === null ? "true" : "false"}>
            {items === null && <p class="notif-panel-empty">Loading…</p>}
            {items !== null && items.length === 0 && (
              <p class="notif-panel-empty">
                {filter === "unread" ? "You are all caught up." : "No notifications yet."}
              </p>
            )}
            {items?.map((n) => (
              <div class="notif-panel-row" key={n.id}>
                <NotificationItem
                  notification={n}
                  compact
                  actions={
                    <>
                      {n.read_at
                        ? (
                          <button
                            type="button"
                            class="icon-button notif-action"
                            aria-label={`Mark unread: ${n.title}`}
                            title="Mark unread"
                            onClick={() => act(n, "unread")}
                          >
                            <NotifIcon name="unread" />
                          </button>
                        )
                        : (
                          <button
                            type="button"
                            class="icon-button notif-action"
                            aria-label={`Mark read: ${n.title}`}
                            title="Mark read"
                            onClick={() => act(n, "read")}
                          >
                            <Icon name="check" />
                          </button>
                        )}
                      <button
                        type="button"
                        class="icon-button notif-action"
                        aria-label={`Snooze: ${n.title}`}
                        title="Snooze"
                        aria-expanded={snoozing === n.id}
                        onClick={() => setSnoozing(snoozing === n.id ? null : n.id)}
                      >
                        <NotifIcon name="clock" />
                      </button>
                      <button
                        type="button"
                        class="icon-button notif-action"
                        aria-label={`Archive: ${n.title}`}
                        title="Archive"
                        onClick={() => act(n, "archive")}
                      >
                        <NotifIcon name="archive" />
                      </button>
                    </>
                  }
                />
                {snoozing === n.id && (
                  <div class="notif-snooze" role="group" aria-label="Snooze for">
                    <span class="notif-snooze-label">Snooze for</span>
                    {SNOOZES.map((s) => (
                      <button
                        key={s.minutes}
                        type="button"
                        class="btn btn-secondary btn-sm"
                        onClick={() => snooze(n, s.minutes, s.label)}
                      >
                        {s.label}
                      </button>
                    ))}
                  </div>
                )}
              </div>
            ))}
          </div>
          <div class="notif-panel-footer">
            <a class="btn btn-secondary btn-sm" href="/notifications">See all notifications</a>
            <a class="btn btn-ghost btn-sm" href="/settings/notifications">
              <Icon name="settings" />
              Settings
            </a>
          </div>
        </div>
      )}
    </div>
  );
}
