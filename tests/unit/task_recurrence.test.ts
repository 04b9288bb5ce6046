// Recurrence rules: building, checking, describing and expanding them across DST changes.
import { assertEquals, assertMatch, assertThrows } from "../helpers/assert.ts";
import {
  buildRule,
  choiceFromRule,
  describeRule,
  fromWallClock,
  isValidTimeZone,
  nextOccurrence,
  normalizeRule,
  occurrencesBetween,
  RecurrenceError,
  ruleError,
  toWallClock,
  weekdayOf,
  withDefaultWeekday,
} from "../../lib/tasks/recurrence.ts";
import { followDueDate, initialPicks, repeatDefaults, ruleFromRepeatForm } from "../../lib/tasks/client/repeat-form.ts";
import { nestSubtasks } from "../../lib/tasks/client/nest.ts";
import { sameClock, zoneAbbreviation } from "../../lib/tasks/client/zones.ts";
import { browserZoneOrUtc } from "../../lib/profiles.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const next = (rule: string, due: string, zone = "UTC", allDay = false, options = {}) =>
  iso(nextOccurrence(rule, new Date(due), zone, allDay, options));

/** Every step of a series, from a first due date. */
function series(rule: string, due: string, zone: string, steps: number, allDay = false): string[] {
  const out = [due];
  let current = new Date(due);
  for (let i = 1; i < steps; i++) {
    current = nextOccurrence(rule, current, zone, allDay, { occurrence: i })!;
    out.push(current.toISOString());
  }
  return out;
}

/** Local wall time of an instant, "YYYY-MM-DD HH:MM". */
const local = (instant: string, zone: string) => toWallClock(new Date(instant), zone).toISOString().slice(0, 16);

// Building -------------------------------------------------------------------------------------------

Deno.test("buildRule: daily, weekly on weekdays, monthly on a day or an nth weekday, custom", () => {
  assertEquals(buildRule({ kind: "daily" }), "FREQ=DAILY");
  assertEquals(buildRule({ kind: "daily", interval: 3 }), "FREQ=DAILY;INTERVAL=3");
  assertEquals(buildRule({ kind: "weekly", weekdays: ["WE", "MO"] }), "FREQ=WEEKLY;BYDAY=MO,WE");
  assertEquals(buildRule({ kind: "weekly", interval: 2, weekdays: ["FR"] }), "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR");
  assertEquals(buildRule({ kind: "monthly_day", day: 15 }), "FREQ=MONTHLY;BYMONTHDAY=15");
  assertEquals(buildRule({ kind: "monthly_day", day: -1 }), "FREQ=MONTHLY;BYMONTHDAY=-1");
  assertEquals(buildRule({ kind: "monthly_weekday", nth: 2, weekday: "TU" }), "FREQ=MONTHLY;BYDAY=2TU");
  assertEquals(buildRule({ kind: "monthly_weekday", nth: -1, weekday: "FR" }), "FREQ=MONTHLY;BYDAY=-1FR");
  assertEquals(buildRule({ kind: "daily", end: { count: 5 } }), "FREQ=DAILY;COUNT=5");
  assertEquals(buildRule({ kind: "daily", end: { until: "2026-12-31" } }), "FREQ=DAILY;UNTIL=20261231");
  assertEquals(buildRule({ kind: "custom", rule: "rrule:freq=yearly;bymonth=3;interval=1" }), "FREQ=YEARLY;BYMONTH=3");
});

Deno.test("buildRule: bad choices say what to pick", () => {
  assertMatch(assertThrows(() => buildRule({ kind: "weekly", weekdays: [] }), RecurrenceError).message, /weekday/);
  assertMatch(assertThrows(() => buildRule({ kind: "monthly_day", day: 32 }), RecurrenceError).message, /1 to 31/);
  assertMatch(
    assertThrows(() => buildRule({ kind: "monthly_weekday", nth: 5, weekday: "MO" }), RecurrenceError).message,
    /1st, 2nd, 3rd, 4th or last/,
  );
  assertMatch(assertThrows(() => buildRule({ kind: "daily", interval: 0 }), RecurrenceError).message, /1 to 999/);
});

