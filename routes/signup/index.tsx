// Signup step 1 of 4: name, email and a password whose rules are shown live.
import { define } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { Input } from "../../components/ui/Input.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import PasswordStrength from "../../islands/PasswordStrength.tsx";
import BrowserTimeZone from "../../islands/BrowserTimeZone.tsx";
import { type FieldErrors, parseForm } from "../../lib/forms.ts";
import { accountStep, readPendingSignup, writePendingSignup } from "../../lib/signup.ts";
import { hasConfirmedAccount } from "../../lib/auth/users.ts";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
}

export const handler = define.handlers({
  async GET(ctx) {
    if (ctx.state.session) return ctx.redirect("/");
    const pending = await readPendingSignup(ctx.hono, ctx.state.app.sealer);
    return ctx.render<Data>({
      values: { full_name: pending?.full_name ?? "", email: pending?.email ?? "" },
      errors: {},
    });
  },
  async POST(ctx) {
    const form = await parseForm(ctx.req, accountStep);
    if (!form.ok) return ctx.render<Data>({ values: form.values, errors: form.errors }, { status: 422 });
    if (await hasConfirmedAccount(ctx.state.app.db, form.data.email, "signup:check-email")) {
      return ctx.render<Data>({
        values: form.values,
        errors: { email: "An account with this email already exists. Sign in instead, or reset your password." },
      }, { status: 422 });
    }
    await writePendingSignup(ctx.hono, ctx.state.app.sealer, form.data);
    return ctx.redirect("/signup/company");
  },
});

export default define.page<typeof handler>(function SignupAccount({ data, state }) {
  return (
    <AuthLayout
      title="Create your account"
      subtitle="Start with you. Your workspace comes next."
      step={1}
      footer={
        <>
          Already have an account? <a href="/login">Sign in</a>
        </>
      }
    >
      <Head>
        <title>Create your account · Leadly</title>
      </Head>
      <form method="post" action="/signup" class="form stack">
        <CsrfField token={state.csrf} />
        <BrowserTimeZone />
        <Input
          label="Full name"
          name="full_name"
          autocomplete="name"
          required
          autofocus
          value={data.values.full_name ?? ""}
          error={data.errors.full_name}
        />
        <Input
          label="Work email"
          name="email"
          type="email"
          autocomplete="email"
          required
          value={data.values.email ?? ""}
          error={data.errors.email}
        />
        <PasswordStrength error={data.errors.password} autocomplete="new-password" />
        <Button type="submit" variant="primary" block size="lg" iconEnd="arrow-right">Continue</Button>
      </form>
    </AuthLayout>
  );
});
