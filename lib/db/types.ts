// One interface over embedded PGlite and postgres.js, so every module runs unchanged on both.
import type { UserClaims } from "./claims.ts";

export type Row = Record<string, unknown>;

/** What one statement of `jobQueueSql` returns. */
export interface QueueSqlResult {
  rows: Row[];
}

/** A transaction handle: parameterised SQL only ($1, $2 ...). */
export interface Tx {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db {
  readonly kind: "pglite" | "postgres";
  /** Runs fn in a transaction as role `authenticated` with these claims, so RLS decides. */
  asUser<T>(claims: UserClaims, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Optional: one statement as the user in a transaction of its own, the same as `asUser` with one
   * `tx.query`, in one pass where the driver can (the embedded database). Call it through `queryAsUser`
   * (lib/db/transaction.ts), which falls back to `asUser`.
   */
  queryAsUser?<T = Row>(claims: UserClaims, sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn in a transaction as the owner (RLS bypassed). Only named system jobs call this. */
  asService<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for every `pg_notify(channel, payload)` committed from now on (by any process on
   * this database). Resolves once listening; the returned function stops it.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Runs a multi-statement script as the owner in one transaction; migrations only. */
  runScript(sql: string): Promise<void>;
  /**
   * Raw SQL as the owner, outside any transaction of ours: the job queue library (pg-boss, lib/jobs/) only.
   * Without `values` the text may hold several statements (one result each, in order); with them, one.
   */
  jobQueueSql(sql: string, values?: unknown[]): Promise<QueueSqlResult | QueueSqlResult[]>;
  close(): Promise<void>;
}
