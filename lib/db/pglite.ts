// Embedded Postgres (PGlite, WASM) with pgvector and pgTAP loaded.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { pgtap } from "@electric-sql/pglite/pgtap";
import type { Db, Tx } from "./types.ts";
import { enterService, enterUser } from "./transaction.ts";
import { toHttpError } from "./errors.ts";

export interface PgliteOptions {
  /** Directory for a persistent database; omit for in-memory. */
  dataDir?: string;
  /** A gzip'd dump from `dumpDataDir` to start from (the migrated test template). */
  loadDataDir?: Blob | File;
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDb> {
  const pg = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { vector, pgtap },
  });
  return new PgliteDb(pg);
}

function txOf(q: { query: PGlite["query"] }): Tx {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await q.query<T>(sql, params);
      return result.rows;
    },
  };
}

export class PgliteDb implements Db {
  readonly kind = "pglite" as const;
  constructor(readonly pg: PGlite) {}

  asUser<T>(claims: Parameters<Db["asUser"]>[0], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (raw) => {
      const tx = txOf(raw);
      await enterUser(tx, claims);
      return await fn(tx);
    }).catch((error) => Promise.reject(toHttpError(error)));
  }

  asService<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (raw) => {
      const tx = txOf(raw);
      await enterService(tx, reason);
      return await fn(tx);
    });
  }

  async listen(channel: string, onPayload: (payload: string) => void) {
    const stop = await this.pg.listen(channel, onPayload);
    return () => stop();
  }

  async runScript(sql: string) {
    await this.pg.transaction((tx) => tx.exec(sql));
  }

  /** A gzip'd copy of the whole cluster; tests load it instead of migrating again. */
  dump(): Promise<Blob | File> {
    return this.pg.dumpDataDir("gzip");
  }

  async close() {
    await this.pg.close();
  }
}
