// `deno task backup [file]`: the embedded database, uploaded files and JWT secret in one .tar.gz
// (leadly-backup-<time>.tar.gz here when no file is named). Works while Leadly runs (it takes a snapshot).
import { loadConfig } from "../fresh.config.ts";
import { backup } from "../lib/db/backup.ts";

const config = loadConfig();
if (config.databaseUrl) {
  console.error("DATABASE_URL is set: back that Postgres up with its own tools (pg_dump, or your host's backups).");
  Deno.exit(2);
}
try {
  const result = await backup(config.dataDir, Deno.args[0]);
  const mb = (result.bytes / 1024 / 1024).toFixed(1);
  const how = result.source === "running" ? "a snapshot the running Leadly just took" : "the stopped data directory";
  console.log(`Backed up ${config.dataDir} to ${result.file} (${mb} MB, from ${how}).`);
  console.log(`Restore it with: deno task restore ${result.file}`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : error}`);
  Deno.exit(1);
}
