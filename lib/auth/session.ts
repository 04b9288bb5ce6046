// Resolves who is asking: a Bearer token (API clients) or the session cookies (browsers),
// refreshing an expired access token from the refresh cookie on the way.
import type { Context, MiddlewareHandler } from "hono";
import type { Db } from "../db/mod.ts";
import type { Claims, TeamRole } from "../db/claims.ts";
import { clearSessionCookies, readSessionCookies, writeSessionCookies } from "./cookies.ts";
import { AuthError } from "./errors.ts";
import type { AuthBackend } from "./backend.ts";

export interface TeamSummary {
  id: string;
  name: string;
  role: TeamRole;
  modules: string[];
}

export interface Session {
  claims: Claims;
  accessToken: string;
  /** How this request authenticated: cookies can be forged cross-site, Bearer tokens cannot. */
  via: "cookie" | "bearer";
  user: { id: string; email: string; name: string };
  /** The team the user works in now, or null when they have none yet. */
  team: TeamSummary | null;
  teams: TeamSummary[];
  /** Signed in with a password but owes a TOTP code (a verified factor exists, session is aal1). */
  needsMfa: boolean;
}

type Env = { Variables: { session: Session | null } };

async function claimsFromCookies(c: Context, auth: AuthBackend): Promise<{ claims: Claims; token: string } | null> {
  const { access, refresh } = readSessionCookies(c);
  if (access) {
    const claims = await auth.claimsFor(access).catch(() => null);
    if (claims) return { claims, token: access };
  }
  if (!refresh) return null;
  try {
    const fresh = await auth.refresh(refresh);
    writeSessionCookies(c, fresh);
    return { claims: await auth.claimsFor(fresh.access_token), token: fresh.access_token };
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // An auth provider that cannot be reached has not ended the session: keep the cookies for the next request.
    if (error.status < 500) clearSessionCookies(c);
    return null;
  }
}

export async function loadSession(
  db: Db,
  auth: AuthBackend,
  claims: Claims,
  token: string,
  via: Session["via"],
): Promise<Session> {
  const { rows, profile } = await db.asUser(claims, async (tx) => ({
    rows: await tx.query<TeamSummary & { current: boolean }>(
      `select t.id, t.name, m.role, t.modules, (c.team_id is not null) as current from public.teams t
       join public.team_members m on m.team_id = t.id and m.user_id = auth.uid()
       left join public.current_teams c on c.user_id = auth.uid() and c.team_id = t.id
       order by t.name`,
    ),
    profile: (await tx.query<{ full_name: string }>("select full_name from public.profiles where id = auth.uid()"))[0],
  }));
  const teams = rows.map(({ current: _current, ...team }) => team);
  // Factors live where the auth server keeps them (Leadly's identity schema, or Supabase's auth schema),
  // which users cannot read.
  const owesCode = claims.aal !== "aal2" && await auth.hasVerifiedFactor(claims.sub);
  // The current team: the one an embedded token names (Supabase's tokens never do), else the one the user last
  // switched to (public.current_teams, written by lib/teams.ts in both modes), else the first.
  const team = teams.find((t) => t.id === claims.app_metadata?.team_id) ??
    teams.find((t) => rows.some((r) => r.current && r.id === t.id)) ?? teams[0] ?? null;
  return {
    claims,
    accessToken: token,
    via,
    user: { id: claims.sub, email: claims.email, name: profile?.full_name || claims.email.split("@")[0] || "You" },
    team,
    teams,
    needsMfa: owesCode,
  };
}

export function sessionMiddleware(auth: AuthBackend, db: Db): MiddlewareHandler<Env> {
  return async (c, next) => {
    const bearer = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
    let resolved: { claims: Claims; token: string } | null = null;
    if (bearer) {
      const claims = await auth.claimsFor(bearer).catch(() => null);
      resolved = claims ? { claims, token: bearer } : null;
    } else {
      resolved = await claimsFromCookies(c, auth);
    }
    c.set(
      "session",
      resolved ? await loadSession(db, auth, resolved.claims, resolved.token, bearer ? "bearer" : "cookie") : null,
    );
    await next();
  };
}
