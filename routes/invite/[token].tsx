// The link in an invitation email: accept it, or create the account it was sent to first.
import { z } from "zod";
import { define, type State } from "../../utils.ts";
import type { Ctx } from "../../lib/web/context.ts";
import { Head } from "../../lib/web/head.tsx";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Alert } from "../../components/ui/Alert.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { Input } from "../../components/ui/Input.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import PasswordStrength from "../../islands/PasswordStrength.tsx";
import BrowserTimeZone from "../../islands/BrowserTimeZone.tsx";
import { AuthError } from "../../lib/auth/errors.ts";
import { writeSessionCookies } from "../../lib/auth/cookies.ts";
import { errorMessage, type FieldErrors, parseWith, readForm } from "../../lib/forms.ts";
import { acceptInvitation, type InvitationPreview, previewInvitation } from "../../lib/invitations.ts";
import { accountStep, writePendingSignup } from "../../lib/signup.ts";
import { switchTeamAndReissue } from "../../lib/team-session.ts";
import { ROLE_LABELS } from "../../lib/teams.ts";
import { hasConfirmedAccount } from "../../lib/auth/users.ts";
import { startInTimeZone } from "../../lib/profiles.ts";
import { clientMeta } from "../../lib/auth/gotrue.ts";
import { forgetInviteLink, rememberInviteLink } from "../../lib/auth/invite-link.ts";

interface Data {
  invitation: InvitationPreview | null;
  hasAccount: boolean;
  error?: string;
  errors?: FieldErrors;
}

const STATUS_TEXT = {
  accepted: "This invitation was already used. Sign in to open the workspace.",
  expired: "This invitation has expired. Ask the person who invited you for a new one.",
  revoked: "This invitation was withdrawn.",
};

async function load(ctx: Ctx<State>) {
  const invitation = await previewInvitation(ctx.state.app.db, ctx.params.token);
  // An unconfirmed account (signed up, never verified) is no account: the link's holder may create it.
  const hasAccount = invitation
    ? await hasConfirmedAccount(ctx.state.app.db, invitation.email, "invitations:account-check")
    : false;
  return { invitation, hasAccount };
}

export const handler = define.handlers({
  async GET(ctx) {
    const data = await load(ctx);
    if (data.invitation?.status === "open") rememberInviteLink(ctx.hono, ctx.url.pathname);
    else forgetInviteLink(ctx.hono);
    return ctx.render<Data>(data, { status: data.invitation ? 200 : 404 });
  },
  async POST(ctx) {
    const data = await load(ctx);
    const { invitation } = data;
    if (!invitation || invitation.status !== "open") return ctx.render<Data>(data, { status: 410 });
    const { values } = await readForm(ctx.req);
    if (values.action === "signup") {
      const form = parseWith(accountStep.extend({ email: z.literal(invitation.email) }), {
        ...values,
        email: invitation.email,
      }, values);
      if (!form.ok) return ctx.render<Data>({ ...data, errors: form.errors }, { status: 422 });
      let signupRef: string | undefined;
      try {
        const { throttle, auth, db } = ctx.state.app;
        await throttle.rate("signup", throttle.clientIp(ctx.hono));
        // The emailed link proved the address: the account is confirmed and joins at once, no second code.
        if (auth.signUpProven) {
          const input = {
            email: invitation.email,
            password: form.data.password,
            data: { full_name: form.data.full_name },
          };
          const created = await auth.signUpProven(input, clientMeta(ctx.hono));
          const claims = await auth.claimsFor(created.access_token);
          await startInTimeZone(db, claims, form.data.time_zone, form.data.full_name);
          await acceptInvitation(db, claims, ctx.params.token);
          // A fresh token names the team just joined (it is now the user's only one).
          writeSessionCookies(ctx.hono, await auth.refresh(created.refresh_token));
          forgetInviteLink(ctx.hono);
          return ctx.redirect("/?joined=1");
        }
        await throttle.issue("signup", invitation.email);
        const created = await ctx.state.app.auth.signUp({
          email: invitation.email,
          password: form.data.password,
          data: { full_name: form.data.full_name },
        });
        // Signed in at once (a Supabase project that confirms emails by itself): back here to accept.
        if (created.session) {
          await startInTimeZone(
            ctx.state.app.db,
            await ctx.state.app.auth.claimsFor(created.session.access_token),
            form.data.time_zone,
            form.data.full_name,
          );
          writeSessionCookies(ctx.hono, created.session);
          return ctx.redirect(ctx.url.pathname);
        }
        signupRef = created.signup_ref;
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        return ctx.render<Data>({ ...data, error: error.message }, { status: error.status });
      }
      await writePendingSignup(ctx.hono, ctx.state.app.sealer, {
        full_name: form.data.full_name,
        email: invitation.email,
        signup_ref: signupRef,
        time_zone: form.data.time_zone,
      });
      return ctx.redirect(`/signup/verify?next=${encodeURIComponent(ctx.url.pathname)}`);
    }
    const session = ctx.state.session;
    if (!session) return ctx.redirect(`/login?next=${encodeURIComponent(ctx.url.pathname)}`);
    try {
      const member = await acceptInvitation(ctx.state.app.db, session.claims, ctx.params.token);
      // Joining a workspace: a member who never chose a zone starts in their browser's (see startInTimeZone).
      await startInTimeZone(ctx.state.app.db, session.claims, values.time_zone);
      await switchTeamAndReissue(ctx, member.team_id);
      forgetInviteLink(ctx.hono);
      return ctx.redirect("/?joined=1");
    } catch (error) {
      return ctx.render<Data>({ ...data, error: errorMessage(error) }, { status: 409 });
    }
  },
});

