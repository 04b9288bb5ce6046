// Tasks: create, edit, complete (with the next occurrence of a repeating task), bulk changes, dependencies
// and subtasks. Everything runs as the user, so RLS decides; the database guards the rules that must hold
// whoever writes (same team, no dependency loops, blockers done first).
import { AppError } from "../errors.ts";
import { z } from "zod";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Row, Tx } from "../db/mod.ts";
import { parseWithSchema } from "../validation.ts";
import {
  fromWallClock,
  isValidTimeZone,
  nextOccurrence,
  normalizeRule,
  RecurrenceError,
  toWallClock,
  withDefaultWeekday,
} from "./recurrence.ts";
import { isUuid } from "../ids.ts";

export const TASK_STATUSES = ["todo", "in_progress", "done", "cancelled"] as const;
export const TASK_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export const RELATED_TYPES = ["contact", "company", "lead", "deal"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type RelatedType = (typeof RELATED_TYPES)[number];

/** A task as the app sees it: timestamps as ISO strings, so it serializes the same from both drivers. */
export interface Task {
  id: string;
  team_id: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  due_at: string | null;
  due_time_zone: string;
  all_day: boolean;
  assignee_id: string | null;
  related_type: RelatedType | null;
  related_id: string | null;
  tags: string[];
  parent_id: string | null;
  estimated_minutes: number | null;
  actual_minutes: number | null;
  recurrence_rule: string | null;
  recurrence_parent_id: string | null;
  recurred_from_id: string | null;
  completed_at: string | null;
  completed_by: string | null;
  owner_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const TASK_COLUMNS = [
  "id",
  "team_id",
  "title",
  "description",
  "status",
  "priority",
  "due_at",
  "due_time_zone",
  "all_day",
  "assignee_id",
  "related_type",
  "related_id",
  "tags",
  "parent_id",
  "estimated_minutes",
  "actual_minutes",
  "recurrence_rule",
  "recurrence_parent_id",
  "recurred_from_id",
  "completed_at",
  "completed_by",
  "owner_id",
  "created_by",
  "created_at",
  "updated_at",
  "deleted_at",
] as const;

/** `t.id, t.team_id, ...` for selects and returning clauses. */
export const taskColumns = (alias = "t") => TASK_COLUMNS.map((c) => `${alias}.${c}`).join(", ");

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value === null ? null : String(value));

export function toTask(row: Row): Task {
  const task = { ...row } as Record<string, unknown>;
  for (const key of ["due_at", "completed_at", "created_at", "updated_at", "deleted_at"]) task[key] = iso(row[key]);
  return task as unknown as Task;
}

// Input -------------------------------------------------------------------------------------------------

const uuid = (label: string) => z.string().uuid(`${label} must be an id.`);
const minutes = (label: string) =>
  z.number().int(`${label} is a whole number of minutes.`).min(0, `${label} cannot be negative.`)
    .max(1_000_000, `${label} is too large.`).nullable().optional();

/** A moment with its offset (2026-03-10T09:00:00+01:00), or a date (2026-03-10) for an all-day task. */
const dueAt = z.union([
  z.string().datetime({ offset: true, message: "Due must be a date and time like 2026-03-10T09:00:00Z." }),
  z.string().date("Due must be a date like 2026-03-10 or a date and time."),
]).nullable().optional();

const taskFields = {
  title: z.string().trim().min(1, "Give the task a title.").max(200, "A title can be at most 200 characters."),
  description: z.string().max(10000, "The description can be at most 10,000 characters.").nullable().optional(),
  status: z.enum(TASK_STATUSES, { message: "Status is todo, in_progress, done or cancelled." }).optional(),
  priority: z.enum(TASK_PRIORITIES, { message: "Priority is low, medium, high or urgent." }).optional(),
  due_at: dueAt,
  due_time_zone: z.string().refine(isValidTimeZone, "Use a time zone name like Europe/Berlin.").optional(),
  all_day: z.boolean().optional(),
  assignee_id: uuid("Assignee").nullable().optional(),
  related_type: z.enum(RELATED_TYPES, { message: "A task relates to a contact, company, lead or deal." }).nullable()
    .optional(),
  related_id: uuid("Related record").nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(40, "Tags can be at most 40 characters.")).max(20, "At most 20 tags.")
    .optional(),
  parent_id: uuid("Parent task").nullable().optional(),
  estimated_minutes: minutes("Estimate"),
  actual_minutes: minutes("Time spent"),
  recurrence_rule: z.string().max(500, "The repeat rule is too long.").nullable().optional(),
  owner_id: uuid("Owner").nullable().optional(),
};

