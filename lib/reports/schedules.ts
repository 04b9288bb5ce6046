// Emailing a report or dashboard on a schedule: an RRULE (FREQ=DAILY, FREQ=WEEKLY;BYDAY=MO, FREQ=MONTHLY...)
// expanded in the schedule's time zone with the tasks' recurrence code (lib/tasks/recurrence.ts), each send at
// the rule's BYHOUR:BYMINUTE local time (08:00 when it names none). The scheduler job (app/system-jobs.ts,
// every minute and once at start) sends what is due: it runs the report AS THE SCHEDULE'S OWNER (their RLS),
// attaches CSV and PDF, and records the occurrence in report_schedule_sends before mailing, so a retried or
// doubled job never mails the same occurrence twice. Occurrences missed while the app was down are caught up
// with one send, for the latest of them (one per period, never a pile of late mails).
import { Buffer } from "node:buffer";
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { Caller } from "../caller.ts";
import type { Db } from "../db/mod.ts";
import { claimsForUser } from "../db/claims.ts";
import { isUuid } from "../ids.ts";
import type { Mailer } from "../mail/mailer.ts";
import { listMembers } from "../teams.ts";
import { fromWallClock, isValidTimeZone, nextOccurrence, ruleError, toWallClock } from "../tasks/recurrence.ts";
import { exportBytes, exportFilename } from "./export.ts";
import { getReport } from "./store.ts";
import { dashboardData, getDashboard } from "./dashboards.ts";
import { runSavedReport } from "./run.ts";
import type { ReportResult } from "./query.ts";

/** Local hour of each send when the rule names none. */
export const SEND_HOUR = 8;

export interface SendTime {
  hour: number;
  minute: number;
}

/**
 * A schedule's rule without its time of day, and that time: BYHOUR and BYMINUTE (one value each) are ours,
 * the days are expanded by the tasks' recurrence code, which knows no hours. Throws a 400 for a bad time.
 */
export function splitSendTime(rrule: string): { dayRule: string; time: SendTime } {
  const parts = rrule.trim().replace(/^RRULE:/i, "").split(";").filter(Boolean);
  const time: SendTime = { hour: SEND_HOUR, minute: 0 };
  const rest: string[] = [];
  for (const part of parts) {
    const [name, value = ""] = part.split("=");
    const key = name.trim().toUpperCase();
    if (key !== "BYHOUR" && key !== "BYMINUTE") {
      rest.push(part);
      continue;
    }
    const n = Number(value.trim());
    const max = key === "BYHOUR" ? 23 : 59;
    if (!/^\d{1,2}$/.test(value.trim()) || n > max) {
      throw bad(`${key} is one whole number from 0 to ${max} (a report is emailed once a day at most).`);
    }
    if (key === "BYHOUR") time.hour = n;
    else time.minute = n;
  }
  return { dayRule: rest.join(";"), time };
}

export const scheduleInput = z.object({
  rrule: z.string().trim().min(1, "Give a repeat rule like FREQ=WEEKLY;BYDAY=MO.").max(500),
  timezone: z.string().trim().min(1, "Give a time zone like Europe/Berlin.").max(64),
  recipients: z.array(z.email("Recipients are email addresses.").max(254)).min(1, "Add at least one recipient.")
    .max(50, "At most 50 recipients."),
});

export type ScheduleTarget = { reportId: string } | { dashboardId: string };

export interface Schedule {
  id: string;
  report_id: string | null;
  dashboard_id: string | null;
  rrule: string;
  timezone: string;
  recipients: string[];
  next_run_at: string | null;
  last_sent_at: string | null;
  created_at: string;
}

const COLUMNS = "id, report_id, dashboard_id, rrule, timezone, recipients, next_run_at, last_sent_at, created_at";
const bad = (message: string) => new AppError("bad_request", message);
const notFound = () => new AppError("not_found", "Schedule not found.");

/** The first send at or after `now`: the rule's first day at its time of day (local). */
export function firstSend(rule: string, timeZone: string, now: Date): Date | null {
  const { dayRule, time } = splitSendTime(rule);
  const wall = toWallClock(now, timeZone);
  wall.setUTCHours(time.hour, time.minute, 0, 0);
  // start one day early: nextOccurrence looks strictly after its start, and today's send may still be ahead
  const anchor = fromWallClock(new Date(wall.getTime() - 86_400_000), timeZone);
  return nextOccurrence(dayRule, anchor, timeZone, false, { notBefore: new Date(now.getTime() - 1) });
}

