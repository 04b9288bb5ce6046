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
