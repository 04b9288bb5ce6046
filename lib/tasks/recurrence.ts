// Repeating tasks: RFC 5545 RRULEs built from simple choices, checked, described in English and expanded
// to the next due date in the task's own time zone. Pure (no server imports): the recurring-task builder
// island uses it in the browser too.
//
// rrule computes in "floating" UTC dates. Its TZID option returns dates shifted into the host's local zone,
// which differs between server and browser, so we do not use it: rules are expanded on the local wall-clock
// time (a Date whose UTC fields are the local fields) and we convert between wall time and real instants
// with Intl, which every runtime ships with the IANA database. No time-zone library: we need two
// conversions (toWallClock, fromWallClock), not a date library such as luxon (~70 KB).
import * as rruleModule from "rrule";

// rrule's npm "main" is a UMD bundle: Deno sees one default export, bundlers (its "module" field) see
// named exports. Take whichever is there.
const { rrulestr } = (Reflect.get(rruleModule, "default") ?? rruleModule) as typeof rruleModule;

export type Weekday = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";
export const WEEKDAYS: readonly Weekday[] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/** When a series stops: after a number of tasks, or after a local date (YYYY-MM-DD, inclusive). */
export type RecurrenceEnd = { count: number } | { until: string };

/** What the recurring-task builder offers; anything else is a custom RRULE. */
export type RecurrenceChoice =
  | { kind: "daily"; interval?: number; end?: RecurrenceEnd }
  | { kind: "weekly"; interval?: number; weekdays: Weekday[]; end?: RecurrenceEnd }
  /** Day of the month 1..31, or -1 for the last day. Months without that day are skipped (RFC 5545). */
  | { kind: "monthly_day"; interval?: number; day: number; end?: RecurrenceEnd }
  /** "The 2nd Tuesday": nth 1..4, or -1 for the last one. */
  | { kind: "monthly_weekday"; interval?: number; nth: number; weekday: Weekday; end?: RecurrenceEnd }
  | { kind: "custom"; rule: string };

/** A rule that cannot be used, with a sentence that says why. */
export class RecurrenceError extends Error {
  override name = "RecurrenceError";
}

type Freq = "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";

/** A checked rule, one field per RRULE part. */
export interface ParsedRule {
  freq: Freq;
  interval: number;
  byDay: { nth: number | null; day: Weekday }[];
  byMonthDay: number[];
  byMonth: number[];
  bySetPos: number[];
  wkst: Weekday | null;
  count: number | null;
  /** As written: YYYYMMDD (a local date) or YYYYMMDDTHHMMSS (local time) or ...Z (UTC). */
  until: string | null;
}

const FREQS: readonly string[] = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
const PART_ORDER = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST", "COUNT", "UNTIL"];
const MAX_RULE_LENGTH = 500;

// Parsing and validation ----------------------------------------------------------------------------

function intList(name: string, value: string, min: number, max: number, what: string): number[] {
  return value.split(",").map((item) => {
    const n = Number(item);
    if (!/^[+-]?\d+$/.test(item) || n === 0 || Math.abs(n) < min || Math.abs(n) > max) {
      throw new RecurrenceError(`${name} must be ${what}; "${item}" is not.`);
    }
    return n;
  });
}

