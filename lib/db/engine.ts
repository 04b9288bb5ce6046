// The PGlite instance behind PgliteDb (lib/db/pglite.ts), as a small interface with two implementations:
// PGlite on the calling thread (localEngine, here: tests, scripts, the test template) and PGlite in a worker
// thread of its own (lib/db/worker-engine.ts: the running app, so no statement ever holds up HTTP or
// sockets). Both run transactions the same way, through `runTransaction` below.
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { pgtap } from "@electric-sql/pglite/pgtap";
import type { UserClaims } from "./claims.ts";
import type { QueueSqlResult, Row, Tx } from "./types.ts";
import { enterService, enterUser, type Statement } from "./transaction.ts";
import { runWholeTransaction } from "./whole-transaction.ts";

/** Who a transaction runs as; the role and claims are set inside it, transaction-local (transaction.ts). */
export type Enter =
  | { as: "user"; claims: UserClaims }
  | { as: "service"; reason: string }
  /** The owner, with nothing set: migrations (runScript). */
  | { as: "owner" };

export interface QueryResult<T = Row> {
  rows: T[];
  affectedRows?: number;
}

export interface PgEngine {
  readonly closed: boolean;
  /** One statement outside any transaction of ours, as the owner. */
  query<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Several statements (simple protocol) outside any transaction of ours: one result each. */
  exec(sql: string): Promise<QueueSqlResult[]>;
  /** Runs fn in one transaction entered as `enter`; commits when fn resolves, rolls back when it throws. */
  transaction<T>(enter: Enter, fn: (tx: Tx & { exec(sql: string): Promise<unknown> }) => Promise<T>): Promise<T>;
  /** A short transaction run whole: entered as `enter`, these statements, commit (lib/db/whole-transaction.ts). */
  wholeTransaction(enter: Enter, statements: Statement[]): Promise<QueryResult[]>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** A gzip'd tarball of the whole cluster (PGlite's dumpDataDir). */
  dumpDataDir(): Promise<Blob>;
  /**
   * Closes the database. `exclusive`: first waits for PGlite's transaction lock, so no transaction is cut in
   * half (only when none of ours is open: one that never ends would hold the lock forever).
   */
  close(exclusive: boolean): Promise<void>;
}

export interface CreateOptions {
  /** Directory for a persistent database; omit for in-memory. */
  dataDir?: string;
  /** A gzip'd dump from `dumpDataDir` to start from (the migrated test template). */
  loadDataDir?: Blob | File;
}

/** PGlite as Leadly opens it, on whichever thread calls this. */
export async function createPglite(options: CreateOptions): Promise<PGlite> {
  return await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { vector, pgtap },
    // Every query waits for PGlite's file-system sync (a no-op on the Node file system, which writes
    // through; it matters should the storage ever change). Never trade that for speed.
    relaxedDurability: false,
    // A new 16 MB WAL file is created sparse instead of zero-filled page by page: that write ran inside
    // whichever query crossed into the new file and held the thread for hundreds of milliseconds.
    startParams: [...PGlite.defaultStartParams, "-c", "wal_init_zero=off"],
  });
}

function txOf(raw: Transaction): Tx & { exec(sql: string): Promise<unknown> } {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      return (await raw.query<T>(sql, params)).rows;
    },
    exec: (sql: string) => raw.exec(sql),
  };
}

/** A PGlite transaction entered as `enter` (the same statements on both engines, so RLS decides alike). */
export function runTransaction<T>(
  pg: PGlite,
  enter: Enter,
  fn: (tx: Tx & { exec(sql: string): Promise<unknown> }) => Promise<T>,
): Promise<T> {
  return pg.transaction(async (raw) => {
    const tx = txOf(raw);
    if (enter.as === "user") await enterUser(tx, enter.claims);
    else if (enter.as === "service") await enterService(tx, enter.reason);
    return await fn(tx);
  });
}

/** Several statements without parameters answer one result each. */
export async function execAll(pg: PGlite, sql: string): Promise<QueueSqlResult[]> {
  return (await pg.exec(sql)).map((result) => ({ rows: result.rows as Row[] }));
}

/** Closes PGlite; `exclusive` waits for its transaction lock first. */
export async function closePglite(pg: PGlite, exclusive: boolean): Promise<void> {
  if (pg.closed) return;
  if (exclusive) await pg._runExclusiveTransaction(() => pg.close());
  else await pg.close();
}

/** PGlite on the calling thread. */
export function localEngine(pg: PGlite): PgEngine & { readonly pg: PGlite } {
  return {
    pg,
    get closed() {
      return pg.closed;
    },
    async query<T>(sql: string, params?: unknown[]) {
      const result = await pg.query<T>(sql, params);
      return { rows: result.rows, affectedRows: result.affectedRows };
    },
    exec: (sql) => execAll(pg, sql),
    transaction: (enter, fn) => runTransaction(pg, enter, fn),
    wholeTransaction: (enter, statements) => runWholeTransaction(pg, enter, statements),
    async listen(channel, onPayload) {
      const stop = await pg.listen(channel, onPayload);
      return async () => {
        if (!pg.closed) await stop();
      };
    },
    dumpDataDir: () => pg.dumpDataDir("gzip"),
    close: (exclusive) => closePglite(pg, exclusive),
  };
}
