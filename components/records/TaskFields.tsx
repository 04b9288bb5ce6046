// The task form's fields, shared by "new" and "edit". Due date, time and zone are separate fields; the
// repeat and related-record pickers are islands whose fields also post without JavaScript.
import { Input } from "../ui/Input.tsx";
import { Select } from "../ui/Select.tsx";
import { Textarea } from "../ui/Textarea.tsx";
import { Checkbox } from "../ui/Checkbox.tsx";
import { Field } from "../ui/Field.tsx";
import type { FieldErrors } from "../../lib/forms.ts";
import type { TaskFormData } from "../../lib/tasks/task-form.ts";
import { TIME_ZONES } from "../../lib/tasks/task-form.ts";
import { readRepeatForm } from "../../lib/tasks/client/repeat-form.ts";
import { PRIORITY_LABELS, STATUS_LABELS } from "../tasks/TaskBits.tsx";
import RecurrencePicker from "../../islands/RecurrencePicker.tsx";
import TaskRelatedPicker from "../../islands/TaskRelatedPicker.tsx";

export interface Option {
  value: string;
  label: string;
}

export interface TaskFieldsProps extends TaskFormData {
  errors: FieldErrors;
  members: Option[];
  /** Open tasks this one may wait for. */
  blockers: Option[];
  relatedTitle: string;
  /** New tasks can get subtasks inline; saved ones manage them on their page. */
  isNew: boolean;
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export function TaskFields(props: TaskFieldsProps) {
  const { values, lists, errors, members, blockers } = props;
  return (
    <div class="stack task-form">
      {errors._form && <p class="field-error" role="alert">{errors._form}</p>}
      <Input
        label="Title"
        name="title"
        value={values.title ?? ""}
        error={errors.title}
        required
        maxLength={200}
        autofocus
        placeholder="e.g. Call Ada about the renewal"
      />
      <Textarea
        label="Description"
        name="description"
        rows={3}
        value={values.description ?? ""}
        error={errors.description}
        optional
      />
      <div class="form-row">
        <Select
          label="Status"
          name="status"
          options={options(STATUS_LABELS)}
          value={values.status}
          error={errors.status}
        />
        <Select
          label="Priority"
          name="priority"
          options={options(PRIORITY_LABELS)}
          value={values.priority}
          error={errors.priority}
        />
      </div>

      <fieldset class="task-due-fields">
        <legend class="field-label">Due</legend>
        <div class="task-due-row">
          <Input label="Date" name="due_date" type="date" value={values.due_date ?? ""} error={errors.due_date} />
          <Input label="Time" name="due_time" type="time" value={values.due_time ?? ""} error={errors.due_time} />
          <Select
            label="Time zone"
            name="due_time_zone"
            options={TIME_ZONES.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
            value={values.due_time_zone}
            error={errors.due_time_zone}
          />
        </div>
        <Checkbox
          name="all_day"
          label="All day"
          description="Due on the date, no time. A date without a time is all day."
          checked={values.all_day === "on"}
        />
      </fieldset>

      <RecurrencePicker initial={readRepeatForm(values, lists)} error={errors.repeat ?? null} />

      <div class="form-row">
        <Select
          label="Assignee"
          name="assignee_id"
          placeholder="Nobody"
          options={members}
          value={values.assignee_id ?? ""}
          error={errors.assignee_id}
          optional
        />
        <Input label="Tags" name="tags" value={values.tags ?? ""} error={errors.tags} hint="Comma-separated" optional />
      </div>

      <TaskRelatedPicker
        type={values.related_type ?? ""}
        id={values.related_id ?? ""}
        title={props.relatedTitle}
        error={errors.related_id ?? errors.related_type ?? null}
      />

      <div class="form-row">
        <Input
          label="Estimate (minutes)"
          name="estimated_minutes"
          type="number"
          min={0}
          value={values.estimated_minutes ?? ""}
          error={errors.estimated_minutes}
          optional
        />
        <Input
          label="Time spent (minutes)"
          name="actual_minutes"
          type="number"
          min={0}
          value={values.actual_minutes ?? ""}
          error={errors.actual_minutes}
          optional
        />
      </div>

      <Field
        id="f-blocked_by"
        label="Blocked by"
        hint="Tasks that must be done first (Ctrl/⌘-click to pick several)."
        error={errors.blocked_by}
        optional
      >
        <select
          id="f-blocked_by"
          name="blocked_by"
          class="select task-blockers"
          multiple
          size={Math.min(6, Math.max(3, blockers.length))}
        >
          {blockers.map((b) => (
            <option key={b.value} value={b.value} selected={(lists.blocked_by ?? []).includes(b.value)}>
              {b.label}
            </option>
          ))}
        </select>
      </Field>

      {props.isNew && (
        <Textarea
          label="Subtasks"
          name="subtasks"
          rows={3}
          value={values.subtasks ?? ""}
          error={errors.subtasks}
          hint="One per line; each becomes a subtask."
          optional
        />
      )}
    </div>
  );
}