export const taskCreateSchema = z.object(taskFields);
export const taskUpdateSchema = z.object(taskFields).partial();
export type TaskInput = z.input<typeof taskCreateSchema>;
export type TaskPatch = z.input<typeof taskUpdateSchema>;

export const bulkPatchSchema = z.object({
  assignee_id: uuid("Assignee").nullable().optional(),
  due_at: dueAt,
  status: z.enum(TASK_STATUSES, { message: "Status is todo, in_progress, done or cancelled." }).optional(),
}).refine((p) => Object.values(p).some((v) => v !== undefined), "Choose something to change.");
export type BulkPatch = z.input<typeof bulkPatchSchema>;

const idList = z.array(uuid("Each task")).min(1, "Select at least one task.").max(500, "Select at most 500 tasks.");

const unprocessable = (message: string) => new AppError("validation_failed", message);
const taskNotFound = () => new AppError("not_found", "Task not found.");
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Local midnight of a date (YYYY-MM-DD) or of an instant's local date, in a zone. */
function localMidnight(value: string | Date, timeZone: string): Date {
  const floating = typeof value === "string" && DATE_ONLY.test(value)
    ? new Date(`${value}T00:00:00Z`)
    : toWallClock(new Date(value), timeZone);
  floating.setUTCHours(0, 0, 0, 0);
  return fromWallClock(floating, timeZone);
}

interface Schedule {
  due_at: string | null;
  due_time_zone: string;
  all_day: boolean;
  recurrence_rule: string | null;
}

/** Due date, zone, all-day flag and repeat rule checked together: they only make sense as a set. */
function schedule(merged: { due_at?: string | Date | null } & Partial<Omit<Schedule, "due_at">>): Schedule {
  const zone = merged.due_time_zone ?? "UTC";
  const dateOnly = typeof merged.due_at === "string" && DATE_ONLY.test(merged.due_at);
  const allDay = dateOnly || (merged.all_day ?? false);
  let due: Date | null = null;
  if (merged.due_at) due = allDay ? localMidnight(merged.due_at, zone) : new Date(merged.due_at);
  let rule: string | null = null;
  if (merged.recurrence_rule) {
    try {
      rule = normalizeRule(merged.recurrence_rule);
    } catch (error) {
      if (error instanceof RecurrenceError) throw unprocessable(error.message);
      throw error;
    }
    if (!due) throw unprocessable("A repeating task needs a due date.");
    rule = withDefaultWeekday(rule, due, zone);
  }
  return { due_at: due?.toISOString() ?? null, due_time_zone: zone, all_day: allDay, recurrence_rule: rule };
}

// Reading -----------------------------------------------------------------------------------------------

async function findTask(tx: Tx, id: string, lock = false): Promise<Task> {
  if (!isUuid(id)) throw taskNotFound();
  const [row] = await tx.query(
    `select ${taskColumns()} from public.tasks t where t.id = $1 and t.deleted_at is null${lock ? " for update" : ""}`,
    [id],
  );
  if (row) return toTask(row);
  // FOR UPDATE also applies the update policy: a task the user sees but may not change is a 403
  if (lock && (await tx.query("select 1 from public.tasks where id = $1 and deleted_at is null", [id])).length) {
    throw new AppError("forbidden", "You don't have permission to change this task.");
  }
  throw taskNotFound();
}

export async function getTask(db: Db, claims: UserClaims, taskId: string): Promise<Task> {
  return await db.asUser(claims, (tx) => findTask(tx, taskId));
}

// Writing -----------------------------------------------------------------------------------------------

export async function createTask(db: Db, claims: UserClaims, teamId: string, input: TaskInput): Promise<Task> {
  const fields = parseWithSchema(taskCreateSchema, input);
  const plan = schedule(fields);
  const values: Record<string, unknown> = {
    ...fields,
    ...plan,
    owner_id: fields.owner_id === undefined ? claims.sub : fields.owner_id,
    team_id: teamId,
    tags: fields.tags ?? [],
  };
  const columns = Object.keys(values).filter((key) => values[key] !== undefined);
  return await db.asUser(claims, async (tx) => {
    const [row] = await tx.query(
      `insert into public.tasks as t (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})
       returning ${taskColumns()}`,
      columns.map((key) => values[key]),
    );
    const task = toTask(row);
    // created as done: the same rules as completing it later (the next occurrence of a repeat)
    if (task.status === "done") await createNextOccurrence(tx, task, new Date());
    return task;
  });
}

