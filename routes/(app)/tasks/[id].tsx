// A task's page: what, when, for whom, its repeat, its subtasks (add and complete inline) and what it waits
// for. Every action is a form post (then 303 back), so it all works without JavaScript.
import { AppError } from "../../../lib/errors.ts";
import { define, type SignedInState } from "../../../utils.ts";
import LiveRecord from "../../../islands/LiveRecord.tsx";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Avatar } from "../../../components/ui/Avatar.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { Icon } from "../../../components/ui/Icon.tsx";
import { cx } from "../../../components/ui/cx.ts";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { DeletedNotice } from "../../../components/records/DeletedNotice.tsx";
import { FieldList } from "../../../components/records/FieldList.tsx";
import {
  BlockedBy,
  DueLabel,
  PriorityBadge,
  RepeatIcon,
  STATUS_LABELS,
  SubtaskProgress,
} from "../../../components/tasks/TaskBits.tsx";
import { readForm } from "../../../lib/forms.ts";
import { getTask, listDependencies, listSubtasks } from "../../../lib/tasks/tasks.ts";
import { localTimeFor, presentTasks, RELATED_LABELS, type TaskRow } from "../../../lib/tasks/present.ts";
import ZoneLabel from "../../../islands/ZoneLabel.tsx";
import { viewerZone } from "../../../lib/tasks/list.ts";
import { runTaskAction } from "../../../lib/tasks/pages.ts";

type Data =
  | { deleted: true }
  | {
    deleted: false;
    task: TaskRow;
    parent: TaskRow | null;
    subtasks: TaskRow[];
    blockedBy: TaskRow[];
    blocking: TaskRow[];
    timeZone: string;
    /** The due time in the task's own zone ("Mon 9 Mar 09:00 EST") when that clock differs from the viewer's. */
    taskLocalTime: string | null;
    notice: string | null;
    error: string | null;
    undo: string | null;
  };

export const handler = define.handlers({
  async GET(ctx) {
    const state = ctx.state as SignedInState;
    const { db } = state.app;
    const { claims } = state.session;
    let task;
    try {
      task = await getTask(db, claims, ctx.params.id);
    } catch (error) {
      if (error instanceof AppError && error.status === 404 && ctx.url.searchParams.has("deleted")) {
        return ctx.render<Data>({ deleted: true });
      }
      throw error;
    }
    const timeZone = await viewerZone(db, claims);
    const [subtasks, deps, parent] = await Promise.all([
      listSubtasks(db, claims, task.id),
      listDependencies(db, claims, task.id),
      task.parent_id ? getTask(db, claims, task.parent_id).catch(() => null) : null,
    ]);
    const present = (tasks: typeof subtasks) => presentTasks(db, claims, tasks, timeZone);
    const params = ctx.url.searchParams;
    return ctx.render<Data>({
      deleted: false,
      task: (await present([task]))[0],
      parent: parent ? (await present([parent]))[0] : null,
      subtasks: await present(subtasks),
      blockedBy: await present(deps.blockedBy),
      blocking: await present(deps.blocking),
      timeZone,
      taskLocalTime: localTimeFor(task, task.due_time_zone, timeZone, new Date()),
      notice: params.get("notice"),
      error: params.get("error"),
      undo: params.get("undo"),
    });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const taskId = ctx.params.id;
    const back = new URLSearchParams();
    try {
      const result = await runTaskAction(state.app.db, state.session.claims, state.session.team.id, {
        ...values,
        id: values.id || taskId,
      });
      if (values.action === "delete" && (values.id || taskId) === taskId) {
        return ctx.redirect(`/tasks/${taskId}?deleted`);
      }
      if (values.action === "restore") return ctx.redirect(`/tasks/${taskId}`);
      if (result) back.set("notice", result.notice);
      if (result?.undo?.action === "reopen") back.set("undo", result.undo.id);
    } catch (caught) {
      const status = (caught as { status?: number }).status ?? 500;
      if (status >= 500) throw caught;
      back.set("error", (caught as Error).message);
    }
    return ctx.redirect(`/tasks/${taskId}${back.size ? `?${back}` : ""}`);
  },
});

