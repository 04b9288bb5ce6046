// Embedded Postgres (PGlite, WASM) with pgvector and pgTAP loaded, on the calling thread or in a worker
// thread of its own (`worker: true`, what the running app uses: lib/db/embedded.ts).
//
// Durability (see lib/db/embedded.ts for the whole picture): PGlite runs Postgres in one process and writes
// the data directory through plain write() calls; a commit returns once its WAL is in the operating system's
// hands, so a killed process loses nothing it acknowledged. Closing waits for transactions in flight and
// holds PGlite's own transaction lock, so a shutdown never cuts one in half.
import { AppError } from "../errors.ts";
import type { Db, QueueSqlResult, Row, Tx } from "./types.ts";
import { toAppError } from "./errors.ts";
import { createPglite, type Enter, localEngine, type PgEngine } from "./engine.ts";
import { WorkerEngine } from "./worker-engine.ts";

export interface PgliteOptions {
  /** Directory for a persistent database; omit for in-memory. */
  dataDir?: string;
  /** A gzip'd dump from `dumpDataDir` to start from (the migrated test template). */
  loadDataDir?: Blob | File;
  /**
   * PGlite in a worker thread, so no statement blocks the calling thread's event loop (the app's HTTP and
   * sockets). Off: PGlite on the calling thread (tests and scripts, which open many short-lived databases).
   */
  worker?: boolean;
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDb> {
  const engine = options.worker
    ? await WorkerEngine.open(options)
    : localEngine(await createPglite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir }));
  return new PgliteDb(engine, options.dataDir ?? null);
}

/** Where the log stands against the last checkpoint (what a crash would replay). */
export interface WalPosition {
  checkpointLsn: string;
  /** WAL file the last checkpoint's redo starts in. */
  redoWalFile: string;
  /** WAL file being written now. */
  currentWalFile: string;
  /** Bytes of WAL written since the last checkpoint's redo point. */
  bytesSinceCheckpoint: number;
  /** Where the next WAL record goes: changes when anything is written. */
  insertLsn: string;
}

export class PgliteDb implements Db {
  readonly kind = "pglite" as const;
  #active = 0;
  #drained: (() => void)[] = [];
  #closing: Promise<void> | null = null;
  #onClose: (() => void | Promise<void>)[] = [];

  /** `pg.query(sql, params)` answers `{ rows }` as PGlite does (tests read the database through it). */
  constructor(readonly pg: PgEngine, readonly dataDir: string | null = null) {}

  /** True when PGlite runs in a worker thread. */
  get inWorker() {
    return this.pg instanceof WorkerEngine;
  }

  /** Transactions started and not yet ended. */
  get activeTransactions() {
    return this.#active;
  }

  get closing() {
    return this.#closing !== null;
  }

  async #track<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closing) {
      throw new AppError("service_unavailable", "Leadly is restarting. Try again in a few seconds.");
    }
    this.#active++;
    try {
      return await run();
    } finally {
      this.#active--;
      if (this.#active === 0) { for (const resolve of this.#drained.splice(0)) resolve(); }
    }
  }

  asUser<T>(claims: Parameters<Db["asUser"]>[0], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.#transaction({ as: "user", claims }, fn).catch((error) => Promise.reject(toAppError(error)));
  }

  /**
   * `asUser` with one statement, run whole: one message to the worker and one pass through PGlite
   * (lib/db/whole-transaction.ts). Call it through `queryAsUser` (lib/db/transaction.ts).
   */
  queryAsUser<T = Row>(claims: Parameters<Db["asUser"]>[0], sql: string, params: unknown[] = []): Promise<T[]> {
    return this.#track(() => this.pg.wholeTransaction({ as: "user", claims }, [{ sql, params }]))
      .then(([result]) => result.rows as T[], (error) => Promise.reject(toAppError(error)));
  }

  asService<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.#transaction({ as: "service", reason }, fn);
  }

  #transaction<T>(enter: Enter, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.#track(() => this.pg.transaction(enter, fn));
  }

  async listen(channel: string, onPayload: (payload: string) => void) {
    const stop = await this.pg.listen(channel, onPayload);
    return async () => {
      if (!this.pg.closed && !this.#closing) await stop();
    };
  }

  async runScript(sql: string) {
    await this.#track(() => this.pg.transaction({ as: "owner" }, (tx) => tx.exec(sql)));
  }

  /** The job queue library only (lib/jobs/pgboss-db.ts); counted like a transaction, so close() waits for it. */
  jobQueueSql(sql: string, values?: unknown[]): Promise<QueueSqlResult | QueueSqlResult[]> {
    return this.#track(async () => {
      if (values && values.length > 0) return await this.pg.query<Row>(sql, values);
      // Several statements: exec answers one result per statement, and pg-boss reads them all.
      const results = await this.pg.exec(sql);
      return results.length === 1 ? results[0] : results;
    });
  }

  /** A gzip'd copy of the whole cluster; tests load it instead of migrating again. */
  dump(): Promise<Blob | File> {
    return this.pg.dumpDataDir();
  }

  /** Writes every dirty page and moves the crash-recovery start point to now (bounds replay after a kill). */
  async checkpoint() {
    await this.#track(() => this.pg.exec("checkpoint"));
  }

  async walPosition(): Promise<WalPosition> {
    return await this.#track(async () => {
      const { rows: [row] } = await this.pg.query<{
        checkpoint_lsn: string;
        redo_wal_file: string;
        current_wal_file: string;
        since: string;
        insert_lsn: string;
      }>(
        `select c.checkpoint_lsn::text, c.redo_wal_file, pg_walfile_name(pg_current_wal_insert_lsn()) as current_wal_file,
           pg_wal_lsn_diff(pg_current_wal_insert_lsn(), c.redo_lsn)::text as since,
           pg_current_wal_insert_lsn()::text as insert_lsn
         from pg_control_checkpoint() c`,
      );
      return {
        checkpointLsn: row.checkpoint_lsn,
        redoWalFile: row.redo_wal_file,
        currentWalFile: row.current_wal_file,
        bytesSinceCheckpoint: Number(row.since),
        insertLsn: row.insert_lsn,
      };
    });
  }

  /** Runs `fn` when the database has closed (after the last write). */
  onClose(fn: () => void | Promise<void>) {
    this.#onClose.push(fn);
  }

  /**
   * Refuses new transactions, waits up to `drainMs` for those in flight, then closes PGlite while holding
   * its transaction lock (a shutdown checkpoint leaves a clean data directory). Calling it again returns
   * the same promise: a second signal never closes the database under a running write.
   */
  close(drainMs = 15_000): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#active > 0) {
        await Promise.race([
          new Promise<void>((resolve) => this.#drained.push(resolve)),
          new Promise((resolve) => setTimeout(resolve, drainMs)),
        ]);
        if (this.#active > 0) {
          console.error(`database: ${this.#active} transaction(s) still open after ${drainMs} ms; closing anyway`);
        }
      }
      try {
        if (this.pg.closed) return;
        // With nothing of ours in flight, the lock is free within a query; a transaction that never ended
        // would hold it forever, and its next query fails on the closed database instead.
        await this.pg.close(this.#active === 0);
      } finally {
        for (const fn of this.#onClose.splice(0)) await fn();
      }
    })();
    return this.#closing;
  }
}
