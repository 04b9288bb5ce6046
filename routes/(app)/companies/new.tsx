// New company form.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { CompanyFields } from "../../../components/records/CompanyFields.tsx";
import type { Option } from "../../../components/records/ContactFields.tsx";
import { type FieldErrors, type FormValues, readForm } from "../../../lib/forms.ts";
import { companiesSpec } from "../../../lib/records/companies.ts";
import { memberOptions, saveRecordForm } from "../../../lib/records/record-forms.ts";

interface Data {
  values: FormValues;
  errors: FieldErrors;
  members: Option[];
}

export const handler = define.handlers({
  async GET(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const members = await memberOptions(app.db, session.claims, session.team.id);
    return ctx.render<Data>({ values: { owner_id: session.user.id }, errors: {}, members });
  },
  async POST(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const saved = await saveRecordForm(app.db, session.claims, session.team.id, companiesSpec, values);
    if (saved.ok) return ctx.redirect(`/companies/${saved.record.id}`);
    const members = await memberOptions(app.db, session.claims, session.team.id);
    return ctx.render<Data>({ values, errors: saved.errors, members }, { status: 422 });
  },
});

export default define.page<typeof handler>(function NewCompany({ data, state }) {
  return (
    <div class="page stack-lg">
      <Head>
        <title>New company · Leadly</title>
      </Head>
      <PageHeader title="New company" breadcrumbs={[{ label: "Companies", href: "/companies" }, { label: "New" }]} />
      <Card>
        <form method="post" action="/companies/new" class="form stack">
          <CsrfField token={state.csrf} />
          <CompanyFields values={data.values} errors={data.errors} members={data.members} />
          <div class="form-actions">
            <Button href="/companies" variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Create company</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
