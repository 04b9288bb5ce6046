// Edit a lead. The status flow allows editing in New only ("Edit lead info"); later the page says why not.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { Alert } from "../../../../components/ui/Alert.tsx";
import { Button } from "../../../../components/ui/Button.tsx";
import { Card } from "../../../../components/ui/Card.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { LeadFields } from "../../../../components/records/LeadFields.tsx";
import type { Option } from "../../../../components/records/ContactFields.tsx";
import { leadFormOptions, saveLeadForm } from "../../../../components/leads/lead-form.ts";
import { type FieldErrors, type FormValues, readForm } from "../../../../lib/forms.ts";
import { leadsSpec } from "../../../../lib/crm/lead-spec.ts";
import { canEdit, LEAD_STATUS_LABELS, type LeadStatus } from "../../../../lib/crm/lead-status.ts";
import { getRecord } from "../../../../lib/crm/records.ts";
import { recordToForm } from "../../../../lib/crm/form-input.ts";

interface Data {
  values: FormValues;
  errors: FieldErrors;
  members: Option[];
  name: string;
  /** Why the lead cannot be edited now, or null. */
  locked: string | null;
}

function lockReason(status: LeadStatus): string | null {
  return canEdit(status)
    ? null
    : `This lead is ${LEAD_STATUS_LABELS[status]}. Lead info can be edited while a lead is New only.`;
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
      locked: lockReason(record.status as LeadStatus),
      ...await leadFormOptions(state),
    });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { claims, team } = state.session;
    const record = await getRecord(state.app.db, claims, team.id, leadsSpec, ctx.params.id);
    const { values } = await readForm(ctx.req);
    const name = String(record.business_name);
    const locked = lockReason(record.status as LeadStatus);
    if (locked) {
      return ctx.render<Data>({ values, errors: {}, name, locked, ...await leadFormOptions(state) }, { status: 409 });
    }
    const saved = await saveLeadForm(state, values, ctx.params.id);
    if (saved.ok) return ctx.redirect(`/leads/${ctx.params.id}`);
    const duplicate = /exists/i.test(saved.errors.email ?? "");
    return ctx.render<Data>(
      { values, errors: saved.errors, name, locked: null, ...await leadFormOptions(state) },
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
      {data.locked
        ? (
          <Alert tone="warning" title="This lead can no longer be edited">
            <p>{data.locked}</p>
            <p>
              <a href={`/leads/${params.id}`}>Back to the lead</a>
            </p>
          </Alert>
        )
        : (
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
        )}
    </div>
  );
});
