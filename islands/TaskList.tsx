// A task view (My tasks, Team, Overdue, Today) that takes over the server-rendered rows: complete with one
// click (optimistic; a repeating task's next occurrence appears at once; "Undo" reopens), bulk assign,
// reschedule, complete and delete (with undo), "Load more", and keyboard: j/k move, x selects, c completes,
// Enter opens. Without JavaScript each row's check is a form post and "Next page" a link.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import type { TaskRow } from "@/lib/tasks/present.ts";
import type { TaskView } from "@/lib/tasks/list.ts";
import { Alert } from "@/components/ui/Alert.tsx";
import { Button } from "@/components/ui/Button.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { Icon } from "@/components/ui/Icon.tsx";
import { TaskBulkBar } from "@/components/tasks/TaskBulkBar.tsx";
import { TaskListRow } from "@/components/tasks/TaskListRow.tsx";
import { nestSubtasks } from "@/lib/tasks/client/nest.ts";
import { isOpenTask, taskCount } from "@/lib/tasks/client/open.ts";
import { taskSender } from "@/lib/tasks/client/client.ts";

export interface TaskListProps {
  view: Exclude<TaskView, "calendar">;
  rows: TaskRow[];
  nextCursor: string | null;
  members: { id: string; name: string }[];
  canWrite: boolean;
  csrf: string;
  userId: string;
  /** The viewer's today (YYYY-MM-DD in their zone). */
  today: string;
}

interface Toast {
  message: string;
  undo?: () => void;
}

const EMPTY: Record<TaskListProps["view"], { title: string; text: string }> = {
  my: { title: "No open tasks", text: "Tasks assigned to you show up here, soonest due first." },
  team: { title: "Your team has no open tasks", text: "Add a task and assign it to someone." },
  overdue: { title: "Nothing overdue", text: "Everything is on time. Nice work." },
  today: { title: "Nothing due today", text: "Enjoy the calm, or plan ahead in the calendar." },
};

const TOAST_MS = 10_000;

const isOpen = isOpenTask;
const plural = taskCount;

