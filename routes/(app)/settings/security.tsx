// Settings → Security: password, two-factor (TOTP with QR code and recovery codes), other sessions.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { Input } from "../../../components/ui/Input.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import PasswordStrength from "../../../islands/PasswordStrength.tsx";
import { AuthError } from "../../../lib/auth/errors.ts";
import { writeSessionCookies } from "../../../lib/auth/cookies.ts";
import { callerFor, qrCodeDataUrl } from "../../../lib/auth/backend.ts";
import { readForm } from "../../../lib/forms.ts";

interface Enrollment {
  factorId: string;
  qr: string;
  secret: string;
}

interface Data {
  mfaOn: boolean;
  /** Recovery codes exist (embedded auth); Supabase Auth has none. */
  recoveryCodesOffered: boolean;
  enrollment?: Enrollment;
  recoveryCodes?: string[];
  notice?: string;
  error?: string;
  passwordError?: string;
}

const NOTICES: Record<string, string> = {
  password: "Your password was changed. Other devices were signed out.",
  "mfa-off": "Two-factor authentication is off.",
  "signed-out-others": "Your other sessions were signed out.",
};

export const handler = define.handlers({
  async GET(ctx) {
    const { auth } = ctx.state.app;
    const user = await auth.getUser(ctx.state.session!);
    return ctx.render<Data>({
      mfaOn: user.factors.some((f) => f.status === "verified"),
      recoveryCodesOffered: auth.recoveryCodes,
      notice: NOTICES[ctx.url.searchParams.get("done") ?? ""],
    });
  },
  async POST(ctx) {
    const { auth, throttle } = ctx.state.app;
    const session = ctx.state.session!;
    const claims = session.claims;
    const ip = throttle.clientIp(ctx.hono);
    const { values } = await readForm(ctx.req);
    const mfaOn = (await auth.getUser(session)).factors.some((f) => f.status === "verified");
    const render = (data: Omit<Data, "recoveryCodesOffered">, init?: { status: number }) =>
      ctx.render<Data>({ ...data, recoveryCodesOffered: auth.recoveryCodes }, init);
    try {
      switch (values.action) {
        case "password": {
          // Guessed passwords count with the sign-in form's (same account), so a stolen session cannot try more.
          await throttle.guard("password", claims.email, ip, async () => {
            if (!(await auth.checkPassword(session, values.current_password ?? ""))) {
              throw new AuthError(422, "invalid_credentials", "Your current password is not right.");
            }
          });
          await throttle.rate("password-change", claims.sub);
          await auth.updateUser(session, { password: values.password ?? "" });
          return ctx.redirect("/settings/security?done=password");
        }
        case "enroll": {
          const factor = await auth.enrollTotp(session, "Authenticator app");
          return render({
            mfaOn,
            // GoTrue's qr_code is the SVG itself.
            enrollment: { factorId: factor.id, qr: qrCodeDataUrl(factor.totp.qr_code), secret: factor.totp.secret },
          });
        }
        case "verify": {
          const elevated = await throttle.guard("mfa", claims.sub, ip, async () => {
            const challenge = await auth.challenge(session, values.factor_id ?? "");
            return await auth.verifyTotp(session, values.factor_id ?? "", challenge.id, values.code ?? "");
          });
          writeSessionCookies(ctx.hono, elevated);
          if (!auth.recoveryCodes) return ctx.redirect("/settings/security");
          const fresh = await callerFor(auth, elevated);
          return render({ mfaOn: true, recoveryCodes: await auth.regenerateRecoveryCodes(fresh) });
        }
        case "recovery-codes":
          return render({ mfaOn, recoveryCodes: await auth.regenerateRecoveryCodes(session) });
        case "disable": {
          const user = await auth.getUser(session);
          for (const factor of user.factors) await auth.unenroll(session, factor.id);
          return ctx.redirect("/settings/security?done=mfa-off");
        }
        case "sign-out-others":
          await auth.logout(session, "others");
          return ctx.redirect("/settings/security?done=signed-out-others");
      }
      return ctx.redirect("/settings/security");
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      // The QR code comes back from the form: only as the image it was (an SVG data: URL).
      const qr = (values.qr ?? "").startsWith("data:image/svg+xml;") ? values.qr : "";
      const enrollment = values.action === "verify" && values.factor_id
        ? { factorId: values.factor_id, qr, secret: values.secret ?? "" }
        : undefined;
      const field = values.action === "password" ? { passwordError: error.message } : { error: error.message };
      return render({ mfaOn, enrollment, ...field }, { status: error.status });
    }
  },
});