/** Reads and checks an RRULE ("FREQ=WEEKLY;BYDAY=MO,WE", an "RRULE:" prefix is allowed). */
export function parseRule(input: string): ParsedRule {
  const text = input.trim().replace(/^RRULE:/i, "");
  if (!text) throw new RecurrenceError("The repeat rule is empty.");
  if (text.length > MAX_RULE_LENGTH) throw new RecurrenceError("The repeat rule is too long.");
  if (/[\r\n]/.test(text) || /^DTSTART/i.test(text)) {
    throw new RecurrenceError("Give only the RRULE part (like FREQ=WEEKLY;BYDAY=MO); the due date sets the start.");
  }
  const parts = new Map<string, string>();
  for (const piece of text.split(";").filter(Boolean)) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(piece.trim());
    if (!match) throw new RecurrenceError(`"${piece}" is not a NAME=VALUE part of a repeat rule.`);
    const name = match[1].toUpperCase();
    if (!PART_ORDER.includes(name)) {
      throw new RecurrenceError(`The repeat rule part ${name} is not supported for tasks.`);
    }
    if (parts.has(name)) throw new RecurrenceError(`${name} appears twice in the repeat rule.`);
    parts.set(name, match[2].trim().toUpperCase());
  }

  const freq = parts.get("FREQ");
  if (!freq) throw new RecurrenceError("The repeat rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY).");
  if (!FREQS.includes(freq)) {
    throw new RecurrenceError(
      ["HOURLY", "MINUTELY", "SECONDLY"].includes(freq)
        ? "Tasks can repeat at most once a day."
        : `FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not ${freq}.`,
    );
  }

  const intervalText = parts.get("INTERVAL") ?? "1";
  const interval = Number(intervalText);
  if (!/^\d+$/.test(intervalText) || interval < 1 || interval > 999) {
    throw new RecurrenceError("INTERVAL must be a whole number from 1 to 999.");
  }

  const byDay = (parts.get("BYDAY")?.split(",") ?? []).map((item) => {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
    if (!match) throw new RecurrenceError(`BYDAY takes weekdays like MO,WE or 2TU; "${item}" is not one.`);
    const nth = match[1] ? Number(match[1]) : null;
    if (nth !== null && (nth === 0 || Math.abs(nth) > 53)) {
      throw new RecurrenceError(`"${item}": the number before the weekday must be 1 to 53 or -1 to -53.`);
    }
    if (nth !== null && freq !== "MONTHLY" && freq !== "YEARLY") {
      throw new RecurrenceError(`"${item}" (a numbered weekday) only works with monthly or yearly repeats.`);
    }
    if (nth !== null && freq === "MONTHLY" && Math.abs(nth) > 5) {
      throw new RecurrenceError(`"${item}": a month has at most 5 of each weekday.`);
    }
    return { nth, day: match[2] as Weekday };
  });

  const byMonthDay = parts.has("BYMONTHDAY")
    ? intList("BYMONTHDAY", parts.get("BYMONTHDAY")!, 1, 31, "days of the month from 1 to 31 (or -1 for the last)")
    : [];
  if (byMonthDay.length && freq === "WEEKLY") {
    throw new RecurrenceError("BYMONTHDAY does not go with a weekly repeat.");
  }
  const byMonth = parts.has("BYMONTH") ? intList("BYMONTH", parts.get("BYMONTH")!, 1, 12, "months from 1 to 12") : [];
  if (byMonth.some((m) => m < 0)) throw new RecurrenceError("BYMONTH must be months from 1 to 12.");
  const bySetPos = parts.has("BYSETPOS")
    ? intList("BYSETPOS", parts.get("BYSETPOS")!, 1, 366, "positions from 1 to 366 or -1 to -366")
    : [];
  if (bySetPos.length && !byDay.length && !byMonthDay.length && !byMonth.length) {
    throw new RecurrenceError("BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to pick from.");
  }

  const wkst = parts.get("WKST") ?? null;
  if (wkst !== null && !WEEKDAYS.includes(wkst as Weekday)) {
    throw new RecurrenceError("WKST must be a weekday: MO, TU, WE, TH, FR, SA or SU.");
  }

  let count: number | null = null;
  if (parts.has("COUNT")) {
    count = Number(parts.get("COUNT"));
    if (!/^\d+$/.test(parts.get("COUNT")!) || count < 1 || count > 10000) {
      throw new RecurrenceError("COUNT must be a whole number from 1 to 10000.");
    }
  }
  const until = parts.get("UNTIL") ?? null;
  if (until !== null) {
    if (count !== null) throw new RecurrenceError("Use COUNT or UNTIL to end a repeat, not both.");
    if (!/^\d{8}(T\d{6}Z?)?$/.test(until) || Number.isNaN(untilFloating(until).getTime())) {
      throw new RecurrenceError("UNTIL must be a date like 20261231 or 20261231T170000Z.");
    }
  }

  const parsed: ParsedRule = {
    freq: freq as Freq,
    interval,
    byDay,
    byMonthDay,
    byMonth,
    bySetPos,
    wkst: wkst as Weekday | null,
    count,
    until,
  };
  // Rules like "every 31st of February" are well formed but never happen.
  const reference = new Date(Date.UTC(2026, 0, 1));
  if (!expander(parsed, reference).after(reference, false)) {
    throw new RecurrenceError("This repeat rule never produces a date.");
  }
  return parsed;
}

