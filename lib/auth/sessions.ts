// Sign-in sessions with rotating single-use refresh tokens, inactivity and absolute timeouts.
import type { Tx } from "../db/mod.ts";
import { randomToken, sha256Hex } from "./crypto.ts";
import { AuthError } from "./errors.ts";

export interface SessionRow {
  id: string;
  user_id: string;
  aal: "aal1" | "aal2";
  created_at: Date;
}

/** A session that has not been refreshed for this long has ended. */
export const INACTIVITY_DAYS = 7;
/** Two tabs refreshing at once both present the same token; allow that briefly. */
const REUSE_INTERVAL_SECONDS = 10;

export async function createSession(tx: Tx, userId: string, meta: { userAgent?: string; ip?: string }) {
  const [session] = await tx.query<SessionRow>(
    `insert into identity.sessions (user_id, user_agent, ip) values ($1, $2, $3)
     returning id, user_id, aal, created_at`,
    [userId, meta.userAgent?.slice(0, 300) ?? null, meta.ip ?? null],
  );
  return session;
}

export async function issueRefreshToken(tx: Tx, session: SessionRow): Promise<string> {
  const token = randomToken(32);
  await tx.query(
    "insert into identity.refresh_tokens (token_hash, session_id, user_id) values ($1, $2, $3)",
    [await sha256Hex(token), session.id, session.user_id],
  );
  return token;
}

export const sessionEnded = () =>
  new AuthError(400, "refresh_token_not_found", "Your session has ended. Please sign in again.");

/**
 * Rotates a refresh token: the presented one is revoked and the session returned for a new one.
 * A token replayed after the reuse interval means it leaked: the whole session is ended.
 * Returns null when the session is over (the caller commits, then reports it).
 */
export async function rotateRefreshToken(tx: Tx, token: string): Promise<SessionRow | null> {
  const [row] = await tx.query<SessionRow & { revoked_at: Date | null; reused_late: boolean; expired: boolean }>(
    `select s.id, s.user_id, s.aal, s.created_at, r.revoked_at,
            (r.revoked_at is not null and r.revoked_at < now() - make_interval(secs => $2)) as reused_late,
            (s.not_after < now() or s.refreshed_at < now() - make_interval(days => $3)) as expired
     from identity.refresh_tokens r join identity.sessions s on s.id = r.session_id
     where r.token_hash = $1 for update of r`,
    [await sha256Hex(token), REUSE_INTERVAL_SECONDS, INACTIVITY_DAYS],
  );
  if (!row) return null;
  if (row.reused_late || row.expired) {
    await tx.query("delete from identity.sessions where id = $1", [row.id]);
    return null;
  }
  await tx.query(
    "update identity.refresh_tokens set revoked_at = coalesce(revoked_at, now()) where token_hash = $1",
    [await sha256Hex(token)],
  );
  await tx.query("update identity.sessions set refreshed_at = now() where id = $1", [row.id]);
  return { id: row.id, user_id: row.user_id, aal: row.aal, created_at: row.created_at };
}

export async function findSession(tx: Tx, sessionId: string): Promise<SessionRow | null> {
  const [row] = await tx.query<SessionRow>(
    `select id, user_id, aal, created_at from identity.sessions
     where id = $1 and not_after > now() and refreshed_at > now() - make_interval(days => $2)`,
    [sessionId, INACTIVITY_DAYS],
  );
  return row ?? null;
}

export async function endSessions(tx: Tx, userId: string, sessionId: string, scope: "local" | "global" | "others") {
  const where = { local: "id = $2", global: "$2::uuid is not null", others: "id <> $2" }[scope];
  await tx.query(`delete from identity.sessions where user_id = $1 and (${where})`, [
    userId,
    sessionId,
  ]);
}
