// Edit a company.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { Button } from "../../../../components/ui/Button.tsx";
import { Card } from "../../../../components/ui/Card.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { CompanyFields } from "../../../../components/records/CompanyFields.tsx";
import type { Option } from "../../../../components/records/ContactFields.tsx";
import { type FieldErrors, type FormValues, readForm } from "../../../../lib/forms.ts";
import { companiesSpec } from "../../../../lib/records/companies.ts";
import { getRecord } from "../../../../lib/records/records.ts";
import { recordToForm } from "../../../../lib/records/form-input.ts";
import { memberOptions, saveRecordForm } from "../../../../lib/records/record-forms.ts";

interface Data {
  values: FormValues;
  errors: FieldErrors;
  members: Option[];
}

export const handler = define.handlers({
  async GET(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const record = await getRecord(app.db, session.claims, session.team.id, companiesSpec, ctx.params.id);
    const members = await memberOptions(app.db, session.claims, session.team.id);
    return ctx.render<Data>({ values: recordToForm(record), errors: {}, members });
  },
  async POST(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const saved = await saveRecordForm(app.db, session.claims, session.team.id, companiesSpec, values, ctx.params.id);
    if (saved.ok) return ctx.redirect(`/companies/${ctx.params.id}`);
    const members = await memberOptions(app.db, session.claims, session.team.id);
    return ctx.render<Data>({ values, errors: saved.errors, members }, { status: 422 });
  },
});

export default define.page<typeof handler>(function EditCompany({ data, state, params }) {
  const name = data.values.name || "Company";
  return (
    <div class="page stack-lg">
      <Head>
        <title>Edit {name} · Leadly</title>
      </Head>
      <PageHeader
        title={`Edit ${name}`}
        breadcrumbs={[{ label: "Companies", href: "/companies" }, { label: name, href: `/companies/${params.id}` }, {
          label: "Edit",
        }]}
      />
      <Card>
        <form method="post" class="form stack">
          <CsrfField token={state.csrf} />
          <CompanyFields values={data.values} errors={data.errors} members={data.members} />
          <div class="form-actions">
            <Button href={`/companies/${params.id}`} variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Save company</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
