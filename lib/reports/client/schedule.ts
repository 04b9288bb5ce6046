// The schedule form's choices (every day / week on a weekday / month on a day, at a time of day, in a time
// zone) as the RFC 5545 rule the schedules API stores: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=30". The server
// expands it in that time zone (lib/reports/schedules.ts); a rule without BYHOUR sends at 08:00.

export type Frequency = "daily" | "weekly" | "monthly";
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = typeof WEEKDAYS[number];

/** The local time a schedule sends at when its rule names none (lib/reports/schedules.ts). */
export const SEND_TIME = "08:00";

export interface ScheduleChoice {
  frequency: Frequency;
  /** For weekly. */
  weekday?: Weekday;
  /** For monthly, 1..28 so every month has it. */
  monthDay?: number;
  /** Local time of day, "HH:MM" (08:00 when absent). */
  time?: string;
}

/** "07:30" → ";BYHOUR=7;BYMINUTE=30"; nothing without a time (the server's 08:00) or for one not HH:MM. */
function timeParts(time: string | undefined): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time ?? "");
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return "";
  return `;BYHOUR=${Number(match[1])};BYMINUTE=${Number(match[2])}`;
}

export function scheduleRrule(choice: ScheduleChoice): string {
  const at = timeParts(choice.time);
  if (choice.frequency === "weekly") return `FREQ=WEEKLY;BYDAY=${choice.weekday ?? "MO"}${at}`;
  if (choice.frequency === "monthly") {
    return `FREQ=MONTHLY;BYMONTHDAY=${Math.min(28, Math.max(1, choice.monthDay ?? 1))}${at}`;
  }
  return `FREQ=DAILY${at}`;
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
  const hour = fields.get("BYHOUR");
  const minute = fields.get("BYMINUTE") ?? "0";
  const at = hour ? `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}` : SEND_TIME;
  return `${when} at ${at} (${timezone})`;
}