Deno.test("choiceFromRule: saved rules reopen in the simple builder, others as custom", () => {
  assertEquals(choiceFromRule("FREQ=WEEKLY;BYDAY=MO,WE"), { kind: "weekly", interval: 1, weekdays: ["MO", "WE"] });
  assertEquals(choiceFromRule("FREQ=MONTHLY;BYDAY=2TU;COUNT=4"), {
    kind: "monthly_weekday",
    interval: 1,
    nth: 2,
    weekday: "TU",
    end: { count: 4 },
  });
  assertEquals(choiceFromRule("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"), { kind: "monthly_day", interval: 3, day: 1 });
  assertEquals(choiceFromRule("FREQ=YEARLY;BYMONTH=3"), { kind: "custom", rule: "FREQ=YEARLY;BYMONTH=3" });
});

// Validation -------------------------------------------------------------------------------------------

Deno.test("invalid rules give readable errors", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["hello", /NAME=VALUE/],
    ["FREQ=BOGUS", /FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY/],
    ["FREQ=HOURLY", /at most once a day/],
    ["INTERVAL=2", /needs FREQ/],
    ["FREQ=DAILY;INTERVAL=abc", /INTERVAL must be a whole number/],
    ["FREQ=DAILY;INTERVAL=0", /INTERVAL must be a whole number/],
    ["FREQ=WEEKLY;BYDAY=XX", /BYDAY takes weekdays.*"XX"/],
    ["FREQ=WEEKLY;BYDAY=2TU", /only works with monthly or yearly/],
    ["FREQ=MONTHLY;BYMONTHDAY=40", /BYMONTHDAY must be days of the month.*"40"/],
    ["FREQ=DAILY;FREQ=WEEKLY", /FREQ appears twice/],
    ["FREQ=DAILY;BYHOUR=9", /BYHOUR is not supported/],
    ["FREQ=DAILY;COUNT=3;UNTIL=20261231", /not both/],
    ["FREQ=DAILY;UNTIL=2026-12-31", /UNTIL must be a date/],
    ["FREQ=DAILY;UNTIL=20260231", /UNTIL must be a date/],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", /never produces a date/],
    ["DTSTART:20260101T090000Z\nRRULE:FREQ=DAILY", /only the RRULE part/],
  ];
  for (const [rule, message] of cases) {
    const error = ruleError(rule);
    assertMatch(error ?? "(accepted)", message, `${JSON.stringify(rule)} gave ${JSON.stringify(error)}`);
  }
  assertEquals(ruleError("RRULE:FREQ=WEEKLY;BYDAY=MO"), null);
  assertEquals(normalizeRule(" freq=weekly ; byday=mo,we ;interval=1"), "FREQ=WEEKLY;BYDAY=MO,WE");
});

Deno.test("time zones are checked", () => {
  assertEquals(isValidTimeZone("Europe/Berlin"), true);
  assertEquals(isValidTimeZone("Mars/Olympus_Mons"), false);
  assertMatch(
    assertThrows(() => nextOccurrence("FREQ=DAILY", new Date(), "Mars/Olympus_Mons", false), RecurrenceError).message,
    /Unknown time zone "Mars\/Olympus_Mons"/,
  );
});

// Describing -----------------------------------------------------------------------------------------

