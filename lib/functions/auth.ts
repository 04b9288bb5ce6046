// Who calls an edge function, the way Supabase does it: `Authorization: Bearer <user access token>`, and, when
// Leadly serves the function in-process, the page's signed-in session cookie too (its root middleware has
// already checked the CSRF header of cookie-authenticated writes, as for /api/v1). Either way the result is a
// Caller whose queries run as that user, so RLS decides what the function can see.
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import { sessionCaller } from "../caller.ts";
import { loadSession, type Session } from "../auth/session.ts";
import { requireSession } from "../../utils/api/auth.ts";
import type { FunctionEnv, FunctionServices } from "./env.ts";

const BEARER = /^Bearer\s+(.+)$/i;

/** A function running alone sees only tokens: resolve one the way Leadly's session middleware does. */
async function bearerSession(services: FunctionServices, header: string | undefined): Promise<Session | null> {
  const token = header?.match(BEARER)?.[1];
  if (!token) return null;
  const claims = await services.auth.claimsFor(token).catch(() => null);
  if (!claims) return null;
  // loadSession only asks the backend about factors; the rest of AuthBackend is not needed here.
  return await loadSession(services.db, services.auth as Parameters<typeof loadSession>[1], claims, token, "bearer");
}

/** Sets `caller` from the session or Bearer token; 401 without one, 403 when the user has no workspace yet. */
export function requireCaller(): MiddlewareHandler<FunctionEnv> {
  return async (c, next) => {
    const services = c.get("services");
    const resolved = c.get("session");
    const session = resolved !== undefined ? resolved : await bearerSession(services, c.req.header("authorization"));
    const signedIn = requireSession(session);
    if (!signedIn.team) throw new AppError("forbidden", "You are not in a workspace yet. Create or join one.");
    c.set("caller", sessionCaller(services.db, { claims: signedIn.claims, team: signedIn.team }));
    await next();
  };
}