function EnrollmentForm({ enrollment, csrf }: { enrollment: Enrollment; csrf: string }) {
  return (
    <form method="post" action="/settings/security" class="mfa-enroll">
      <CsrfField token={csrf} />
      <input type="hidden" name="action" value="verify" />
      <input type="hidden" name="factor_id" value={enrollment.factorId} />
      <input type="hidden" name="qr" value={enrollment.qr} />
      <input type="hidden" name="secret" value={enrollment.secret} />
      <img class="qr-code" src={enrollment.qr} alt="QR code for your authenticator app" width={180} height={180} />
      <div class="mfa-enroll-body stack">
        <ol class="mfa-steps">
          <li>Scan this QR code with an authenticator app (1Password, Google Authenticator, Authy…).</li>
          <li>Enter the 6-digit code it shows.</li>
        </ol>
        <p class="text-sm muted">
          Can't scan? Enter this key: <code class="secret-key" data-testid="totp-secret">{enrollment.secret}</code>
        </p>
        <Input
          label="Code from the app"
          name="code"
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          autocomplete="one-time-code"
          required
          class="input-code"
        />
        <div>
          <Button type="submit" variant="primary">Turn on two-factor</Button>
        </div>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Alert tone="warning" title="Save your recovery codes now">
      <p>Each code signs you in once if you lose your phone. We won't show them again.</p>
      <ul class="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export default define.page<typeof handler>(function SecuritySettings({ data, state, url }) {
  const { csrf } = state as SignedInState;
  return (
    <SettingsLayout path={url.pathname} title="Security" description="Keep your account and your team's data safe.">
      <Head>
        <title>Security · Settings · Leadly</title>
      </Head>
      {data.notice && <Alert tone="success">{data.notice}</Alert>}
      {data.error && <Alert tone="error">{data.error}</Alert>}
      {data.recoveryCodes && <RecoveryCodes codes={data.recoveryCodes} />}

      <Card
        title="Two-factor authentication"
        description="Ask for a code from your phone after your password."
        actions={data.mfaOn ? <Badge tone="success" dot>On</Badge> : <Badge>Off</Badge>}
      >
        {data.enrollment
          ? <EnrollmentForm enrollment={data.enrollment} csrf={csrf} />
          : data.mfaOn
          ? (
            <div class="row gap-2 wrap">
              {data.recoveryCodesOffered && (
                <form method="post" action="/settings/security">
                  <CsrfField token={csrf} />
                  <Button type="submit" name="action" value="recovery-codes" variant="secondary">
                    New recovery codes
                  </Button>
                </form>
              )}
              <form method="post" action="/settings/security">
                <CsrfField token={csrf} />
                <Button type="submit" name="action" value="disable" variant="danger">Turn off two-factor</Button>
              </form>
            </div>
          )
          : (
            <form method="post" action="/settings/security">
              <CsrfField token={csrf} />
              <Button type="submit" name="action" value="enroll" variant="primary" icon="shield">
                Set up two-factor
              </Button>
            </form>
          )}
      </Card>

      <Card title="Password" description="Changing it signs out your other devices.">
        <form method="post" action="/settings/security" class="form stack">
          <CsrfField token={csrf} />
          <input type="hidden" name="action" value="password" />
          <Input
            label="Current password"
            name="current_password"
            type="password"
            autocomplete="current-password"
            required
            error={data.passwordError}
          />
          <PasswordStrength id="new_password" label="New password" autocomplete="new-password" />
          <div>
            <Button type="submit" variant="primary">Change password</Button>
          </div>
        </form>
      </Card>

      <Card title="Sessions" description="Signed in somewhere you don't recognise? End every other session.">
        <form method="post" action="/settings/security">
          <CsrfField token={csrf} />
          <Button type="submit" name="action" value="sign-out-others" variant="secondary" icon="logout">
            Sign out other sessions
          </Button>
        </form>
      </Card>
    </SettingsLayout>
  );
});