export async function updateTask(
  db: Db,
  claims: UserClaims,
  taskId: string,
  patch: TaskPatch,
  options: { now?: Date } = {},
): Promise<Task> {
  const fields = parseWithSchema(taskUpdateSchema, patch);
  return await db.asUser(claims, async (tx) => {
    const current = await findTask(tx, taskId, true);
    const { status, ...given } = fields;
    const rest = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
    const changes: Record<string, unknown> = { ...rest };
    if (["due_at", "due_time_zone", "all_day", "recurrence_rule"].some((key) => key in rest)) {
      Object.assign(changes, schedule({ ...current, ...rest }));
    }
    if (status !== undefined && status !== "done") changes.status = status;
    const columns = Object.keys(changes).filter((key) => changes[key] !== undefined);
    let task = current;
    if (columns.length) {
      const [row] = await tx.query(
        `update public.tasks t set ${columns.map((key, i) => `${key} = $${i + 2}`).join(", ")}
         where t.id = $1 returning ${taskColumns()}`,
        [taskId, ...columns.map((key) => changes[key])],
      );
      task = toTask(row);
    }
    if (status === "done") task = (await completeInTx(tx, task, options.now ?? new Date())).task;
    return task;
  });
}

export interface Completion {
  task: Task;
  /** The next task of a repeating series (new, or the one an earlier completion created), else null. */
  next: Task | null;
  /** False when the task was already done: nothing new was created. */
  completed: boolean;
}

/**
 * Marks a task done and, for a repeating task, creates the next one in the same transaction. Completing a
 * task that is already done changes nothing and creates nothing. An overdue repeating task's next
 * occurrence is the first one after `now`, not one that is already past.
 */
export async function completeTask(
  db: Db,
  claims: UserClaims,
  taskId: string,
  options: { now?: Date } = {},
): Promise<Completion> {
  return await db.asUser(claims, async (tx) => {
    const task = await findTask(tx, taskId, true);
    return await completeInTx(tx, task, options.now ?? new Date());
  });
}

async function completeInTx(tx: Tx, task: Task, now: Date): Promise<Completion> {
  // Row-locked by the caller and conditional on status: of two concurrent completions only one gets a row.
  const [row] = await tx.query(
    `update public.tasks t set status = 'done' where t.id = $1 and t.status <> 'done' returning ${taskColumns()}`,
    [task.id],
  );
  if (!row) {
    const [existing] = await tx.query(`select ${taskColumns()} from public.tasks t where t.recurred_from_id = $1`, [
      task.id,
    ]);
    return { task, next: existing ? toTask(existing) : null, completed: false };
  }
  const done = toTask(row);
  return { task: done, next: await createNextOccurrence(tx, done, now), completed: true };
}

async function createNextOccurrence(tx: Tx, task: Task, now: Date): Promise<Task | null> {
  if (!task.recurrence_rule || !task.due_at) return null;
  const seriesId = task.recurrence_parent_id ?? task.id;
  const [{ position }] = await tx.query<{ position: number }>(
    `select count(*)::int as position from public.tasks
     where (id = $1 or recurrence_parent_id = $1) and due_at <= $2`,
    [seriesId, task.due_at],
  );
  let due: Date | null;
  try {
    due = nextOccurrence(task.recurrence_rule, new Date(task.due_at), task.due_time_zone, task.all_day, {
      occurrence: Math.max(position, 1),
      notBefore: now,
    });
  } catch (error) {
    if (error instanceof RecurrenceError) throw unprocessable(`Fix the repeat rule first: ${error.message}`);
    throw error;
  }
  if (!due) return null;
  // The unique recurred_from_id makes this a no-op when the task was completed, reopened and completed again.
  const [row] = await tx.query(
    `insert into public.tasks as t (team_id, title, description, priority, due_at, due_time_zone, all_day,
       assignee_id, related_type, related_id, tags, parent_id, estimated_minutes, recurrence_rule,
       recurrence_parent_id, recurred_from_id, owner_id)
     select team_id, title, description, priority, $2, due_time_zone, all_day, assignee_id, related_type,
       related_id, tags, parent_id, estimated_minutes, recurrence_rule, $3, id, owner_id
     from public.tasks where id = $1
     on conflict (recurred_from_id) where recurred_from_id is not null do nothing
     returning ${taskColumns()}`,
    [task.id, due.toISOString(), seriesId],
  );
  if (row) return toTask(row);
  const [existing] = await tx.query(`select ${taskColumns()} from public.tasks t where t.recurred_from_id = $1`, [
    task.id,
  ]);
  return existing ? toTask(existing) : null;
}

