// /api/v1/tasks: the task views, CRUD with soft delete, completing (with the next occurrence of a repeating
// task), reopening, bulk actions, dependencies and subtasks. Rows come presented for the caller's zone
// (due_label, overdue, assignee_name, related_title, repeat_text, subtask progress, blocked_by).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
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
import { loadTaskView, TASK_VIEWS, upcomingOccurrences, viewerZone } from "../../../lib/tasks-ui/list.ts";
import { presentTasks } from "../../../lib/tasks-ui/present.ts";
import { reopenTask, rescheduleToDate } from "../../../lib/tasks-ui/actions.ts";

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

/** Presents tasks for the caller (their zone comes from ?tz= or their profile). */
async function present(c: Parameters<typeof apiCaller>[0], tasks: Task[]) {
  const { db, claims } = apiCaller(c);
  return await presentTasks(db, claims, tasks, await viewerZone(db, claims, c.req.query("tz")));
}

app.get("/", async (c) => {
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

app.post("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const task = await createTask(db, claims, team.id, await jsonBody(c, taskCreateSchema));
  return c.json({ data: (await present(c, [task]))[0] }, 201);
});

app.post("/bulk", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const body = await jsonBody(c, bulkInput);
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
          if (!(error instanceof HTTPException && error.status === 404)) throw error;
        });
      }
      return c.json({ data: { restored } });
    }
  }
});

app.get("/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: (await present(c, [await getTask(db, claims, pathId(c, "Task"))]))[0] });
});

app.on(["PATCH", "PUT"], "/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  const task = await updateTask(db, claims, pathId(c, "Task"), await jsonBody(c, taskUpdateSchema));
  return c.json({ data: (await present(c, [task]))[0] });
});

app.delete("/:id", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await deleteTask(db, claims, pathId(c, "Task")) });
});

app.post("/:id/restore", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: (await present(c, [await restoreTask(db, claims, pathId(c, "Task"))]))[0] });
});

app.post("/:id/complete", async (c) => {
  const { db, claims } = apiCaller(c);
  const result = await completeTask(db, claims, pathId(c, "Task"));
  // Completed, undone (which put the next one away), completed again: the same next task comes back.
  const next = result.next?.deleted_at ? await restoreTask(db, claims, result.next.id) : result.next;
  const [task, nextRow] = await present(c, next ? [result.task, next] : [result.task]);
  return c.json({ data: task, next: nextRow ?? null, completed: result.completed });
});

app.post("/:id/reopen", async (c) => {
  const { db, claims } = apiCaller(c);
  const result = await reopenTask(db, claims, pathId(c, "Task"));
  return c.json({ data: (await present(c, [result.task]))[0], removed_next: result.removedNext });
});

app.get("/:id/dependencies", async (c) => {
  const { db, claims } = apiCaller(c);
  const { blockedBy, blocking } = await listDependencies(db, claims, pathId(c, "Task"));
  return c.json({ data: { blocked_by: await present(c, blockedBy), blocking: await present(c, blocking) } });
});

app.post("/:id/dependencies", async (c) => {
  const { db, claims } = apiCaller(c);
  const { blocked_by_id } = await jsonBody(
    c,
    z.object({ blocked_by_id: z.string().uuid("blocked_by_id must be a task's id.") }),
  );
  return c.json({ data: await addDependency(db, claims, pathId(c, "Task"), blocked_by_id) }, 201);
});

app.delete("/:id/dependencies/:blockedById", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await removeDependency(db, claims, pathId(c, "Task"), pathId(c, "Task", "blockedById")) });
});

app.get("/:id/subtasks", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await present(c, await listSubtasks(db, claims, pathId(c, "Task"))) });
});

app.post("/:id/subtasks", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const parent = await getTask(db, claims, pathId(c, "Task"));
  const input = await jsonBody(c, taskCreateSchema.omit({ parent_id: true }));
  const task = await createTask(db, claims, team.id, {
    assignee_id: parent.assignee_id,
    ...input,
    parent_id: parent.id,
  });
  return c.json({ data: (await present(c, [task]))[0] }, 201);
});

// OpenAPI ---------------------------------------------------------------------------------------------

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: "openapi-3.0", io: "input", unrepresentable: "any" });
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const json = (s: unknown) => ({ required: true, content: { "application/json": { schema: s } } });
const errors = {
  "401": { description: "Not signed in." },
  "403": { description: "Viewers and other non-writers cannot change tasks." },
  "404": { description: "Task not found (also for other workspaces' tasks)." },
};
const tags = ["tasks"];

