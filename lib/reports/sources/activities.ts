// Activities as a report source: calls, emails, meetings and notes per rep, with outcomes and durations.
import { dateField, enumField, numberField, type SourceDef, userField } from "./types.ts";

export const activitiesSource: SourceDef = {
  name: "activities",
  label: "Activities",
  from: "public.activities t",
  where: "t.deleted_at is null",
  defaultDateField: "occurred_at",
  available: true,
  fields: [
    enumField("type", "Type", "t.type", [
      { value: "call", label: "Call" },
      { value: "email", label: "Email" },
      { value: "meeting", label: "Meeting" },
      { value: "note", label: "Note" },
      { value: "task_created", label: "Task created" },
      { value: "task_completed", label: "Task completed" },
      { value: "status_change", label: "Status change" },
      { value: "stage_change", label: "Stage change" },
      { value: "field_update", label: "Field update" },
      { value: "created", label: "Record created" },
    ]),
    enumField("record_type", "About", "t.record_type", [
      { value: "contact", label: "Contact" },
      { value: "company", label: "Company" },
      { value: "lead", label: "Lead" },
      { value: "deal", label: "Deal" },
      { value: "task", label: "Task" },
    ]),
    enumField("outcome", "Outcome", "t.outcome", [
      { value: "connected", label: "Connected" },
      { value: "voicemail", label: "Voicemail" },
      { value: "no_answer", label: "No answer" },
      { value: "busy", label: "Busy" },
      { value: "wrong_number", label: "Wrong number" },
      { value: "held", label: "Held" },
      { value: "no_show", label: "No show" },
      { value: "rescheduled", label: "Rescheduled" },
    ]),
    userField("actor", "Rep", "actor_id"),
    numberField("duration_minutes", "Duration (min)", "(t.duration_seconds / 60.0)"),
    dateField("occurred_at", "Occurred", "occurred_at"),
    dateField("created_at", "Logged", "created_at"),
  ],
  conversion: { sql: "t.outcome in ('connected', 'held')", label: "Connected or held (%)" },
};
