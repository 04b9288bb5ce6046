// Switching the team a browser session works in: remembered in Leadly's table (public.current_teams), and with
// the embedded auth server, whose tokens name the team, a fresh token. Supabase's tokens do not name it.
import type { Ctx } from "./web/context.ts";
import type { State } from "../utils.ts";
import { readSessionCookies, writeSessionCookies } from "./auth/cookies.ts";
import { setCurrentTeam } from "./teams.ts";

export async function switchTeamAndReissue(ctx: Ctx<State>, teamId: string) {
  const { session, app } = ctx.state;
  if (!session) return;
  await setCurrentTeam(app.db, session.claims, teamId);
  const fresh = await app.auth.teamSwitched(session, teamId, readSessionCookies(ctx.hono).refresh);
  if (fresh) writeSessionCookies(ctx.hono, fresh);
}
