// Password reset, part 1: ask for a code by email. The answer never says whether an account exists.
import { z } from "zod";
import { define } from "../utils.ts";
import { Head } from "../lib/web/head.tsx";
import { AuthLayout } from "../components/layout/AuthLayout.tsx";
import { Alert } from "../components/ui/Alert.tsx";
import { Button } from "../components/ui/Button.tsx";
import { Input } from "../components/ui/Input.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import { AuthError } from "../lib/auth/errors.ts";
import { parseForm } from "../lib/forms.ts";

interface Data {
  email?: string;
  error?: string;
}

export const handler = define.handlers({
  GET: (ctx) => ctx.render<Data>({}),
  async POST(ctx) {
    const form = await parseForm(
      ctx.req,
      z.object({ email: z.string().trim().toLowerCase().email("Enter a valid email address.") }),
    );
    if (!form.ok) return ctx.render<Data>({ email: form.values.email, error: form.errors.email }, { status: 422 });
    const { auth, throttle } = ctx.state.app;
    try {
      // Counted per address whether or not it has an account: a refusal reads the same for both.
      await throttle.rate("send", throttle.clientIp(ctx.hono));
      await throttle.issue("recovery", form.data.email);
      await auth.recover(form.data.email);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return ctx.render<Data>({ email: form.data.email, error: error.message }, { status: error.status });
    }
    return ctx.redirect(`/reset-password?email=${encodeURIComponent(form.data.email)}`);
  },
});

export default define.page<typeof handler>(function ForgotPassword({ data, state }) {
  return (
    <AuthLayout
      title="Reset your password"
      subtitle="We'll email you a 6-digit code."
      footer={<a href="/login">Back to sign in</a>}
    >
      <Head>
        <title>Reset your password · Leadly</title>
      </Head>
      {data.error && <Alert tone="error">{data.error}</Alert>}
      <form method="post" action="/forgot-password" class="form stack">
        <CsrfField token={state.csrf} />
        <Input
          label="Email"
          name="email"
          type="email"
          autocomplete="email"
          required
          autofocus
          value={data.email ?? ""}
        />
        <Button type="submit" variant="primary" block size="lg">Send code</Button>
      </form>
    </AuthLayout>
  );
});
