// Create another workspace; the creator becomes its owner and switches into it.
import { define } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { Input } from "../../components/ui/Input.tsx";
import { Select } from "../../components/ui/Select.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import { type FieldErrors, parseForm } from "../../lib/forms.ts";
import { loginUrl } from "../../lib/auth/redirects.ts";
import { rememberedInviteLink } from "../../lib/auth/invite-link.ts";
import { createTeam, teamInput } from "../../lib/teams.ts";
import { INDUSTRIES } from "../../lib/signup.ts";
import { switchTeamAndReissue } from "../../lib/team-session.ts";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  first: boolean;
}

export const handler = define.handlers({
  GET(ctx) {
    const session = ctx.state.session;
    if (!session) return ctx.redirect(loginUrl("/teams/new"));
    // Someone who opened an invitation is joining a workspace, not founding one.
    const invite = rememberedInviteLink(ctx.hono);
    if (invite && session.teams.length === 0) return ctx.redirect(invite);
    return ctx.render<Data>({ values: {}, errors: {}, first: session.teams.length === 0 });
  },
  async POST(ctx) {
    const session = ctx.state.session;
    if (!session) return ctx.redirect(loginUrl("/teams/new"));
    const form = await parseForm(ctx.req, teamInput);
    if (!form.ok) {
      return ctx.render<Data>({ values: form.values, errors: form.errors, first: session.teams.length === 0 }, {
        status: 422,
      });
    }
    const team = await createTeam(ctx.state.app.db, session.claims, form.data);
    await switchTeamAndReissue(ctx, team.id);
    return ctx.redirect("/?welcome=1");
  },
});

export default define.page<typeof handler>(function NewTeam({ data, state }) {
  return (
    <AuthLayout
      title={data.first ? "Create your workspace" : "Create another workspace"}
      subtitle="A workspace holds one team's contacts, deals, chat and notes. Nobody outside it can see them."
      pitch={false}
      footer={data.first ? undefined : <a href="/">Back to your workspace</a>}
    >
      <Head>
        <title>New workspace · Leadly</title>
      </Head>
      <form method="post" action="/teams/new" class="form stack">
        <CsrfField token={state.csrf} />
        <Input
          label="Workspace name"
          name="name"
          required
          autofocus
          placeholder="e.g. Acme Sales EMEA"
          value={data.values.name ?? ""}
          error={data.errors.name}
        />
        <Select
          label="Industry"
          name="industry"
          placeholder="Choose an industry"
          options={INDUSTRIES.map((value) => ({ value, label: value }))}
          value={data.values.industry ?? ""}
          optional
        />
        <Button type="submit" variant="primary" block size="lg">Create workspace</Button>
      </form>
    </AuthLayout>
  );
});