export default define.page<typeof handler>(function Invite({ data, state, url }) {
  const { invitation, hasAccount } = data;
  const session = state.session;
  const title = invitation ? `Join ${invitation.team_name}` : "Invitation not found";
  return (
    <AuthLayout
      title={title}
      subtitle={invitation
        ? `${invitation.inviter_name || "A teammate"} invited ${invitation.email} to join as ${
          ROLE_LABELS[invitation.role]
        }.`
        : "The link may be incomplete. Check the email and try again."}
      pitch={!session}
    >
      <Head>
        <title>{title} · Leadly</title>
      </Head>
      {data.error && <Alert tone="error">{data.error}</Alert>}
      {invitation && invitation.status !== "open" && <Alert tone="warning">{STATUS_TEXT[invitation.status]}</Alert>}
      {invitation?.status === "open" && session && session.user.email === invitation.email && (
        <form method="post" action={url.pathname} class="stack">
          <CsrfField token={state.csrf} />
          <BrowserTimeZone />
          <Button type="submit" name="action" value="accept" variant="primary" block size="lg">
            Accept and join {invitation.team_name}
          </Button>
        </form>
      )}
      {invitation?.status === "open" && session && session.user.email !== invitation.email && (
        <div class="stack">
          <Alert tone="warning">
            You are signed in as {session.user.email}. Sign out, then open the link again as {invitation.email}.
          </Alert>
          <form method="post" action="/logout">
            <CsrfField token={state.csrf} />
            <Button type="submit" variant="secondary" block>Sign out</Button>
          </form>
        </div>
      )}
      {invitation?.status === "open" && !session && hasAccount && (
        <Button href={`/login?next=${encodeURIComponent(url.pathname)}`} variant="primary" block size="lg">
          Sign in as {invitation.email} to accept
        </Button>
      )}
      {invitation?.status === "open" && !session && !hasAccount && (
        <form method="post" action={url.pathname} class="form stack">
          <CsrfField token={state.csrf} />
          <input type="hidden" name="action" value="signup" />
          <BrowserTimeZone />
          <Input label="Email" name="email_display" value={invitation.email} disabled />
          <Input
            label="Full name"
            name="full_name"
            autocomplete="name"
            required
            autofocus
            error={data.errors?.full_name}
          />
          <PasswordStrength error={data.errors?.password} autocomplete="new-password" />
          <Button type="submit" variant="primary" block size="lg">Create account and join</Button>
        </form>
      )}
    </AuthLayout>
  );
});
