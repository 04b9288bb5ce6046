// Supabase-shaped JWT claims: what RLS policies read through auth.jwt() and auth.uid().
export type TeamRole = "owner" | "admin" | "manager" | "rep" | "viewer";

export interface AppMetadata {
  provider: "email";
  providers: string[];
  /** The team the user is working in now; switching teams re-issues the token. */
  team_id?: string | null;
  team_role?: TeamRole | null;
}

export interface Claims {
  sub: string;
  role: "authenticated";
  aud: "authenticated";
  email: string;
  phone: string;
  app_metadata: AppMetadata;
  user_metadata: Record<string, unknown>;
  /** Authenticator assurance level: aal2 once a TOTP factor was verified in this session. */
  aal: "aal1" | "aal2";
  amr: { method: string; timestamp: number }[];
  session_id: string;
  is_anonymous: false;
  iat: number;
  exp: number;
  iss: string;
}

/**
 * What acting as a user needs (`db.asUser`, the domain functions): the user's id, and whatever else of a token
 * there is; RLS reads the rest (team, role) from the database. A full `Claims` is one.
 */
export type UserClaims = Pick<Claims, "sub"> & Partial<Claims>;

/** Claims for acting as a known user outside a request (demo seeding, tests): same shape as a real token. */
export function claimsForUser(userId: string, email: string, teamId: string | null): Claims {
  return {
    sub: userId,
    role: "authenticated",
    aud: "authenticated",
    email,
    phone: "",
    app_metadata: { provider: "email", providers: ["email"], team_id: teamId },
    user_metadata: {},
    aal: "aal1",
    amr: [],
    session_id: crypto.randomUUID(),
    is_anonymous: false,
    iat: 0,
    exp: 0,
    iss: "leadly",
  };
}
