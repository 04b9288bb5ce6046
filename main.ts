// Starts Leadly in one process: database (embedded PGlite by default), migrations, demo seed, web + auth.
// Stopping (SIGINT/SIGTERM) goes in the order that never cuts a write in half: background work stops
// first (imports finish the batch they are writing), then the server, then a last snapshot, and the
// database closes last, after every transaction in flight. A second signal changes nothing (kill -9 does).
import { loadConfig } from "./fresh.config.ts";
import { DataDirLockedError, openDb } from "./lib/db/mod.ts";
import { migrate, readMigrations } from "./lib/db/migrate.ts";
import { PgliteDb } from "./lib/db/pglite.ts";
import { type Maintenance, startMaintenance } from "./lib/db/embedded.ts";
import { loadJwtSecret } from "./lib/auth/jwt.ts";
import { createMailer } from "./lib/mail/mailer.ts";
import { capturedMailNotice } from "./lib/mail/dev-mailbox.tsx";
import { DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS, seedDemo } from "./lib/seed/demo.ts";
import { startServer } from "./app/server.ts";
import { resumeImports, stopImports } from "./lib/import/job.ts";
import { startSystemJobs } from "./app/system-jobs.ts";

const started = performance.now();
const config = loadConfig();

let stopping: Promise<void> | null = null;
let stopAll = async () => {};
// A signal during start-up waits for it to finish (the server listens before the job queue has started):
// closing the database under a starting job queue ended the process with an error instead of a clean stop.
let startedUp!: () => void;
const startUp = new Promise<void>((resolve) => startedUp = resolve);
function shutdown(signal: string) {
  if (stopping) {
    console.log(`${signal}: already stopping, waiting for work in progress to be saved (kill -9 stops at once).`);
    return;
  }
  console.log(`${signal}: stopping…`);
  stopping = startUp.then(() => stopAll()).then(
    () => Deno.exit(0),
    (error) => {
      console.error("Stopping failed:", error);
      Deno.exit(1);
    },
  );
}
Deno.addSignalListener("SIGINT", () => shutdown("SIGINT"));
Deno.addSignalListener("SIGTERM", () => shutdown("SIGTERM"));

// The data directory is locked before anything in it is opened: a second start changes nothing.
const opening = openDb(config).catch((error) => {
  if (!(error instanceof DataDirLockedError)) throw error;
  console.error(`${error.message}. Stop it first, or set LEADLY_DATA_DIR to use another folder.`);
  Deno.exit(1);
});
// Read (and checksummed) while the database opens; nothing here touches the data directory.
const migrations = readMigrations();
const db = await opening;
stopAll = () => db.close();
const applied = await migrate(db, await migrations);
if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
if (config.seedDemo) await seedDemo(db, { records: true });

const mailer = createMailer(db, config);
const jwtSecret = await loadJwtSecret(config.jwtSecret, config.dataDir);
const server = await startServer(config, db, mailer, jwtSecret);
// The durable job queue (lib/jobs/): due/overdue reminders, digests and web push every minute, deleted
// files and abandoned uploads purged every 5 minutes; once per period across all processes, with retries.
// Imports and note compactions run on it too.
const jobs = await startSystemJobs({
  db,
  mailer,
  config: server.services.config,
  storage: server.services.storage,
  bus: server.realtime.bus,
});
// Imports interrupted by a stop carry on from their last committed batch, as queue jobs (import-run).
const resumed = await resumeImports(db);
if (resumed.length > 0) console.log(`Resumed ${resumed.length} interrupted import(s)`);
// Embedded: checkpoints (short recovery after a crash) and rotating snapshots of the database.
let maintenance: Maintenance | null = null;
if (db instanceof PgliteDb) {
  maintenance = startMaintenance(db, config.dataDir);
  // `deno task backup` asks a running Leadly for a fresh snapshot this way.
  Deno.addSignalListener("SIGUSR2", () => {
    void maintenance?.snapshotNow().catch((error) => console.error("database: snapshot failed", error));
  });
}

stopAll = async () => {
  // 1. No new background work: queued jobs in progress finish (the rest wait in the database); imports end
  //    after the batch they are writing (and resume on the next start).
  await Promise.allSettled([jobs.stop(), stopImports(db)]);
  // 2. No new requests or sockets.
  await server.close().catch((error) => console.error("Closing the server failed:", error));
  // 3. A last snapshot of the embedded database when it changed since the newest one.
  if (maintenance) {
    await maintenance.stop();
    await maintenance.finalSnapshot().catch((error) => console.error("database: last snapshot failed", error));
  }
  // 4. The database, once the transactions still in flight have ended.
  await db.close();
};
startedUp();

console.log(`Leadly is ready at ${config.publicUrl} (${Math.round(performance.now() - started)} ms)`);
console.log(`Database: ${config.databaseUrl ? "DATABASE_URL" : `embedded PGlite in ${config.dataDir}`}`);
const mailNotice = capturedMailNotice(config);
if (mailNotice) console.log(mailNotice);
if (config.seedDemo) {
  console.log(`Demo workspace "${DEMO_TEAM}": password ${DEMO_PASSWORD} for`);
  for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(18)} ${user.role}`);
}
