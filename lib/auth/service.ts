// The auth server's operations, shared by the /auth/v1 API and the SSR forms.
import { z } from "zod";
import type { Db, Tx } from "../db/mod.ts";
import type { Mailer } from "../mail/mailer.ts";
import { recoveryCodeMail, verificationCodeMail } from "../mail/templates.ts";
import { checkPassword } from "../password-rules.ts";
import type { AuthBackend, Caller } from "./backend.ts";
import type { Claims } from "../db/claims.ts";
import { consumeCode, invalidCode, issueCode, issueSignupCode, signupBinding } from "./codes.ts";
import { hashPassword, verifyPassword } from "./crypto.ts";
import { AuthError, invalidCredentials, notSignedIn } from "./errors.ts";
import { ACCESS_TOKEN_SECONDS, type JwtKeys } from "./jwt.ts";
import * as mfa from "./mfa.ts";
import {
  createSession,
  endSessions,
  findSession,
  issueRefreshToken,
  rotateRefreshToken,
  sessionEnded,
  type SessionRow,
} from "./sessions.ts";
import {
  currentTeam,
  findUserByEmail,
  findUserById,
  insertUser,
  listFactors,
  userJson,
  type UserRow,
} from "./users.ts";
import { provisionAfterSignup } from "./provision.ts";
import { listFactorsVerified } from "./mfa-status.ts";

export interface AuthSession {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: ReturnType<typeof userJson>;
}

export interface ClientMeta {
  userAgent?: string;
  ip?: string;
}

const email = z.string().trim().toLowerCase().max(254).email("Enter a valid email address.");