/** Soft delete: the task disappears from every view and can be restored. */
export async function deleteTask(db: Db, claims: UserClaims, taskId: string): Promise<{ id: string }> {
  return await db.asUser(claims, async (tx) => {
    await findTask(tx, taskId, true);
    await tx.query("update public.tasks set deleted_at = now() where id = $1", [taskId]);
    return { id: taskId };
  });
}

export async function restoreTask(db: Db, claims: UserClaims, taskId: string): Promise<Task> {
  if (!isUuid(taskId)) throw taskNotFound();
  const [row] = await db.asUser(claims, (tx) =>
    tx.query(
      `update public.tasks t set deleted_at = null where t.id = $1 and t.deleted_at is not null
       returning ${taskColumns()}`,
      [taskId],
    ));
  if (!row) throw taskNotFound();
  return toTask(row);
}

// Bulk ----------------------------------------------------------------------------------------------------

async function assertCanWrite(tx: Tx, teamId: string) {
  if (!isUuid(teamId)) throw new AppError("not_found", "Workspace not found.");
  const [{ allowed }] = await tx.query<{ allowed: boolean }>("select app.can_write($1) as allowed", [teamId]);
  if (!allowed) throw new AppError("forbidden", "You don't have permission to change tasks here.");
}

/** Blockers before the tasks they block, so "complete all" works on a chain of dependent tasks. */
async function blockersFirst(tx: Tx, ids: string[]): Promise<string[]> {
  const edges = await tx.query<{ task_id: string; blocked_by_id: string }>(
    "select task_id, blocked_by_id from public.task_dependencies where task_id = any($1) and blocked_by_id = any($1)",
    [ids],
  );
  const ordered: string[] = [];
  const visit = (id: string, seen = new Set<string>()) => {
    if (ordered.includes(id) || seen.has(id)) return;
    seen.add(id);
    for (const edge of edges) if (edge.task_id === id) visit(edge.blocked_by_id, seen);
    ordered.push(id);
  };
  for (const id of ids) visit(id);
  return ordered;
}

export interface BulkResult {
  /** How many of the selected tasks were changed. */
  updated: number;
  /** Next occurrences created by completing repeating tasks. */
  created: Task[];
}

/**
 * Assign, reschedule or change the status of many tasks at once, all or nothing. Completing goes through
 * the same path as completeTask (dependencies, next occurrences). Tasks outside the team or deleted are
 * left alone and not counted.
 */
export async function bulkUpdate(
  db: Db,
  claims: UserClaims,
  teamId: string,
  ids: string[],
  patch: BulkPatch,
  options: { now?: Date } = {},
): Promise<BulkResult> {
  const taskIds = [...new Set(parseWithSchema(idList, ids))];
  const changes = parseWithSchema(bulkPatchSchema, patch);
  return await db.asUser(claims, async (tx) => {
    await assertCanWrite(tx, teamId);
    const rows = await tx.query<{ id: string; recurring: boolean }>(
      `select id, recurrence_rule is not null as recurring from public.tasks
       where team_id = $1 and id = any($2) and deleted_at is null order by id for update`,
      [teamId, taskIds],
    );
    const found = rows.map((r) => r.id);
    if (changes.due_at === null && rows.some((r) => r.recurring)) {
      throw unprocessable("Repeating tasks need a due date: stop the repeat before clearing it.");
    }
    const sets: string[] = [];
    const params: unknown[] = [found];
    if (changes.assignee_id !== undefined) {
      params.push(changes.assignee_id);
      sets.push(`assignee_id = $${params.length}`);
    }
    if (changes.due_at !== undefined) {
      const dateOnly = typeof changes.due_at === "string" && DATE_ONLY.test(changes.due_at);
      params.push(changes.due_at === null ? null : dateOnly ? changes.due_at : new Date(changes.due_at).toISOString());
      // all-day tasks keep being due at local midnight of the new date, in their own zone
      sets.push(
        dateOnly
          ? `due_at = ($${params.length}::date)::timestamp at time zone due_time_zone, all_day = true`
          : `due_at = case when all_day then (($${params.length}::timestamptz at time zone due_time_zone)::date)::timestamp
               at time zone due_time_zone else $${params.length}::timestamptz end`,
      );
    }
    if (changes.status !== undefined && changes.status !== "done") {
      params.push(changes.status);
      sets.push(`status = $${params.length}`);
    }
    if (sets.length && found.length) {
      await tx.query(`update public.tasks set ${sets.join(", ")} where id = any($1)`, params);
    }
    const created: Task[] = [];
    if (changes.status === "done") {
      const now = options.now ?? new Date();
      for (const id of await blockersFirst(tx, found)) {
        const result = await completeInTx(tx, await findTask(tx, id), now);
        if (result.completed && result.next) created.push(result.next);
      }
    }
    return { updated: found.length, created };
  });
}

