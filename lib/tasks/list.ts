// The task views (My tasks, Team, Overdue, Today, Calendar) as the API and the /tasks page load them:
// one page of presented rows, or every task of a month or week grid.
import { AppError } from "../errors.ts";
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { getProfile } from "../profiles.ts";
import { fromWallClock, isValidTimeZone, occurrencesBetween, RecurrenceError } from "./recurrence.ts";
import { calendarTasks, myTasks, overdueTasks, seriesHeads, teamTasks, todayTasks } from "./views.ts";
import { TASK_STATUSES, type TaskStatus } from "./tasks.ts";
import { addDays, dayKey, keyToDate, monthTitle, weekTitle } from "./client/dates.ts";
import { dueFields, presentTasks, type TaskRow } from "./present.ts";

export const TASK_VIEWS = ["my", "team", "overdue", "today", "calendar"] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

export const VIEW_LABELS: Record<TaskView, string> = {
  my: "My tasks",
  team: "Team",
  overdue: "Overdue",
  today: "Today",
  calendar: "Calendar",
};

export interface TaskRowsPage {
  data: TaskRow[];
  next_cursor: string | null;
  /** The calendar view's range as read from from/to (ISO). */
  range?: { from: string; to: string };
}

export interface ListParams {
  view?: string;
  cursor?: string;
  limit?: string;
  from?: string;
  to?: string;
  assignee?: string;
  status?: string;
  tz?: string;
}

const badRequest = (message: string) => new AppError("bad_request", message);

/** The viewer's zone: the one asked for, else their profile's, else UTC. */
export async function viewerZone(db: Db, claims: Claims, asked?: string): Promise<string> {
  if (asked) {
    if (!isValidTimeZone(asked)) throw badRequest(`Unknown time zone "${asked}". Use a name like Europe/Berlin.`);
    return asked;
  }
  const profile = await getProfile(db, claims);
  return isValidTimeZone(profile.timezone) ? profile.timezone : "UTC";
}

export function parseView(view: string | undefined): TaskView {
  if (view === undefined || view === "") return "my";
  if (!(TASK_VIEWS as readonly string[]).includes(view)) {
    throw badRequest(`Unknown view "${view}". Use my, team, overdue, today or calendar.`);
  }
  return view as TaskView;
}

function parseInstant(text: string | undefined, name: string): Date {
  if (!text) throw badRequest(`The calendar view needs ${name} (a date like 2026-03-01 or an ISO time).`);
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw badRequest(`${name} must be a date like 2026-03-01 or an ISO time.`);
  return date;
}

/** One page of a view, presented for the viewer's zone. */
export async function loadTaskView(
  db: Db,
  claims: Claims,
  teamId: string,
  params: ListParams,
  timeZone: string,
): Promise<TaskRowsPage> {
  const view = parseView(params.view);
  const limit = params.limit ? Number(params.limit) : undefined;
  const status = params.status
    ? params.status.split(",").filter((s): s is TaskStatus => (TASK_STATUSES as readonly string[]).includes(s))
    : undefined;
  const assigneeId = params.assignee === "none" ? null : params.assignee || undefined;
  const page = { cursor: params.cursor || null, limit };
  const range = view === "calendar"
    ? { from: parseInstant(params.from, "from"), to: parseInstant(params.to, "to") }
    : null;
  const result = view === "my"
    ? await myTasks(db, claims, teamId, { ...page, status })
    : view === "team"
    ? await teamTasks(db, claims, teamId, { ...page, status, assigneeId })
    : view === "overdue"
    ? await overdueTasks(db, claims, teamId, { ...page, assigneeId, timeZone })
    : view === "today"
    ? await todayTasks(db, claims, teamId, { ...page, status, assigneeId, timeZone })
    : await calendarTasks(db, claims, teamId, {
      ...page,
      status,
      assigneeId,
      ...range!,
    });
  const data = await presentTasks(db, claims, result.data, timeZone);
  if (!range) return { data, next_cursor: result.next_cursor };
  return {
    data,
    next_cursor: result.next_cursor,
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
  };
}

// Calendar grids ---------------------------------------------------------------------------------------

export type CalendarMode = "month" | "week";

export interface CalendarDay {
  date: string;
  /** Part of the month shown (month grids also show the ends of the weeks around it). */
  inRange: boolean;
  today: boolean;
}

export interface CalendarGrid {
  mode: CalendarMode;
  /** The day the grid was asked for. */
  anchor: string;
  title: string;
  days: CalendarDay[];
  prev: string;
  next: string;
  today: string;
}

/** Monday of the week a day is in. */
function weekStart(key: string): string {
  const weekday = (keyToDate(key).getUTCDay() + 6) % 7;
  return addDays(key, -weekday);
}

