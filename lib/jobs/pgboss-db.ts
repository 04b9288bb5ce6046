// pg-boss talks to our database through this adapter instead of opening its own pool: one connection
// setup (PGlite in this process, or the postgres.js pool on DATABASE_URL), and PGlite's close waits for
// the queue's statements like any transaction (Db.jobQueueSql, lib/db/pglite.ts).
import type { Db } from "../db/mod.ts";

/** The `db` option of `new PgBoss(...)`. */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function pgBossDb(db: Db): PgBossDb {
  return {
    // Several statements without values answer one result each; pg-boss reads every one of them
    // (its unwrapping accepts a list of `{ rows }`), so the list goes back as it is.
    executeSql: (text, values) => db.jobQueueSql(text, values) as Promise<{ rows: unknown[] }>,
  };
}
