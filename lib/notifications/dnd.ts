// Do-not-disturb hours: a local wall-clock window in the person's time zone. Email and push wait until it
// ends; in-app notifications never wait.
import type { NotificationSettings } from "./types.ts";

type Quiet = Pick<NotificationSettings, "dnd_enabled" | "dnd_start" | "dnd_end" | "time_zone">;

/** "HH:MM" or "HH:MM:SS" → minutes after midnight; null when it is not a time. */
export function parseClock(value: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?$/.exec(value.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** True when Intl knows the zone (e.g. "Europe/Berlin", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0 && zone.length <= 64;
  } catch {
    return false;
  }
}

/** Minutes after local midnight of `at` in `zone` (UTC when the zone is unknown). */
export function localMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: isTimeZone(zone) ? zone : "UTC",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return (hour % 24) * 60 + minute;
}

/** Whether `at` falls in the quiet hours; a window whose start is after its end spans midnight. */
export function inQuietHours(settings: Quiet, at: Date): boolean {
  if (!settings.dnd_enabled) return false;
  const start = parseClock(settings.dnd_start);
  const end = parseClock(settings.dnd_end);
  if (start === null || end === null || start === end) return false;
  const now = localMinutes(at, settings.time_zone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}