export const signupInput = z.object({
  email,
  password: z.string().max(200, "Passwords can be at most 200 characters."),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type SignupInput = z.infer<typeof signupInput>;

/** A claims-only call (the /auth/v1 API) or a signed-in request (pages, through AuthBackend). */
function claimsOf(who: Claims | Caller): Claims {
  return "accessToken" in who && "claims" in who ? who.claims : who;
}

export function assertStrong(password: string) {
  const result = checkPassword(password);
  if (!result.ok) {
    const missing = result.rules.filter((r) => !r.ok).map((r) => r.label.toLowerCase());
    throw new AuthError(422, "weak_password", `Choose a stronger password: ${missing.join(", ")}.`);
  }
}

/** Keeps only known, short, string metadata so nothing odd lands in tokens. */
export function cleanMetadata(data: Record<string, unknown> = {}) {
  const allowed = ["full_name", "company_name", "industry", "job_role", "modules", "timezone"];
  const out: Record<string, unknown> = {};
  for (const key of allowed) {
    const value = data[key];
    if (typeof value === "string" && value.length <= 120) out[key] = value.trim();
    if (key === "modules" && Array.isArray(value)) out[key] = value.filter((v) => typeof v === "string").slice(0, 20);
  }
  return out;
}

export class AuthService implements AuthBackend {
  readonly mode = "embedded" as const;
  readonly recoveryCodes = true;
  readonly mailsCodes = true;

  constructor(readonly db: Db, readonly keys: JwtKeys, readonly mailer: Mailer) {}

  /**
   * Creates an unverified account, or for one that exists unverified, mails another code. A repeated signup
   * never changes the account: its password and profile travel with its own code (codes.ts) and apply only
   * when that code verifies the email. `signup_ref` lets the same signup ask for a resend.
   */
  async signUp(input: SignupInput): Promise<ReturnType<typeof userJson> & { signup_ref: string }> {
    assertStrong(input.password);
    const hash = await hashPassword(input.password);
    const metadata = cleanMetadata(input.data);
    const { user, code } = await this.db.asService("auth:signup", async (tx) => {
      const existing = await findUserByEmail(tx, input.email);
      if (existing?.email_confirmed_at) {
        throw new AuthError(
          422,
          "user_already_exists",
          "An account with this email already exists. Sign in, or reset your password if you forgot it.",
        );
      }
      const user = existing ?? await insertUser(tx, input.email, hash, metadata);
      return { user, code: await issueSignupCode(tx, user.id, { password_hash: hash, user_metadata: metadata }) };
    });
    await this.#sendQuietly(verificationCodeMail(user.email, code.code));
    return { ...userJson(user), signup_ref: code.id };
  }

  /**
   * An account whose address the caller already proved (they hold an invitation link mailed to it): created
   * confirmed and signed in, no code. An unconfirmed account for the address (someone signed up with it
   * and never verified) takes this password and profile, as a verified code would have given it.
   */
  async signUpProven(input: SignupInput, meta: ClientMeta): Promise<AuthSession> {
    assertStrong(input.password);
    const hash = await hashPassword(input.password);
    const metadata = cleanMetadata(input.data);
    return await this.db.asService("auth:signup-proven", async (tx) => {
      const existing = await findUserByEmail(tx, input.email);
      if (existing?.email_confirmed_at) {
        throw new AuthError(422, "user_already_exists", "An account with this email already exists. Sign in instead.");
      }
      const user = existing ?? await insertUser(tx, input.email, hash, metadata);
      await tx.query(
        `update auth.users set email_confirmed_at = now(), encrypted_password = $2, raw_user_meta_data = $3::jsonb,
           updated_at = now() where id = $1`,
        [user.id, hash, JSON.stringify(metadata)],
      );
      const confirmed = (await findUserById(tx, user.id))!;
      // Its profile; no team of its own (no company_name): the invitation is its team.
      await provisionAfterSignup(tx, confirmed);
      return await this.#startSession(tx, confirmed, meta);
    });
  }

  /** A new signup code; with the `signup_ref` of a signup it carries that signup's password and profile. */
  async resendSignupCode(address: string, signupRef?: string) {
    const sent = await this.db.asService("auth:resend", async (tx) => {
      const user = await findUserByEmail(tx, address);
      if (!user || user.email_confirmed_at) return null;
      const binding = signupRef ? await signupBinding(tx, user.id, signupRef) : null;
      const code = await issueSignupCode(tx, user.id, binding ?? { password_hash: null, user_metadata: null });
      return { to: user.email, code: code.code };
    });
    if (sent) await this.#sendQuietly(verificationCodeMail(sent.to, sent.code));
  }

  /** Confirms an email (creating the signup's team) or starts a recovery session. */
  async verifyOtp(type: "signup" | "recovery" | "email", address: string, token: string, meta: ClientMeta) {
    const purpose = type === "recovery" ? "recovery" : "signup";
    const result = await this.db.asService("auth:verify", async (tx) => {
      const user = await findUserByEmail(tx, address);
      const binding = user ? await consumeCode(tx, user.id, purpose, token) : null;
      if (!user || !binding) return null;
      if (purpose === "signup") {
        await tx.query(
          `update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()),
             encrypted_password = coalesce($2, encrypted_password),
             raw_user_meta_data = coalesce($3::jsonb, raw_user_meta_data), updated_at = now()
           where id = $1`,
          [user.id, binding.password_hash, binding.user_metadata ? JSON.stringify(binding.user_metadata) : null],
        );
        await provisionAfterSignup(tx, (await findUserById(tx, user.id))!);
      }
      return await this.#startSession(tx, (await findUserById(tx, user.id))!, meta);
    });
    if (!result) throw invalidCode();
    return result;
  }

  async signInWithPassword(address: string, password: string, meta: ClientMeta): Promise<AuthSession> {
    const user = await this.db.asService("auth:token", (tx) => findUserByEmail(tx, address));
    if (!(await verifyPassword(password, user?.encrypted_password ?? null)) || !user) throw invalidCredentials();
    if (!user.email_confirmed_at) {
      throw new AuthError(400, "email_not_confirmed", "Confirm your email first: enter the code we sent you.");
    }
    return await this.db.asService("auth:token", async (tx) => {
      await tx.query("update auth.users set last_sign_in_at = now() where id = $1", [user.id]);
      return await this.#startSession(tx, user, meta);
    });
  }

  async refresh(refreshToken: string): Promise<AuthSession> {
    const result = await this.db.asService("auth:refresh", async (tx) => {
      const session = await rotateRefreshToken(tx, refreshToken);
      if (!session) return null;
      const user = await findUserById(tx, session.user_id);
      if (!user) return null;
      return await this.#issue(tx, user, session);
    });
    if (!result) throw sessionEnded();
    return result;
  }

  /** Verifies an access token and that its session is still live (logout takes effect at once). */
  async claimsFor(accessToken: string): Promise<Claims> {
    const claims = await this.keys.verify(accessToken);
    if (!claims) throw notSignedIn();
    const live = await this.db.asService("auth:session-check", (tx) => findSession(tx, claims.session_id));
    if (!live) throw notSignedIn();
    return claims;
  }

  async hasVerifiedFactor(userId: string): Promise<boolean> {
    return await listFactorsVerified(this.db, userId);
  }

  async getUser(who: Claims | Caller) {
    const claims = claimsOf(who);
    return await this.db.asService("auth:user", async (tx) => {
      const user = await findUserById(tx, claims.sub);
      if (!user) throw notSignedIn();
      return userJson(user, await listFactors(tx, user.id));
    });
  }

  async updateUser(who: Claims | Caller, input: { password?: string; data?: Record<string, unknown> }) {
    const claims = claimsOf(who);
    if (input.password !== undefined) assertStrong(input.password);
    const hash = input.password !== undefined ? await hashPassword(input.password) : null;
    return await this.db.asService("auth:update-user", async (tx) => {
      const factors = await listFactors(tx, claims.sub);
      if (hash && factors.some((f) => f.status === "verified") && claims.aal !== "aal2") {
        throw new AuthError(403, "insufficient_aal", "Confirm with your two-factor code before changing the password.");
      }
      const [user] = await tx.query<UserRow>(
        `update auth.users set
           encrypted_password = coalesce($2, encrypted_password),
           raw_user_meta_data = raw_user_meta_data || $3::jsonb,
           updated_at = now()
         where id = $1 returning *`,
        [claims.sub, hash, JSON.stringify(cleanMetadata(input.data))],
      );
      // A new password ends every other session: whoever knew the old one is signed out.
      if (hash) await endSessions(tx, claims.sub, claims.session_id, "others");
      return userJson(user, factors);
    });
  }

  /** For changing a password while signed in: proves it is the person, not an open laptop. */
  async checkPassword(who: Claims | Caller, password: string): Promise<boolean> {
    const claims = claimsOf(who);
    const user = await this.db.asService("auth:check-password", (tx) => findUserById(tx, claims.sub));
    return await verifyPassword(password, user?.encrypted_password ?? null);
  }

  async logout(who: Claims | Caller, scope: "local" | "global" | "others" = "local") {
    const claims = claimsOf(who);
    await this.db.asService("auth:logout", (tx) => endSessions(tx, claims.sub, claims.session_id, scope));
  }

  /** Always succeeds the same way (even when mail fails), so it cannot tell who has an account. */
  async recover(address: string) {
    const sent = await this.db.asService("auth:recover", async (tx) => {
      const user = await findUserByEmail(tx, address);
      if (!user) return null;
      return { to: user.email, code: await issueCode(tx, user.id, "recovery") };
    });
    if (sent) await this.#sendQuietly(recoveryCodeMail(sent.to, sent.code));
  }

  enrollTotp(who: Claims | Caller, friendlyName?: string) {
    const claims = claimsOf(who);
    return this.db.asService("auth:mfa-enroll", async (tx) => {
      await this.#requireAal2IfProtected(tx, claims, "adding another two-factor method");
      return await mfa.enrollTotp(tx, claims.sub, claims.email, friendlyName);
    });
  }

  challenge(who: Claims | Caller, factorId: string) {
    const claims = claimsOf(who);
    return this.db.asService("auth:mfa-challenge", async (tx) => {
      const factor = await mfa.getFactor(tx, claims.sub, factorId);
      if (factor.status !== "verified") await this.#requireAal2IfProtected(tx, claims, "adding a two-factor method");
      return await mfa.createChallenge(tx, factorId);
    });
  }

  /**
   * A right code for a verified factor lifts the session to aal2. Verifying a new factor finishes its set-up;
   * while another verified factor exists that needs aal2 already, so a password alone can never enrol its
   * own factor and elevate itself past the one the account owner set up.
   */
  async verifyTotp(who: Claims | Caller, factorId: string, challengeId: string, code: string): Promise<AuthSession> {
    const claims = claimsOf(who);
    const result = await this.db.asService("auth:mfa-verify", async (tx) => {
      const factor = await mfa.getFactor(tx, claims.sub, factorId);
      if (factor.status !== "verified") await this.#requireAal2IfProtected(tx, claims, "adding a two-factor method");
      if (!(await mfa.verifyChallenge(tx, factor, challengeId, code))) return null;
      return await this.#elevate(tx, claims);
    });
    if (!result) {
      throw new AuthError(
        422,
        "mfa_verification_failed",
        "That code is not right. Check your authenticator app and try again.",
      );
    }
    return result;
  }

  /** Stands in for a TOTP code at sign-in; each recovery code works once. */
  async verifyRecoveryCode(who: Claims | Caller, code: string): Promise<AuthSession> {
    const claims = claimsOf(who);
    const result = await this.db.asService("auth:mfa-recovery", async (tx) => {
      if (!(await mfa.useRecoveryCode(tx, claims.sub, code))) return null;
      return await this.#elevate(tx, claims);
    });
    if (!result) {
      throw new AuthError(422, "mfa_verification_failed", "That recovery code is not valid or was already used.");
    }
    return result;
  }

  regenerateRecoveryCodes(who: Claims | Caller) {
    const claims = claimsOf(who);
    if (claims.aal !== "aal2") {
      throw new AuthError(403, "insufficient_aal", "Confirm with your two-factor code first.");
    }
    return this.db.asService("auth:mfa-recovery-codes", (tx) => mfa.regenerateRecoveryCodes(tx, claims.sub));
  }

  async unenroll(who: Claims | Caller, factorId: string) {
    const claims = claimsOf(who);
    await this.db.asService("auth:mfa-unenroll", async (tx) => {
      await mfa.getFactor(tx, claims.sub, factorId);
      await this.#requireAal2IfProtected(tx, claims, "removing a two-factor method");
      await tx.query("delete from identity.mfa_factors where id = $1", [factorId]);
      const left = await tx.query("select 1 from identity.mfa_factors where user_id = $1 and status = 'verified'", [
        claims.sub,
      ]);
      if (left.length === 0) await tx.query("delete from identity.recovery_codes where user_id = $1", [claims.sub]);
    });
  }

  /** Re-issues tokens for the same session, e.g. after switching teams. */
  async reissue(who: Claims | Caller, refreshToken: string): Promise<AuthSession> {
    const session = await this.refresh(refreshToken);
    if ((await this.keys.verify(session.access_token))?.session_id !== claimsOf(who).session_id) throw notSignedIn();
    return session;
  }

  /** Tokens name the current team (app_metadata.team_id): remember it on the user and re-issue this session's. */
  async teamSwitched(who: Claims | Caller, teamId: string, refreshToken?: string): Promise<AuthSession | null> {
    const claims = claimsOf(who);
    await this.db.asService("teams:switch", (tx) =>
      tx.query(
        "update auth.users set raw_app_meta_data = raw_app_meta_data || jsonb_build_object('team_id', $2::text) where id = $1",
        [claims.sub, teamId],
      ));
    return refreshToken ? await this.reissue(claims, refreshToken) : null;
  }

  /**
   * While the account has a verified factor, changing its factors needs a session that proved one (aal2).
   * Read from the session row, not the token: a token minted before a factor was verified elsewhere says aal1
   * anyway, and one minted before a logout must not count.
   */
  async #requireAal2IfProtected(tx: Tx, claims: Claims, what: string) {
    const [row] = await tx.query<{ protected: boolean; aal: string | null }>(
      `select exists (select 1 from identity.mfa_factors where user_id = $1 and status = 'verified') as protected,
              (select aal from identity.sessions where id::text = $2) as aal`,
      [claims.sub, claims.session_id],
    );
    if (row.protected && (row.aal !== "aal2" || claims.aal !== "aal2")) {
      throw new AuthError(403, "insufficient_aal", `Confirm with your two-factor code before ${what}.`);
    }
  }

  /**
   * Codes go out by mail; when the mail server fails, the answer must still be the same as when it works
   * (or as for an unknown address), so the failure is logged rather than thrown. The person can ask again.
   */
  async #sendQuietly(message: Parameters<Mailer["send"]>[0]) {
    try {
      await this.mailer.send(message);
    } catch (error) {
      console.error(`mail to ${message.to} failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  async #elevate(tx: Tx, claims: Claims) {
    await tx.query("update identity.sessions set aal = 'aal2' where id = $1", [claims.session_id]);
    const session = await findSession(tx, claims.session_id);
    const user = await findUserById(tx, claims.sub);
    if (!session || !user) throw notSignedIn();
    return await this.#issue(tx, user, session, "totp");
  }

  async #startSession(tx: Tx, user: UserRow, meta: ClientMeta) {
    return await this.#issue(tx, user, await createSession(tx, user.id, meta));
  }

  async #issue(tx: Tx, user: UserRow, session: SessionRow, method = "password"): Promise<AuthSession> {
    const now = Math.floor(Date.now() / 1000);
    const team = await currentTeam(tx, user);
    const app_metadata = { ...user.raw_app_meta_data, provider: "email" as const, providers: ["email"], ...team };
    const access_token = await this.keys.sign({
      sub: user.id,
      role: "authenticated",
      aud: "authenticated",
      email: user.email,
      phone: "",
      app_metadata,
      user_metadata: user.raw_user_meta_data,
      aal: session.aal,
      amr: [{ method, timestamp: now }],
      session_id: session.id,
      is_anonymous: false,
    }, now);
    return {
      access_token,
      token_type: "bearer",
      expires_in: ACCESS_TOKEN_SECONDS,
      expires_at: now + ACCESS_TOKEN_SECONDS,
      refresh_token: await issueRefreshToken(tx, session),
      user: userJson({ ...user, raw_app_meta_data: app_metadata }, await listFactors(tx, user.id)),
    };
  }
}