registerPath("/api/v1/tasks", {
  get: {
    tags,
    summary: "List tasks in a view",
    parameters: [
      { name: "view", in: "query", schema: { type: "string", enum: TASK_VIEWS, default: "my" } },
      { name: "from", in: "query", schema: { type: "string" }, description: "Calendar: start (date or ISO time)." },
      { name: "to", in: "query", schema: { type: "string" }, description: "Calendar: end, exclusive (≤ 62 days)." },
      { name: "assignee", in: "query", schema: { type: "string" }, description: "A member's id, or none." },
      { name: "status", in: "query", schema: { type: "string" }, description: "Comma-separated statuses." },
      { name: "tz", in: "query", schema: { type: "string" }, description: "Viewer's zone; default: profile's." },
      { name: "cursor", in: "query", schema: { type: "string" }, description: "next_cursor of the previous page." },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
    ],
    responses: {
      "200": {
        description: "A page of tasks, soonest due first. The calendar's first page also has `occurrences`: " +
          "upcoming due dates of repeating tasks in the range (task_id, title, due_at, due_date, due_time), not tasks yet.",
      },
      "400": { description: "Bad view." },
    },
  },
  post: {
    tags,
    summary: "Create a task",
    requestBody: json(schema(taskCreateSchema)),
    responses: {
      "201": { description: "Created." },
      "422": { description: "Invalid fields or repeat rule." },
      ...errors,
    },
  },
});
registerPath("/api/v1/tasks/{id}", {
  parameters: [idParam],
  get: { tags, summary: "Get a task", responses: { "200": { description: "The task." }, ...errors } },
  patch: {
    tags,
    summary: "Update a task (status done completes it)",
    requestBody: json(schema(taskUpdateSchema)),
    responses: { "200": { description: "Updated." }, "422": { description: "Invalid fields." }, ...errors },
  },
  delete: { tags, summary: "Delete a task (restorable)", responses: { "200": { description: "Deleted." }, ...errors } },
});
registerPath("/api/v1/tasks/{id}/restore", {
  parameters: [idParam],
  post: { tags, summary: "Undo a delete", responses: { "200": { description: "Restored." }, ...errors } },
});
registerPath("/api/v1/tasks/{id}/complete", {
  parameters: [idParam],
  post: {
    tags,
    summary: "Complete a task; a repeating task gets its next occurrence",
    responses: {
      "200": { description: "{data, next, completed}: completing twice creates one next task." },
      "409": { description: "An open task blocks this one (the message names it)." },
      ...errors,
    },
  },
});
registerPath("/api/v1/tasks/{id}/reopen", {
  parameters: [idParam],
  post: {
    tags,
    summary: "Undo a completion: back to todo; an untouched next occurrence is put away",
    responses: { "200": { description: "{data, removed_next}" }, ...errors },
  },
});
registerPath("/api/v1/tasks/bulk", {
  post: {
    tags,
    summary: "Assign, reschedule, complete, delete or restore many tasks",
    requestBody: json(schema(bulkInput)),
    responses: {
      "200": { description: "Counts (and next occurrences created by completing)." },
      "409": { description: "A selected task is blocked by an open task outside the selection." },
      "422": { description: "Invalid input." },
      ...errors,
    },
  },
});
registerPath("/api/v1/tasks/{id}/dependencies", {
  parameters: [idParam],
  get: { tags, summary: "What blocks this task and what it blocks", responses: { "200": { description: "OK" } } },
  post: {
    tags,
    summary: "This task waits for another",
    requestBody: json({
      type: "object",
      required: ["blocked_by_id"],
      properties: { blocked_by_id: { type: "string" } },
    }),
    responses: { "201": { description: "Added." }, "409": { description: "It would make a loop." }, ...errors },
  },
});
registerPath("/api/v1/tasks/{id}/dependencies/{blockedById}", {
  parameters: [idParam, { name: "blockedById", in: "path", required: true, schema: { type: "string" } }],
  delete: { tags, summary: "Stop waiting for a task", responses: { "200": { description: "{removed}" }, ...errors } },
});
registerPath("/api/v1/tasks/{id}/subtasks", {
  parameters: [idParam],
  get: { tags, summary: "A task's subtasks", responses: { "200": { description: "Oldest first." }, ...errors } },
  post: {
    tags,
    summary: "Add a subtask",
    requestBody: json(schema(taskCreateSchema.omit({ parent_id: true }))),
    responses: { "201": { description: "Created." }, ...errors },
  },
});