Deno.test("describeRule speaks English", () => {
  const cases: [string, string][] = [
    ["FREQ=DAILY", "Every day"],
    ["FREQ=DAILY;INTERVAL=2", "Every 2 days"],
    ["FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"],
    ["FREQ=WEEKLY;BYDAY=MO,WE", "Every week on Mon, Wed"],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "Every 2 weeks on Fri"],
    ["FREQ=WEEKLY", "Every week"],
    ["FREQ=MONTHLY;BYMONTHDAY=15", "Every month on the 15th"],
    ["FREQ=MONTHLY;BYMONTHDAY=1,22", "Every month on the 1st and 22nd"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "Every month on the last day"],
    ["FREQ=MONTHLY;BYDAY=2TU", "Every month on the 2nd Tuesday"],
    ["FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "Every month on the 2nd Tuesday"],
    ["FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR", "Every 3 months on the last Friday"],
    ["FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "Every year in March on the 1st"],
    ["FREQ=WEEKLY;BYDAY=MO;COUNT=10", "Every week on Mon, 10 times"],
    ["FREQ=DAILY;UNTIL=20261231", "Every day, until 2026-12-31"],
    ["FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "Every month on the last weekday"],
    ["FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=1", "Every month on the 1st of Sat, Sun"],
    ["FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "Every month on Fri if it is the 13th"],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU", "Every 2 weeks on Tue"],
  ];
  for (const [rule, text] of cases) assertEquals(describeRule(rule), text, rule);
});

// Expanding ------------------------------------------------------------------------------------------

Deno.test("nextOccurrence: daily, weekly on weekdays, monthly on a day and on the 2nd Tuesday, custom", () => {
  assertEquals(next("FREQ=DAILY", "2026-05-04T09:00:00Z"), "2026-05-05T09:00:00.000Z");
  assertEquals(next("FREQ=DAILY;INTERVAL=3", "2026-05-04T09:00:00Z"), "2026-05-07T09:00:00.000Z");
  // Monday -> Wednesday -> next Monday
  assertEquals(next("FREQ=WEEKLY;BYDAY=MO,WE", "2026-05-04T09:00:00Z"), "2026-05-06T09:00:00.000Z");
  assertEquals(next("FREQ=WEEKLY;BYDAY=MO,WE", "2026-05-06T09:00:00Z"), "2026-05-11T09:00:00.000Z");
  assertEquals(next("FREQ=MONTHLY;BYMONTHDAY=15", "2026-01-15T09:00:00Z"), "2026-02-15T09:00:00.000Z");
  // the 31st skips months without one; "last day" does not
  assertEquals(next("FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-31T09:00:00Z"), "2026-03-31T09:00:00.000Z");
  assertEquals(next("FREQ=MONTHLY;BYMONTHDAY=-1", "2026-01-31T09:00:00Z"), "2026-02-28T09:00:00.000Z");
  // 2nd Tuesday: 13 Jan 2026 -> 10 Feb 2026
  assertEquals(next("FREQ=MONTHLY;BYDAY=2TU", "2026-01-13T09:00:00Z"), "2026-02-10T09:00:00.000Z");
  assertEquals(next("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "2026-05-08T16:30:00Z"), "2026-05-22T16:30:00.000Z");
  assertEquals(next("FREQ=YEARLY", "2028-02-29T09:00:00Z"), "2032-02-29T09:00:00.000Z");
});

Deno.test("nextOccurrence: COUNT and UNTIL end the series", () => {
  assertEquals(
    next("FREQ=DAILY;COUNT=3", "2026-05-04T09:00:00Z", "UTC", false, { occurrence: 2 }),
    "2026-05-05T09:00:00.000Z",
  );
  assertEquals(next("FREQ=DAILY;COUNT=3", "2026-05-04T09:00:00Z", "UTC", false, { occurrence: 3 }), null);
  assertEquals(next("FREQ=DAILY;UNTIL=20260505", "2026-05-04T09:00:00Z"), "2026-05-05T09:00:00.000Z");
  assertEquals(next("FREQ=DAILY;UNTIL=20260505", "2026-05-05T09:00:00Z"), null);
  assertEquals(next("FREQ=DAILY;UNTIL=20260505T080000Z", "2026-05-04T09:00:00Z"), null);
});

Deno.test("nextOccurrence: notBefore skips occurrences that are already past", () => {
  assertEquals(
    next("FREQ=DAILY", "2026-05-01T09:00:00Z", "UTC", false, { notBefore: new Date("2026-05-04T12:00:00Z") }),
    "2026-05-05T09:00:00.000Z",
  );
  // a notBefore earlier than the due date changes nothing
  assertEquals(
    next("FREQ=WEEKLY", "2026-05-04T09:00:00Z", "UTC", false, { notBefore: new Date("2026-05-01T00:00:00Z") }),
    "2026-05-11T09:00:00.000Z",
  );
});

Deno.test("DST Europe/Berlin: a 09:00 weekly task stays at 09:00 after the March and October switches", () => {
  // Mondays 09:00; clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026
  const spring = series("FREQ=WEEKLY;BYDAY=MO", "2026-03-23T08:00:00Z", "Europe/Berlin", 3);
  assertEquals(spring, ["2026-03-23T08:00:00Z", "2026-03-30T07:00:00.000Z", "2026-04-06T07:00:00.000Z"]);
  const autumn = series("FREQ=WEEKLY;BYDAY=MO", "2026-10-19T07:00:00Z", "Europe/Berlin", 3);
  assertEquals(autumn, ["2026-10-19T07:00:00Z", "2026-10-26T08:00:00.000Z", "2026-11-02T08:00:00.000Z"]);
  for (const due of [...spring, ...autumn]) assertEquals(local(due, "Europe/Berlin").slice(11), "09:00");
});

Deno.test("DST America/New_York: daily 09:00 across 8 March and 1 November 2026", () => {
  const spring = series("FREQ=DAILY", "2026-03-07T14:00:00Z", "America/New_York", 3);
  assertEquals(spring, ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00.000Z", "2026-03-09T13:00:00.000Z"]);
  const autumn = series("FREQ=DAILY", "2026-10-31T13:00:00Z", "America/New_York", 3);
  assertEquals(autumn, ["2026-10-31T13:00:00Z", "2026-11-01T14:00:00.000Z", "2026-11-02T14:00:00.000Z"]);
  for (const due of [...spring, ...autumn]) assertEquals(local(due, "America/New_York").slice(11), "09:00");
  // monthly on the 2nd Tuesday at 17:00 New York, from winter into summer time
  assertEquals(
    series("FREQ=MONTHLY;BYDAY=2TU", "2026-02-10T22:00:00Z", "America/New_York", 3),
    ["2026-02-10T22:00:00Z", "2026-03-10T21:00:00.000Z", "2026-04-14T21:00:00.000Z"],
  );
});

Deno.test("DST edge times: skipped 02:30 moves to 03:30, repeated 01:30 takes the first", () => {
  // 02:30 does not exist in New York on 8 March 2026
  assertEquals(next("FREQ=DAILY", "2026-03-07T07:30:00Z", "America/New_York"), "2026-03-08T07:30:00.000Z");
  assertEquals(local("2026-03-08T07:30:00Z", "America/New_York"), "2026-03-08T03:30");
  // 01:30 happens twice on 1 November 2026: the first (EDT, UTC-4) is taken
  assertEquals(next("FREQ=DAILY", "2026-10-31T05:30:00Z", "America/New_York"), "2026-11-01T05:30:00.000Z");
  // Berlin: 02:30 on 29 March 2026 does not exist, 02:30 on 25 October happens twice
  assertEquals(iso(fromWallClock(new Date("2026-03-29T02:30:00Z"), "Europe/Berlin")), "2026-03-29T01:30:00.000Z");
  assertEquals(iso(fromWallClock(new Date("2026-10-25T02:30:00Z"), "Europe/Berlin")), "2026-10-25T00:30:00.000Z");
});

Deno.test("all-day tasks move from local midnight to local midnight, DST or not", () => {
  const days = series("FREQ=DAILY", "2026-03-27T23:00:00Z", "Europe/Berlin", 4, true);
  assertEquals(days, [
    "2026-03-27T23:00:00Z", // 28 March, CET
    "2026-03-28T23:00:00.000Z", // 29 March (the switch is at 02:00)
    "2026-03-29T22:00:00.000Z", // 30 March, CEST
    "2026-03-30T22:00:00.000Z",
  ]);
  // a time of day on an all-day task is ignored: the next one is at midnight
  assertEquals(
    next("FREQ=WEEKLY;BYDAY=FR", "2026-10-30T15:00:00Z", "America/New_York", true),
    "2026-11-06T05:00:00.000Z",
  );
});

// The weekly day defaults to the due date's ---------------------------------------------------------------

Deno.test("weekly repeats default to the due date's weekday (in the task's zone)", () => {
  assertEquals(weekdayOf("2027-06-01"), "TU");
  // 23:30 UTC on Tuesday is already Wednesday in Berlin
  assertEquals(weekdayOf(new Date("2027-06-01T23:30:00Z"), "Europe/Berlin"), "WE");
  assertEquals(
    withDefaultWeekday("FREQ=WEEKLY;COUNT=3", new Date("2027-06-01T23:30:00Z"), "Europe/Berlin"),
    "FREQ=WEEKLY;BYDAY=WE;COUNT=3",
  );
  assertEquals(
    withDefaultWeekday("FREQ=WEEKLY;BYDAY=MO", new Date("2027-06-01T09:00:00Z"), "UTC"),
    "FREQ=WEEKLY;BYDAY=MO",
  );
  assertEquals(withDefaultWeekday("freq=daily", new Date("2027-06-01T09:00:00Z"), "UTC"), "FREQ=DAILY");
  assertEquals(buildRule({ kind: "weekly", weekdays: [] }, "2027-06-03"), "FREQ=WEEKLY;BYDAY=TH");
  assertEquals(repeatDefaults("2027-06-04").weekdays, ["FR"]);
  const form = { ...repeatDefaults("2027-06-04"), repeat: "weekly" as const, weekdays: [] };
  assertEquals(ruleFromRepeatForm(form, "2027-06-04"), {
    ok: true,
    rule: "FREQ=WEEKLY;BYDAY=FR",
    text: "Every week on Fri",
  });
});

Deno.test("the picker's days follow the due date until the person picks their own", () => {
  const start = { ...repeatDefaults("2027-06-01"), repeat: "weekly" as const }; // a Tuesday
  const untouched = initialPicks(start, "2027-06-01");
  assertEquals(untouched, { weekdays: false, day: false, monthlyWeekday: false });
  const moved = followDueDate(start, untouched, "2027-06-03");
  assertEquals([moved.weekdays, moved.day, moved.nth, moved.weekday], [["TH"], "3", "1", "TH"]);
  // days picked by hand stay where they are
  const picked = followDueDate({ ...start, weekdays: ["MO", "FR"] }, { ...untouched, weekdays: true }, "2027-06-03");
  assertEquals(picked.weekdays, ["MO", "FR"]);
  // a saved task whose days differ from its due date's weekday counts as picked
  assertEquals(initialPicks({ ...start, weekdays: ["MO"] }, "2027-06-01").weekdays, true);
  // no due date yet: the days came from today, so they follow the first date set
  assertEquals(initialPicks(start, null).weekdays, false);
  assertEquals(followDueDate(start, untouched, "not a date"), start);
});

// Upcoming occurrences -------------------------------------------------------------------------------------

const isoList = (dates: Date[]) => dates.map((d) => d.toISOString());

Deno.test("occurrencesBetween: a weekly task's next dates in a range, from the due date, DST kept", () => {
  const range = { from: new Date("2027-03-22T00:00:00Z"), to: new Date("2027-04-12T00:00:00Z") };
  // Mondays 09:00 Berlin from 15 March; clocks go forward on 28 March
  const due = new Date("2027-03-15T08:00:00Z");
  const now = new Date("2027-03-10T00:00:00Z");
  assertEquals(isoList(occurrencesBetween("FREQ=WEEKLY;BYDAY=MO", due, "Europe/Berlin", false, range, { now })), [
    "2027-03-22T08:00:00.000Z",
    "2027-03-29T07:00:00.000Z",
    "2027-04-05T07:00:00.000Z",
  ]);
  // the task itself is not an occurrence; a range before the due date has none
  const before = { from: new Date("2027-03-01T00:00:00Z"), to: new Date("2027-03-16T00:00:00Z") };
  assertEquals(occurrencesBetween("FREQ=WEEKLY;BYDAY=MO", due, "Europe/Berlin", false, before, { now }), []);
});

Deno.test("occurrencesBetween: overdue tasks project from now; COUNT and UNTIL end the series", () => {
  const range = { from: new Date("2027-05-01T00:00:00Z"), to: new Date("2027-05-08T00:00:00Z") };
  // daily since January, still open: what completing it now would create, then on
  const overdue = occurrencesBetween("FREQ=DAILY", new Date("2027-01-04T09:00:00Z"), "UTC", false, range, {
    now: new Date("2027-05-05T12:00:00Z"),
  });
  assertEquals(isoList(overdue), ["2027-05-06T09:00:00.000Z", "2027-05-07T09:00:00.000Z"]);
  // the 2nd task of a series of 4: two more to come
  const counted = occurrencesBetween("FREQ=DAILY;COUNT=4", new Date("2027-05-01T09:00:00Z"), "UTC", false, range, {
    occurrence: 2,
    now: new Date("2027-04-01T00:00:00Z"),
  });
  assertEquals(isoList(counted), ["2027-05-02T09:00:00.000Z", "2027-05-03T09:00:00.000Z"]);
  const until = occurrencesBetween("FREQ=DAILY;UNTIL=20270503", new Date("2027-05-01T09:00:00Z"), "UTC", false, range);
  assertEquals(isoList(until), ["2027-05-02T09:00:00.000Z", "2027-05-03T09:00:00.000Z"]);
  // all-day tasks stay at local midnight
  const allDay = occurrencesBetween("FREQ=WEEKLY", new Date("2027-04-28T22:00:00Z"), "Europe/Berlin", true, range);
  assertEquals(isoList(allDay), ["2027-05-05T22:00:00.000Z"]);
  const capped = occurrencesBetween("FREQ=DAILY", new Date("2027-04-30T09:00:00Z"), "UTC", false, range, { limit: 3 });
  assertEquals(capped.length, 3);
});

// Subtasks and zones ---------------------------------------------------------------------------------------

Deno.test("nestSubtasks: subtasks right under a listed parent, others where they were", () => {
  const row = (id: string, parent_id: string | null = null) => ({ id, parent_id });
  const nested = nestSubtasks([row("a"), row("s1", "p"), row("p"), row("s2", "p"), row("x", "gone"), row("g", "s2")]);
  assertEquals(nested.map((n) => `${n.row.id}:${n.depth}`), ["a:0", "p:0", "s1:1", "s2:1", "g:2", "x:0"]);
  // a cycle (which the database forbids) still shows every row once
  assertEquals(nestSubtasks([row("c1", "c2"), row("c2", "c1")]).map((n) => n.row.id).sort(), ["c1", "c2"]);
});

Deno.test("zone labels: short names, same-clock zones, browser zones checked against Intl's list", () => {
  const winter = new Date("2027-01-15T13:00:00Z");
  assertEquals(zoneAbbreviation(winter, "Europe/Berlin"), "CET");
  assertEquals(zoneAbbreviation(new Date("2027-07-15T13:00:00Z"), "Europe/Berlin"), "CEST");
  assertEquals(zoneAbbreviation(winter, "America/New_York"), "EST");
  assertEquals(zoneAbbreviation(winter, "Asia/Kolkata"), "GMT+5:30");
  assertEquals(sameClock(winter, "Europe/Berlin", "Europe/Paris"), true);
  assertEquals(sameClock(winter, "Europe/Berlin", "Europe/London"), false);
  assertEquals(browserZoneOrUtc("Europe/Berlin"), "Europe/Berlin");
  assertEquals(browserZoneOrUtc("Asia/Kolkata"), "Asia/Kolkata");
  assertEquals(browserZoneOrUtc("Mars/Olympus_Mons"), "UTC");
  assertEquals(browserZoneOrUtc("'; drop table profiles; --"), "UTC");
  assertEquals(browserZoneOrUtc(undefined), "UTC");
  assertEquals(browserZoneOrUtc("x".repeat(100)), "UTC");
});
