// Who a domain function acts for: the database, the user's claims (every query runs as them, so RLS decides),
// the workspace the request works in and the person's role there. Built once at the edge (a page's session,
// an API request, a socket's user) and handed down, instead of (db, claims, teamId) as loose arguments.
import type { Db } from "./db/mod.ts";
import type { Claims, TeamRole } from "./db/claims.ts";

export interface Caller {
  db: Db;
  claims: Claims;
  teamId: string;
  /** From the membership when the session or socket was set up; RLS reads the current one itself. */
  role: TeamRole;
}

/** The caller of a signed-in request: a session with a current workspace. */
export function sessionCaller(db: Db, session: { claims: Claims; team: { id: string; role: TeamRole } }): Caller {
  return { db, claims: session.claims, teamId: session.team.id, role: session.team.role };
}
