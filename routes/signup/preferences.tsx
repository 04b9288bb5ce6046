// Signup step 4 of 4: which modules the new workspace shows.
import { define } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import { ModulePicker } from "../../components/ModulePicker.tsx";
import { loginUrl } from "../../lib/auth/redirects.ts";
import { readForm } from "../../lib/forms.ts";
import { updateModules } from "../../lib/teams.ts";

export const handler = define.handlers({
  GET(ctx) {
    const session = ctx.state.session;
    if (!session) return ctx.redirect(loginUrl("/signup/preferences"));
    if (!session.team) return ctx.redirect("/teams/new");
    return ctx.render({ modules: session.team.modules });
  },
  async POST(ctx) {
    const session = ctx.state.session;
    if (!session?.team) return ctx.redirect(loginUrl("/signup/preferences"));
    const { lists } = await readForm(ctx.req);
    await updateModules(ctx.state.app.db, session.claims, session.team.id, lists.modules ?? []);
    return ctx.redirect("/?welcome=1");
  },
});

export default define.page<typeof handler>(function SignupPreferences({ data, state }) {
  return (
    <AuthLayout
      title="Make Leadly yours"
      subtitle="Choose what your workspace shows. You can change this any time in settings."
      step={4}
    >
      <Head>
        <title>Workspace preferences · Leadly</title>
      </Head>
      <form method="post" action="/signup/preferences" class="form stack">
        <CsrfField token={state.csrf} />
        <ModulePicker selected={data.modules} />
        <Button type="submit" variant="primary" block size="lg" iconEnd="arrow-right">Open my workspace</Button>
      </form>
    </AuthLayout>
  );
});
