// The task form (new and edit pages) as posted fields: read into the API's input, checked with its schema,
// saved with its functions, and a task turned back into fields. Due dates are typed as a local date and
// time in a chosen zone; the instant is worked out here.
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { errorMessage, type FieldErrors, type FormValues } from "../forms.ts";
import {
  addDependency,
  createTask,
  listDependencies,
  removeDependency,
  type Task,
  taskCreateSchema,
  type TaskInput,
  updateTask,
} from "./tasks.ts";
import { fromWallClock, isValidTimeZone } from "./recurrence.ts";
import { searchRecords } from "../records/search.ts";
import { dayKey, timeOfDay } from "./client/dates.ts";
import { readRepeatForm, repeatFormFromRule, ruleFromRepeatForm } from "./client/repeat-form.ts";

export const TIME_ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];

export interface TaskFormData {
  values: FormValues;
  /** Checkbox and multi-select groups: repeat_weekdays, blocked_by. */
  lists: Record<string, string[]>;
}

/** Which form field shows an error about an input field. */
const FIELD_OF: Record<string, string> = { due_at: "due_date", recurrence_rule: "repeat" };

/** Fields for a new task: due today in the viewer's zone unless the URL gave a date. */
export function newTaskForm(timeZone: string, params: URLSearchParams, userId: string): TaskFormData {
  const due = /^\d{4}-\d{2}-\d{2}$/.test(params.get("due") ?? "") ? params.get("due")! : "";
  const repeat = repeatFormFromRule(null, due || dayKey(new Date(), timeZone));
  const relatedType = params.get("related_type") ?? "";
  return {
    values: {
      title: "",
      status: "todo",
      priority: "medium",
      due_date: due,
      due_time: "",
      due_time_zone: timeZone,
      all_day: due ? "on" : "",
      assignee_id: userId,
      related_type: ["contact", "company", "lead", "deal"].includes(relatedType) ? relatedType : "",
      related_id: params.get("related_id") ?? "",
      repeat: repeat.repeat,
      repeat_interval: repeat.interval,
      repeat_day: repeat.day,
      repeat_nth: repeat.nth,
      repeat_weekday: repeat.weekday,
      recurrence_rule: repeat.rule,
    },
    lists: { repeat_weekdays: repeat.weekdays, blocked_by: [] },
  };
}

/** A saved task as form fields, its due date and time shown in its own zone. */
export function taskToForm(task: Task, blockedBy: string[]): TaskFormData {
  const due = task.due_at ? new Date(task.due_at) : null;
  const dueDate = due ? dayKey(due, task.due_time_zone) : "";
  const repeat = repeatFormFromRule(task.recurrence_rule, dueDate || null);
  return {
    values: {
      title: task.title,
      description: task.description ?? "",
      status: task.status,
      priority: task.priority,
      due_date: dueDate,
      due_time: due && !task.all_day ? timeOfDay(due, task.due_time_zone) : "",
      due_time_zone: task.due_time_zone,
      all_day: task.all_day ? "on" : "",
      assignee_id: task.assignee_id ?? "",
      related_type: task.related_type ?? "",
      related_id: task.related_id ?? "",
      tags: task.tags.join(", "),
      estimated_minutes: task.estimated_minutes === null ? "" : String(task.estimated_minutes),
      actual_minutes: task.actual_minutes === null ? "" : String(task.actual_minutes),
      repeat: repeat.repeat,
      repeat_interval: repeat.interval,
      repeat_day: repeat.day,
      repeat_nth: repeat.nth,
      repeat_weekday: repeat.weekday,
      recurrence_rule: repeat.rule,
    },
    lists: { repeat_weekdays: repeat.weekdays, blocked_by: blockedBy },
  };
}

type Parsed =
  | { ok: true; input: TaskInput; blockedBy: string[]; subtasks: string[] }
  | { ok: false; errors: FieldErrors };

const minutes = (text: string | undefined) => (text?.trim() ? Number(text.trim()) : null);