export function calendarGrid(mode: CalendarMode, anchorParam: string | null, timeZone: string): CalendarGrid {
  const today = dayKey(new Date(), timeZone);
  const anchor = anchorParam && /^\d{4}-\d{2}-\d{2}$/.test(anchorParam) &&
      !Number.isNaN(keyToDate(anchorParam).getTime())
    ? anchorParam
    : today;
  if (mode === "week") {
    const start = weekStart(anchor);
    const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
    return {
      mode,
      anchor,
      title: weekTitle(start),
      days: days.map((date) => ({ date, inRange: true, today: date === today })),
      prev: addDays(start, -7),
      next: addDays(start, 7),
      today,
    };
  }
  const first = `${anchor.slice(0, 7)}-01`;
  const firstDate = keyToDate(first);
  const nextMonth = new Date(Date.UTC(firstDate.getUTCFullYear(), firstDate.getUTCMonth() + 1, 1));
  const prevMonth = new Date(Date.UTC(firstDate.getUTCFullYear(), firstDate.getUTCMonth() - 1, 1));
  const nextKey = nextMonth.toISOString().slice(0, 10);
  const start = weekStart(first);
  const end = weekStart(addDays(nextKey, -1));
  const days: CalendarDay[] = [];
  for (let date = start; date <= addDays(end, 6); date = addDays(date, 1)) {
    days.push({ date, inRange: date.slice(0, 7) === first.slice(0, 7), today: date === today });
  }
  return {
    mode,
    anchor,
    title: monthTitle(first),
    days,
    prev: prevMonth.toISOString().slice(0, 10),
    next: nextKey,
    today,
  };
}

/**
 * The grid's first and last day, and the instants to query between: a day of margin on both sides, since
 * all-day tasks sit at midnight in their own zone, which may be outside the viewer's range although their
 * date is inside it.
 */
function gridRange(grid: CalendarGrid, timeZone: string) {
  const first = grid.days[0].date;
  const last = grid.days.at(-1)!.date;
  const from = fromWallClock(keyToDate(addDays(first, -1)), timeZone);
  const to = fromWallClock(keyToDate(addDays(last, 2)), timeZone);
  return { first, last, from, to };
}

/** Every task due on the grid's days (placed by their local date), a few pages at most. */
export async function loadCalendar(
  db: Db,
  claims: Claims,
  teamId: string,
  grid: CalendarGrid,
  timeZone: string,
  assignee?: string,
): Promise<TaskRow[]> {
  const { first, last, from, to } = gridRange(grid, timeZone);
  const rows: TaskRow[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 5; i++) {
    const page = await loadTaskView(db, claims, teamId, {
      view: "calendar",
      from: from.toISOString(),
      to: to.toISOString(),
      cursor,
      limit: "200",
      assignee,
    }, timeZone);
    rows.push(...page.data.filter((t) => t.due_date && t.due_date >= first && t.due_date <= last));
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return rows;
}

// Upcoming occurrences ----------------------------------------------------------------------------------

/** A date a repeating task will be due on once the tasks before it are done: not a task yet. */
export interface UpcomingOccurrence {
  /** The open task of the series it follows (completing that one creates the next task). */
  task_id: string;
  title: string;
  priority: string;
  all_day: boolean;
  due_at: string;
  /** Local date and time as the calendar places it (the viewer's zone; all-day: the task's own). */
  due_date: string;
  due_time: string | null;
}

/**
 * The upcoming occurrences of every open repeating task in [from, to), expanded from its rule in its own
 * zone (at most 100 per series). A rule that no longer parses is skipped: its task still shows.
 */
export async function upcomingOccurrences(
  db: Db,
  claims: Claims,
  teamId: string,
  range: { from: Date; to: Date; assignee?: string },
  timeZone: string,
  now = new Date(),
): Promise<UpcomingOccurrence[]> {
  const assigneeId = range.assignee === "none" ? null : range.assignee || undefined;
  const heads = await seriesHeads(db, claims, teamId, { to: range.to, assigneeId });
  const out: UpcomingOccurrence[] = [];
  for (const { task, occurrence } of heads) {
    let dates: Date[];
    try {
      dates = occurrencesBetween(task.recurrence_rule!, new Date(task.due_at!), task.due_time_zone, task.all_day, {
        from: range.from,
        to: range.to,
      }, { occurrence, now });
    } catch (error) {
      if (error instanceof RecurrenceError) continue;
      throw error;
    }
    for (const date of dates) {
      const due = dueFields({ ...task, due_at: date.toISOString(), status: "todo" }, timeZone, now);
      out.push({
        task_id: task.id,
        title: task.title,
        priority: task.priority,
        all_day: task.all_day,
        due_at: date.toISOString(),
        due_date: due.due_date!,
        due_time: due.due_time,
      });
    }
  }
  return out.sort((a, b) => a.due_at.localeCompare(b.due_at) || a.title.localeCompare(b.title));
}

/** The upcoming occurrences on a calendar grid's days (placed by their local date). */
export async function loadCalendarOccurrences(
  db: Db,
  claims: Claims,
  teamId: string,
  grid: CalendarGrid,
  timeZone: string,
  assignee?: string,
): Promise<UpcomingOccurrence[]> {
  const { first, last, from, to } = gridRange(grid, timeZone);
  const all = await upcomingOccurrences(db, claims, teamId, { from, to, assignee }, timeZone);
  return all.filter((o) => o.due_date >= first && o.due_date <= last);
}
