// Opens the configured database: PGlite in dataDir by default, postgres.js when DATABASE_URL is set.
import { join } from "node:path";
import type { Config } from "../../fresh.config.ts";
import { openPglite } from "./pglite.ts";
import { openPostgres } from "./postgres.ts";
import type { Db } from "./types.ts";

export type { Db, Row, Tx } from "./types.ts";

export async function openDb(config: Pick<Config, "databaseUrl" | "dataDir">): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  await Deno.mkdir(config.dataDir, { recursive: true });
  return await openPglite({ dataDir: join(config.dataDir, "pgdata") });
}