function TaskLine({ task, csrf, canWrite }: { task: TaskRow; csrf: string; canWrite: boolean }) {
  const done = task.status === "done" || task.status === "cancelled";
  return (
    <li class={cx("task-line", done && "is-done")}>
      {canWrite && (
        <form method="post" class="inline-form">
          <CsrfField token={csrf} />
          <input type="hidden" name="id" value={task.id} />
          <button
            type="submit"
            name="action"
            value={done ? "reopen" : "complete"}
            class="task-check"
            role="checkbox"
            aria-checked={done ? "true" : "false"}
            aria-label={done ? `Reopen “${task.title}”` : `Complete “${task.title}”`}
          >
            <Icon name="check" size="sm" />
          </button>
        </form>
      )}
      <a href={`/tasks/${task.id}`} class="task-line-title">{task.title}</a>
      <DueLabel task={task} />
    </li>
  );
}

export default define.page<typeof handler>(function TaskPage({ data, state }) {
  if (data.deleted) return <DeletedNotice kind="task" listHref="/tasks" csrf={state.csrf} />;
  const { task, subtasks, blockedBy, blocking, parent } = data;
  const { session, csrf } = state as SignedInState;
  const canWrite = session.team.role !== "viewer";
  const done = task.status === "done" || task.status === "cancelled";
  return (
    <div class="page stack-lg task-page">
      <Head>
        <title>{task.title} · Tasks · Leadly</title>
      </Head>
      <LiveRecord recordType="task" recordId={task.id} userId={session.user.id} listHref="/tasks" />
      <PageHeader
        breadcrumbs={[
          { label: "Tasks", href: "/tasks" },
          ...(parent ? [{ label: parent.title, href: `/tasks/${parent.id}` }] : []),
          { label: task.title },
        ]}
        title={
          <span class={cx("task-page-title", done && "is-done")}>
            {task.title}
          </span>
        }
        description={
          <span class="task-metas">
            <Badge tone={done ? "success" : "neutral"} dot>{STATUS_LABELS[task.status]}</Badge>
            <PriorityBadge priority={task.priority} />
            <DueLabel task={task} />
            {task.repeat_text && <RepeatIcon text={task.repeat_text} />}
            {task.repeat_text && <span class="task-meta">{task.repeat_text}</span>}
            <SubtaskProgress done={task.subtasks_done} total={task.subtasks_total} />
            <BlockedBy titles={task.blocked_by} />
          </span>
        }
        actions={canWrite && (
          <div class="row gap-2 wrap">
            <form method="post" class="inline-form">
              <CsrfField token={csrf} />
              {done
                ? <Button type="submit" name="action" value="reopen" variant="secondary">Reopen</Button>
                : <Button type="submit" name="action" value="complete" variant="primary" icon="check">Complete</Button>}
            </form>
            <Button href={`/tasks/${task.id}/edit`} variant="secondary" icon="edit">Edit</Button>
            <form method="post" class="inline-form">
              <CsrfField token={csrf} />
              <Button type="submit" name="action" value="delete" variant="ghost" icon="trash">Delete</Button>
            </form>
          </div>
        )}
      />
      {data.notice && (
        <Alert tone="success">
          <span class="row gap-2 wrap">
            <span>{data.notice}</span>
            {data.undo && (
              <form method="post" class="inline-form">
                <CsrfField token={csrf} />
                <input type="hidden" name="id" value={data.undo} />
                <button type="submit" name="action" value="reopen" class="link-button">Undo</button>
              </form>
            )}
          </span>
        </Alert>
      )}
      {data.error && <Alert tone="error">{data.error}</Alert>}
      <div class="record-layout">
        <aside class="stack">
          <Card title="Details">
            <FieldList
              items={[
                {
                  label: "Due",
                  value: task.due_label && (
                    <span>
                      {task.due_label}
                      {task.all_day ? " (all day)" : ""}
                      {task.due_at && !task.all_day && <ZoneLabel zone={task.label_zone} at={task.due_at} />}
                    </span>
                  ),
                },
                {
                  label: "Time zone",
                  value: task.due_at && (
                    <span>
                      {task.due_time_zone.replaceAll("_", " ")}
                      {data.taskLocalTime && <span class="muted">({data.taskLocalTime} there)</span>}
                    </span>
                  ),
                },
                { label: "Repeats", value: task.repeat_text },
                {
                  label: "Assignee",
                  value: task.assignee_name && (
                    <span class="row gap-2">
                      <Avatar name={task.assignee_name} size="xs" />
                      {task.assignee_name}
                    </span>
                  ),
                },
                ...(task.assignee_time
                  ? [{ label: `${task.assignee_name?.split(" ")[0] ?? "Assignee"}'s time`, value: task.assignee_time }]
                  : []),
                {
                  label: "Related to",
                  value: task.related_url && (
                    <a href={task.related_url}>{RELATED_LABELS[task.related_type ?? ""]}: {task.related_title}</a>
                  ),
                },
                {
                  label: "Tags",
                  value: task.tags.length > 0 && (
                    <span class="row gap-1 wrap">{task.tags.map((t) => <Badge key={t}>{t}</Badge>)}</span>
                  ),
                },
                { label: "Estimate", value: task.estimated_minutes !== null && `${task.estimated_minutes} min` },
                { label: "Time spent", value: task.actual_minutes !== null && `${task.actual_minutes} min` },
              ]}
            />
          </Card>
        </aside>
        <div class="stack">
          {task.description && (
            <Card title="Description">
              <p class="task-description">{task.description}</p>
            </Card>
          )}
          <Card
            title="Subtasks"
            description={subtasks.length ? `${task.subtasks_done} of ${task.subtasks_total} done` : undefined}
          >
            <div class="stack">
              {subtasks.length > 0 && (
                <ul class="task-lines">
                  {subtasks.map((s) => <TaskLine key={s.id} task={s} csrf={csrf} canWrite={canWrite} />)}
                </ul>
              )}
              {canWrite && (
                <form method="post" class="task-add-subtask">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="assignee_id" value={task.assignee_id ?? ""} />
                  <input
                    name="title"
                    class="input"
                    aria-label="New subtask"
                    placeholder="Add a subtask…"
                    maxLength={200}
                    required
                  />
                  <Button type="submit" name="action" value="add_subtask" variant="secondary" icon="plus">Add</Button>
                </form>
              )}
            </div>
          </Card>
          <Card title="Waits for" description="Tasks that must be done before this one can be completed.">
            {blockedBy.length
              ? (
                <ul class="task-lines">
                  {blockedBy.map((b) => (
                    <li key={b.id} class={cx("task-line", b.status === "done" && "is-done")}>
                      <Icon name={b.status === "done" || b.status === "cancelled" ? "check" : "lock"} size="sm" />
                      <a href={`/tasks/${b.id}`} class="task-line-title">{b.title}</a>
                      <DueLabel task={b} />
                      {canWrite && (
                        <form method="post" class="inline-form">
                          <CsrfField token={csrf} />
                          <input type="hidden" name="blocked_by_id" value={b.id} />
                          <button type="submit" name="action" value="remove_dependency" class="link-button text-sm">
                            Remove
                          </button>
                        </form>
                      )}
                    </li>
                  ))}
                </ul>
              )
              : <p class="muted text-sm">Nothing. Pick blockers when you edit the task.</p>}
            {blocking.length > 0 && (
              <div class="stack-xs task-blocking">
                <p class="text-sm muted">This task blocks:</p>
                <ul class="task-lines">
                  {blocking.map((b) => (
                    <li key={b.id} class="task-line">
                      <a href={`/tasks/${b.id}`} class="task-line-title">{b.title}</a>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
});
