// Time-zone labels for times: "14:00 CET" when a time is shown in a zone other than the reader's clock
// (their profile zone differs from the browser's, or it is a teammate's local time). Pure and Intl-only,
// so islands use it too.

const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneName(instant: Date, timeZone: string, locale: string): string {
  const key = `${locale}|${timeZone}`;
  let f = nameFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" });
    nameFormatters.set(key, f);
  }
  return f.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * The zone's short name at an instant: "CET"/"CEST", "EST", "BST", "UTC", else "GMT+5:30". English
 * locales know different letters (en-US: American zones, en-GB: European ones), so ask both.
 */
export function zoneAbbreviation(instant: Date, timeZone: string): string {
  const us = zoneName(instant, timeZone, "en-US");
  if (/^[A-Z]{2,5}$/.test(us)) return us;
  const gb = zoneName(instant, timeZone, "en-GB");
  return /^[A-Z]{2,5}$/.test(gb) ? gb : us;
}

/** Minutes a zone is ahead of UTC at an instant. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (
    const p of new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    }).formatToParts(instant)
  ) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return Math.round((local - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** Whether two zones' clocks show the same time at an instant (Berlin and Paris do; Berlin and London not). */
export function sameClock(instant: Date, a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return offsetMinutes(instant, a) === offsetMinutes(instant, b);
  } catch {
    return false;
  }
}

/** The browser's zone, or null where Intl cannot tell (or on the server). */
export function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}
