// New deal form. ?pipeline_id= (from the board) preselects that pipeline's first stage; ?stage_id= a stage.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { DealFields } from "../../../components/records/DealFields.tsx";
import { type FieldErrors, type FormValues, readForm } from "../../../lib/forms.ts";
import { type DealFormChoices, dealFormChoices, saveDealForm } from "../../../lib/deals/form.ts";

interface Data extends DealFormChoices {
  values: FormValues;
  errors: FieldErrors;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const choices = await dealFormChoices(app.db, session.claims, session.team.id);
    const params = ctx.url.searchParams;
    const group = choices.stageGroups.find((g) => g.pipelineId === params.get("pipeline_id")) ??
      choices.stageGroups[0];
    const stage = choices.stageGroups.flatMap((g) => g.stages).find((s) => s.value === params.get("stage_id")) ??
      group?.stages.find((s) => s.kind === "open");
    return ctx.render<Data>({
      values: {
        stage_id: stage?.value ?? "",
        owner_id: session.user.id,
        currency: "USD",
        company_id: params.get("company_id") ?? "",
        contact_id: params.get("contact_id") ?? "",
      },
      errors: {},
      ...choices,
    });
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const choices = await dealFormChoices(app.db, session.claims, session.team.id);
    const saved = await saveDealForm(app.db, session.claims, session.team.id, values, choices.stageGroups);
    if (saved.ok) return ctx.redirect(`/deals/${saved.id}`);
    return ctx.render<Data>({ values, errors: saved.errors, ...choices }, { status: 422 });
  },
});

export default define.page<typeof handler>(function NewDeal({ data, state }) {
  return (
    <div class="page stack-lg">
      <Head>
        <title>New deal · Leadly</title>
      </Head>
      <PageHeader title="New deal" breadcrumbs={[{ label: "Deals", href: "/deals" }, { label: "New" }]} />
      <Card>
        <form method="post" action="/deals/new" class="form stack">
          <CsrfField token={state.csrf} />
          <DealFields {...data} />
          <div class="form-actions">
            <Button href="/deals" variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Create deal</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
