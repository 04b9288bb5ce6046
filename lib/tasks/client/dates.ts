// Dates as a person reads them in their own time zone: day keys (YYYY-MM-DD) for grouping and calendars,
// short labels for lists. Pure and Intl-only, so islands can use it without a date library.

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: Date, timeZone: string) {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    dayFormatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const part of f.formatToParts(instant)) if (part.type !== "literal") out[part.type] = part.value;
  return out;
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function dayKey(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The local time (HH:MM, 24h) of an instant in a zone. */
export function timeOfDay(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.hour === "24" ? "00" : p.hour}:${p.minute}`;
}

/** A day key as a UTC-midnight Date, for calendar arithmetic that must not depend on any zone. */
export function keyToDate(key: string): Date {
  return new Date(`${key}T00:00:00Z`);
}

export function dateToKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(key: string, days: number): string {
  const date = keyToDate(key);
  date.setUTCDate(date.getUTCDate() + days);
  return dateToKey(date);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "Mon 9 Mar" (this year) or "9 Mar 2027". */
export function shortDate(key: string, todayKey: string): string {
  const date = keyToDate(key);
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  return key.slice(0, 4) === todayKey.slice(0, 4)
    ? `${WEEKDAY_NAMES[date.getUTCDay()]} ${day}`
    : `${day} ${key.slice(0, 4)}`;
}

/** "Today", "Tomorrow", "Yesterday" or the short date. */
export function relativeDay(key: string, todayKey: string): string {
  if (key === todayKey) return "Today";
  if (key === addDays(todayKey, 1)) return "Tomorrow";
  if (key === addDays(todayKey, -1)) return "Yesterday";
  return shortDate(key, todayKey);
}

/** "March 2026". */
export function monthTitle(key: string): string {
  const date = keyToDate(key);
  return `${LONG_MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "9 – 15 Mar 2026" or "30 Mar – 5 Apr 2026". */
export function weekTitle(startKey: string): string {
  const start = keyToDate(startKey);
  const end = keyToDate(addDays(startKey, 6));
  const sameMonth = start.getUTCMonth() === end.getUTCMonth();
  const left = sameMonth ? `${start.getUTCDate()}` : `${start.getUTCDate()} ${MONTHS[start.getUTCMonth()]}`;
  return `${left} – ${end.getUTCDate()} ${MONTHS[end.getUTCMonth()]} ${end.getUTCFullYear()}`;
}

/** "Wednesday 11 March 2026", for accessible names of calendar days. */
export function longDate(key: string): string {
  const date = keyToDate(key);
  const weekday = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][date.getUTCDay()];
  return `${weekday} ${date.getUTCDate()} ${LONG_MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export const WEEKDAY_HEADERS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
