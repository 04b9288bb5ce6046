// The "Repeat" part of the task form as plain fields, turned into an RRULE and back. The same fields are
// posted without JavaScript and edited live by the RecurrencePicker island, so both build the rule here.
import {
  buildRule,
  choiceFromRule,
  describeRule,
  type RecurrenceChoice,
  RecurrenceError,
  type Weekday,
  weekdayOf,
  WEEKDAYS,
} from "../recurrence.ts";

export const REPEAT_KINDS = ["never", "daily", "weekly", "monthly_day", "monthly_weekday", "custom"] as const;
export type RepeatKind = (typeof REPEAT_KINDS)[number];

export const REPEAT_LABELS: Record<RepeatKind, string> = {
  never: "Never",
  daily: "Daily",
  weekly: "Weekly",
  monthly_day: "Monthly on a day",
  monthly_weekday: "Monthly on a weekday",
  custom: "Custom rule (RRULE)",
};

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  MO: "Mon",
  TU: "Tue",
  WE: "Wed",
  TH: "Thu",
  FR: "Fri",
  SA: "Sat",
  SU: "Sun",
};

export const NTH_OPTIONS = [
  { value: "1", label: "first" },
  { value: "2", label: "second" },
  { value: "3", label: "third" },
  { value: "4", label: "fourth" },
  { value: "-1", label: "last" },
];

export interface RepeatForm {
  repeat: RepeatKind;
  /** Every N days/weeks/months, as typed. */
  interval: string;
  weekdays: Weekday[];
  /** Day of the month 1..31, or -1 for the last day. */
  day: string;
  nth: string;
  weekday: Weekday;
  /** The raw RRULE for "custom". */
  rule: string;
}

const isDate = (text: string | null | undefined): text is string =>
  Boolean(text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(new Date(`${text}T00:00:00Z`).getTime()));

/** Sensible picks for a due date (YYYY-MM-DD): its weekday, its day of the month, its nth weekday. */
export function repeatDefaults(dueDate: string | null): RepeatForm {
  const date = isDate(dueDate) ? new Date(`${dueDate}T00:00:00Z`) : null;
  const weekday = isDate(dueDate) ? weekdayOf(dueDate) : "MO";
  const day = date ? date.getUTCDate() : 1;
  return {
    repeat: "never",
    interval: "1",
    weekdays: [weekday],
    day: String(day),
    nth: String(Math.min(Math.ceil(day / 7), 4)),
    weekday,
    rule: "",
  };
}

/** The fields for a saved rule: the simple kind when it is one, else "custom" with the rule. */
export function repeatFormFromRule(rule: string | null, dueDate: string | null): RepeatForm {
  const form = repeatDefaults(dueDate);
  if (!rule) return form;
  let choice: RecurrenceChoice;
  try {
    choice = choiceFromRule(rule);
  } catch {
    return { ...form, repeat: "custom", rule };
  }
  // Ends (COUNT/UNTIL) have no simple fields: such rules stay custom so nothing is lost on save.
  if (choice.kind !== "custom" && "end" in choice && choice.end) return { ...form, repeat: "custom", rule };
  switch (choice.kind) {
    case "daily":
      return { ...form, repeat: "daily", interval: String(choice.interval ?? 1) };
    case "weekly":
      return { ...form, repeat: "weekly", interval: String(choice.interval ?? 1), weekdays: choice.weekdays };
    case "monthly_day":
      return { ...form, repeat: "monthly_day", interval: String(choice.interval ?? 1), day: String(choice.day) };
    case "monthly_weekday":
      return {
        ...form,
        repeat: "monthly_weekday",
        interval: String(choice.interval ?? 1),
        nth: String(choice.nth),
        weekday: choice.weekday,
      };
    default:
      return { ...form, repeat: "custom", rule: choice.rule };
  }
}

