// /tasks: My tasks (default), Team, Overdue, Today and a Calendar (month or week). The rows are rendered on
// the server and work without JavaScript (each check is a form post, then 303 back here); the TaskList and
// TaskCalendar islands take over completing, bulk actions, paging and dragging.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Tabs } from "../../../components/ui/Tabs.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import TaskList from "../../../islands/TaskList.tsx";
import TaskCalendar, { type CalendarTask } from "../../../islands/TaskCalendar.tsx";
import { readForm } from "../../../lib/forms.ts";
import { isUuid } from "../../../lib/ids.ts";
import { listMembers } from "../../../lib/teams.ts";
import {
  type CalendarGrid,
  calendarGrid,
  loadCalendar,
  loadCalendarOccurrences,
  loadTaskView,
  parseView,
  TASK_VIEWS,
  type TaskView,
  VIEW_LABELS,
  viewerZone,
} from "../../../lib/tasks/list.ts";
import { dayKey } from "../../../lib/tasks/client/dates.ts";
import type { TaskRow } from "../../../lib/tasks/present.ts";
import { runTaskAction } from "../../../lib/tasks/pages.ts";

interface Data {
  view: TaskView;
  rows: TaskRow[];
  nextCursor: string | null;
  afterCursor: boolean;
  grid: CalendarGrid | null;
  calendar: CalendarTask[];
  members: { id: string; name: string }[];
  timeZone: string;
  today: string;
  notice: string | null;
  error: string | null;
  undo: { action: string; id: string } | null;
}

function safeView(value: string | null): TaskView {
  try {
    return parseView(value ?? undefined);
  } catch {
    return "my";
  }
}

export const handler = define.handlers({
  async GET(ctx) {
    const state = ctx.state as SignedInState;
    const { db } = state.app;
    const { claims, team } = state.session;
    const params = ctx.url.searchParams;
    // global search links tasks as /tasks?task=<id>
    const taskId = params.get("task");
    if (taskId) return ctx.redirect(`/tasks/${encodeURIComponent(taskId)}`, 302);
    const view = safeView(params.get("view"));
    const timeZone = await viewerZone(db, claims);
    const members = (await listMembers(db, claims, team.id)).map((m) => ({
      id: m.user_id,
      name: m.full_name || m.email,
    }));
    let rows: TaskRow[] = [];
    let nextCursor: string | null = null;
    let grid: CalendarGrid | null = null;
    let calendar: CalendarTask[] = [];
    let error = params.get("error");
    if (view === "calendar") {
      grid = calendarGrid(params.get("mode") === "week" ? "week" : "month", params.get("date"), timeZone);
      calendar = (await loadCalendar(db, claims, team.id, grid, timeZone)).map((t) => ({
        id: t.id,
        title: t.title,
        due_date: t.due_date!,
        due_time: t.due_time,
        priority: t.priority,
        done: t.status === "done" || t.status === "cancelled",
        overdue: t.overdue,
        repeats: Boolean(t.recurrence_rule),
      }));
      const upcoming = await loadCalendarOccurrences(db, claims, team.id, grid, timeZone);
      calendar.push(...upcoming.map((o) => ({
        id: `${o.task_id}@${o.due_at}`,
        task_id: o.task_id,
        title: o.title,
        due_date: o.due_date,
        due_time: o.due_time,
        priority: o.priority,
        done: false,
        overdue: false,
        repeats: true,
        upcoming: true,
      })));
    } else {
      try {
        const page = await loadTaskView(db, claims, team.id, { view, cursor: params.get("cursor") ?? "" }, timeZone);
        rows = page.data;
        nextCursor = page.next_cursor;
      } catch (caught) {
        error = caught instanceof Error ? caught.message : "The list could not be loaded.";
      }
    }
    const [undoAction, undoId, ...rest] = (params.get("undo") ?? "").split(":");
    const undo = (undoAction === "reopen" || undoAction === "restore") && isUuid(undoId) && !rest.length
      ? { action: undoAction, id: undoId }
      : null;
    return ctx.render<Data>({
      view,
      rows,
      nextCursor,
      afterCursor: params.has("cursor"),
      grid,
      calendar,
      members,
      timeZone,
      today: dayKey(new Date(), timeZone),
      notice: params.get("notice"),
      error,
      undo,
    });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const view = safeView(values.view ?? null);
    const back = new URLSearchParams({ view });
    try {
      const result = await runTaskAction(state.app.db, state.session.claims, state.session.team.id, values);
      if (result) back.set("notice", result.notice);
      if (result?.undo) back.set("undo", `${result.undo.action}:${result.undo.id}`);
    } catch (caught) {
      const status = (caught as { status?: number }).status ?? 500;
      if (status >= 500) throw caught;
      back.set("error", (caught as Error).message);
    }
    return ctx.redirect(`/tasks?${back}`);
  },
});

export default define.page<typeof handler>(function Tasks({ data, state }) {
  const { csrf, session } = state as SignedInState;
  const canWrite = session.team.role !== "viewer";
  const current = `/tasks?view=${data.view}`;
  return (
    <div class="list-page tasks-page">
      <Head>
        <title>{VIEW_LABELS[data.view]} · Tasks · Leadly</title>
      </Head>
      <PageHeader
        title="Tasks"
        description={`Times are shown in ${data.timeZone.replaceAll("_", " ")}.`}
        actions={canWrite && <Button href="/tasks/new" variant="primary" icon="plus">New task</Button>}
      />
      <Tabs
        label="Task views"
        class="task-tabs"
        current={current}
        items={TASK_VIEWS.map((view) => ({ href: `/tasks?view=${view}`, label: VIEW_LABELS[view] }))}
      />
      <div class="stack">
        {data.notice && (
          <Alert tone="success">
            <span class="row gap-2 wrap">
              <span>{data.notice}</span>
              {data.undo && (
                <form method="post" action="/tasks" class="inline-form">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="view" value={data.view} />
                  <input type="hidden" name="id" value={data.undo.id} />
                  <button type="submit" name="action" value={data.undo.action} class="link-button">Undo</button>
                </form>
              )}
            </span>
          </Alert>
        )}
        {data.error && <Alert tone="error">{data.error}</Alert>}
        {data.grid
          ? (
            <TaskCalendar
              grid={data.grid}
              tasks={data.calendar}
              canWrite={canWrite}
              csrf={csrf}
              keep=""
            />
          )
          : (
            <TaskList
              view={data.view as Exclude<TaskView, "calendar">}
              rows={data.rows}
              nextCursor={data.nextCursor}
              members={data.members}
              canWrite={canWrite}
              csrf={csrf}
              userId={session.user.id}
              today={data.today}
            />
          )}
      </div>
    </div>
  );
});
