// Task actions the UI needs beyond lib/tasks: moving tasks to another day (keeping their time of day) and
// undoing a completion.
import { AppError } from "../errors.ts";
import type { UserClaims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { type Task, taskColumns, toTask, updateTask } from "./tasks.ts";
import { isUuid } from "../ids.ts";

/**
 * Moves tasks to a day (YYYY-MM-DD), all or nothing. Timed tasks keep their local time of day in their own
 * zone (09:00 stays 09:00 across a DST change); all-day and undated tasks become all-day on that day.
 */
export async function rescheduleToDate(
  db: Db,
  claims: UserClaims,
  teamId: string,
  ids: string[],
  date: string,
): Promise<{ updated: number }> {
  if (!ids.length) throw new AppError("unprocessable_entity", "Select at least one task.");
  if (ids.length > 500) throw new AppError("unprocessable_entity", "Select at most 500 tasks.");
  if (!isUuid(teamId)) throw new AppError("not_found", "Workspace not found.");
  return await db.asUser(claims, async (tx) => {
    const [{ allowed }] = await tx.query<{ allowed: boolean }>("select app.can_write($1) as allowed", [teamId]);
    if (!allowed) throw new AppError("forbidden", "You don't have permission to change tasks here.");
    const rows = await tx.query(
      `update public.tasks set
         due_at = case when all_day or due_at is null then ($3::date)::timestamp at time zone due_time_zone
                  else ($3::date + (due_at at time zone due_time_zone)::time) at time zone due_time_zone end,
         all_day = all_day or due_at is null
       where team_id = $1 and id = any($2::uuid[]) and deleted_at is null returning id`,
      [teamId, ids, date],
    );
    return { updated: rows.length };
  });
}

/**
 * Undo of "complete": the task is open again, and the next occurrence that completing created is put away
 * (soft-deleted) if nobody has touched it yet. Completing again brings that same one back.
 */
export async function reopenTask(
  db: Db,
  claims: UserClaims,
  taskId: string,
): Promise<{ task: Task; removedNext: string | null }> {
  const task = await updateTask(db, claims, taskId, { status: "todo" });
  const removed = await db.asUser(claims, async (tx) => {
    const [next] = await tx.query(
      `select ${taskColumns()} from public.tasks t where t.recurred_from_id = $1 and t.deleted_at is null
       and t.status = 'todo' and t.updated_at = t.created_at`,
      [taskId],
    );
    if (!next) return null;
    try {
      await tx.query("savepoint reopen_next");
      await tx.query("update public.tasks set deleted_at = now() where id = $1", [next.id]);
      return toTask(next).id;
    } catch {
      // someone who may not delete it (a rep, not its owner): the next task simply stays
      await tx.query("rollback to savepoint reopen_next");
      return null;
    }
  });
  return { task, removedNext: removed };
}
