// Small pieces every task view shows the same way: priority, due date, repeat, subtasks, blockers.
import { Badge, type BadgeTone } from "../ui/Badge.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";
import type { TaskRow } from "../../lib/tasks/present.ts";
import ZoneLabel from "../../islands/ZoneLabel.tsx";

const PRIORITY_TONE: Record<string, BadgeTone> = { low: "neutral", medium: "info", high: "warning", urgent: "danger" };
export const PRIORITY_LABELS: Record<string, string> = { low: "Low", medium: "Medium", high: "High", urgent: "Urgent" };
export const STATUS_LABELS: Record<string, string> = {
  todo: "To do",
  in_progress: "In progress",
  done: "Done",
  cancelled: "Cancelled",
};

export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <Badge tone={PRIORITY_TONE[priority] ?? "neutral"} class={`task-priority task-priority-${priority}`}>
      {PRIORITY_LABELS[priority] ?? priority}
    </Badge>
  );
}

/** Two arrows in a loop: the "repeats" mark (not in the shared icon set). */
export function RepeatIcon({ text }: { text: string }) {
  return (
    <span class="task-meta task-repeat" title={text}>
      <svg class="icon icon-sm" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M17 2.5 20.5 6 17 9.5M20.5 6H8a4 4 0 0 0-4 4v1.5M7 21.5 3.5 18 7 14.5M3.5 18H16a4 4 0 0 0 4-4v-1.5"
          fill="none"
          stroke="currentColor"
          stroke-width="1.8"
          stroke-linecap="round"
          stroke-linejoin="round"
        />
      </svg>
      <span class="visually-hidden">Repeats: {text}</span>
    </span>
  );
}

type DueFields =
  & Pick<TaskRow, "due_label" | "overdue" | "status">
  & Partial<Pick<TaskRow, "due_at" | "all_day" | "label_zone">>;

export function DueLabel({ task }: { task: DueFields }) {
  if (!task.due_label) return null;
  return (
    <span class={cx("task-meta task-due", task.overdue && "is-overdue")}>
      <Icon name="calendar" size="sm" />
      <span>
        {task.overdue && <span class="visually-hidden">Overdue:</span>}
        {task.due_label}
        {task.due_at && !task.all_day && task.label_zone && <ZoneLabel zone={task.label_zone} at={task.due_at} />}
      </span>
    </span>
  );
}

/** A teammate's own local due time ("Tue 09:00 EST for Bob"), when their clock differs from the viewer's. */
export function TheirTime({ task }: { task: Pick<TaskRow, "assignee_time" | "assignee_name"> }) {
  if (!task.assignee_time || !task.assignee_name) return null;
  return (
    <span class="task-meta task-their-time" title={`${task.assignee_name}'s local time`}>
      <Icon name="user" size="sm" />
      <span>
        {task.assignee_time} <span class="muted">for {task.assignee_name.split(" ")[0]}</span>
      </span>
    </span>
  );
}

export function SubtaskProgress({ done, total }: { done: number; total: number }) {
  if (!total) return null;
  return (
    <span
      class={cx("task-meta task-subtasks", done === total && "is-complete")}
      title={`${done} of ${total} subtasks done`}
    >
      <Icon name="check-square" size="sm" />
      <span>
        {done}/{total}
      </span>
    </span>
  );
}

export function BlockedBy({ titles }: { titles: string[] }) {
  if (!titles.length) return null;
  return (
    <span class="task-meta task-blocked" title={`Waiting for: ${titles.join(", ")}`}>
      <Icon name="lock" size="sm" />
      <span>Blocked</span>
      <span class="visually-hidden">by {titles.join(", ")}</span>
    </span>
  );
}
