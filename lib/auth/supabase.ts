// Supabase Auth mode (SUPABASE_URL): a Supabase project's Auth signs people in, Leadly only verifies its tokens.
// The pages' forms stay server-side: they call Supabase Auth's HTTP API (what supabase-js calls underneath:
// /token, /signup, /verify, /recover, /user, /logout, /factors) with the project's anon key and keep the session
// it returns in Leadly's own httpOnly cookies, as the embedded server's is. Session liveness is Supabase's:
// its access tokens are short-lived; nothing here looks at identity.sessions.
import type { SupabaseAuthConfig } from "../../fresh.config.ts";
import type { Db } from "../db/mod.ts";
import type { AuthBackend, AuthUser, Caller, TotpEnrollment } from "./backend.ts";
import type { Claims } from "../db/claims.ts";
import { invalidCode } from "./codes.ts";
import { AuthError, invalidCredentials, notSignedIn } from "./errors.ts";
import { assertStrong, type AuthSession, cleanMetadata, type ClientMeta, type SignupInput } from "./service.ts";
import { sessionEnded } from "./sessions.ts";
import { SupabaseTokenVerifier } from "./supabase-tokens.ts";

const TIMEOUT_MS = 10_000;

interface GotrueErrorBody {
  code?: number | string;
  error_code?: string;
  msg?: string;
  message?: string;
  error?: string;
  error_description?: string;
}

/** GoTrue's error (either API version's shape) as an AuthError, in the same words the embedded server uses. */
function gotrueError(status: number, body: GotrueErrorBody | null): AuthError {
  const code = body?.error_code ?? (typeof body?.code === "string" ? body.code : undefined) ?? body?.error ??
    "unexpected_failure";
  const message = body?.msg ?? body?.message ?? body?.error_description ?? "Sign-in failed.";
  switch (code) {
    case "invalid_credentials":
    case "invalid_grant":
      return status === 400 && /refresh/i.test(message) ? sessionEnded() : invalidCredentials();
    case "email_not_confirmed":
      return new AuthError(400, code, "Confirm your email first: enter the code we sent you.");
    case "otp_expired":
    case "otp_disabled":
      return invalidCode();
    case "mfa_verification_failed":
      return new AuthError(422, code, "That code is not right. Check your authenticator app and try again.");
    case "refresh_token_not_found":
    case "refresh_token_already_used":
    case "session_not_found":
    case "session_expired":
      return sessionEnded();
    case "over_request_rate_limit":
    case "over_email_send_rate_limit":
      return new AuthError(429, code, "Too many attempts. Please wait a little and try again.");
  }
  return new AuthError(status >= 400 && status < 600 ? status : 500, code, message);
}

export class SupabaseAuth implements AuthBackend {
  readonly mode = "supabase" as const;
  readonly recoveryCodes = false;
  readonly mailsCodes = false;
  readonly verifier: SupabaseTokenVerifier;
  readonly #base: string;

  constructor(readonly db: Db, readonly config: SupabaseAuthConfig, jwtSecret: string | null) {
    this.verifier = new SupabaseTokenVerifier(config.url, jwtSecret, config.anonKey);
    this.#base = `${config.url}/auth/v1`;
  }

