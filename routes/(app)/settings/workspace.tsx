// Settings → Workspace: name, industry and which modules the team uses.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { Input } from "../../../components/ui/Input.tsx";
import { Select } from "../../../components/ui/Select.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ModulePicker } from "../../../components/ModulePicker.tsx";
import { type FieldErrors, parseWith, readForm } from "../../../lib/forms.ts";
import { canManageMembers, renameTeam, teamInput, updateModules } from "../../../lib/teams.ts";
import { INDUSTRIES } from "../../../lib/signup.ts";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  saved?: boolean;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const [team] = await app.db.asUser(
      session.claims,
      (tx) =>
        tx.query<{ name: string; industry: string | null }>("select name, industry from public.teams where id = $1", [
          session.team.id,
        ]),
    );
    return ctx.render<Data>({
      values: { name: team.name, industry: team.industry ?? "" },
      errors: {},
      saved: ctx.url.searchParams.has("saved"),
    });
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const { values, lists } = await readForm(ctx.req);
    const form = parseWith(teamInput, values, values);
    if (!form.ok) return ctx.render<Data>({ values: form.values, errors: form.errors }, { status: 422 });
    await renameTeam(app.db, session.claims, session.team.id, form.data);
    await updateModules(app.db, session.claims, session.team.id, lists.modules ?? []);
    return ctx.redirect("/settings/workspace?saved");
  },
});

export default define.page<typeof handler>(function WorkspaceSettings({ data, state, url }) {
  const { session, csrf } = state as SignedInState;
  const editable = canManageMembers(session.team.role);
  return (
    <SettingsLayout path={url.pathname} title="Workspace" description="Settings that apply to everyone in the team.">
      <Head>
        <title>Workspace · Settings · Leadly</title>
      </Head>
      {data.saved && <Alert tone="success">Workspace settings saved.</Alert>}
      {!editable && <Alert tone="info">Only owners and admins can change these settings.</Alert>}
      <Card>
        <form method="post" action="/settings/workspace" class="form stack">
          <CsrfField token={csrf} />
          <fieldset class="stack" disabled={!editable}>
            <Input label="Workspace name" name="name" required value={data.values.name} error={data.errors.name} />
            <Select
              label="Industry"
              name="industry"
              placeholder="Choose an industry"
              options={INDUSTRIES.map((value) => ({ value, label: value }))}
              value={data.values.industry}
              error={data.errors.industry}
              optional
            />
            <div class="stack-sm">
              <h2 class="text-md">Modules</h2>
              <ModulePicker selected={session.team.modules} />
            </div>
            <div>
              <Button type="submit" variant="primary">Save workspace</Button>
            </div>
          </fieldset>
        </form>
      </Card>
    </SettingsLayout>
  );
});
