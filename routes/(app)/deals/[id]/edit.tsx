// Edit a deal.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { Button } from "../../../../components/ui/Button.tsx";
import { Card } from "../../../../components/ui/Card.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { DealFields } from "../../../../components/records/DealFields.tsx";
import { type FieldErrors, type FormValues, readForm } from "../../../../lib/forms.ts";
import { dealsSpec } from "../../../../lib/deals/deals.ts";
import { getRecord } from "../../../../lib/records/records.ts";
import { recordToForm } from "../../../../lib/records/form-input.ts";
import { type DealFormChoices, dealFormChoices, saveDealForm } from "../../../../lib/deals/form.ts";

interface Data extends DealFormChoices {
  values: FormValues;
  errors: FieldErrors;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const record = await getRecord(app.db, session.claims, session.team.id, dealsSpec, ctx.params.id);
    const values = recordToForm(record);
    values.value = String(Number(record.value ?? 0));
    values.currency = String(record.currency ?? "USD").trim();
    return ctx.render<Data>({
      values,
      errors: {},
      ...await dealFormChoices(app.db, session.claims, session.team.id),
    });
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const choices = await dealFormChoices(app.db, session.claims, session.team.id);
    const saved = await saveDealForm(
      app.db,
      session.claims,
      session.team.id,
      values,
      choices.stageGroups,
      ctx.params.id,
    );
    if (saved.ok) return ctx.redirect(`/deals/${ctx.params.id}`);
    return ctx.render<Data>({ values, errors: saved.errors, ...choices }, { status: 422 });
  },
});

export default define.page<typeof handler>(function EditDeal({ data, state, params }) {
  const name = data.values.name || "Deal";
  return (
    <div class="page stack-lg">
      <Head>
        <title>Edit {name} · Leadly</title>
      </Head>
      <PageHeader
        title={`Edit ${name}`}
        breadcrumbs={[{ label: "Deals", href: "/deals" }, { label: name, href: `/deals/${params.id}` }, {
          label: "Edit",
        }]}
      />
      <Card>
        <form method="post" class="form stack">
          <CsrfField token={state.csrf} />
          <DealFields {...data} />
          <div class="form-actions">
            <Button href={`/deals/${params.id}`} variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Save deal</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