/** The send after `occurrence` that is still ahead of `now` (the time of day carries over, DST included). */
export function nextSend(rule: string, timeZone: string, occurrence: Date, now: Date): Date | null {
  return nextOccurrence(splitSendTime(rule).dayRule, occurrence, timeZone, false, { notBefore: now });
}

/**
 * The latest occurrence at or before `now`, from a due one on: what a catch-up sends, once, after the app was
 * down through several (a daily report down for three days sends today's, not three).
 */
export function latestDue(rule: string, timeZone: string, due: Date, now: Date): Date {
  const { dayRule } = splitSendTime(rule);
  let latest = due;
  for (let i = 0; i < 1000; i++) {
    const next = nextOccurrence(dayRule, latest, timeZone, false);
    if (!next || next > now) break;
    latest = next;
  }
  return latest;
}

function plain(row: Record<string, unknown>): Schedule {
  return JSON.parse(JSON.stringify(row));
}

async function checkTarget(caller: Caller, target: ScheduleTarget) {
  if ("reportId" in target) await getReport(caller, target.reportId);
  else await getDashboard(caller, target.dashboardId);
}

export async function createSchedule(
  caller: Caller,
  target: ScheduleTarget,
  input: z.infer<typeof scheduleInput>,
  now = new Date(),
): Promise<Schedule> {
  await checkTarget(caller, target);
  if (/FREQ=(SECONDLY|MINUTELY|HOURLY)/i.test(input.rrule)) {
    throw bad("Reports are emailed at most once a day: use FREQ=DAILY, FREQ=WEEKLY or FREQ=MONTHLY.");
  }
  const problem = ruleError(splitSendTime(input.rrule).dayRule);
  if (problem) throw bad(problem);
  if (!isValidTimeZone(input.timezone)) {
    throw bad(`Unknown time zone "${input.timezone}". Use a name like Europe/Berlin.`);
  }
  const members = new Set(
    (await listMembers(caller.db, caller.claims, caller.teamId)).map((m) => m.email.toLowerCase()),
  );
  const recipients = [...new Set(input.recipients.map((r) => r.toLowerCase()))];
  const outsiders = recipients.filter((r) => !members.has(r));
  if (outsiders.length) {
    throw bad(`Reports are only emailed to members of this workspace; ${outsiders.join(", ")} is not one.`);
  }
  const first = firstSend(input.rrule, input.timezone, now);
  if (!first) throw bad("That repeat rule has no occurrence from now on.");
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `insert into public.report_schedules (team_id, owner_id, report_id, dashboard_id, rrule, timezone, recipients,
                                            next_run_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${COLUMNS}`,
      [
        caller.teamId,
        caller.claims.sub,
        "reportId" in target ? target.reportId : null,
        "dashboardId" in target ? target.dashboardId : null,
        input.rrule,
        input.timezone,
        recipients,
        first.toISOString(),
      ],
    ));
  return plain(row);
}

function targetWhere(target: ScheduleTarget): [string, string] {
  return "reportId" in target ? ["report_id", target.reportId] : ["dashboard_id", target.dashboardId];
}

export async function listSchedules(caller: Caller, target: ScheduleTarget): Promise<Schedule[]> {
  await checkTarget(caller, target);
  const [column, id] = targetWhere(target);
  const rows = await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `select ${COLUMNS} from public.report_schedules where team_id = $1 and ${column} = $2 order by created_at`,
      [caller.teamId, id],
    ));
  return rows.map(plain);
}

export async function deleteSchedule(caller: Caller, target: ScheduleTarget, id: string): Promise<{ id: string }> {
  if (!isUuid(id)) throw notFound();
  const [column, targetId] = targetWhere(target);
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `delete from public.report_schedules where id = $1 and team_id = $2 and ${column} = $3 returning id`,
      [id, caller.teamId, targetId],
    ));
  if (!row) throw notFound();
  return { id };
}

// The scheduler -------------------------------------------------------------------------------------

interface DueSchedule {
  id: string;
  team_id: string;
  owner_id: string;
  owner_email: string;
  role: "owner" | "admin" | "manager" | "rep" | "viewer" | null;
  report_id: string | null;
  dashboard_id: string | null;
  rrule: string;
  timezone: string;
  recipients: string[];
  next_run_at: string;
}

interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** What one send carries: the report's CSV and PDF, or each dashboard widget's. Run as the owner. */
async function buildMail(db: Db, s: DueSchedule): Promise<{ title: string; attachments: Attachment[] }> {
  const owner: Caller = {
    db,
    claims: claimsForUser(s.owner_id, s.owner_email, s.team_id),
    teamId: s.team_id,
    role: s.role ?? "viewer",
  };
  const parts: { name: string; chart: string; result: ReportResult }[] = [];
  let title: string;
  if (s.report_id) {
    const { report, result } = await runSavedReport(owner, s.report_id);
    title = report.name;
    parts.push({ name: report.name, chart: report.config.chart.type, result });
  } else {
    const dashboard = await getDashboard(owner, s.dashboard_id!);
    title = dashboard.name;
    const data = await dashboardData(owner, dashboard.id);
    for (const widget of dashboard.widgets.slice(0, 12)) {
      const result = data.widgets[widget.id];
      if (!result || "error" in result) continue;
      const chart = widget.config?.chart.type ?? "table";
      parts.push({ name: `${dashboard.name} - ${widget.title}`, chart, result });
    }
  }
  const attachments: Attachment[] = [];
  for (const part of parts) {
    const named = { name: part.name, config: { chart: { type: part.chart } } };
    for (const format of ["csv", "pdf"] as const) {
      attachments.push({
        filename: exportFilename(part.name, format),
        content: Buffer.from(await exportBytes(format, named, part.result)),
        contentType: format === "csv" ? "text/csv" : "application/pdf",
      });
    }
  }
  return { title, attachments };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Sends every due schedule once per occurrence. Each occurrence is claimed (a report_schedule_sends row) and
 * the schedule moved to its next occurrence in one transaction before mailing; a second run finds it claimed.
 */
export async function runDueSchedules(
  db: Db,
  mailer: Mailer,
  options: { now: Date; publicUrl: string; limit?: number },
): Promise<{ sent: number; skipped: number }> {
  const due = await db.asService("reports:schedules-due", (tx) =>
    tx.query<DueSchedule>(
      `select s.id, s.team_id, s.owner_id, u.email as owner_email, m.role::text as role, s.report_id,
              s.dashboard_id, s.rrule, s.timezone, s.recipients, s.next_run_at
       from public.report_schedules s
       join auth.users u on u.id = s.owner_id
       left join public.team_members m on m.team_id = s.team_id and m.user_id = s.owner_id
       where s.next_run_at <= $1 order by s.next_run_at limit $2`,
      [options.now.toISOString(), options.limit ?? 20],
    ));
  let sent = 0, skipped = 0;
  for (const s of due) {
    let occurrence = new Date(s.next_run_at);
    let next: Date | null = null;
    try {
      occurrence = latestDue(s.rrule, s.timezone, occurrence, options.now);
      next = nextSend(s.rrule, s.timezone, occurrence, options.now);
    } catch {
      next = null; // a rule that no longer parses stops the schedule rather than failing every minute
    }
    const claimed = await db.asService("reports:schedules-claim", async (tx) => {
      const rows = await tx.query(
        `insert into public.report_schedule_sends (schedule_id, occurrence_at, team_id) values ($1, $2, $3)
         on conflict do nothing returning schedule_id`,
        [s.id, occurrence.toISOString(), s.team_id],
      );
      await tx.query(
        "update public.report_schedules set next_run_at = $2, last_sent_at = case when $3 then now() else last_sent_at end where id = $1",
        [s.id, next?.toISOString() ?? null, rows.length > 0],
      );
      return rows.length > 0;
    });
    if (!claimed) {
      skipped++;
      continue;
    }
    // The owner left the team, or lost sight of the report: nothing is sent (never more than they may see).
    if (!s.role) {
      skipped++;
      continue;
    }
    let mail;
    try {
      mail = await buildMail(db, s);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped++;
      continue;
    }
    const names = mail.attachments.map((a) => a.filename).join(", ");
    const link = `${options.publicUrl.replace(/\/$/, "")}/reports`;
    for (const to of s.recipients) {
      await mailer.send({
        to,
        subject: `${mail.title}: scheduled report`,
        text: `Your scheduled report "${mail.title}" is attached (${names}).\n\nOpen Leadly: ${link}\n`,
        html: `<p>Your scheduled report <strong>${escapeHtml(mail.title)}</strong> is attached (${
          escapeHtml(names)
        }).</p><p><a href="${escapeHtml(link)}">Open Leadly</a></p>`,
        attachments: mail.attachments,
      });
    }
    sent++;
  }
  return { sent, skipped };
}
