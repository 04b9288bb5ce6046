// Tasks as lists show them: the due date in the viewer's zone, who it is for, what it is about, its repeat
// in words, subtask progress and what still blocks it. One query per kind of extra for a whole page, run
// as the viewer (RLS decides), so the API and the pages send the same rows.
import type { UserClaims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import type { Task } from "./tasks.ts";
import { describeRule } from "./recurrence.ts";
import { dayKey, relativeDay, shortDate, timeOfDay } from "./client/dates.ts";
import { sameClock, zoneAbbreviation } from "./client/zones.ts";
import { type RecordKind, recordLabel, recordTable, recordUrl } from "../record-types.ts";

export interface TaskRow extends Task {
  /** "Today 09:00", "Tomorrow", "Mon 9 Mar 14:30"; null without a due date. */
  due_label: string | null;
  /** The local due date (YYYY-MM-DD): the viewer's for timed tasks, the task's own for all-day ones. */
  due_date: string | null;
  /** Local due time (HH:MM) in the viewer's zone; null for all-day tasks. */
  due_time: string | null;
  overdue: boolean;
  assignee_name: string | null;
  related_title: string | null;
  related_url: string | null;
  /** The repeat rule in words ("Every week on Mon, Wed"). */
  repeat_text: string | null;
  subtasks_done: number;
  subtasks_total: number;
  /** Titles of open tasks this one waits for. */
  blocked_by: string[];
  /** The parent's title for a subtask (null for top-level tasks or a parent the viewer cannot see). */
  parent_title: string | null;
  /** The zone due_label and due_time are in (the viewer's). */
  label_zone: string;
  /**
   * The assignee's own local due time with its zone ("Tue 09:00 EST") when their clock differs from the
   * viewer's; null for all-day tasks, unassigned ones, or the viewer's own.
   */
  assignee_time: string | null;
}

/** What a task can be related to, and the SQL expression of each kind's title (tables and URLs: lib/record-types.ts). */
const RELATED_TITLES = {
  contact: "coalesce(nullif(btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), email)",
  company: "name",
  lead: "business_name",
  deal: "name",
} as const satisfies Partial<Record<RecordKind, string>>;

const RELATED_SQL: Record<string, { table: string; title: string; url: string }> = Object.fromEntries(
  Object.entries(RELATED_TITLES).map(([kind, title]) => [
    kind,
    { table: recordTable(kind as RecordKind), title, url: recordUrl(kind as RecordKind, "") },
  ]),
);

export const RELATED_LABELS: Record<string, string> = Object.fromEntries(
  Object.keys(RELATED_TITLES).map((kind) => [kind, recordLabel(kind as RecordKind)]),
);

/** Display fields that need only the task, the zone and the clock (no database). */
export function dueFields(task: Task, timeZone: string, now: Date) {
  if (!task.due_at) return { due_label: null, due_date: null, due_time: null, overdue: false };
  const due = new Date(task.due_at);
  const today = dayKey(now, timeZone);
  const date = task.all_day ? dayKey(due, task.due_time_zone) : dayKey(due, timeZone);
  const time = task.all_day ? null : timeOfDay(due, timeZone);
  const open = task.status === "todo" || task.status === "in_progress";
  const overdue = open && (task.all_day ? date < today : due.getTime() < now.getTime());
  return { due_label: `${relativeDay(date, today)}${time ? ` ${time}` : ""}`, due_date: date, due_time: time, overdue };
}

/** Someone else's local due time with its zone, when their clock differs from the viewer's. */
export function localTimeFor(task: Task, theirZone: string | null, viewerZone: string, now: Date): string | null {
  if (!task.due_at || task.all_day || !theirZone) return null;
  const due = new Date(task.due_at);
  try {
    if (sameClock(due, theirZone, viewerZone)) return null;
    return `${shortDate(dayKey(due, theirZone), dayKey(now, theirZone))} ${timeOfDay(due, theirZone)} ${
      zoneAbbreviation(due, theirZone)
    }`;
  } catch {
    return null; // a zone this runtime does not know: say nothing rather than something wrong
  }
}

function repeatText(rule: string | null): string | null {
  if (!rule) return null;
  try {
    return describeRule(rule);
  } catch {
    return rule;
  }
}

export async function presentTasks(
  db: Db,
  claims: UserClaims,
  tasks: Task[],
  timeZone: string,
  now = new Date(),
): Promise<TaskRow[]> {
  if (!tasks.length) return [];
  const ids = tasks.map((t) => t.id);
  const extras = await db.asUser(claims, async (tx) => {
    const assignees = [...new Set(tasks.map((t) => t.assignee_id).filter(Boolean))];
    const names = assignees.length
      ? await tx.query<{ id: string; name: string; timezone: string }>(
        `select p.id, coalesce(nullif(p.full_name, ''), 'Teammate') as name, p.timezone from public.profiles p
         where p.id = any($1::uuid[])`,
        [assignees],
      )
      : [];
    const parentIds = [...new Set(tasks.map((t) => t.parent_id).filter(Boolean))];
    const parents = parentIds.length
      ? await tx.query<{ id: string; title: string }>(
        "select id, title from public.tasks where id = any($1::uuid[]) and deleted_at is null",
        [parentIds],
      )
      : [];
    const related: { type: string; id: string; title: string }[] = [];
    for (const [type, sql] of Object.entries(RELATED_SQL)) {
      const wanted = tasks.filter((t) => t.related_type === type).map((t) => t.related_id);
      if (!wanted.length) continue;
      const [exists] = await tx.query<{ ok: boolean }>("select to_regclass($1) is not null as ok", [sql.table]);
      if (!exists.ok) continue;
      for (
        const row of await tx.query<{ id: string; title: string }>(
          `select id, ${sql.title} as title from ${sql.table} where id = any($1::uuid[]) and deleted_at is null`,
          [wanted],
        )
      ) related.push({ type, ...row });
    }
    const subtasks = await tx.query<{ parent_id: string; done: number; total: number }>(
      `select parent_id, count(*) filter (where status in ('done', 'cancelled'))::int as done, count(*)::int as total
       from public.tasks where parent_id = any($1::uuid[]) and deleted_at is null group by parent_id`,
      [ids],
    );
    const blockers = await tx.query<{ task_id: string; title: string }>(
      `select d.task_id, b.title from public.task_dependencies d join public.tasks b on b.id = d.blocked_by_id
       where d.task_id = any($1::uuid[]) and b.status not in ('done', 'cancelled') and b.deleted_at is null
       order by b.due_at nulls last, b.title`,
      [ids],
    );
    return { names, parents, related, subtasks, blockers };
  });
  const nameOf = new Map(extras.names.map((n) => [n.id, n.name]));
  const zoneOf = new Map(extras.names.map((n) => [n.id, n.timezone]));
  const parentOf = new Map(extras.parents.map((p) => [p.id, p.title]));
  const relatedOf = new Map(extras.related.map((r) => [`${r.type}:${r.id}`, r.title]));
  const subtasksOf = new Map(extras.subtasks.map((s) => [s.parent_id, s]));
  return tasks.map((task) => {
    const related = task.related_type && task.related_id
      ? relatedOf.get(`${task.related_type}:${task.related_id}`) ?? null
      : null;
    const sub = subtasksOf.get(task.id);
    return {
      ...task,
      ...dueFields(task, timeZone, now),
      assignee_name: task.assignee_id ? nameOf.get(task.assignee_id) ?? "Former member" : null,
      related_title: related,
      related_url: related !== null ? `${RELATED_SQL[task.related_type!].url}${task.related_id}` : null,
      repeat_text: repeatText(task.recurrence_rule),
      subtasks_done: sub?.done ?? 0,
      subtasks_total: sub?.total ?? 0,
      blocked_by: extras.blockers.filter((b) => b.task_id === task.id).map((b) => b.title),
      parent_title: task.parent_id ? parentOf.get(task.parent_id) ?? null : null,
      label_zone: timeZone,
      assignee_time: task.assignee_id && task.assignee_id !== claims.sub
        ? localTimeFor(task, zoneOf.get(task.assignee_id) ?? null, timeZone, now)
        : null,
    };
  });
}