/** The API input the fields describe, or an error per field. */
export function readTaskForm({ values, lists }: TaskFormData): Parsed {
  const errors: FieldErrors = {};
  const zone = values.due_time_zone || "UTC";
  if (!isValidTimeZone(zone)) errors.due_time_zone = "Pick a time zone from the list.";
  const date = values.due_date?.trim() ?? "";
  const time = values.due_time?.trim() ?? "";
  const allDay = values.all_day === "on" || values.all_day === "true";
  let dueAt: string | null = null;
  if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.due_date = "Use a date like 2026-03-10.";
  else if (time && !/^\d{2}:\d{2}$/.test(time)) errors.due_time = "Use a time like 09:30.";
  else if (time && !date) errors.due_date = "Pick a date for that time.";
  else if (date && (allDay || !time)) dueAt = date;
  else if (date && !errors.due_time_zone) {
    dueAt = fromWallClock(new Date(`${date}T${time}:00Z`), zone).toISOString();
  }
  const repeat = ruleFromRepeatForm(readRepeatForm(values, lists), date);
  if (!repeat.ok) errors.repeat = repeat.error;
  else if (repeat.rule && !dueAt && !errors.due_date) errors.repeat = "A repeating task needs a due date.";

  const input = {
    title: values.title ?? "",
    description: values.description?.trim() ? values.description : null,
    status: values.status || undefined,
    priority: values.priority || undefined,
    due_at: dueAt,
    due_time_zone: zone,
    all_day: Boolean(dueAt && (allDay || !time)),
    assignee_id: values.assignee_id || null,
    related_type: values.related_type && values.related_id ? values.related_type : null,
    related_id: values.related_type && values.related_id ? values.related_id : null,
    tags: (values.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean),
    estimated_minutes: minutes(values.estimated_minutes),
    actual_minutes: minutes(values.actual_minutes),
    recurrence_rule: repeat.ok ? repeat.rule : null,
  };
  const result = taskCreateSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "_form");
      errors[FIELD_OF[key] ?? key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const subtasks = (values.subtasks ?? "").split("\n").map((s) => s.trim()).filter(Boolean);
  if (subtasks.some((s) => s.length > 200)) {
    return { ok: false, errors: { subtasks: "Keep each subtask under 200 characters." } };
  }
  return { ok: true, input: input as TaskInput, blockedBy: lists.blocked_by?.filter(Boolean) ?? [], subtasks };
}

/** Without JavaScript the related record is typed by name: the best search hit of that type is used. */
export async function resolveRelated(db: Db, claims: Claims, teamId: string, data: TaskFormData) {
  const { values } = data;
  if (!values.related_type || values.related_id || !values.related_query?.trim()) return null;
  const [hit] = await searchRecords(db, claims, teamId, {
    q: values.related_query.trim(),
    types: [values.related_type],
    limit: 1,
  });
  if (!hit) return `No ${values.related_type} matches “${values.related_query.trim()}”.`;
  values.related_id = hit.id;
  values.related_title = hit.title;
  return null;
}

export type SaveResult = { ok: true; task: Task } | { ok: false; errors: FieldErrors };

/** Creates or updates the task, then its blockers (and, for a new task, its subtasks). */
export async function saveTaskForm(
  db: Db,
  claims: Claims,
  teamId: string,
  data: TaskFormData,
  taskId?: string,
): Promise<SaveResult> {
  const relatedError = await resolveRelated(db, claims, teamId, data);
  if (relatedError) return { ok: false, errors: { related_id: relatedError } };
  const parsed = readTaskForm(data);
  if (!parsed.ok) return parsed;
  try {
    const task = taskId
      ? await updateTask(db, claims, taskId, parsed.input)
      : await createTask(db, claims, teamId, parsed.input);
    const current = taskId ? (await listDependencies(db, claims, task.id)).blockedBy.map((t) => t.id) : [];
    for (const id of parsed.blockedBy) if (!current.includes(id)) await addDependency(db, claims, task.id, id);
    for (const id of current) if (!parsed.blockedBy.includes(id)) await removeDependency(db, claims, task.id, id);
    for (const title of parsed.subtasks) {
      await createTask(db, claims, teamId, { title, parent_id: task.id, assignee_id: task.assignee_id });
    }
    return { ok: true, task };
  } catch (error) {
    return { ok: false, errors: { _form: errorMessage(error) } };
  }
}
