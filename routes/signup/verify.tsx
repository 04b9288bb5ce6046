// Signup step 3 of 4: the 6-digit code from the verification email.
import { define } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Alert } from "../../components/ui/Alert.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { Input } from "../../components/ui/Input.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import { AuthError } from "../../lib/auth/errors.ts";
import { writeSessionCookies } from "../../lib/auth/cookies.ts";
import { clientMeta } from "../../lib/auth/gotrue.ts";
import { readForm } from "../../lib/forms.ts";
import { clearPendingSignup, readPendingSignup } from "../../lib/signup.ts";
import { safeNext } from "../../lib/auth/redirects.ts";
import { startInTimeZone } from "../../lib/profiles.ts";

interface Data {
  email: string;
  error?: string;
  notice?: string;
  captured: boolean;
}

export const handler = define.handlers({
  async GET(ctx) {
    const pending = await readPendingSignup(ctx.hono, ctx.state.app.sealer);
    if (!pending) return ctx.redirect("/signup");
    const { mailer, auth } = ctx.state.app;
    // The dev mailbox holds the code only when Leadly mails it (not with Supabase Auth).
    return ctx.render<Data>({ email: pending.email, captured: mailer.transport === "captured" && auth.mailsCodes });
  },
  async POST(ctx) {
    const { sealer, auth, mailer, throttle } = ctx.state.app;
    const pending = await readPendingSignup(ctx.hono, sealer);
    if (!pending) return ctx.redirect("/signup");
    const captured = mailer.transport === "captured" && auth.mailsCodes;
    const { values } = await readForm(ctx.req);
    const ip = throttle.clientIp(ctx.hono);
    try {
      if (values.action === "resend") {
        await throttle.rate("send", ip);
        await throttle.issue("signup", pending.email);
        await auth.resendSignupCode(pending.email, pending.signup_ref);
        return ctx.render<Data>({ email: pending.email, captured, notice: "We sent you a new code." });
      }
      const code = (values.code ?? "").replace(/\s/g, "");
      if (!/^\d{6}$/.test(code)) {
        return ctx.render<Data>({ email: pending.email, captured, error: "The code has 6 digits." }, { status: 422 });
      }
      const session = await throttle.guard(
        "code",
        pending.email,
        ip,
        () => auth.verifyOtp("signup", pending.email, code, clientMeta(ctx.hono)),
      );
      // The account exists and is confirmed: it starts in the browser's zone from step 1.
      await startInTimeZone(
        ctx.state.app.db,
        await auth.claimsFor(session.access_token),
        pending.time_zone,
        pending.full_name,
      );
      writeSessionCookies(ctx.hono, session);
      clearPendingSignup(ctx.hono);
      // Invitees come back to their invitation; new workspaces go on to step 4.
      return ctx.redirect(safeNext(ctx.url.searchParams.get("next"), "/signup/preferences"));
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return ctx.render<Data>({ email: pending.email, captured, error: error.message }, { status: error.status });
    }
  },
});

export default define.page<typeof handler>(function SignupVerify({ data, state, url }) {
  const action = `/signup/verify${url.search}`;
  return (
    <AuthLayout
      title="Check your inbox"
      subtitle={
        <>
          We sent a 6-digit code to <strong>{data.email}</strong>. It expires in 15 minutes.
        </>
      }
      step={3}
    >
      <Head>
        <title>Verify your email · Leadly</title>
      </Head>
      {data.notice && <Alert tone="success">{data.notice}</Alert>}
      {data.error && <Alert tone="error">{data.error}</Alert>}
      {data.captured && (
        <Alert tone="info" title="Offline mode">
          No mail server is configured, so the email is kept in the{" "}
          <a href="/dev/mailbox" target="_blank">dev mailbox</a>.
        </Alert>
      )}
      <form method="post" action={action} class="form stack">
        <CsrfField token={state.csrf} />
        <Input
          label="Verification code"
          name="code"
          inputMode="numeric"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          autocomplete="one-time-code"
          required
          autofocus
          class="input-code"
        />
        <Button type="submit" variant="primary" block size="lg">Verify email</Button>
      </form>
      <form method="post" action={action} class="row gap-2 text-sm muted">
        <CsrfField token={state.csrf} />
        <span>Didn't get it?</span>
        <button type="submit" name="action" value="resend" class="link-button">Send a new code</button>
      </form>
    </AuthLayout>
  );
});
