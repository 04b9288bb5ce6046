// Edit a task.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { Button } from "../../../../components/ui/Button.tsx";
import { Card } from "../../../../components/ui/Card.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { type Option, TaskFields } from "../../../../components/records/TaskFields.tsx";
import type { FieldErrors } from "../../../../lib/forms.ts";
import { readForm } from "../../../../lib/forms.ts";
import { getTask, listDependencies } from "../../../../lib/tasks/tasks.ts";
import { saveTaskForm, type TaskFormData, taskToForm } from "../../../../lib/tasks/task-form.ts";
import { relatedTitle, taskFormOptions } from "../../../../lib/tasks/pages.ts";
import { viewerZone } from "../../../../lib/tasks/list.ts";

interface Data extends TaskFormData {
  errors: FieldErrors;
  members: Option[];
  blockers: Option[];
  relatedTitle: string;
}

export const handler = define.handlers({
  async GET(ctx) {
    const state = ctx.state as SignedInState;
    const { db } = state.app;
    const { claims, team } = state.session;
    const task = await getTask(db, claims, ctx.params.id);
    const { blockedBy } = await listDependencies(db, claims, task.id);
    return ctx.render<Data>({
      ...taskToForm(task, blockedBy.map((t) => t.id)),
      errors: {},
      relatedTitle: await relatedTitle(db, claims, task, await viewerZone(db, claims)),
      ...await taskFormOptions(db, claims, team.id, task.id),
    });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { db } = state.app;
    const { claims, team } = state.session;
    const { values, lists } = await readForm(ctx.req);
    const saved = await saveTaskForm(db, claims, team.id, { values, lists }, ctx.params.id);
    if (saved.ok) return ctx.redirect(`/tasks/${ctx.params.id}`);
    return ctx.render<Data>({
      values,
      lists,
      errors: saved.errors,
      relatedTitle: values.related_title ?? values.related_query ?? "",
      ...await taskFormOptions(db, claims, team.id, ctx.params.id),
    }, { status: 422 });
  },
});

export default define.page<typeof handler>(function EditTask({ data, state, params }) {
  const title = data.values.title || "Task";
  return (
    <div class="page stack-lg">
      <Head>
        <title>Edit {title} · Leadly</title>
      </Head>
      <PageHeader
        title={`Edit ${title}`}
        breadcrumbs={[{ label: "Tasks", href: "/tasks" }, { label: title, href: `/tasks/${params.id}` }, {
          label: "Edit",
        }]}
      />
      <Card>
        <form method="post" class="form stack">
          <CsrfField token={state.csrf} />
          <TaskFields {...data} isNew={false} />
          <div class="form-actions">
            <Button href={`/tasks/${params.id}`} variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Save task</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
