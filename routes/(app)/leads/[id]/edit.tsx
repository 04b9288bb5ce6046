// Edit a lead's info, in every status: the strict flow governs only the status (moved on the lead's page), which
// is not a field of this form.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { Button } from "../../../../components/ui/Button.tsx";
import { Card } from "../../../../components/ui/Card.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { LeadFields } from "../../../../components/records/LeadFields.tsx";
import type { Option } from "../../../../components/records/ContactFields.tsx";
import { leadFormOptions, saveLeadForm } from "../../../../components/leads/lead-form.ts";
import { type FieldErrors, type FormValues, readForm } from "../../../../lib/forms.ts";
import { leadsSpec } from "../../../../lib/leads/spec.ts";
import { getRecord } from "../../../../lib/records/records.ts";
import { recordToForm } from "../../../../lib/records/form-input.ts";

interface Data {
  values: FormValues;
  errors: FieldErrors;
  members: Option[];
  name: string;
}

export const handler = define.handlers({
  async GET(ctx) {
    const state = ctx.state as SignedInState;
    const { claims, team } = state.session;
    const record = await getRecord(state.app.db, claims, team.id, leadsSpec, ctx.params.id);
    return ctx.render<Data>({
      values: recordToForm(record),
      errors: {},
      name: String(record.business_name),
      ...await leadFormOptions(state),
    });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { claims, team } = state.session;
    const record = await getRecord(state.app.db, claims, team.id, leadsSpec, ctx.params.id);
    const { values } = await readForm(ctx.req);
    const name = String(record.business_name);
    const saved = await saveLeadForm(state, values, ctx.params.id);
    if (saved.ok) return ctx.redirect(`/leads/${ctx.params.id}`);
    const duplicate = /exists/i.test(saved.errors.email ?? "");
    return ctx.render<Data>(
      { values, errors: saved.errors, name, ...await leadFormOptions(state) },
      { status: duplicate ? 409 : 422 },
    );
  },
});

export default define.page<typeof handler>(function EditLead({ data, state, params }) {
  return (
    <div class="page stack-lg">
      <Head>
        <title>Edit {data.name} · Leadly</title>
      </Head>
      <PageHeader
        title={`Edit ${data.name}`}
        breadcrumbs={[
          { label: "Leads", href: "/leads" },
          { label: data.name, href: `/leads/${params.id}` },
          { label: "Edit" },
        ]}
      />
      <Card>
        <form method="post" class="form stack">
          <CsrfField token={state.csrf} />
          <LeadFields values={data.values} errors={data.errors} members={data.members} />
          <div class="form-actions">
            <Button href={`/leads/${params.id}`} variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Save lead</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
