// /api/v1/tasks: the task views, CRUD with soft delete, completing (with the next occurrence of a repeating
// task), reopening, bulk actions, dependencies and subtasks. Rows come presented for the caller's zone
// (due_label, overdue, assignee_name, related_title, repeat_text, subtask progress, blocked_by).
import { Hono } from "hono";
import { AppError } from "../../../lib/errors.ts";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe, nameSchema } from "../../../utils/api/describe.ts";
import {
  addDependency,
  bulkDelete,
  bulkUpdate,
  completeTask,
  createTask,
  deleteTask,
  getTask,
  listDependencies,
  listSubtasks,
  removeDependency,
  restoreTask,
  type Task,
  taskCreateSchema,
  taskUpdateSchema,
  updateTask,
} from "../../../lib/tasks/tasks.ts";
import { loadTaskView, TASK_VIEWS, upcomingOccurrences, viewerZone } from "../../../lib/tasks/list.ts";
import { presentTasks } from "../../../lib/tasks/present.ts";
import { reopenTask, rescheduleToDate } from "../../../lib/tasks/actions.ts";

export const app = new Hono<ApiEnv>();

const uuid = z.string().uuid("Each task must be an id.");
const bulkInput = z.discriminatedUnion("action", [
  z.object({ action: z.literal("assign"), ids: z.array(uuid), assignee_id: z.string().uuid().nullable() }),
  z.object({
    action: z.literal("reschedule"),
    ids: z.array(uuid),
    /** A day (YYYY-MM-DD): each task keeps its time of day. */
    date: z.string().date("date must look like 2026-03-10.").optional(),
    /** Or one moment for all (ISO with offset), or null to clear. */
    due_at: z.string().datetime({ offset: true }).nullable().optional(),
  }).refine((b) => b.date !== undefined || b.due_at !== undefined, "Give a date or due_at."),
  z.object({ action: z.literal("complete"), ids: z.array(uuid) }),
  z.object({ action: z.literal("delete"), ids: z.array(uuid) }),
  z.object({ action: z.literal("restore"), ids: z.array(uuid).min(1).max(500) }),
], { error: () => "action must be assign, reschedule, complete, delete or restore." });

const dependencyInput = z.object({ blocked_by_id: z.string().uuid("blocked_by_id must be a task's id.") });
const subtaskInput = taskCreateSchema.omit({ parent_id: true });
const createInput = nameSchema(taskCreateSchema, "TaskCreate");
const updateInput = nameSchema(taskUpdateSchema, "TaskUpdate");

const errors = { 403: "Viewers and other non-writers cannot change tasks." };
const docs = {
  list: describe({
    summary: "List tasks in a view",
    query: z.object({
      view: z.enum(TASK_VIEWS).default("my").describe("Which tasks."),
      from: z.string().optional().describe("Calendar: start (date or ISO time)."),
      to: z.string().optional().describe("Calendar: end, exclusive (≤ 62 days)."),
      assignee: z.string().optional().describe("A member's id, or none."),
      status: z.string().optional().describe("Comma-separated statuses."),
      tz: z.string().optional().describe("Viewer's zone; default: profile's."),
      cursor: z.string().optional().describe("next_cursor of the previous page."),
      limit: z.string().optional().describe("Tasks per page, 1 to 200 (default 50)."),
    }),
    responses: {
      200: "A page of tasks, soonest due first. The calendar's first page also has `occurrences`: upcoming due " +
        "dates of repeating tasks in the range (task_id, title, due_at, due_date, due_time), not tasks yet.",
      400: "Bad view.",
    },
  }),
  create: describe({
    summary: "Create a task",
    responses: { 201: "Created.", 422: "Invalid fields or repeat rule.", ...errors },
  }),
  bulk: describe({
    summary: "Assign, reschedule, complete, delete or restore many tasks",
    responses: {
      200: "Counts (and next occurrences created by completing).",
      409: "A selected task is blocked by an open task outside the selection.",
      ...errors,
    },
  }),
  get: describe({ summary: "Get a task" }),
  update: describe({ summary: "Update a task (status done completes it)", responses: { 200: "Updated.", ...errors } }),
  delete: describe({ summary: "Delete a task (restorable)", responses: { 200: "Deleted.", ...errors } }),
  restore: describe({ summary: "Undo a delete", responses: { 200: "Restored.", ...errors } }),
  complete: describe({
    summary: "Complete a task; a repeating task gets its next occurrence",
    responses: {
      200: "{data, next, completed}: completing twice creates one next task.",
      409: "An open task blocks this one (the message names it).",
      ...errors,
    },
  }),
  reopen: describe({
    summary: "Undo a completion: back to todo; an untouched next occurrence is put away",
    responses: { 200: "{data, removed_next}", ...errors },
  }),
  dependencies: describe({ summary: "What blocks this task and what it blocks" }),
  addDependency: describe({
    summary: "This task waits for another",
    responses: { 201: "Added.", 409: "It would make a loop.", ...errors },
  }),
  removeDependency: describe({ summary: "Stop waiting for a task", responses: { 200: "{removed}", ...errors } }),
  subtasks: describe({ summary: "A task's subtasks", responses: { 200: "Oldest first." } }),
  addSubtask: describe({ summary: "Add a subtask", responses: { 201: "Created.", ...errors } }),
};

