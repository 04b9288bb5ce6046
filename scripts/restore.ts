// `deno task restore <file>`: puts the database (and the files and JWT secret) from a backup, a snapshot
// (<dataDir>/snapshots/*.tar.gz) or a PGlite dump in place. Refuses while Leadly runs on the data directory.
import { loadConfig } from "../fresh.config.ts";
import { restore } from "../lib/db/backup.ts";
import { DataDirLockedError } from "../lib/db/lock.ts";

const config = loadConfig();
const file = Deno.args[0];
if (!file) {
  console.error("Name the backup to restore: deno task restore <file>");
  Deno.exit(2);
}
if (config.databaseUrl) {
  console.error("DATABASE_URL is set: restore that Postgres with its own tools; this restores the embedded database.");
  Deno.exit(2);
}
try {
  const result = await restore(config.dataDir, file);
  console.log(`Restored ${file} into ${config.dataDir}.`);
  if (result.previous) console.log(`The database it replaced was kept in ${result.previous}.`);
  if (result.restoredFiles > 0) console.log(`${result.restoredFiles} stored file(s) restored.`);
  console.log("Start Leadly with: deno task start");
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(`${error.message}. Stop it before restoring.`);
  } else {
    console.error(`Restore failed: ${error instanceof Error ? error.message : error}`);
  }
  Deno.exit(1);
}
