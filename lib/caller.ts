// Who a domain function acts for: the database, the user's claims (every query runs as them, so RLS decides),
// the workspace the request works in and the person's role there. Built once at the edge (a page's session,
// an API request, a socket's user) and handed down, instead of (db, claims, teamId) as loose arguments.
import type { Db } from "./db/mod.ts";
import { type Claims, claimsForUser, type TeamRole } from "./db/claims.ts";

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

/**
 * A background run's caller: the person who started it, in its team, with their role now; null once they left
 * the team. Read as the service role (`reason` names the job), then everything runs as them.
 */
export async function memberCaller(db: Db, teamId: string, userId: string, reason: string): Promise<Caller | null> {
  const [member] = await db.asService(reason, (tx) =>
    tx.query<{ role: TeamRole }>(
      "select role::text as role from public.team_members where team_id = $1 and user_id = $2",
      [teamId, userId],
    ));
  return member ? { db, claims: claimsForUser(userId, "", teamId), teamId, role: member.role } : null;
}
