// Edit a contact.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { Button } from "../../../../components/ui/Button.tsx";
import { Card } from "../../../../components/ui/Card.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ContactFields, type Option } from "../../../../components/records/ContactFields.tsx";
import { type FieldErrors, type FormValues, readForm } from "../../../../lib/forms.ts";
import { contactsSpec } from "../../../../lib/records/contacts.ts";
import { getRecord } from "../../../../lib/records/records.ts";
import { recordToForm } from "../../../../lib/records/form-input.ts";
import { companyOptions, memberOptions, saveRecordForm } from "../../../../lib/records/record-forms.ts";

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
    const { claims, team } = state.session;
    const record = await getRecord(state.app.db, claims, team.id, contactsSpec, ctx.params.id);
    return ctx.render<Data>({ values: recordToForm(record), errors: {}, ...await options(state) });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const { claims, team } = state.session;
    const saved = await saveRecordForm(state.app.db, claims, team.id, contactsSpec, values, ctx.params.id);
    if (saved.ok) return ctx.redirect(`/contacts/${ctx.params.id}`);
    return ctx.render<Data>({ values, errors: saved.errors, ...await options(state) }, { status: 422 });
  },
});

export default define.page<typeof handler>(function EditContact({ data, state, params }) {
  const name = `${data.values.first_name ?? ""} ${data.values.last_name ?? ""}`.trim() || "Contact";
  return (
    <div class="page stack-lg">
      <Head>
        <title>Edit {name} · Leadly</title>
      </Head>
      <PageHeader
        title={`Edit ${name}`}
        breadcrumbs={[{ label: "Contacts", href: "/contacts" }, { label: name, href: `/contacts/${params.id}` }, {
          label: "Edit",
        }]}
      />
      <Card>
        <form method="post" class="form stack">
          <CsrfField token={state.csrf} />
          <ContactFields values={data.values} errors={data.errors} companies={data.companies} members={data.members} />
          <div class="form-actions">
            <Button href={`/contacts/${params.id}`} variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Save contact</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
