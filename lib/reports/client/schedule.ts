// The schedule form's choices (every day / week on a weekday / month on a day, in a time zone) as the RFC 5545
// rule the schedules API stores. The server expands it in that time zone with the tasks' recurrence code and
// sends at 08:00 local time (lib/reports/schedules.ts), so the rule names days, never hours.

export type Frequency = "daily" | "weekly" | "monthly";
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = typeof WEEKDAYS[number];

/** The local time every schedule sends at (lib/reports/schedules.ts). */
export const SEND_TIME = "08:00";

export interface ScheduleChoice {
  frequency: Frequency;
  /** For weekly. */
  weekday?: Weekday;
  /** For monthly, 1..28 so every month has it. */
  monthDay?: number;
}

export function scheduleRrule(choice: ScheduleChoice): string {
  if (choice.frequency === "weekly") return `FREQ=WEEKLY;BYDAY=${choice.weekday ?? "MO"}`;
  if (choice.frequency === "monthly") {
    return `FREQ=MONTHLY;BYMONTHDAY=${Math.min(28, Math.max(1, choice.monthDay ?? 1))}`;
  }
  return "FREQ=DAILY";
}

export const DAY_NAMES: Record<Weekday, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};

/** "Every Monday at 08:00 (Europe/Berlin)" for a stored rule; the raw rule when it is not one of ours. */
export function describeRrule(rrule: string, timezone: string): string {
  const fields = new Map(rrule.replace(/^RRULE:/, "").split(";").map((p) => p.split("=") as [string, string]));
  const freq = fields.get("FREQ");
  const day = fields.get("BYDAY") as Weekday | undefined;
  const when = freq === "DAILY"
    ? "Every day"
    : freq === "WEEKLY" && (!day || DAY_NAMES[day])
    ? `Every ${DAY_NAMES[day ?? "MO"]}`
    : freq === "MONTHLY"
    ? `Monthly on day ${fields.get("BYMONTHDAY") ?? "1"}`
    : rrule;
  return `${when} at ${SEND_TIME} (${timezone})`;
}
