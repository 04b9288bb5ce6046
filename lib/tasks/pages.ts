// What the task pages load around a task: members to assign, open tasks to wait for, the related record's
// name; and the POST actions of the list and the task page (complete, reopen, delete, restore, subtasks).
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { listMembers } from "../teams.ts";
import { teamTasks } from "./views.ts";
import { completeTask, createTask, deleteTask, removeDependency, restoreTask, type Task } from "./tasks.ts";
import { presentTasks } from "./present.ts";
import { reopenTask } from "./actions.ts";
import type { FormValues } from "../forms.ts";

export async function taskFormOptions(db: Db, claims: Claims, teamId: string, taskId?: string) {
  const members = (await listMembers(db, claims, teamId)).map((m) => ({
    value: m.user_id,
    label: m.full_name || m.email,
  }));
  const open = await teamTasks(db, claims, teamId, { limit: 200 });
  const blockers = open.data.filter((t) => t.id !== taskId && t.parent_id !== taskId).map((t) => ({
    value: t.id,
    label: t.title,
  }));
  return { members, blockers };
}

/** The related record's name for the picker (empty when there is none or it is gone). */
export async function relatedTitle(db: Db, claims: Claims, task: Task | null, timeZone: string) {
  if (!task?.related_id) return "";
  const [row] = await presentTasks(db, claims, [task], timeZone);
  return row.related_title ?? "";
}

export type ActionResult = { notice: string; undo?: { action: string; id: string } } | null;

/** The POST actions on tasks shared by /tasks and /tasks/:id (forms that work without JavaScript). */
export async function runTaskAction(db: Db, claims: Claims, teamId: string, values: FormValues): Promise<ActionResult> {
  const id = values.id ?? "";
  switch (values.action) {
    case "complete": {
      const { task, next } = await completeTask(db, claims, id);
      if (next?.deleted_at) await restoreTask(db, claims, next.id);
      return {
        notice: next ? `Completed “${task.title}”. The next one is on the list.` : `Completed “${task.title}”.`,
        undo: { action: "reopen", id },
      };
    }
    case "reopen": {
      const { task } = await reopenTask(db, claims, id);
      return { notice: `Reopened “${task.title}”.` };
    }
    case "delete":
      await deleteTask(db, claims, id);
      return { notice: "Task deleted.", undo: { action: "restore", id } };
    case "restore": {
      const task = await restoreTask(db, claims, id);
      return { notice: `Restored “${task.title}”.` };
    }
    case "add_subtask": {
      const title = values.title?.trim() ?? "";
      if (!title) return { notice: "Give the subtask a title." };
      await createTask(db, claims, teamId, { title, parent_id: id, assignee_id: values.assignee_id || null });
      return { notice: `Added the subtask “${title}”.` };
    }
    case "remove_dependency":
      await removeDependency(db, claims, id, values.blocked_by_id ?? "");
      return { notice: "No longer waiting for that task." };
    default:
      return null;
  }
}
