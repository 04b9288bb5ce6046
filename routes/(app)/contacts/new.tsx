// New contact form.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ContactFields, type Option } from "../../../components/records/ContactFields.tsx";
import { type FieldErrors, type FormValues, readForm } from "../../../lib/forms.ts";
import { contactsSpec } from "../../../lib/records/contacts.ts";
import { companyOptions, memberOptions, saveRecordForm } from "../../../lib/records/record-forms.ts";

interface Data {
  values: FormValues;
  errors: FieldErrors;
  companies: Option[];
  members: Option[];
}

async function options(state: SignedInState) {
  const { db } = state.app;
  const { claims, team } = state.session;
  return { companies: await companyOptions(db, claims, team.id), members: await memberOptions(db, claims, team.id) };
}

export const handler = define.handlers({
  async GET(ctx) {
    const state = ctx.state as SignedInState;
    const company = ctx.url.searchParams.get("company_id") ?? "";
    return ctx.render<Data>({
      values: { company_id: company, owner_id: state.session.user.id },
      errors: {},
      ...await options(state),
    });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const saved = await saveRecordForm(state.app.db, state.session.claims, state.session.team.id, contactsSpec, values);
    if (saved.ok) return ctx.redirect(`/contacts/${saved.record.id}`);
    return ctx.render<Data>({ values, errors: saved.errors, ...await options(state) }, { status: 422 });
  },
});

export default define.page<typeof handler>(function NewContact({ data, state }) {
  return (
    <div class="page stack-lg">
      <Head>
        <title>New contact · Leadly</title>
      </Head>
      <PageHeader
        title="New contact"
        breadcrumbs={[{ label: "Contacts", href: "/contacts" }, { label: "New" }]}
      />
      <Card>
        <form method="post" action="/contacts/new" class="form stack">
          <CsrfField token={state.csrf} />
          <ContactFields values={data.values} errors={data.errors} companies={data.companies} members={data.members} />
          <div class="form-actions">
            <Button href="/contacts" variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Create contact</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
