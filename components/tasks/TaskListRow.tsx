// One row of the task list: select box, the round check (a form that works without JavaScript), title,
// facts (due, repeat, subtasks, blockers, related record), priority and assignee. Part of the TaskList island.
import type { TaskRow } from "../../lib/tasks/present.ts";
import { isOpenTask } from "../../lib/tasks/client/open.ts";
import { Avatar } from "../ui/Avatar.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";
import { isRecordKind, recordLabel } from "../../lib/record-types.ts";
import { BlockedBy, DueLabel, PriorityBadge, RepeatIcon, SubtaskProgress, TheirTime } from "./TaskBits.tsx";

export interface TaskListRowProps {
  task: TaskRow;
  depth: number;
  active: boolean;
  /** This row takes the list's one tab stop. */
  tabStop: boolean;
  selected: boolean;
  hydrated: boolean;
  canWrite: boolean;
  csrf: string;
  view: string;
  onFocus(): void;
  onToggle(): void;
  onComplete(): void;
}

export function TaskListRow(props: TaskListRowProps) {
  const { task, depth, hydrated } = props;
  const done = !isOpenTask(task);
  return (
    <li
      key={task.id}
      class={cx(
        "task-row",
        done && "is-done",
        props.selected && "is-selected",
        props.active && "is-active",
        depth > 0 && "is-subtask",
      )}
      style={depth > 0 ? `--task-depth: ${Math.min(depth, 4)}` : undefined}
      data-id={task.id}
      data-parent-id={depth > 0 ? task.parent_id ?? undefined : undefined}
      tabIndex={hydrated ? (props.tabStop ? 0 : -1) : undefined}
      onFocus={(e) => e.target === e.currentTarget && props.onFocus()}
    >
      {props.canWrite && (
        <input
          type="checkbox"
          class="task-select"
          aria-label={`Select “${task.title}”`}
          checked={props.selected}
          disabled={!hydrated}
          onChange={props.onToggle}
        />
      )}
      <form
        method="post"
        action="/tasks"
        class="task-complete-form"
        onSubmit={(e) => {
          e.preventDefault();
          props.onComplete();
        }}
      >
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="view" value={props.view} />
        <input type="hidden" name="id" value={task.id} />
        <button
          type="submit"
          name="action"
          value={done ? "reopen" : "complete"}
          class="task-check"
          role="checkbox"
          aria-checked={done ? "true" : "false"}
          aria-label={done ? `Reopen “${task.title}”` : `Complete “${task.title}”`}
          disabled={!props.canWrite}
        >
          <Icon name="check" size="sm" />
        </button>
      </form>
      <div class="task-main">
        <a class="task-title" href={`/tasks/${task.id}`} tabIndex={-1}>
          {depth > 0 && <span class="visually-hidden">Subtask of “{task.parent_title}”:</span>}
          {task.title}
        </a>
        <div class="task-metas">
          {depth === 0 && task.parent_id && task.parent_title && (
            <a class="task-meta task-parent" href={`/tasks/${task.parent_id}`} tabIndex={-1}>
              <span class="task-parent-label">Subtask of</span> {task.parent_title}
            </a>
          )}
          <DueLabel task={task} />
          <TheirTime task={task} />
          {task.repeat_text && <RepeatIcon text={task.repeat_text} />}
          <SubtaskProgress done={task.subtasks_done} total={task.subtasks_total} />
          <BlockedBy titles={task.blocked_by} />
          {task.related_url && (
            <a class="task-meta task-related" href={task.related_url} tabIndex={-1}>
              <span class="task-related-type">{isRecordKind(task.related_type) && recordLabel(task.related_type)}</span>
              {task.related_title}
            </a>
          )}
        </div>
      </div>
      <div class="task-side">
        <PriorityBadge priority={task.priority} />
        {task.assignee_name
          ? (
            <span class="task-assignee" title={`Assigned to ${task.assignee_name}`}>
              <Avatar name={task.assignee_name} size="sm" />
              <span class="visually-hidden">Assigned to {task.assignee_name}</span>
            </span>
          )
          : <span class="task-assignee task-unassigned" title="Unassigned">–</span>}
      </div>
    </li>
  );
}