/** Soft-deletes many tasks at once, all or nothing (a rep may only delete their own). */
export async function bulkDelete(
  db: Db,
  claims: UserClaims,
  teamId: string,
  ids: string[],
): Promise<{ deleted: number }> {
  const taskIds = [...new Set(parseWithSchema(idList, ids))];
  return await db.asUser(claims, async (tx) => {
    await assertCanWrite(tx, teamId);
    const rows = await tx.query(
      "update public.tasks set deleted_at = now() where team_id = $1 and id = any($2) and deleted_at is null returning id",
      [teamId, taskIds],
    );
    return { deleted: rows.length };
  });
}

// Dependencies and subtasks -------------------------------------------------------------------------------

export interface TaskDependency {
  id: string;
  team_id: string;
  task_id: string;
  blocked_by_id: string;
  created_by: string | null;
  created_at: string;
}

const toDependency = (row: Row) => ({ ...row, created_at: iso(row.created_at) }) as TaskDependency;

/** taskId cannot be completed until blockedById is done. Adding an existing dependency is a no-op. */
export async function addDependency(
  db: Db,
  claims: UserClaims,
  taskId: string,
  blockedById: string,
): Promise<TaskDependency> {
  return await db.asUser(claims, async (tx) => {
    const task = await findTask(tx, taskId);
    await findTask(tx, blockedById);
    const [row] = await tx.query(
      `insert into public.task_dependencies (team_id, task_id, blocked_by_id) values ($1, $2, $3)
       on conflict (task_id, blocked_by_id) do nothing returning *`,
      [task.team_id, taskId, blockedById],
    );
    if (row) return toDependency(row);
    const [existing] = await tx.query(
      "select * from public.task_dependencies where task_id = $1 and blocked_by_id = $2",
      [taskId, blockedById],
    );
    return toDependency(existing);
  });
}

export async function removeDependency(
  db: Db,
  claims: UserClaims,
  taskId: string,
  blockedById: string,
): Promise<{ removed: boolean }> {
  if (!isUuid(taskId) || !isUuid(blockedById)) throw taskNotFound();
  return await db.asUser(claims, async (tx) => {
    // Both tasks must be the caller's to see (another team's ids are a 404, like everywhere else); the
    // blocker may be in the bin, so its dependency can still be taken away.
    await findTask(tx, taskId);
    if ((await tx.query("select 1 from public.tasks where id = $1", [blockedById])).length === 0) throw taskNotFound();
    const removed = await tx.query(
      "delete from public.task_dependencies where task_id = $1 and blocked_by_id = $2 returning id",
      [taskId, blockedById],
    );
    if (removed.length) return { removed: true };
    const seen = await tx.query("select 1 from public.task_dependencies where task_id = $1 and blocked_by_id = $2", [
      taskId,
      blockedById,
    ]);
    if (seen.length) throw new AppError("forbidden", "You don't have permission to change this task.");
    return { removed: false };
  });
}

/** What blocks a task and what it blocks (deleted tasks left out). */
export async function listDependencies(
  db: Db,
  claims: UserClaims,
  taskId: string,
): Promise<{ blockedBy: Task[]; blocking: Task[] }> {
  return await db.asUser(claims, async (tx) => {
    await findTask(tx, taskId);
    const blockedBy = await tx.query(
      `select ${taskColumns()} from public.task_dependencies d join public.tasks t on t.id = d.blocked_by_id
       where d.task_id = $1 and t.deleted_at is null order by t.due_at nulls last, t.id`,
      [taskId],
    );
    const blocking = await tx.query(
      `select ${taskColumns()} from public.task_dependencies d join public.tasks t on t.id = d.task_id
       where d.blocked_by_id = $1 and t.deleted_at is null order by t.due_at nulls last, t.id`,
      [taskId],
    );
    return { blockedBy: blockedBy.map(toTask), blocking: blocking.map(toTask) };
  });
}

/** A task's subtasks, oldest first. Create one with createTask({ parent_id }). */
export async function listSubtasks(db: Db, claims: UserClaims, parentId: string): Promise<Task[]> {
  return await db.asUser(claims, async (tx) => {
    await findTask(tx, parentId);
    const rows = await tx.query(
      `select ${taskColumns()} from public.tasks t where t.parent_id = $1 and t.deleted_at is null
       order by t.created_at, t.id`,
      [parentId],
    );
    return rows.map(toTask);
  });
}
