// Tasks on a month or week grid by their due date in the viewer's zone. Navigation and "new task on this
// day" are links (they work without JavaScript); once hydrated a click on an empty part of a day starts a
// task due that day, and a task can be dragged to another day to reschedule it (the keyboard way: open it
// and edit the date). Repeating tasks also show their upcoming occurrences in the range (dashed, "upcoming"):
// dates the series will reach, not tasks yet, so they link to the task they follow and cannot be dragged.
import { useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { request } from "@/lib/client/api.ts";
import type { CalendarGrid } from "@/lib/tasks/list.ts";
import { longDate, WEEKDAY_HEADERS } from "@/lib/tasks/client/dates.ts";
import { Alert } from "@/components/ui/Alert.tsx";
import { Icon } from "@/components/ui/Icon.tsx";
import { cx } from "@/components/ui/cx.ts";

export interface CalendarTask {
  id: string;
  title: string;
  due_date: string;
  due_time: string | null;
  priority: string;
  done: boolean;
  overdue: boolean;
  repeats: boolean;
  /** An upcoming occurrence of a repeating task (id is "<task id>@<date>"), not a task of its own. */
  upcoming?: boolean;
  /** For upcoming occurrences: the open task of the series. */
  task_id?: string;
}

export interface TaskCalendarProps {
  grid: CalendarGrid;
  tasks: CalendarTask[];
  canWrite: boolean;
  csrf: string;
  /** Query string that keeps other choices (e.g. "&assignee=...") on navigation links. */
  keep: string;
}

const MONTH_LIMIT = 3;

export default function TaskCalendar({ grid, tasks: initialTasks, canWrite, csrf, keep }: TaskCalendarProps) {
  const hydrated = useHydrated();
  const [tasks, setTasks] = useState(initialTasks);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const href = (mode: string, date: string) => `/tasks?view=calendar&mode=${mode}&date=${date}${keep}`;

  const byDay = new Map<string, CalendarTask[]>();
  for (const task of tasks) {
    const list = byDay.get(task.due_date) ?? [];
    list.push(task);
    byDay.set(task.due_date, list);
  }
  for (const list of byDay.values()) {
    list.sort((a, b) => (a.due_time ?? "").localeCompare(b.due_time ?? "") || a.title.localeCompare(b.title));
  }

  const move = async (id: string, date: string) => {
    const task = tasks.find((t) => t.id === id);
    if (!task || task.upcoming || task.due_date === date) return;
    setError(null);
    setTasks(tasks.map((t) => (t.id === id ? { ...t, due_date: date } : t)));
    const result = await request("POST", "/api/v1/tasks/bulk", { action: "reschedule", ids: [id], date }, { csrf });
    if (!result.ok) {
      setTasks((current) => current.map((t) => (t.id === id ? { ...t, due_date: task.due_date } : t)));
      setError(
        result.status ? result.error : "Could not move the task. Check your connection and try again.",
      );
    }
  };

  return (
    <div class={cx("task-calendar", `task-calendar-${grid.mode}`)} data-hydrated={hydrated ? "true" : undefined}>
      <div class="cal-toolbar">
        <h2 class="cal-title">{grid.title}</h2>
        <nav class="cal-nav" aria-label="Calendar navigation">
          <a class="btn btn-secondary btn-sm btn-icon" href={href(grid.mode, grid.prev)} aria-label="Previous">
            <Icon name="chevron-right" size="sm" class="flip-x" />
          </a>
          <a class="btn btn-secondary btn-sm" href={href(grid.mode, grid.today)}>Today</a>
          <a class="btn btn-secondary btn-sm btn-icon" href={href(grid.mode, grid.next)} aria-label="Next">
            <Icon name="chevron-right" size="sm" />
          </a>
        </nav>
        <nav class="cal-modes" aria-label="Calendar range">
          {(["month", "week"] as const).map((mode) => (
            <a
              key={mode}
              class={cx("cal-mode", grid.mode === mode && "is-current")}
              href={href(mode, grid.anchor)}
              aria-current={grid.mode === mode ? "page" : undefined}
            >
              {mode === "month" ? "Month" : "Week"}
            </a>
          ))}
        </nav>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      <div class="cal-grid">
        <div class="cal-head" aria-hidden="true">
          {WEEKDAY_HEADERS.map((d) => <div key={d} class="cal-weekday">{d}</div>)}
        </div>
        <ol class="cal-body" aria-label={grid.title}>
          {grid.days.map((day) => {
            const list = byDay.get(day.date) ?? [];
            const shown = grid.mode === "month" ? list.slice(0, MONTH_LIMIT) : list;
            const hidden = list.length - shown.length;
            return (
              <li
                key={day.date}
                class={cx(
                  "cal-day",
                  !day.inRange && "is-outside",
                  day.today && "is-today",
                  over === day.date && "is-drop-target",
                )}
                data-date={day.date}
                onClick={(e) => {
                  if (hydrated && canWrite && e.target === e.currentTarget) {
                    location.assign(`/tasks/new?due=${day.date}`);
                  }
                }}
                onDragOver={(e) => {
                  if (!dragging) return;
                  e.preventDefault();
                  setOver(day.date);
                }}
                onDragLeave={() => setOver((d) => (d === day.date ? null : d))}
                onDrop={(e) => {
                  e.preventDefault();
                  const id = e.dataTransfer?.getData("text/plain") || dragging;
                  setOver(null);
                  setDragging(null);
                  if (id) move(id, day.date);
                }}
              >
                <div class="cal-day-head">
                  <span class="cal-day-number" aria-hidden="true">
                    {grid.mode === "week" && (
                      <span class="cal-day-weekday">{longDate(day.date).split(" ")[0].slice(0, 3)}</span>
                    )}
                    {Number(day.date.slice(8))}
                  </span>
                  <span class="visually-hidden">{longDate(day.date)}</span>
                  {canWrite && (
                    <a
                      class="cal-add"
                      href={`/tasks/new?due=${day.date}`}
                      aria-label={`New task on ${longDate(day.date)}`}
                    >
                      <Icon name="plus" size="sm" />
                    </a>
                  )}
                </div>
                <ul class="cal-tasks">
                  {shown.map((task) => (
                    <li key={task.id}>
                      <a
                        class={cx(
                          "cal-task",
                          `cal-task-${task.priority}`,
                          task.done && "is-done",
                          task.overdue && "is-overdue",
                          task.upcoming && "is-upcoming",
                          dragging === task.id && "is-dragging",
                        )}
                        href={`/tasks/${task.upcoming ? task.task_id : task.id}`}
                        data-upcoming={task.upcoming ? "true" : undefined}
                        draggable={hydrated && canWrite && !task.upcoming}
                        onDragStart={(e) => {
                          e.dataTransfer?.setData("text/plain", task.id);
                          setDragging(task.id);
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setOver(null);
                        }}
                        title={task.upcoming ? `${task.title} (upcoming occurrence)` : task.title}
                      >
                        {task.upcoming && <span class="visually-hidden">Upcoming occurrence:</span>}
                        {task.due_time && <span class="cal-task-time">{task.due_time}</span>}
                        <span class="cal-task-title">{task.title}</span>
                      </a>
                    </li>
                  ))}
                  {hidden > 0 && (
                    <li>
                      <a class="cal-more" href={href("week", day.date)}>+{hidden} more</a>
                    </li>
                  )}
                </ul>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
