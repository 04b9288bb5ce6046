// Small pure helpers shared by the bell, the inbox page and the service worker payloads.
import type { NotificationType } from "./types.ts";

/** "just now", "5 min ago", "3 h ago", "2 d ago", then a short date. */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (Number.isNaN(seconds)) return "";
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return then.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** The badge text: the count, or "99+". */
export function badgeText(count: number): string {
  return count > 99 ? "99+" : String(Math.max(0, count));
}

/** A link is followed only when it is a path inside the app (never another site). */
export function safePath(url: string | null | undefined, fallback = "/notifications"): string {
  if (!url || !url.startsWith("/") || url.startsWith("//") || url.includes("\\")) return fallback;
  return url;
}

/** Which small mark a notification gets in lists. */
export const TYPE_MARK: Record<NotificationType, { mark: string; tone: string }> = {
  direct_message: { mark: "✉", tone: "accent" },
  mention: { mark: "@", tone: "accent" },
  task_assigned: { mark: "✓", tone: "info" },
  task_due_soon: { mark: "⏰", tone: "warning" },
  task_overdue: { mark: "!", tone: "danger" },
  deal_stage_changed: { mark: "→", tone: "success" },
  lead_assigned: { mark: "★", tone: "info" },
  invite_accepted: { mark: "+", tone: "success" },
  system: { mark: "i", tone: "neutral" },
};

export function markFor(type: string): { mark: string; tone: string } {
  return TYPE_MARK[type as NotificationType] ?? TYPE_MARK.system;
}
