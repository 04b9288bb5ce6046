// New lead form. Leads start in NEW; the database says so whatever the form sends.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { LeadFields } from "../../../components/records/LeadFields.tsx";
import type { Option } from "../../../components/records/ContactFields.tsx";
import { leadFormOptions, saveLeadForm } from "../../../components/leads/lead-form.ts";
import { type FieldErrors, type FormValues, readForm } from "../../../lib/forms.ts";

interface Data {
  values: FormValues;
  errors: FieldErrors;
  members: Option[];
}

export const handler = define.handlers({
  async GET(ctx) {
    const state = ctx.state as SignedInState;
    return ctx.render<Data>({
      values: { owner_id: state.session.user.id },
      errors: {},
      ...await leadFormOptions(state),
    });
  },
  async POST(ctx) {
    const state = ctx.state as SignedInState;
    const { values } = await readForm(ctx.req);
    const saved = await saveLeadForm(state, values);
    if (saved.ok) return ctx.redirect(`/leads/${saved.record.id}`);
    const duplicate = /exists/i.test(saved.errors.email ?? "");
    return ctx.render<Data>(
      { values, errors: saved.errors, ...await leadFormOptions(state) },
      { status: duplicate ? 409 : 422 },
    );
  },
});

export default define.page<typeof handler>(function NewLead({ data, state }) {
  return (
    <div class="page stack-lg">
      <Head>
        <title>New lead · Leadly</title>
      </Head>
      <PageHeader
        title="New lead"
        description="A business you want to win. It starts in New."
        breadcrumbs={[{ label: "Leads", href: "/leads" }, { label: "New" }]}
      />
      <Card>
        <form method="post" action="/leads/new" class="form stack">
          <CsrfField token={state.csrf} />
          <LeadFields values={data.values} errors={data.errors} members={data.members} />
          <div class="form-actions">
            <Button href="/leads" variant="ghost">Cancel</Button>
            <Button type="submit" variant="primary">Create lead</Button>
          </div>
        </form>
      </Card>
    </div>
  );
});