/** Presents tasks for the caller (their zone comes from ?tz= or their profile). */
async function present(c: Parameters<typeof apiCaller>[0], tasks: Task[]) {
  const { db, claims } = apiCaller(c);
  return await presentTasks(db, claims, tasks, await viewerZone(db, claims, c.req.query("tz")));
}

app.get("/", docs.list, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const query = c.req.query();
  const zone = await viewerZone(db, claims, query.tz);
  c.header("cache-control", "private, no-store");
  const page = await loadTaskView(db, claims, team.id, query, zone);
  if (query.view !== "calendar" || query.cursor) return c.json(page);
  // The calendar's first page also says where repeating tasks will be due next (not tasks yet).
  const range = { from: new Date(page.range!.from), to: new Date(page.range!.to), assignee: query.assignee };
  return c.json({ ...page, occurrences: await upcomingOccurrences(db, claims, team.id, range, zone) });
});

app.post("/", docs.create, jsonInput(createInput), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const task = await createTask(db, claims, team.id, c.req.valid("json"));
  return c.json({ data: (await present(c, [task]))[0] }, 201);
});

app.post("/bulk", docs.bulk, jsonInput(bulkInput), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const body = c.req.valid("json");
  switch (body.action) {
    case "assign":
      return c.json({ data: await bulkUpdate(db, claims, team.id, body.ids, { assignee_id: body.assignee_id }) });
    case "reschedule":
      if (body.date !== undefined) {
        return c.json({ data: await rescheduleToDate(db, claims, team.id, body.ids, body.date) });
      }
      return c.json({ data: await bulkUpdate(db, claims, team.id, body.ids, { due_at: body.due_at }) });
    case "complete": {
      const result = await bulkUpdate(db, claims, team.id, body.ids, { status: "done" });
      return c.json({ data: { updated: result.updated, created: await present(c, result.created) } });
    }
    case "delete":
      return c.json({ data: await bulkDelete(db, claims, team.id, body.ids) });
    case "restore": {
      let restored = 0;
      for (const id of body.ids) {
        await restoreTask(db, claims, id).then(() => restored++, (error) => {
          if (!(error instanceof AppError && error.status === 404)) throw error;
        });
      }
      return c.json({ data: { restored } });
    }
  }
});

app.get("/:id", docs.get, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: (await present(c, [await getTask(db, claims, pathId(c, "Task"))]))[0] });
});

app.on(["PATCH", "PUT"], "/:id", docs.update, jsonInput(updateInput), async (c) => {
  const { db, claims } = apiCaller(c);
  const task = await updateTask(db, claims, pathId(c, "Task"), c.req.valid("json"));
  return c.json({ data: (await present(c, [task]))[0] });
});

app.delete("/:id", docs.delete, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await deleteTask(db, claims, pathId(c, "Task")) });
});

app.post("/:id/restore", docs.restore, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: (await present(c, [await restoreTask(db, claims, pathId(c, "Task"))]))[0] });
});

app.post("/:id/complete", docs.complete, async (c) => {
  const { db, claims } = apiCaller(c);
  const result = await completeTask(db, claims, pathId(c, "Task"));
  // Completed, undone (which put the next one away), completed again: the same next task comes back.
  const next = result.next?.deleted_at ? await restoreTask(db, claims, result.next.id) : result.next;
  const [task, nextRow] = await present(c, next ? [result.task, next] : [result.task]);
  return c.json({ data: task, next: nextRow ?? null, completed: result.completed });
});

app.post("/:id/reopen", docs.reopen, async (c) => {
  const { db, claims } = apiCaller(c);
  const result = await reopenTask(db, claims, pathId(c, "Task"));
  return c.json({ data: (await present(c, [result.task]))[0], removed_next: result.removedNext });
});

app.get("/:id/dependencies", docs.dependencies, async (c) => {
  const { db, claims } = apiCaller(c);
  const { blockedBy, blocking } = await listDependencies(db, claims, pathId(c, "Task"));
  return c.json({ data: { blocked_by: await present(c, blockedBy), blocking: await present(c, blocking) } });
});

app.post("/:id/dependencies", docs.addDependency, jsonInput(dependencyInput), async (c) => {
  const { db, claims } = apiCaller(c);
  const { blocked_by_id } = c.req.valid("json");
  return c.json({ data: await addDependency(db, claims, pathId(c, "Task"), blocked_by_id) }, 201);
});

app.delete("/:id/dependencies/:blockedById", docs.removeDependency, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await removeDependency(db, claims, pathId(c, "Task"), pathId(c, "Task", "blockedById")) });
});

app.get("/:id/subtasks", docs.subtasks, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await present(c, await listSubtasks(db, claims, pathId(c, "Task"))) });
});

app.post("/:id/subtasks", docs.addSubtask, jsonInput(subtaskInput), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const parent = await getTask(db, claims, pathId(c, "Task"));
  const input = c.req.valid("json");
  const task = await createTask(db, claims, team.id, {
    assignee_id: parent.assignee_id,
    ...input,
    parent_id: parent.id,
  });
  return c.json({ data: (await present(c, [task]))[0] }, 201);
});
