// The live inbox's bookkeeping (islands/NotificationsInbox.tsx and the bell): a notification from its
// announcement on the socket, and what an action or a change made elsewhere does to a list under a filter.
// Pure functions, browser-safe.
import type { NotificationFilter, NotificationType, NotificationView } from "./types.ts";

/** The payload of `notification.created` (app.notify) and `notification.updated` (lib/notifications/live.ts). */
export interface Announced extends Partial<Omit<NotificationView, "type">> {
  team_id?: string;
  type?: string;
  action?: string;
  ids?: string[];
  unread_count?: number;
}

/** What the inbox says after an action (the page after a form post, the live list after an API call). */
export const ACTION_NOTICES: Record<string, string> = {
  read: "Marked as read.",
  unread: "Marked as unread.",
  archive: "Archived.",
  unarchive: "Moved back to the inbox.",
  snooze: "Snoozed. It comes back unread when the time is up.",
  read_all: "Everything is marked as read.",
};

/** A new notification as the lists show it, from what app.notify announced. */
export function fromAnnouncement(payload: Announced, teamId: string): NotificationView {
  return {
    id: String(payload.id),
    team_id: teamId,
    type: (payload.type ?? "system") as NotificationType,
    title: payload.title ?? "Notification",
    body: payload.body ?? null,
    url: payload.url ?? null,
    actor_id: payload.actor_id ?? null,
    actor_name: payload.actor_name ?? null,
    record_type: payload.record_type ?? null,
    record_id: payload.record_id ?? null,
    priority: "normal",
    created_at: payload.created_at ?? new Date().toISOString(),
    read_at: null,
    archived_at: null,
    snoozed_until: null,
    metadata: {},
  };
}

/** Whether a notification stays in a list under `filter` after `action`. */
export function keepsAfter(n: NotificationView, action: string, filter: NotificationFilter): boolean {
  switch (action) {
    case "read":
    case "read_all":
      return filter !== "unread";
    case "archive":
      return filter === "archived";
    case "unarchive":
      return filter !== "archived";
    case "snooze":
      return filter === "snoozed";
    default:
      return n.id !== "";
  }
}

/** A change made elsewhere (the bell, another tab) applied to a list shown under `filter`. */
export function applyChange(list: NotificationView[], change: Announced, filter: NotificationFilter) {
  const action = change.action ?? "";
  const ids = new Set(change.ids ?? []);
  const now = new Date().toISOString();
  return list.flatMap((n) => {
    if (action !== "read_all" && !ids.has(n.id)) return [n];
    if (action === "read_all" && n.read_at) return [n];
    const next: NotificationView = action === "read" || action === "read_all"
      ? { ...n, read_at: n.read_at ?? now }
      : action === "unread"
      ? { ...n, read_at: null }
      : action === "archive"
      ? { ...n, archived_at: now }
      : action === "unarchive"
      ? { ...n, archived_at: null }
      : n;
    return keepsAfter(next, action, filter) ? [next] : [];
  });
}
