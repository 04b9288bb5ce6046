// Second step of sign-in for accounts with two-factor on: a TOTP code or a recovery code.
import { define } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Alert } from "../../components/ui/Alert.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { Input } from "../../components/ui/Input.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import { AuthError } from "../../lib/auth/errors.ts";
import { writeSessionCookies } from "../../lib/auth/cookies.ts";
import { loginUrl, safeNext } from "../../lib/auth/redirects.ts";
import { readForm } from "../../lib/forms.ts";

interface Data {
  error?: string;
  recovery: boolean;
}

export const handler = define.handlers({
  GET(ctx) {
    const session = ctx.state.session;
    const next = safeNext(ctx.url.searchParams.get("next"));
    if (!session) return ctx.redirect(loginUrl(next));
    if (!session.needsMfa) return ctx.redirect(next);
    return ctx.render<Data>({ recovery: ctx.url.searchParams.has("recovery") });
  },
  async POST(ctx) {
    const session = ctx.state.session;
    const next = safeNext(ctx.url.searchParams.get("next"));
    if (!session) return ctx.redirect(loginUrl(next));
    const { values } = await readForm(ctx.req);
    const { auth, throttle } = ctx.state.app;
    const recovery = Boolean(values.recovery_code);
    try {
      // TOTP and recovery codes share one count per user (and per client address).
      const fresh = await throttle.guard("mfa", session.claims.sub, throttle.clientIp(ctx.hono), async () => {
        if (recovery) return await auth.verifyRecoveryCode(session, values.recovery_code);
        const user = await auth.getUser(session);
        const factor = user.factors.find((f) => f.status === "verified" && f.factor_type === "totp");
        if (!factor) return null;
        const challenge = await auth.challenge(session, factor.id);
        return await auth.verifyTotp(session, factor.id, challenge.id, values.code ?? "");
      });
      if (fresh) writeSessionCookies(ctx.hono, fresh);
      return ctx.redirect(next);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return ctx.render<Data>({ error: error.message, recovery }, { status: error.status });
    }
  },
});

export default define.page<typeof handler>(function MfaPrompt({ data, state, url }) {
  const action = `/login/mfa${url.search.replace(/[?&]recovery\b/, "")}`;
  // Supabase Auth has no recovery codes.
  const recoveryCodes = state.app.auth.recoveryCodes;
  return (
    <AuthLayout
      title="Two-factor check"
      subtitle={data.recovery
        ? "Enter one of the recovery codes you saved when you turned on two-factor."
        : "Open your authenticator app and enter the 6-digit code for Leadly."}
      pitch={false}
    >
      <Head>
        <title>Two-factor check · Leadly</title>
      </Head>
      {data.error && <Alert tone="error">{data.error}</Alert>}
      <form method="post" action={action} class="form stack">
        <CsrfField token={state.csrf} />
        {data.recovery
          ? <Input label="Recovery code" name="recovery_code" autocomplete="off" required autofocus />
          : (
            <Input
              label="Authentication code"
              name="code"
              inputMode="numeric"
              pattern="[0-9]{6}"
              maxLength={6}
              autocomplete="one-time-code"
              required
              autofocus
              class="input-code"
            />
          )}
        <Button type="submit" variant="primary" block size="lg">Verify</Button>
      </form>
      {(recoveryCodes || data.recovery) && (
        <p class="text-sm muted">
          {data.recovery
            ? <a href={action}>Use your authenticator app instead</a>
            : <a href={`${action}${action.includes("?") ? "&" : "?"}recovery`}>Lost your phone? Use a recovery code</a>}
        </p>
      )}
      <form method="post" action="/logout">
        <CsrfField token={state.csrf} />
        <button type="submit" class="link-button text-sm">Sign in as someone else</button>
      </form>
    </AuthLayout>
  );
});
