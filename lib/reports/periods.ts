// Dates in reports: date-range presets resolved to instants, the previous period to compare with, and the
// period buckets (day, week, month, quarter) rows are grouped into. Everything is in UTC and matches
// Postgres's date_trunc (weeks start on Monday), so buckets computed here line up with the query's.

export const PERIODS = ["day", "week", "month", "quarter"] as const;
export const PRESETS = [
  "last_7_days",
  "last_30_days",
  "this_month",
  "last_month",
  "this_quarter",
  "this_year",
  "all_time",
] as const;

export type Period = typeof PERIODS[number];
export type Preset = typeof PRESETS[number];

/** Grouping by day covers at most 5 years of days. */
export const MAX_DAY_BUCKETS = 1827;

const DAY = 86_400_000;

/** [from, to): null bounds are open. `months` is set when the range is whole calendar months. */
export interface DateRange {
  from: Date | null;
  to: Date | null;
  months?: number;
}

function startOfMonth(date: Date, addMonths = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + addMonths, 1));
}

function startOfQuarter(date: Date, addQuarters = 0): Date {
  const month = Math.floor(date.getUTCMonth() / 3) * 3;
  return new Date(Date.UTC(date.getUTCFullYear(), month + addQuarters * 3, 1));
}

/** A date-only string is a whole day: from its midnight, and (as an end) up to the next midnight. */
function parseBound(text: string, end: boolean): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  return dateOnly && end ? new Date(date.getTime() + DAY) : date;
}

export function resolveRange(
  input: { preset?: Preset; from?: string; to?: string },
  now: Date,
): DateRange {
  switch (input.preset) {
    case "last_7_days":
      return { from: new Date(now.getTime() - 7 * DAY), to: now };
    case "last_30_days":
      return { from: new Date(now.getTime() - 30 * DAY), to: now };
    case "this_month":
      return { from: startOfMonth(now), to: startOfMonth(now, 1), months: 1 };
    case "last_month":
      return { from: startOfMonth(now, -1), to: startOfMonth(now), months: 1 };
    case "this_quarter":
      return { from: startOfQuarter(now), to: startOfQuarter(now, 1), months: 3 };
    case "this_year":
      return {
        from: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)),
        to: new Date(Date.UTC(now.getUTCFullYear() + 1, 0, 1)),
        months: 12,
      };
    case "all_time":
      return { from: null, to: null };
  }
  return {
    from: input.from ? parseBound(input.from, false) : null,
    to: input.to ? parseBound(input.to, true) : null,
  };
}

/** The period just before: the previous month/quarter/year for calendar presets, else the same length earlier. */
export function previousRange(range: DateRange): DateRange {
  if (!range.from || !range.to) throw new Error("previousRange needs a bounded range");
  if (range.months) {
    return { from: startOfMonth(range.from, -range.months), to: range.from, months: range.months };
  }
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The first day (YYYY-MM-DD) of the period an instant falls in, as date_trunc(period, instant at UTC). */
export function bucketStart(instant: Date, period: Period): string {
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
  switch (period) {
    case "day":
      return iso(day);
    case "week":
      return iso(new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY));
    case "month":
      return iso(startOfMonth(day));
    case "quarter":
      return iso(startOfQuarter(day));
  }
}

function nextBucket(start: string, period: Period): string {
  const date = new Date(`${start}T00:00:00Z`);
  switch (period) {
    case "day":
      return iso(new Date(date.getTime() + DAY));
    case "week":
      return iso(new Date(date.getTime() + 7 * DAY));
    case "month":
      return iso(startOfMonth(date, 1));
    case "quarter":
      return iso(startOfMonth(date, 3));
  }
}

/** Every bucket a range touches, in order (at most `max`), so empty periods show as zero. */
export function bucketsBetween(from: Date, to: Date, period: Period, max = MAX_DAY_BUCKETS): string[] {
  const out: string[] = [];
  const end = to.getTime();
  for (let b = bucketStart(from, period); new Date(`${b}T00:00:00Z`).getTime() < end; b = nextBucket(b, period)) {
    out.push(b);
    if (out.length >= max) break;
  }
  return out;
}
