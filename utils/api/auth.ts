// Who is calling the JSON API: a Bearer token or the session cookie, with a team to work in.
import type { Context } from "hono";
import { AppError } from "../../lib/errors.ts";
import type { State } from "../../utils.ts";
import type { WebEnv } from "../../lib/web/app.ts";

export type ApiEnv = WebEnv<State>;

/** 401 unless the request is signed in (and past its two-factor check): the gate of every private API route. */
export function requireSession(session: State["session"]): NonNullable<State["session"]> {
  if (!session) {
    throw new AppError("unauthorized", "Sign in first: send the session cookie or Authorization: Bearer <token>.");
  }
  if (session.needsMfa) throw new AppError("unauthorized", "Finish the two-factor check first.");
  return session;
}

export function apiCaller(c: Context<ApiEnv>) {
  const state = c.get("state");
  const session = requireSession(state.session);
  if (!session.team) throw new AppError("forbidden", "You are not in a workspace yet. Create or join one.");
  return { claims: session.claims, team: session.team, db: state.app.db, services: state.app };
}
