// Tasks as a report source: completion by assignee, priority and due dates.
import { dateField, enumField, numberField, type SourceDef, userField } from "./types.ts";

export const tasksSource: SourceDef = {
  name: "tasks",
  label: "Tasks",
  from: "public.tasks t",
  where: "t.deleted_at is null",
  defaultDateField: "due_at",
  available: true,
  fields: [
    {
      ...enumField("status", "Status", "t.status", [
        { value: "todo", label: "To do" },
        { value: "in_progress", label: "In progress" },
        { value: "done", label: "Done" },
        { value: "cancelled", label: "Cancelled" },
      ]),
      orderSql: "array_position(array['todo','in_progress','done','cancelled'], t.status)",
    },
    {
      ...enumField("priority", "Priority", "t.priority", [
        { value: "low", label: "Low" },
        { value: "medium", label: "Medium" },
        { value: "high", label: "High" },
        { value: "urgent", label: "Urgent" },
      ]),
      orderSql: "array_position(array['low','medium','high','urgent'], t.priority)",
    },
    enumField("related_type", "About", "t.related_type", [
      { value: "contact", label: "Contact" },
      { value: "company", label: "Company" },
      { value: "lead", label: "Lead" },
      { value: "deal", label: "Deal" },
    ]),
    userField("assignee", "Assignee", "assignee_id"),
    userField("owner", "Owner", "owner_id"),
    numberField("estimated_minutes", "Estimated (min)", "t.estimated_minutes"),
    numberField("actual_minutes", "Actual (min)", "t.actual_minutes"),
    dateField("due_at", "Due", "due_at"),
    dateField("completed_at", "Completed", "completed_at"),
    dateField("created_at", "Created", "created_at"),
  ],
  conversion: { sql: "t.status = 'done'", label: "Completion rate (%)" },
};
