// Sign in with email and password; a TOTP code follows when the account has two-factor on.
import { z } from "zod";
import { define } from "../utils.ts";
import { Head } from "../lib/web/head.tsx";
import { AuthLayout } from "../components/layout/AuthLayout.tsx";
import { Alert } from "../components/ui/Alert.tsx";
import { Button } from "../components/ui/Button.tsx";
import { Input } from "../components/ui/Input.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import { DemoLogins } from "../components/DemoLogins.tsx";
import { AuthError } from "../lib/auth/errors.ts";
import { writeSessionCookies } from "../lib/auth/cookies.ts";
import { clientMeta } from "../lib/auth/gotrue.ts";
import { rememberedInviteLink } from "../lib/auth/invite-link.ts";
import { safeNext } from "../lib/auth/redirects.ts";
import { parseForm } from "../lib/forms.ts";

const loginInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter the email address you signed up with."),
  password: z.string().min(1, "Enter your password.").max(200),
});

interface Data {
  email?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  notice?: string;
}

const NOTICES: Record<string, string> = {
  "signed-out": "You are signed out. See you soon!",
  "password-reset": "Your password was changed. Sign in with the new one.",
  "session-ended": "Your session ended. Please sign in again.",
};

export const handler = define.handlers({
  GET(ctx) {
    if (ctx.state.session && !ctx.state.session.needsMfa) {
      return ctx.redirect(safeNext(ctx.url.searchParams.get("next")));
    }
    return ctx.render<Data>({ notice: NOTICES[ctx.url.searchParams.get("notice") ?? ""] });
  },
  async POST(ctx) {
    const form = await parseForm(ctx.req, loginInput);
    if (!form.ok) return ctx.render<Data>({ email: form.values.email, fieldErrors: form.errors }, { status: 422 });
    try {
      const { auth, throttle } = ctx.state.app;
      const session = await throttle.guard(
        "password",
        form.data.email,
        throttle.clientIp(ctx.hono),
        () => auth.signInWithPassword(form.data.email, form.data.password, clientMeta(ctx.hono)),
      );
      writeSessionCookies(ctx.hono, session);
      // An invitee who came here on their own still lands on the invitation they opened.
      const next = safeNext(ctx.url.searchParams.get("next") ?? rememberedInviteLink(ctx.hono));
      if (await auth.hasVerifiedFactor(session.user.id)) {
        return ctx.redirect(`/login/mfa?next=${encodeURIComponent(next)}`);
      }
      return ctx.redirect(next);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return ctx.render<Data>({ email: form.data.email, error: error.message }, { status: error.status });
    }
  },
});

export default define.page<typeof handler>(function Login({ data, state, url }) {
  const next = url.searchParams.get("next");
  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Sign in to your Leadly workspace."
      footer={
        <>
          New to Leadly? <a href="/signup">Create an account</a>
        </>
      }
    >
      <Head>
        <title>Sign in · Leadly</title>
      </Head>
      {data.notice && <Alert tone="success">{data.notice}</Alert>}
      {data.error && <Alert tone="error">{data.error}</Alert>}
      <form method="post" class="form stack" action={next ? `/login?next=${encodeURIComponent(next)}` : "/login"}>
        <CsrfField token={state.csrf} />
        <Input
          label="Email"
          name="email"
          type="email"
          autocomplete="email"
          required
          autofocus
          value={data.email ?? ""}
          error={data.fieldErrors?.email}
        />
        <Input
          label="Password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          error={data.fieldErrors?.password}
          hint={<a href="/forgot-password">Forgot your password?</a>}
        />
        <Button type="submit" variant="primary" block size="lg">Sign in</Button>
      </form>
      {state.app.config.seedDemo && <DemoLogins csrf={state.csrf} />}
    </AuthLayout>
  );
});