export default function TaskList(props: TaskListProps) {
  const hydrated = useHydrated();
  const [rows, setRows] = useState<TaskRow[]>(props.rows);
  const [nextCursor, setNextCursor] = useState(props.nextCursor);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [moveDate, setMoveDate] = useState("");
  // Subtasks sit under their parent when both are listed; keyboard moves follow what is shown.
  const shown = nestSubtasks(rows);
  const live = useRef({ rows, shown: shown.map((n) => n.row), active, selected });
  live.current = { rows, shown: shown.map((n) => n.row), active, selected };
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const send = taskSender(props.csrf);

  /** Whether a new task (a next occurrence) belongs in this view. */
  const belongs = (task: TaskRow) => {
    if (!isOpen(task)) return false;
    if (props.view === "my") return task.assignee_id === props.userId;
    if (props.view === "today") return task.due_date === props.today;
    if (props.view === "overdue") return task.overdue;
    return true;
  };

  const replace = (id: string, patch: Partial<TaskRow>, insert: TaskRow[] = []) => {
    const list = live.current.rows.filter((r) => !insert.some((n) => n.id === r.id));
    const index = list.findIndex((r) => r.id === id);
    if (index < 0) return;
    list[index] = { ...list[index], ...patch };
    list.splice(index + 1, 0, ...insert.filter(belongs));
    live.current.rows = list;
    setRows(list);
  };

  const reopen = async (task: TaskRow, nextId: string | null) => {
    setToast(null);
    replace(task.id, { status: task.status, overdue: task.overdue });
    try {
      const body = await send("POST", `/api/v1/tasks/${task.id}/reopen`);
      replace(task.id, body.data);
      const gone = body.removed_next ?? nextId;
      if (gone) {
        live.current.rows = live.current.rows.filter((r) => r.id !== gone);
        setRows(live.current.rows);
      }
    } catch (caught) {
      setError(`Could not reopen “${task.title}”: ${(caught as Error).message}`);
    }
  };

  const complete = async (task: TaskRow) => {
    if (!props.canWrite) return;
    if (!isOpen(task)) return reopen(task, null);
    setError(null);
    replace(task.id, { status: "done", overdue: false });
    try {
      const body = await send("POST", `/api/v1/tasks/${task.id}/complete`);
      const next = body.next as TaskRow | null;
      replace(task.id, body.data, next ? [next] : []);
      setToast({
        message: next
          ? `Completed “${task.title}”. Next one ${next.due_label ? `due ${next.due_label}` : "added"}.`
          : `Completed “${task.title}”.`,
        undo: () => reopen(task, next?.id ?? null),
      });
    } catch (caught) {
      replace(task.id, { status: task.status, overdue: task.overdue });
      setError((caught as Error).message);
    }
  };

  const toggle = (id: string) => {
    const next = new Set(live.current.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const selectedIds = rows.filter((r) => selected.has(r.id)).map((r) => r.id);

  /** Reloads the rows shown so far (after changes that move them around). */
  const reload = async () => {
    const limit = Math.min(200, Math.max(50, live.current.rows.length));
    const body = await send("GET", `/api/v1/tasks?view=${props.view}&limit=${limit}`);
    live.current.rows = body.data;
    setRows(body.data);
    setNextCursor(body.next_cursor);
  };

  /** Runs a bulk action on the selection; `done` gets the answer's data (awaited, so errors show). */
  const bulk = async <T,>(action: string, extra: Record<string, unknown>, done: (body: { data: T }) => unknown) => {
    if (!selectedIds.length) return;
    setBusy(true);
    setError(null);
    try {
      await done(await send("POST", "/api/v1/tasks/bulk", { action, ids: selectedIds, ...extra }));
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const bulkComplete = () =>
    bulk("complete", {}, ({ data }: { data: { updated: number; created: TaskRow[] } }) => {
      const ids = new Set(selectedIds);
      let list = live.current.rows.map((r) => (ids.has(r.id) ? { ...r, status: "done" as const, overdue: false } : r));
      for (const next of data.created.filter(belongs)) {
        const index = list.findIndex((r) => r.id === next.recurred_from_id);
        list = [...list.slice(0, index + 1), next, ...list.slice(index + 1)];
      }
      live.current.rows = list;
      setRows(list);
      setSelected(new Set());
      setToast({ message: `Completed ${plural(data.updated)}.` });
    });

  const bulkDelete = () =>
    bulk("delete", {}, ({ data }: { data: { deleted: number } }) => {
      const ids = [...selectedIds];
      const removed = live.current.rows.map((row, index) => ({ row, index })).filter(({ row }) => ids.includes(row.id));
      live.current.rows = live.current.rows.filter((r) => !ids.includes(r.id));
      setRows(live.current.rows);
      setSelected(new Set());
      setToast({
        message: `Deleted ${plural(data.deleted)}.`,
        undo: async () => {
          setToast(null);
          try {
            await send("POST", "/api/v1/tasks/bulk", { action: "restore", ids });
            const list = [...live.current.rows];
            for (const { row, index } of removed) list.splice(Math.min(index, list.length), 0, row);
            live.current.rows = list;
            setRows(list);
            setToast({ message: `Restored ${plural(removed.length)}.` });
          } catch (caught) {
            setError((caught as Error).message);
          }
        },
      });
    });

  const bulkAssign = (assigneeId: string) =>
    bulk("assign", { assignee_id: assigneeId === "none" ? null : assigneeId }, async () => {
      const name = props.members.find((m) => m.id === assigneeId)?.name ?? "nobody";
      const count = selectedIds.length;
      setSelected(new Set());
      await reload();
      setToast({ message: `Assigned ${plural(count)} to ${name}.` });
    });

  const bulkReschedule = () =>
    moveDate && bulk("reschedule", { date: moveDate }, async ({ data }: { data: { updated: number } }) => {
      setSelected(new Set());
      await reload();
      setToast({ message: `Moved ${plural(data.updated)} to ${moveDate}.` });
    });

  const loadMore = async () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const body = await send("GET", `/api/v1/tasks?view=${props.view}&cursor=${encodeURIComponent(nextCursor)}`);
      const seen = new Set(live.current.rows.map((r) => r.id));
      live.current.rows = [...live.current.rows, ...body.data.filter((r: TaskRow) => !seen.has(r.id))];
      setRows(live.current.rows);
      setNextCursor(body.next_cursor);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setLoadingMore(false);
    }
  };

  // Keyboard: j/k move, x selects, c completes, Enter opens (not while typing in a field).
  const onKey = useCallback((event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable], dialog")) return;
    const { shown: rows, active } = live.current;
    if (!rows.length) return;
    const focusRow = (index: number) => {
      setActive(index);
      const el = listRef.current?.querySelectorAll<HTMLElement>(".task-row")[index];
      el?.focus({ preventScroll: true });
      el?.scrollIntoView({ block: "nearest" });
    };
    const current = rows[active];
    if (event.key === "j") focusRow(Math.min(rows.length - 1, active + 1));
    else if (event.key === "k") focusRow(Math.max(0, active - 1));
    else if (event.key === "x" && current) toggle(current.id);
    else if (event.key === "c" && current) complete(current);
    else if (event.key === "Enter" && current && target?.classList.contains("task-row")) {
      location.assign(`/tasks/${current.id}`);
    } else return;
    event.preventDefault();
  }, [props.canWrite]);

  useEffect(() => {
    if (!hydrated) return;
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [hydrated, onKey]);

  const empty = EMPTY[props.view];
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <div class="task-list" data-hydrated={hydrated ? "true" : undefined} aria-busy={busy ? "true" : "false"}>
      {error && <Alert tone="error">{error}</Alert>}

      {rows.length > 0 && props.canWrite && (
        <TaskBulkBar
          selectedCount={selectedIds.length}
          allSelected={allSelected}
          hydrated={hydrated}
          busy={busy}
          members={props.members}
          moveDate={moveDate}
          onMoveDate={setMoveDate}
          onSelectAll={(all) => setSelected(all ? new Set(rows.map((r) => r.id)) : new Set())}
          onAssign={bulkAssign}
          onReschedule={bulkReschedule}
          onComplete={bulkComplete}
          onDelete={bulkDelete}
        />
      )}

      {rows.length === 0
        ? (
          <EmptyState
            icon={props.view === "today" || props.view === "overdue" ? "check" : "check-square"}
            title={empty.title}
            text={empty.text}
            action={props.canWrite && <Button href="/tasks/new" variant="primary" icon="plus">New task</Button>}
          />
        )
        : (
          <ul class="task-rows" ref={listRef} aria-label="Tasks">
            {shown.map(({ row: task, depth }, index) => (
              <TaskListRow
                key={task.id}
                task={task}
                depth={depth}
                active={index === active}
                tabStop={index === Math.max(active, 0)}
                selected={selected.has(task.id)}
                hydrated={hydrated}
                canWrite={props.canWrite}
                csrf={props.csrf}
                view={props.view}
                onFocus={() => setActive(index)}
                onToggle={() => toggle(task.id)}
                onComplete={() => complete(task)}
              />
            ))}
          </ul>
        )}

      {nextCursor && (
        <div class="list-footer">
          {hydrated
            ? (
              <Button size="sm" variant="secondary" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? "Loading…" : "Load more"}
              </Button>
            )
            : (
              <Button
                size="sm"
                variant="secondary"
                href={`/tasks?view=${props.view}&cursor=${encodeURIComponent(nextCursor)}`}
              >
                Next page
              </Button>
            )}
        </div>
      )}

      {toast && (
        <div class="list-toast" role="status">
          <span>{toast.message}</span>
          {toast.undo && <button type="button" class="list-toast-action" onClick={toast.undo}>Undo</button>}
          <button type="button" class="list-toast-close" aria-label="Dismiss" onClick={() => setToast(null)}>
            <Icon name="x" size="sm" />
          </button>
        </div>
      )}
    </div>
  );
}
