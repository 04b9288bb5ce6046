// Months of credit usage, in UTC like app.credit_month_start(): "2026-12" ↔ the half-open range of instants.
// Pure, so the usage page, the API and the unit tests agree on what "this month" is.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-12" for the month `now` falls in (UTC). */
export function currentMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** [start, end) of a "YYYY-MM" month in UTC; null when the text is not such a month. */
export function monthRange(month: string): { start: Date; end: Date } | null {
  const match = MONTH.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { start: new Date(Date.UTC(year, index, 1)), end: new Date(Date.UTC(year, index + 1, 1)) };
}

/** The month before or after ("2026-01" - 1 = "2025-12"). */
export function shiftMonth(month: string, by: number): string {
  const range = monthRange(month);
  if (!range) throw new Error(`Not a month: ${month}`);
  const d = range.start;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + by, 1)).toISOString().slice(0, 7);
}

/** "December 2026". */
export function monthLabel(month: string): string {
  const range = monthRange(month);
  if (!range) return month;
  return range.start.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}