/** Reads the posted fields (checkbox groups come as lists). */
export function readRepeatForm(values: Record<string, string>, lists: Record<string, string[]>): RepeatForm {
  const repeat = (REPEAT_KINDS as readonly string[]).includes(values.repeat ?? "")
    ? values.repeat as RepeatKind
    // an old client or API-style post with only the rule: treat it as custom
    : values.recurrence_rule?.trim()
    ? "custom"
    : "never";
  const weekday = WEEKDAYS.includes(values.repeat_weekday as Weekday) ? values.repeat_weekday as Weekday : "MO";
  return {
    repeat,
    interval: values.repeat_interval ?? "1",
    weekdays: (lists.repeat_weekdays ?? []).filter((d): d is Weekday => WEEKDAYS.includes(d as Weekday)),
    day: values.repeat_day ?? "1",
    nth: values.repeat_nth ?? "1",
    weekday,
    rule: values.recurrence_rule ?? "",
  };
}

/** Which day picks the person made themselves; the others follow the due date. */
export interface RepeatPicks {
  weekdays: boolean;
  day: boolean;
  /** The nth weekday of a monthly repeat. */
  monthlyWeekday: boolean;
}

const sameDays = (a: Weekday[], b: Weekday[]) => a.length === b.length && a.every((d) => b.includes(d));

/** Picks that differ from what the due date suggests were made by the person (no due date: none were). */
export function initialPicks(form: RepeatForm, dueDate: string | null): RepeatPicks {
  if (!isDate(dueDate)) return { weekdays: false, day: false, monthlyWeekday: false };
  const defaults = repeatDefaults(dueDate);
  return {
    weekdays: !sameDays(form.weekdays, defaults.weekdays),
    day: form.day !== defaults.day,
    monthlyWeekday: form.nth !== defaults.nth || form.weekday !== defaults.weekday,
  };
}

/** The form after the due date changed: the days not picked by the person move to the new date's. */
export function followDueDate(form: RepeatForm, picks: RepeatPicks, dueDate: string): RepeatForm {
  if (!isDate(dueDate)) return form;
  const defaults = repeatDefaults(dueDate);
  return {
    ...form,
    ...(picks.weekdays ? {} : { weekdays: defaults.weekdays }),
    ...(picks.day ? {} : { day: defaults.day }),
    ...(picks.monthlyWeekday ? {} : { nth: defaults.nth, weekday: defaults.weekday }),
  };
}

function choiceOf(form: RepeatForm): RecurrenceChoice | null {
  const interval = form.interval.trim() === "" ? 1 : Number(form.interval);
  if (!Number.isInteger(interval) || interval < 1 || interval > 999) {
    throw new RecurrenceError("Repeat every 1 to 999 days, weeks or months.");
  }
  switch (form.repeat) {
    case "never":
      return null;
    case "daily":
      return { kind: "daily", interval };
    case "weekly":
      return { kind: "weekly", interval, weekdays: form.weekdays };
    case "monthly_day":
      return { kind: "monthly_day", interval, day: Number(form.day) };
    case "monthly_weekday":
      return { kind: "monthly_weekday", interval, nth: Number(form.nth), weekday: form.weekday };
    case "custom":
      if (!form.rule.trim()) throw new RecurrenceError("Write the rule, like FREQ=WEEKLY;BYDAY=MO,WE.");
      return { kind: "custom", rule: form.rule };
  }
}

export type RepeatResult = { ok: true; rule: string | null; text: string | null } | { ok: false; error: string };

/**
 * The RRULE the fields describe and its description, or the sentence that says what is wrong. Weekly
 * without a day ticked repeats on the due date's weekday (dueDate: YYYY-MM-DD).
 */
export function ruleFromRepeatForm(form: RepeatForm, dueDate?: string | null): RepeatResult {
  try {
    const choice = choiceOf(form);
    if (!choice) return { ok: true, rule: null, text: null };
    const rule = buildRule(choice, isDate(dueDate) ? dueDate : null);
    return { ok: true, rule, text: describeRule(rule) };
  } catch (error) {
    if (error instanceof RecurrenceError) return { ok: false, error: error.message };
    throw error;
  }
}
