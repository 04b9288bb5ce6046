// New task form (works without JavaScript; the repeat and related-record pickers are islands on top).
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { type Option, TaskFields } from "../../../components/records/TaskFields.tsx";
import type { FieldErrors } from "../../../lib/forms.ts";
import { readForm } from "../../../lib/forms.ts";
import { newTaskForm, saveTaskForm, type TaskFormData } from "../../../lib/tasks/task-form.ts";
import { taskFormOptions } from "../../../lib/tasks/pages.ts";
import { viewerZone } from "../../../lib/tasks/list.ts";

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
    const { claims, team, user } = state.session;
    const form = newTaskForm(await viewerZone(db, claims), ctx.url.searchParams, user.id);
    return ctx.render<Data>({ ...form, errors: {}, relatedTitle: "", ...await taskFormOptions(db, claims, team.id) });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { db } = state.app;
    const { claims, team } = state.session;
    const { values, lists } = await readForm(ctx.req);
    const saved = await saveTaskForm(db, claims, team.id, { values, lists });
    if (saved.ok) return ctx.redirect(`/tasks/${saved.task.id}`);
    return ctx.render<Data>({
      values,
      lists,
      errors: saved.errors,
      relatedTitle: values.related_title ?? values.related_query ?? "",
      ...await taskFormOptions(db, claims, team.id),
    }, { status: 422 });
  },
});

export default define.page<typeof handler>(function NewTask({ data, state }) {
  return (
    <div class="page stack-lg">
      <Head>
        <title>New task · Leadly</title>
      </Head>
      <PageHeader title="New task" breadcrumbs={[{ label: "Tasks", href: "/tasks" }, { label: "New" }]} />
      <Card>
        <form method="post" action="/tasks/new" class="form stack">
          <CsrfField token={state.csrf} />
          <TaskFields {...data} isNew />
          <div class="form-actions">
            <Button href="/tasks" variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Create task</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