  /** One call to Supabase Auth, authenticated with the anon key (apikey) and the user's token when there is one. */
  async #call<T>(method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.#base}${path}`, {
        method,
        headers: {
          apikey: this.config.anonKey,
          authorization: `Bearer ${options.token ?? this.config.anonKey}`,
          "content-type": "application/json;charset=UTF-8",
          "x-client-info": "leadly",
          "x-supabase-api-version": "2024-01-01",
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      console.error(`Supabase Auth ${method} ${path} failed: ${error instanceof Error ? error.message : error}`);
      throw new AuthError(503, "auth_unavailable", "Sign-in is not reachable right now. Please try again in a moment.");
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      if (res.status >= 500) console.error(`Supabase Auth ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      throw gotrueError(res.status, json as GotrueErrorBody | null);
    }
    return json as T;
  }

  async claimsFor(accessToken: string): Promise<Claims> {
    const claims = await this.verifier.verify(accessToken);
    if (!claims) throw notSignedIn();
    return claims;
  }

  /** Supabase keeps factors in auth.mfa_factors of the project's database, which is Leadly's database too. */
  async hasVerifiedFactor(userId: string): Promise<boolean> {
    const [row] = await this.db.asService(
      "auth:supabase-factors",
      (tx) => tx.query<{ yes: boolean }>("select app.has_verified_mfa_factor($1) as yes", [userId]),
    );
    return Boolean(row?.yes);
  }

  async signUp(input: SignupInput) {
    assertStrong(input.password);
    const result = await this.#call<Partial<AuthSession> & { id?: string }>("POST", "/signup", {
      body: { email: input.email, password: input.password, data: cleanMetadata(input.data) },
    });
    // A project that confirms emails by itself answers with a session; otherwise with the (unconfirmed) user.
    const session = result?.access_token ? result as AuthSession : null;
    if (session) await this.#ensureProfile(session);
    return { session };
  }

  async resendSignupCode(email: string) {
    await this.#call("POST", "/resend", { body: { type: "signup", email } });
  }

  async verifyOtp(type: "signup" | "recovery" | "email", email: string, token: string, _meta: ClientMeta) {
    const session = await this.#call<AuthSession>("POST", "/verify", { body: { type, email, token } });
    if (type !== "recovery") await this.#ensureProfile(session);
    return session;
  }

  async signInWithPassword(email: string, password: string, _meta: ClientMeta) {
    return await this.#call<AuthSession>("POST", "/token?grant_type=password", { body: { email, password } });
  }

  async refresh(refreshToken: string) {
    return await this.#call<AuthSession>("POST", "/token?grant_type=refresh_token", {
      body: { refresh_token: refreshToken },
    });
  }

  async recover(email: string) {
    try {
      await this.#call("POST", "/recover", { body: { email } });
    } catch (error) {
      // A refusal must read the same for every address; only "slow down" is worth passing on.
      if (error instanceof AuthError && error.status === 429) throw error;
      console.error(`Supabase Auth recover failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  async getUser(caller: Caller) {
    const user = await this.#call<AuthUser>("GET", "/user", { token: caller.accessToken });
    return { ...user, factors: user.factors ?? [] };
  }

  async updateUser(caller: Caller, input: { password?: string; data?: Record<string, unknown> }) {
    if (input.password !== undefined) assertStrong(input.password);
    const body: Record<string, unknown> = {};
    if (input.password !== undefined) body.password = input.password;
    if (input.data) body.data = cleanMetadata(input.data);
    return await this.#call<AuthUser>("PUT", "/user", { token: caller.accessToken, body });
  }

  /** Supabase Auth has no "check this password" call: a sign-in proves it, and that extra session is ended at once. */
  async checkPassword(caller: Caller, password: string) {
    try {
      const proof = await this.signInWithPassword(caller.claims.email, password, {});
      await this.#call("POST", "/logout?scope=local", { token: proof.access_token }).catch(() => {});
      return true;
    } catch (error) {
      if (error instanceof AuthError && error.code === "invalid_credentials") return false;
      throw error;
    }
  }

  async logout(caller: Caller, scope: "local" | "global" | "others" = "local") {
    try {
      await this.#call("POST", `/logout?scope=${scope}`, { token: caller.accessToken });
    } catch (error) {
      // A session Supabase already ended is as signed out as it gets (supabase-js ignores these too).
      if (!(error instanceof AuthError) || ![401, 403, 404].includes(error.status)) throw error;
    }
  }

  async enrollTotp(caller: Caller, friendlyName = "Authenticator app"): Promise<TotpEnrollment> {
    // An abandoned set-up leaves an unverified factor with the same friendly name, which GoTrue refuses twice.
    const user = await this.getUser(caller);
    for (const factor of user.factors.filter((f) => f.status === "unverified")) {
      await this.#call("DELETE", `/factors/${encodeURIComponent(factor.id)}`, { token: caller.accessToken })
        .catch(() => {});
    }
    return await this.#call<TotpEnrollment>("POST", "/factors", {
      token: caller.accessToken,
      body: { factor_type: "totp", friendly_name: friendlyName, issuer: "Leadly" },
    });
  }

  async challenge(caller: Caller, factorId: string) {
    return await this.#call<{ id: string; expires_at: number }>(
      "POST",
      `/factors/${encodeURIComponent(factorId)}/challenge`,
      { token: caller.accessToken, body: {} },
    );
  }

  async verifyTotp(caller: Caller, factorId: string, challengeId: string, code: string) {
    return await this.#call<AuthSession>("POST", `/factors/${encodeURIComponent(factorId)}/verify`, {
      token: caller.accessToken,
      body: { challenge_id: challengeId, code: code.trim() },
    });
  }

  verifyRecoveryCode(): Promise<AuthSession> {
    return Promise.reject(noRecoveryCodes());
  }

  regenerateRecoveryCodes(): Promise<string[]> {
    return Promise.reject(noRecoveryCodes());
  }

  async unenroll(caller: Caller, factorId: string) {
    await this.#call("DELETE", `/factors/${encodeURIComponent(factorId)}`, { token: caller.accessToken });
  }

  /** The current team lives in Leadly's table (lib/teams.ts), not in Supabase's tokens: nothing to re-issue. */
  teamSwitched(): Promise<AuthSession | null> {
    return Promise.resolve(null);
  }

  /**
   * A confirmed signup's profile (name and job from the signup form). The team named at signup is made by the
   * database itself (app.provision_signup_team, a trigger on auth.users), however the user was confirmed.
   */
  async #ensureProfile(session: AuthSession) {
    const claims = await this.claimsFor(session.access_token);
    const meta = claims.user_metadata ?? {};
    await this.db.asUser(claims, (tx) =>
      tx.query(
        `insert into public.profiles (id, full_name, job_role) values (auth.uid(), $1, nullif($2, ''))
         on conflict (id) do nothing`,
        [String(meta.full_name ?? "").slice(0, 120), String(meta.job_role ?? "").slice(0, 80)],
      ));
  }
}

const noRecoveryCodes = () =>
  new AuthError(
    400,
    "not_supported",
    "Recovery codes are not available with Supabase Auth. Use your authenticator app, or ask an admin for help.",
  );
