// Who signs people in: Leadly's embedded GoTrue-compatible server (AuthService, service.ts) or, with SUPABASE_URL,
// a Supabase project's Auth (SupabaseAuth, supabase.ts). Pages, the API and the socket reach them only through
// this interface, so everything above sign-in is the same code in both modes.
import type { Claims } from "../db/claims.ts";
import type { AuthSession, ClientMeta, SignupInput } from "./service.ts";
import type { userJson } from "./users.ts";

/** A signed-in request: its verified claims and the token they came from (Supabase Auth's calls need it). */
export interface Caller {
  claims: Claims;
  accessToken: string;
}

export type AuthUser = ReturnType<typeof userJson>;

export interface TotpEnrollment {
  id: string;
  type: "totp";
  friendly_name: string;
  /** `qr_code` is the SVG itself, as GoTrue returns it (supabase-js adds the data: URL prefix). */
  totp: { qr_code: string; secret: string; uri: string };
}

export interface AuthBackend {
  readonly mode: "embedded" | "supabase";
  /** Single-use recovery codes instead of a TOTP code: Leadly's own; Supabase Auth has none. */
  readonly recoveryCodes: boolean;
  /** Whether Leadly mails the signup and reset codes itself (else the auth provider does). */
  readonly mailsCodes: boolean;

  /** The claims of a valid access token whose session is live; throws AuthError otherwise. */
  claimsFor(accessToken: string): Promise<Claims>;
  /** Whether the user has a verified second factor, i.e. owes a code after the password (aal1 → aal2). */
  hasVerifiedFactor(userId: string): Promise<boolean>;

  /** A session only when the provider confirms emails by itself (no code to enter). */
  signUp(input: SignupInput): Promise<{ signup_ref?: string; session?: AuthSession | null }>;
  /**
   * Embedded only: an account for an address the caller proved by other means (an invitation link), confirmed
   * and signed in at once. Supabase Auth confirms addresses itself, so there it is absent and invitees verify.
   */
  signUpProven?(input: SignupInput, meta: ClientMeta): Promise<AuthSession>;
  resendSignupCode(email: string, signupRef?: string): Promise<void>;
  verifyOtp(
    type: "signup" | "recovery" | "email",
    email: string,
    token: string,
    meta: ClientMeta,
  ): Promise<AuthSession>;
  signInWithPassword(email: string, password: string, meta: ClientMeta): Promise<AuthSession>;
  refresh(refreshToken: string): Promise<AuthSession>;
  /** Mails a password reset code; answers the same whether or not the address has an account. */
  recover(email: string): Promise<void>;

  getUser(caller: Caller): Promise<AuthUser>;
  updateUser(caller: Caller, input: { password?: string; data?: Record<string, unknown> }): Promise<AuthUser>;
  checkPassword(caller: Caller, password: string): Promise<boolean>;
  logout(caller: Caller, scope?: "local" | "global" | "others"): Promise<void>;

  enrollTotp(caller: Caller, friendlyName?: string): Promise<TotpEnrollment>;
  challenge(caller: Caller, factorId: string): Promise<{ id: string; expires_at: number }>;
  verifyTotp(caller: Caller, factorId: string, challengeId: string, code: string): Promise<AuthSession>;
  verifyRecoveryCode(caller: Caller, code: string): Promise<AuthSession>;
  regenerateRecoveryCodes(caller: Caller): Promise<string[]>;
  unenroll(caller: Caller, factorId: string): Promise<void>;

  /**
   * The user's current team changed (lib/teams.ts keeps it). Embedded tokens name it, so this re-issues the
   * session from its refresh token; Supabase's tokens do not, so there is nothing to do (null).
   */
  teamSwitched(caller: Caller, teamId: string, refreshToken?: string): Promise<AuthSession | null>;
}

/** The caller a freshly issued session stands for (e.g. a recovery session about to set a new password). */
export async function callerFor(auth: AuthBackend, session: AuthSession): Promise<Caller> {
  return { claims: await auth.claimsFor(session.access_token), accessToken: session.access_token };
}

/** An SVG QR code (GoTrue's `totp.qr_code`) as an <img src>. */
export function qrCodeDataUrl(svg: string): string {
  return `data:image/svg+xml;utf-8,${encodeURIComponent(svg)}`;
}
