// Opens the configured database: PGlite in dataDir by default, postgres.js when DATABASE_URL is set.
import type { Config } from "../../fresh.config.ts";
import { openEmbedded, type OpenEmbeddedOptions } from "./embedded.ts";
import { openPostgres } from "./postgres.ts";
import type { Db } from "./types.ts";

export type { Db, Row, Tx } from "./types.ts";
export { DataDirLockedError } from "./lock.ts";

/**
 * With DATABASE_URL, a pool on that Postgres. Otherwise the embedded database in <dataDir>/pgdata, locked
 * for this process until it is closed (DataDirLockedError when another process has it) and restored from
 * the newest snapshot when it will not open (lib/db/embedded.ts).
 */
export async function openDb(
  config: Pick<Config, "databaseUrl" | "dataDir"> & { databasePrepare?: boolean },
  options: OpenEmbeddedOptions = {},
): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, 10, { prepare: config.databasePrepare ?? true });
  return await openEmbedded(config.dataDir, options);
}
