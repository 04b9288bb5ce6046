// Who is calling the JSON API: a Bearer token or the session cookie, with a team to work in.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { State } from "../../utils.ts";
import type { WebEnv } from "../web/app.ts";

export type ApiEnv = WebEnv<State>;

export function apiCaller(c: Context<ApiEnv>) {
  const state = c.get("state");
  const session = state.session;
  if (!session) {
    throw new HTTPException(401, {
      message: "Sign in first: send the session cookie or Authorization: Bearer <token>.",
    });
  }
  if (session.needsMfa) throw new HTTPException(401, { message: "Finish the two-factor check first." });
  if (!session.team) throw new HTTPException(403, { message: "You are not in a workspace yet. Create or join one." });
  return { claims: session.claims, team: session.team, db: state.app.db, services: state.app };
}
