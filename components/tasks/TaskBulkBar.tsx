// The task list's bulk bar: select all, and for a selection assign, reschedule, complete or delete.
// Part of the TaskList island, which runs the actions.
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";

export interface TaskBulkBarProps {
  selectedCount: number;
  allSelected: boolean;
  hydrated: boolean;
  busy: boolean;
  members: { id: string; name: string }[];
  moveDate: string;
  onMoveDate(date: string): void;
  onSelectAll(all: boolean): void;
  onAssign(assigneeId: string): void;
  onReschedule(): void;
  onComplete(): void;
  onDelete(): void;
}

export function TaskBulkBar(props: TaskBulkBarProps) {
  const { selectedCount, allSelected, hydrated, busy, moveDate } = props;
  return (
    <div class={cx("task-bulk", selectedCount > 0 && "is-active")} role="region" aria-label="Bulk actions">
      <label class="task-bulk-all">
        <input
          type="checkbox"
          checked={allSelected}
          disabled={!hydrated}
          aria-label="Select all tasks"
          onChange={() => props.onSelectAll(!allSelected)}
        />
        <span>{selectedCount ? `${selectedCount} selected` : "Select all"}</span>
      </label>
      {selectedCount > 0 && (
        <div class="task-bulk-actions">
          <span class="select-wrap">
            <select
              class="select select-sm"
              aria-label="Assign to"
              disabled={busy}
              onChange={(e) => {
                const select = e.target as HTMLSelectElement;
                if (select.value) props.onAssign(select.value);
                select.value = "";
              }}
            >
              <option value="">Assign to…</option>
              {props.members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              <option value="none">Nobody</option>
            </select>
            <Icon name="chevron-down" size="sm" class="select-icon" />
          </span>
          <form
            class="task-bulk-move"
            onSubmit={(e) => {
              e.preventDefault();
              props.onReschedule();
            }}
          >
            <input
              type="date"
              class="input input-sm"
              aria-label="New due date"
              value={moveDate}
              disabled={busy}
              onInput={(e) => props.onMoveDate((e.target as HTMLInputElement).value)}
            />
            <Button type="submit" size="sm" variant="secondary" disabled={busy || !moveDate}>Reschedule</Button>
          </form>
          <Button size="sm" variant="secondary" icon="check" onClick={props.onComplete} disabled={busy}>
            Complete
          </Button>
          <Button size="sm" variant="danger" icon="trash" onClick={props.onDelete} disabled={busy}>Delete</Button>
          <button type="button" class="link-button text-sm" onClick={() => props.onSelectAll(false)}>Clear</button>
        </div>
      )}
      {selectedCount === 0 && (
        <span class="task-keys muted text-xs desktop-only">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> select · <kbd>c</kbd> complete · <kbd>Enter</kbd> open
        </span>
      )}
    </div>
  );
}
