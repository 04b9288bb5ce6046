// The task lists people work from: My tasks, Team, Overdue, Today and Calendar. Each is one query under
// RLS with keyset pagination: the cursor is base64url JSON of [sortValue, id] of the last row shown.
//
// "Today" and "Overdue" depend on where the viewer is: a timed task is overdue once its moment has passed;
// an all-day task is due on a date (in its own zone) and becomes overdue once that date is over for the
// viewer. Open tasks are those still todo or in progress.
import { AppError } from "../errors.ts";
import type { UserClaims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { decodeCursor, encodeCursor } from "../records/cursor.ts";
import { isValidTimeZone } from "./recurrence.ts";
import {
  type Task,
  TASK_PRIORITIES,
  TASK_STATUSES,
  taskColumns,
  type TaskPriority,
  type TaskStatus,
  toTask,
} from "./tasks.ts";
import { isUuid } from "../ids.ts";

export interface TaskPage {
  data: Task[];
  next_cursor: string | null;
}

export interface PageOptions {
  /** From the previous page's next_cursor. */
  cursor?: string | null;
  /** Rows per page, 1 to 200 (default 50). */
  limit?: number;
}

export interface ListFilters {
  /** Default: open tasks (todo, in progress). */
  status?: TaskStatus[];
  priority?: TaskPriority[];
  /** A member's id, or null for unassigned tasks. */
  assigneeId?: string | null;
}

export interface ZonedOptions {
  /** IANA zone of the viewer; default: their profile's time zone. */
  timeZone?: string;
  /** For tests and previews; default: now. */
  now?: Date;
}

const OPEN: TaskStatus[] = ["todo", "in_progress"];
// Sorted by due date, undated tasks last. The sort value is an ISO text so the cursor survives JSON.
const DUE_SORT = "coalesce(t.due_at, 'infinity'::timestamptz)";

const badRequest = (message: string) => new AppError("bad_request", message);

/** Builds one page: `where` holds the view's conditions, $1 is the team. */
class ViewQuery {
  readonly params: unknown[];
  readonly where: string[] = ["t.team_id = $1", "t.deleted_at is null"];
  /** Index in params of the viewer's zone when it is to be read from their profile. */
  private profileZone: number | null = null;

  constructor(teamId: string) {
    if (!isUuid(teamId)) throw new AppError("not_found", "Workspace not found.");
    this.params = [teamId];
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  filters(filters: ListFilters, defaultStatus: TaskStatus[] | null = OPEN) {
    const status = filters.status ?? defaultStatus;
    if (status) {
      if (!status.every((s) => TASK_STATUSES.includes(s))) throw badRequest("Unknown task status.");
      this.where.push(`t.status = any(${this.param(status)}::text[])`);
    }
    if (filters.priority) {
      if (!filters.priority.every((p) => TASK_PRIORITIES.includes(p))) throw badRequest("Unknown task priority.");
      this.where.push(`t.priority = any(${this.param(filters.priority)}::text[])`);
    }
    if (filters.assigneeId === null) this.where.push("t.assignee_id is null");
    else if (filters.assigneeId !== undefined) {
      if (!isUuid(filters.assigneeId)) throw badRequest("The assignee must be an id.");
      this.where.push(`t.assignee_id = ${this.param(filters.assigneeId)}::uuid`);
    }
    return this;
  }

  async page(db: Db, claims: UserClaims, sortExpr: string, options: PageOptions): Promise<TaskPage> {
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw badRequest("Show 1 to 200 tasks per page.");
    if (options.cursor) {
      const [value, id] = decodeCursor(options.cursor);
      if (typeof value !== "string" || (value !== "infinity" && Number.isNaN(Date.parse(value))) || !isUuid(id)) {
        throw badRequest("That page cursor is not valid. Start again from the first page.");
      }
      this.where.push(`(${sortExpr}, t.id) > (${this.param(value)}::timestamptz, ${this.param(id)}::uuid)`);
    }
    const sql = `select ${taskColumns()}, to_json(${sortExpr}) #>> '{}' as _sort
      from public.tasks t where ${this.where.join(" and ")}
      order by ${sortExpr}, t.id limit ${limit + 1}`;
    const rows = await db.asUser(claims, async (tx) => {
      if (this.profileZone !== null) {
        const [profile] = await tx.query<{ timezone: string }>("select timezone from public.profiles where id = $1", [
          claims.sub,
        ]);
        this.params[this.profileZone] = profile && isValidTimeZone(profile.timezone) ? profile.timezone : "UTC";
      }
      return await tx.query<{ _sort: string; id: string }>(sql, this.params);
    });
    const data = rows.slice(0, limit);
    const last = data.at(-1);
    return {
      data: data.map(({ _sort, ...row }) => toTask(row)),
      next_cursor: rows.length > limit && last ? encodeCursor(last._sort, last.id) : null,
    };
  }

  /** SQL parameter for the viewer's zone: the one given, else their profile's (if valid), else UTC. */
  zone(timeZone: string | undefined): string {
    if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
      throw badRequest(`Unknown time zone "${timeZone}". Use a name like Europe/Berlin.`);
    }
    const placeholder = this.param(timeZone ?? "UTC");
    if (timeZone === undefined) this.profileZone = this.params.length - 1;
    return `${placeholder}::text`;
  }
}

/** Open tasks assigned to the caller, soonest due first. */
export function myTasks(
  db: Db,
  claims: UserClaims,
  teamId: string,
  options: PageOptions & Omit<ListFilters, "assigneeId"> = {},
): Promise<TaskPage> {
  return new ViewQuery(teamId).filters({ ...options, assigneeId: claims.sub }).page(
    db,
    claims,
    DUE_SORT,
    options,
  );
}

/** Everyone's tasks in the team, optionally for one assignee (or unassigned), soonest due first. */
export function teamTasks(
  db: Db,
  claims: UserClaims,
  teamId: string,
  options: PageOptions & ListFilters = {},
): Promise<TaskPage> {
  return new ViewQuery(teamId).filters(options).page(db, claims, DUE_SORT, options);
}

/** Open tasks whose due moment has passed (all-day ones: whose date is over for the viewer). */
export function overdueTasks(
  db: Db,
  claims: UserClaims,
  teamId: string,
  options: PageOptions & Omit<ListFilters, "status"> & ZonedOptions = {},
): Promise<TaskPage> {
  const q = new ViewQuery(teamId).filters({ ...options, status: OPEN });
  const zone = q.zone(options.timeZone);
  const now = q.param((options.now ?? new Date()).toISOString());
  q.where.push(`t.due_at is not null and t.due_at < ${now}::timestamptz and (not t.all_day
    or (t.due_at at time zone t.due_time_zone)::date < (${now}::timestamptz at time zone ${zone})::date)`);
  return q.page(db, claims, DUE_SORT, options);
}

/** Tasks due during the viewer's today (all-day tasks: dated today). Open ones unless statuses are given. */
export function todayTasks(
  db: Db,
  claims: UserClaims,
  teamId: string,
  options: PageOptions & ListFilters & ZonedOptions = {},
): Promise<TaskPage> {
  const q = new ViewQuery(teamId).filters(options);
  const zone = q.zone(options.timeZone);
  const now = q.param((options.now ?? new Date()).toISOString());
  const today = `(${now}::timestamptz at time zone ${zone})::date`;
  const start = `(${today}::timestamp at time zone ${zone})`;
  const end = `((${today} + 1)::timestamp at time zone ${zone})`;
  // the outer range lets the (team_id, due_at) index narrow the rows: zones differ by at most 26 hours
  q.where.push(`t.due_at >= ${start} - interval '2 days' and t.due_at < ${end} + interval '2 days' and (
    (not t.all_day and t.due_at >= ${start} and t.due_at < ${end})
    or (t.all_day and (t.due_at at time zone t.due_time_zone)::date = ${today}))`);
  return q.page(db, claims, DUE_SORT, options);
}

/**
 * Tasks due in [from, to) for a month or week grid, whatever their status unless statuses are given.
 * All-day tasks are due at midnight in their own zone; a grid in another zone should place them by
 * their date (due_at read in due_time_zone), not by the instant.
 */
export function calendarTasks(
  db: Db,
  claims: UserClaims,
  teamId: string,
  options: PageOptions & ListFilters & { from: Date; to: Date },
): Promise<TaskPage> {
  if (Number.isNaN(options.from.getTime()) || Number.isNaN(options.to.getTime()) || options.to <= options.from) {
    throw badRequest("The calendar range needs a start before its end.");
  }
  if (options.to.getTime() - options.from.getTime() > 62 * 86_400_000) {
    throw badRequest("Show at most two months of the calendar at once.");
  }
  const q = new ViewQuery(teamId).filters(options, null);
  q.where.push(
    `t.due_at >= ${q.param(options.from.toISOString())}::timestamptz`,
    `t.due_at < ${q.param(options.to.toISOString())}::timestamptz`,
  );
  return q.page(db, claims, DUE_SORT, options);
}

/** An open repeating task that is the latest of its series, with its place in the series (for COUNT). */
export interface SeriesHead {
  task: Task;
  /** 1 for the first task of the series. */
  occurrence: number;
}

/**
 * The open repeating tasks, due before `to`, whose next task does not exist yet: what a calendar expands
 * into upcoming occurrences. Deleted next tasks count as not existing (the series goes on from here).
 */
export async function seriesHeads(
  db: Db,
  claims: UserClaims,
  teamId: string,
  options: Pick<ListFilters, "assigneeId"> & { to: Date; limit?: number },
): Promise<SeriesHead[]> {
  if (Number.isNaN(options.to.getTime())) throw badRequest("The calendar range needs an end.");
  const q = new ViewQuery(teamId).filters({ assigneeId: options.assigneeId });
  q.where.push(
    "t.recurrence_rule is not null",
    `t.due_at < ${q.param(options.to.toISOString())}::timestamptz`,
    `not exists (select 1 from public.tasks n where n.recurred_from_id = t.id and n.deleted_at is null)`,
  );
  const limit = Math.min(Math.max(options.limit ?? 200, 1), 500);
  const rows = await db.asUser(claims, (tx) =>
    tx.query<{ _occurrence: number }>(
      `select ${taskColumns()}, (select count(*)::int from public.tasks s
          where (s.id = coalesce(t.recurrence_parent_id, t.id) or s.recurrence_parent_id = coalesce(t.recurrence_parent_id, t.id))
            and s.due_at <= t.due_at) as _occurrence
       from public.tasks t where ${q.where.join(" and ")}
       order by t.due_at, t.id limit ${limit}`,
      q.params,
    ));
  return rows.map(({ _occurrence, ...row }) => ({ task: toTask(row), occurrence: Math.max(_occurrence, 1) }));
}
