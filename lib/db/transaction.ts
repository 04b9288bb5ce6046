// The two ways into a transaction, shared by both drivers, and the one-statement write as the user.
import type { UserClaims } from "./claims.ts";
import type { Db, Row, Tx } from "./types.ts";

/** A statement and its parameters, as the entering of a transaction runs it. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * What enters a transaction as the user: both settings are transaction-local, so a pooled connection (or the
 * next transaction on the embedded database) never sees this user's identity.
 */
export function userEntry(claims: UserClaims): Statement {
  return {
    sql: "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
    params: [JSON.stringify({ role: "authenticated", ...claims })],
  };
}

const serviceReasons = /^[a-z][a-z0-9:_-]{2,60}$/;

/** The reason is recorded on the transaction so audit triggers can say which job wrote a row. */
export function serviceEntry(reason: string): Statement {
  if (!serviceReasons.test(reason)) throw new Error(`asService needs a short job name, got "${reason}"`);
  return { sql: "select set_config('app.service_reason', $1, true)", params: [reason] };
}

export async function enterUser(tx: Tx, claims: UserClaims) {
  const { sql, params } = userEntry(claims);
  await tx.query(sql, params);
}

export async function enterService(tx: Tx, reason: string) {
  const { sql, params } = serviceEntry(reason);
  await tx.query(sql, params);
}

/**
 * One statement as the user, in a transaction of its own: the same as
 * `db.asUser(claims, (tx) => tx.query(sql, params))`, and on the embedded database one trip to its worker
 * and one pass through PGlite instead of one per step (lib/db/whole-transaction.ts). For hot paths such as
 * chat:send, whose write is a single statement.
 */
export function queryAsUser<T = Row>(db: Db, claims: UserClaims, sql: string, params: unknown[] = []): Promise<T[]> {
  if (db.queryAsUser) return db.queryAsUser<T>(claims, sql, params);
  return db.asUser(claims, (tx) => tx.query<T>(sql, params));
}
