// Starts Leadly in one process: database (embedded PGlite by default), migrations, demo seed, web + auth.
import { loadConfig } from "./fresh.config.ts";
import { openDb } from "./lib/db/mod.ts";
import { migrate } from "./lib/db/migrate.ts";
import { loadJwtSecret } from "./lib/auth/jwt.ts";
import { createMailer } from "./lib/mail/mailer.ts";
import { DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS, seedDemo } from "./lib/seed/demo.ts";
import { startServer } from "./lib/server.ts";
import { resumeImports } from "./lib/import/job.ts";
import { startNotificationJobs } from "./lib/notifications/jobs.ts";

const started = performance.now();
const config = loadConfig();
const db = await openDb(config);
const applied = await migrate(db);
if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
if (config.seedDemo) await seedDemo(db, { records: true });

const mailer = createMailer(db, config);
const jwtSecret = await loadJwtSecret(config.jwtSecret, config.dataDir);
const server = await startServer(config, db, mailer, jwtSecret);
// Imports interrupted by a stop carry on from their last committed batch (one process per database).
const resumed = await resumeImports(db);
if (resumed.length > 0) console.log(`Resumed ${resumed.length} interrupted import(s)`);
// Due/overdue task reminders, email digests and web push, every minute (progress is kept in the database).
const notificationJobs = startNotificationJobs(db, mailer, server.services.config, { bus: server.realtime.bus });

console.log(`Leadly is ready at ${config.publicUrl} (${Math.round(performance.now() - started)} ms)`);
console.log(`Database: ${config.databaseUrl ? "DATABASE_URL" : `embedded PGlite in ${config.dataDir}`}`);
if (mailer.transport === "captured") console.log(`Email is captured, not sent: ${config.publicUrl}/dev/mailbox`);
if (config.seedDemo) {
  console.log(`Demo workspace "${DEMO_TEAM}": password ${DEMO_PASSWORD} for`);
  for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(18)} ${user.role}`);
}

async function shutdown() {
  await notificationJobs.stop().catch(() => {});
  await server.close().catch(() => {});
  await db.close();
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
