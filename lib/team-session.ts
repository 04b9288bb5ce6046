// Switching the team a browser session works in: remembered on the user, then a fresh token.
import type { Ctx } from "./web/context.ts";
import type { State } from "../utils.ts";
import { readSessionCookies, writeSessionCookies } from "./auth/cookies.ts";
import { setCurrentTeam } from "./teams.ts";

export async function switchTeamAndReissue(ctx: Ctx<State>, teamId: string) {
  const { session, app } = ctx.state;
  if (!session) return;
  await setCurrentTeam(app.db, session.claims, teamId);
  const { refresh } = readSessionCookies(ctx.hono);
  if (refresh) writeSessionCookies(ctx.hono, await app.auth.reissue(session.claims, refresh));
}
