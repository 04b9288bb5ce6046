// Resolves who is asking: a Bearer token (API clients) or the session cookies (browsers),
// refreshing an expired access token from the refresh cookie on the way.
import type { Context, MiddlewareHandler } from "hono";
import type { Db } from "../db/mod.ts";
import type { Claims, TeamRole } from "./claims.ts";
import { clearSessionCookies, readSessionCookies, writeSessionCookies } from "./cookies.ts";
import { AuthError } from "./errors.ts";
import type { AuthService } from "./service.ts";

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

async function claimsFromCookies(c: Context, auth: AuthService): Promise<{ claims: Claims; token: string } | null> {
  const { access, refresh } = readSessionCookies(c);
  if (access) {
    const claims = await auth.claimsFor(access).catch(() => null);
    if (claims) return { claims, token: access };
  }
  if (!refresh) return null;
  try {
    const fresh = await auth.refresh(refresh);
    writeSessionCookies(c, fresh);
    return { claims: (await auth.keys.verify(fresh.access_token))!, token: fresh.access_token };
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    clearSessionCookies(c);
    return null;
  }
}

export async function loadSession(db: Db, claims: Claims, token: string, via: Session["via"]): Promise<Session> {
  const { teams, profile } = await db.asUser(claims, async (tx) => ({
    teams: await tx.query<TeamSummary>(
      `select t.id, t.name, m.role, t.modules from public.teams t
       join public.team_members m on m.team_id = t.id and m.user_id = auth.uid()
       order by t.name`,
    ),
    profile: (await tx.query<{ full_name: string }>("select full_name from public.profiles where id = auth.uid()"))[0],
  }));
  // Factors live in the auth server's private schema, which users cannot read.
  const factors = claims.aal === "aal2" ? [] : await db.asService(
    "auth:session-factors",
    (tx) => tx.query("select 1 from identity.mfa_factors where user_id = $1 and status = 'verified'", [claims.sub]),
  );
  const team = teams.find((t) => t.id === claims.app_metadata?.team_id) ?? teams[0] ?? null;
  return {
    claims,
    accessToken: token,
    via,
    user: { id: claims.sub, email: claims.email, name: profile?.full_name || claims.email.split("@")[0] },
    team,
    teams,
    needsMfa: factors.length > 0 && claims.aal !== "aal2",
  };
}

export function sessionMiddleware(auth: AuthService, db: Db): MiddlewareHandler<Env> {
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
      resolved ? await loadSession(db, resolved.claims, resolved.token, bearer ? "bearer" : "cookie") : null,
    );
    await next();
  };
}