/** The canonical text of a parsed rule: parts in a fixed order, INTERVAL=1 left out. */
export function formatRule(rule: ParsedRule, withEnd = true): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay.length) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.nth ?? ""}${d.day}`).join(",")}`);
  if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(",")}`);
  if (rule.byMonth.length) parts.push(`BYMONTH=${rule.byMonth.join(",")}`);
  if (rule.bySetPos.length) parts.push(`BYSETPOS=${rule.bySetPos.join(",")}`);
  if (rule.wkst) parts.push(`WKST=${rule.wkst}`);
  if (withEnd && rule.count !== null) parts.push(`COUNT=${rule.count}`);
  if (withEnd && rule.until !== null) parts.push(`UNTIL=${rule.until}`);
  return parts.join(";");
}

/** The canonical form of a valid rule; throws RecurrenceError with a readable sentence otherwise. */
export function normalizeRule(rule: string): string {
  return formatRule(parseRule(rule));
}

/** For forms: null when the rule is fine, otherwise the sentence to show. */
export function ruleError(rule: string): string | null {
  try {
    parseRule(rule);
    return null;
  } catch (error) {
    if (error instanceof RecurrenceError) return error.message;
    throw error;
  }
}

// Building from choices -----------------------------------------------------------------------------

function checkInterval(interval: number | undefined): number {
  const value = interval ?? 1;
  if (!Number.isInteger(value) || value < 1 || value > 999) {
    throw new RecurrenceError("Repeat every 1 to 999 days, weeks or months.");
  }
  return value;
}

function endParts(end: RecurrenceEnd | undefined): string[] {
  if (!end) return [];
  if ("count" in end) return [`COUNT=${end.count}`];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end.until)) throw new RecurrenceError("The end date must look like 2026-12-31.");
  return [`UNTIL=${end.until.replaceAll("-", "")}`];
}

/**
 * The RRULE for a choice in the recurring-task builder (checked, canonical). A weekly choice without days
 * repeats on the due date's weekday (dueDate: YYYY-MM-DD) when there is one.
 */
export function buildRule(choice: RecurrenceChoice, dueDate?: string | null): string {
  if (choice.kind === "custom") return normalizeRule(choice.rule);
  const interval = checkInterval(choice.interval);
  const parts: string[] = [];
  switch (choice.kind) {
    case "daily":
      parts.push("FREQ=DAILY");
      break;
    case "weekly": {
      const picked = choice.weekdays.length || !dueDate ? choice.weekdays : [weekdayOf(dueDate)];
      if (!picked.length) throw new RecurrenceError("Pick at least one weekday.");
      const days = WEEKDAYS.filter((d) => picked.includes(d));
      parts.push("FREQ=WEEKLY", `BYDAY=${days.join(",")}`);
      break;
    }
    case "monthly_day":
      if (!Number.isInteger(choice.day) || choice.day === 0 || choice.day < -1 || choice.day > 31) {
        throw new RecurrenceError("Pick a day of the month from 1 to 31, or the last day.");
      }
      parts.push("FREQ=MONTHLY", `BYMONTHDAY=${choice.day}`);
      break;
    case "monthly_weekday":
      if (![1, 2, 3, 4, -1].includes(choice.nth)) {
        throw new RecurrenceError("Pick the 1st, 2nd, 3rd, 4th or last weekday of the month.");
      }
      parts.push("FREQ=MONTHLY", `BYDAY=${choice.nth}${choice.weekday}`);
      break;
  }
  if (interval !== 1) parts.splice(1, 0, `INTERVAL=${interval}`);
  return normalizeRule([...parts, ...endParts(choice.end)].join(";"));
}

/** The builder's choice for a rule, so a saved rule opens in the simple form when it can. */
export function choiceFromRule(rule: string): RecurrenceChoice {
  const p = parseRule(rule);
  const end: RecurrenceEnd | undefined = p.count !== null
    ? { count: p.count }
    : p.until && /^\d{8}$/.test(p.until)
    ? { until: `${p.until.slice(0, 4)}-${p.until.slice(4, 6)}-${p.until.slice(6, 8)}` }
    : undefined;
  const simple = !p.byMonth.length && !p.bySetPos.length && !p.wkst && (p.until === null || end !== undefined);
  const withEnd = <T extends object>(c: T) => (end ? { ...c, end } : c);
  if (simple && p.freq === "DAILY" && !p.byDay.length && !p.byMonthDay.length) {
    return withEnd({ kind: "daily" as const, interval: p.interval });
  }
  if (simple && p.freq === "WEEKLY" && p.byDay.length && p.byDay.every((d) => d.nth === null)) {
    return withEnd({ kind: "weekly" as const, interval: p.interval, weekdays: p.byDay.map((d) => d.day) });
  }
  if (simple && p.freq === "MONTHLY" && !p.byDay.length && p.byMonthDay.length === 1 && p.byMonthDay[0] >= -1) {
    return withEnd({ kind: "monthly_day" as const, interval: p.interval, day: p.byMonthDay[0] });
  }
  if (
    simple && p.freq === "MONTHLY" && !p.byMonthDay.length && p.byDay.length === 1 &&
    [1, 2, 3, 4, -1].includes(p.byDay[0].nth ?? 0)
  ) {
    return withEnd({
      kind: "monthly_weekday" as const,
      interval: p.interval,
      nth: p.byDay[0].nth!,
      weekday: p.byDay[0].day,
    });
  }
  return { kind: "custom", rule: formatRule(p) };
}

// Describing ------------------------------------------------------------------------------------------

const SHORT_DAY: Record<Weekday, string> = {
  MO: "Mon",
  TU: "Tue",
  WE: "Wed",
  TH: "Thu",
  FR: "Fri",
  SA: "Sat",
  SU: "Sun",
};
const LONG_DAY: Record<Weekday, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};
const MONTHS = [
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

function ordinal(n: number): string {
  if (n === -1) return "last";
  if (n < 0) return `${ordinal(-n)} to last`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}

function list(items: string[]): string {
  return items.length <= 2 ? items.join(" and ") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function every(interval: number, unit: string): string {
  return interval === 1 ? `Every ${unit}` : `Every ${interval} ${unit}s`;
}

function describeDays(p: ParsedRule): string {
  const plain = p.byDay.every((d) => d.nth === null);
  const monthDays = list(p.byMonthDay.map((d) => (d < 0 ? `${ordinal(d)} day` : ordinal(d))));
  if (p.bySetPos.length) {
    // picks from a set: "the 2nd Tuesday", "the last weekday", "the 1st and last of the 1st, 15th"
    const positions = list(p.bySetPos.map(ordinal));
    const workweek = p.byDay.length === 5 && plain && p.byDay.every((d) => !["SA", "SU"].includes(d.day));
    if (p.byDay.length && plain && !p.byMonthDay.length) {
      if (workweek) return `on the ${positions} weekday`;
      if (p.byDay.length === 1) return `on the ${positions} ${LONG_DAY[p.byDay[0].day]}`;
      return `on the ${positions} of ${p.byDay.map((d) => SHORT_DAY[d.day]).join(", ")}`;
    }
    if (p.byMonthDay.length && !p.byDay.length) return `on the ${positions} of the ${monthDays}`;
    return `(${formatRule(p, false)})`; // rare enough that the rule itself is the clearest description
  }
  const parts: string[] = [];
  if (p.byDay.length) {
    parts.push(
      plain
        ? `on ${p.byDay.map((d) => SHORT_DAY[d.day]).join(", ")}`
        : `on the ${list(p.byDay.map((d) => `${ordinal(d.nth ?? 1)} ${LONG_DAY[d.day]}`))}`,
    );
  }
  if (p.byMonthDay.length) parts.push(`${p.byDay.length ? "if it is" : "on"} the ${monthDays}`);
  return parts.join(" ");
}

function describeEnd(p: ParsedRule): string {
  if (p.count !== null) return p.count === 1 ? ", once" : `, ${p.count} times`;
  if (p.until !== null) {
    const date = `${p.until.slice(0, 4)}-${p.until.slice(4, 6)}-${p.until.slice(6, 8)}`;
    return `, until ${date}${p.until.endsWith("Z") ? " (UTC)" : ""}`;
  }
  return "";
}

/** The rule in plain English: "Every week on Mon, Wed", "Every month on the 2nd Tuesday". */
export function describeRule(rule: string): string {
  const p = parseRule(rule);
  const workweek = p.byDay.length === 5 && p.byDay.every((d) => d.nth === null && !["SA", "SU"].includes(d.day));
  if (
    p.freq === "DAILY" && workweek && p.interval === 1 && !p.byMonthDay.length && !p.byMonth.length &&
    !p.bySetPos.length
  ) {
    return "Every weekday" + describeEnd(p);
  }
  const unit = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year" }[p.freq];
  let text = every(p.interval, unit);
  if (p.byMonth.length) text += ` in ${list(p.byMonth.map((m) => MONTHS[m - 1]))}`;
  const days = describeDays(p);
  if (days) text += ` ${days}`;
  return text + describeEnd(p);
}

// Wall-clock time <-> instants ------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new RecurrenceError(`Unknown time zone "${timeZone}". Use a name like Europe/Berlin.`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock time of an instant in a zone, as a "floating" Date (its UTC fields are local). */
export function toWallClock(instant: Date, timeZone: string): Date {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const floating = new Date(0);
  floating.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  floating.setUTCHours(fields.hour, fields.minute, fields.second, instant.getUTCMilliseconds());
  return floating;
}

function offsetAt(ms: number, timeZone: string): number {
  return toWallClock(new Date(ms), timeZone).getTime() - ms;
}

/**
 * The instant at which a zone's clocks show this wall-clock time. A time skipped by a spring-forward
 * moves later by the gap (02:30 -> 03:30); a time that happens twice at fall-back takes the first one.
 * (Temporal's "compatible" disambiguation.)
 */
export function fromWallClock(floating: Date, timeZone: string): Date {
  const local = floating.getTime();
  const day = 86_400_000;
  const before = offsetAt(local - day, timeZone);
  const after = offsetAt(local + day, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((ms) => toWallClock(new Date(ms), timeZone).getTime() === local)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? local - before);
}

// Expanding -----------------------------------------------------------------------------------------

function expander(rule: ParsedRule, dtstart: Date) {
  // COUNT and UNTIL are applied by nextOccurrence itself: each task is expanded from its own due date.
  return rrulestr(formatRule(rule, false), { dtstart });
}

function untilFloating(until: string): Date {
  const y = Number(until.slice(0, 4)), m = Number(until.slice(4, 6)), d = Number(until.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d, 23, 59, 59, 999));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return new Date(NaN);
  if (until.length === 8) return date; // a date: the whole day counts
  date.setUTCHours(Number(until.slice(9, 11)), Number(until.slice(11, 13)), Number(until.slice(13, 15)), 0);
  return date;
}

export interface NextOccurrenceOptions {
  /** Which task of the series currentDue belongs to (1 = the first); needed for COUNT. */
  occurrence?: number;
  /** Skip occurrences at or before this instant (completing an overdue task schedules the next one ahead). */
  notBefore?: Date;
}

/**
 * The due date of the task after the one due at currentDue, or null when the series has ended.
 * Works on local wall-clock time in timeZone, so 09:00 stays 09:00 across DST changes. All-day tasks
 * are due at local midnight of their date, and so is the next one.
 */
export function nextOccurrence(
  rule: string,
  currentDue: Date,
  timeZone: string,
  allDay: boolean,
  options: NextOccurrenceOptions = {},
): Date | null {
  return nextOfParsed(parseRule(rule), currentDue, timeZone, allDay, options);
}

function nextOfParsed(
  parsed: ParsedRule,
  currentDue: Date,
  timeZone: string,
  allDay: boolean,
  options: NextOccurrenceOptions,
): Date | null {
  if (Number.isNaN(currentDue.getTime())) throw new RecurrenceError("A repeating task needs a due date.");
  if (parsed.count !== null && (options.occurrence ?? 1) >= parsed.count) return null;

  const start = toWallClock(currentDue, timeZone);
  if (allDay) start.setUTCHours(0, 0, 0, 0);
  const series = expander(parsed, start);
  let from = start;
  if (options.notBefore && options.notBefore > currentDue) {
    const limit = toWallClock(options.notBefore, timeZone);
    if (limit > from) from = limit;
  }
  const next = series.after(from, false);
  if (!next) return null;
  const due = fromWallClock(next, timeZone);
  if (parsed.until !== null) {
    const beyond = parsed.until.endsWith("Z")
      ? due.getTime() > untilFloating(parsed.until).getTime()
      : next.getTime() > untilFloating(parsed.until).getTime();
    if (beyond) return null;
  }
  return due;
}

export interface UpcomingOptions {
  /** Which task of the series the current one is (1 = the first); needed for COUNT. */
  occurrence?: number;
  /** Now: completing a task late schedules the next one after this, so nothing before it is projected. */
  now?: Date;
  /** At most this many dates (default 100). */
  limit?: number;
}

/**
 * The due dates the series would get after the task due at currentDue, within [from, to): what completing
 * each task on time would create, the first one after `now` as completing an overdue task does. For
 * calendars, which show them as upcoming occurrences (they are not tasks yet).
 */
export function occurrencesBetween(
  rule: string,
  currentDue: Date,
  timeZone: string,
  allDay: boolean,
  range: { from: Date; to: Date },
  options: UpcomingOptions = {},
): Date[] {
  const parsed = parseRule(rule);
  const limit = options.limit ?? 100;
  const out: Date[] = [];
  let due = currentDue;
  let occurrence = options.occurrence ?? 1;
  let notBefore = options.now;
  // Without COUNT nothing depends on how many tasks came before, so jump straight to the range.
  if (parsed.count === null) {
    const rangeStart = new Date(range.from.getTime() - 1);
    if (!notBefore || notBefore < rangeStart) notBefore = rangeStart;
  }
  // COUNT allows at most 10,000 tasks: walking them one by one is bounded.
  for (let steps = 0; out.length < limit && steps < 10_000; steps++) {
    const next = nextOfParsed(parsed, due, timeZone, allDay, { occurrence, notBefore });
    if (!next || next >= range.to) break;
    if (next >= range.from) out.push(next);
    due = next;
    occurrence++;
    notBefore = undefined;
  }
  return out;
}

// Defaults ------------------------------------------------------------------------------------------

const JS_DAY_TO_WEEKDAY: Weekday[] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/** The weekday of a local date (YYYY-MM-DD), or of an instant's local date in a zone. */
export function weekdayOf(date: string | Date, timeZone = "UTC"): Weekday {
  const floating = typeof date === "string" ? new Date(`${date}T00:00:00Z`) : toWallClock(date, timeZone);
  if (Number.isNaN(floating.getTime())) throw new RecurrenceError("The due date must look like 2026-12-31.");
  return JS_DAY_TO_WEEKDAY[floating.getUTCDay()];
}

/**
 * A weekly rule without days repeats on the due date's weekday: written out (BYDAY) so the rule says so in
 * words ("Every week on Tue") and opens with that day ticked. Other rules are returned unchanged.
 */
export function withDefaultWeekday(rule: string, due: Date, timeZone: string): string {
  const parsed = parseRule(rule);
  if (parsed.freq !== "WEEKLY" || parsed.byDay.length) return formatRule(parsed);
  return formatRule({ ...parsed, byDay: [{ nth: null, day: weekdayOf(due, timeZone) }] });
}
