// Signup step 2 of 4: the company (it becomes the workspace) and the person's role in it.
import { define } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Alert } from "../../components/ui/Alert.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { Input } from "../../components/ui/Input.tsx";
import { Select } from "../../components/ui/Select.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import { AuthError } from "../../lib/auth/errors.ts";
import { writeSessionCookies } from "../../lib/auth/cookies.ts";
import { type FieldErrors, parseForm } from "../../lib/forms.ts";
import {
  clearPendingSignup,
  companyStep,
  INDUSTRIES,
  JOB_ROLES,
  readPendingSignup,
  writePendingSignup,
} from "../../lib/signup.ts";
import { startInTimeZone } from "../../lib/profiles.ts";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  error?: string;
}

const options = (list: string[]) => list.map((value) => ({ value, label: value }));

export const handler = define.handlers({
  async GET(ctx) {
    const pending = await readPendingSignup(ctx.hono, ctx.state.app.sealer);
    if (!pending?.password) return ctx.redirect("/signup");
    return ctx.render<Data>({ values: {}, errors: {} });
  },
  async POST(ctx) {
    const { sealer, auth, throttle } = ctx.state.app;
    const pending = await readPendingSignup(ctx.hono, sealer);
    if (!pending?.password) return ctx.redirect("/signup");
    const form = await parseForm(ctx.req, companyStep);
    if (!form.ok) return ctx.render<Data>({ values: form.values, errors: form.errors }, { status: 422 });
    let signupRef: string | undefined;
    try {
      await throttle.rate("signup", throttle.clientIp(ctx.hono));
      await throttle.issue("signup", pending.email);
      const created = await auth.signUp({
        email: pending.email,
        password: pending.password,
        data: { full_name: pending.full_name, ...form.data },
      });
      // A Supabase project that confirms emails by itself signs the person in at once: no code to enter.
      if (created.session) {
        await startInTimeZone(
          ctx.state.app.db,
          await auth.claimsFor(created.session.access_token),
          pending.time_zone,
          pending.full_name,
        );
        writeSessionCookies(ctx.hono, created.session);
        clearPendingSignup(ctx.hono);
        return ctx.redirect("/signup/preferences");
      }
      signupRef = created.signup_ref;
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return ctx.render<Data>({ values: form.values, errors: {}, error: error.message }, { status: error.status });
    }
    // The account exists now; the cookie keeps who is verifying and which signup (for a resend), not the password.
    await writePendingSignup(ctx.hono, sealer, {
      full_name: pending.full_name,
      email: pending.email,
      signup_ref: signupRef,
      time_zone: pending.time_zone,
    });
    return ctx.redirect("/signup/verify");
  },
});

export default define.page<typeof handler>(function SignupCompany({ data, state }) {
  return (
    <AuthLayout title="Tell us about your company" subtitle="We'll set up a workspace for your team." step={2}>
      <Head>
        <title>Your company · Leadly</title>
      </Head>
      {data.error && <Alert tone="error">{data.error}</Alert>}
      <form method="post" action="/signup/company" class="form stack">
        <CsrfField token={state.csrf} />
        <Input
          label="Company name"
          name="company_name"
          autocomplete="organization"
          required
          autofocus
          value={data.values.company_name ?? ""}
          error={data.errors.company_name}
          hint="This becomes your workspace's name. You can change it later."
        />
        <Select
          label="Industry"
          name="industry"
          placeholder="Choose an industry"
          options={options(INDUSTRIES)}
          value={data.values.industry ?? ""}
          error={data.errors.industry}
          optional
        />
        <Select
          label="Your role"
          name="job_role"
          placeholder="Choose your role"
          options={options(JOB_ROLES)}
          value={data.values.job_role ?? ""}
          error={data.errors.job_role}
          optional
        />
        <div class="row gap-2">
          <Button href="/signup" variant="ghost">Back</Button>
          <Button type="submit" variant="primary" size="lg" iconEnd="arrow-right" class="grow">Continue</Button>
        </div>
      </form>
    </AuthLayout>
  );
});
