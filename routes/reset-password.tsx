// Password reset, part 2: the emailed code and a new password; then sign in with it.
import { define } from "../utils.ts";
import { Head } from "../lib/web/head.tsx";
import { AuthLayout } from "../components/layout/AuthLayout.tsx";
import { Alert } from "../components/ui/Alert.tsx";
import { Button } from "../components/ui/Button.tsx";
import { Input } from "../components/ui/Input.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import PasswordStrength from "../islands/PasswordStrength.tsx";
import { AuthError } from "../lib/auth/errors.ts";
import { clientMeta } from "../lib/auth/gotrue.ts";
import { callerFor } from "../lib/auth/backend.ts";
import { readForm } from "../lib/forms.ts";

interface Data {
  email: string;
  error?: string;
}

export const handler = define.handlers({
  GET: (ctx) => ctx.render<Data>({ email: ctx.url.searchParams.get("email") ?? "" }),
  async POST(ctx) {
    const { values } = await readForm(ctx.req);
    const email = (values.email ?? "").trim().toLowerCase();
    const { auth, throttle } = ctx.state.app;
    try {
      const session = await throttle.guard(
        "code",
        email,
        throttle.clientIp(ctx.hono),
        () => auth.verifyOtp("recovery", email, (values.code ?? "").trim(), clientMeta(ctx.hono)),
      );
      const caller = await callerFor(auth, session);
      await auth.updateUser(caller, { password: values.password ?? "" });
      // The recovery session only existed to set the password; sign in again with it.
      await auth.logout(caller, "global");
      return ctx.redirect("/login?notice=password-reset");
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return ctx.render<Data>({ email, error: error.message }, { status: error.status });
    }
  },
});

export default define.page<typeof handler>(function ResetPassword({ data, state }) {
  return (
    <AuthLayout
      title="Choose a new password"
      subtitle={data.email
        ? `If ${data.email} has an account, a code is on its way.`
        : "Enter the code from the email."}
      footer={<a href="/forgot-password">Send a new code</a>}
    >
      <Head>
        <title>Choose a new password · Leadly</title>
      </Head>
      {data.error && <Alert tone="error">{data.error}</Alert>}
      <form method="post" action="/reset-password" class="form stack">
        <CsrfField token={state.csrf} />
        <Input label="Email" name="email" type="email" autocomplete="email" required value={data.email} />
        <Input
          label="Code"
          name="code"
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          autocomplete="one-time-code"
          required
          class="input-code"
        />
        <PasswordStrength label="New password" autocomplete="new-password" />
        <Button type="submit" variant="primary" block size="lg">Set new password</Button>
      </form>
    </AuthLayout>
  );
});
