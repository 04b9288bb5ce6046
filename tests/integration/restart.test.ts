// Staying signed in across a restart: sessions live in the database, the JWT secret in the data dir.
import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { WebClient } from "../helpers/web-client.ts";
import { loadConfig } from "../../fresh.config.ts";
import { openDb } from "../../lib/db/mod.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { loadJwtSecret } from "../../lib/auth/jwt.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { seedDemo } from "../../lib/seed/demo.ts";
import { startServer } from "../../app/server.ts";
import { seededTemplatePath, writeTemplateDir } from "../helpers/template.ts";
import { join } from "node:path";

async function boot(dataDir: string, port: number) {
  const config = { ...loadConfig({}), port, dataDir, publicUrl: `http://localhost:${port}` };
  const db = await openDb(config);
  await migrate(db);
  await seedDemo(db);
  const server = await startServer(config, db, createMailer(db, config), await loadJwtSecret(null, dataDir));
  return { server, close: async () => (await server.close(), await db.close()) };
}

/**
 * A data dir holding the seeded test template, as a first start would leave it (creating the cluster,
 * migrating and seeding from scratch cost most of this test's time).
 */
async function seededDataDir(): Promise<string> {
  const dataDir = await Deno.makeTempDir({ prefix: "leadly-restart-" });
  await writeTemplateDir(await seededTemplatePath(), join(dataDir, "pgdata"));
  return dataDir;
}

Deno.test("a signed-in browser is still signed in after the server restarts", async () => {
  const dataDir = await seededDataDir();
  const first = await boot(dataDir, 0);
  const port = Number(new URL(first.server.url).port);
  const web = new WebClient(first.server.url);
  try {
    await web.login("bob@acme.test");
    // An access token that expired while the server was down: the refresh cookie must carry the session.
    web.cookies.set("leadly-access", "stale");
  } finally {
    await first.close();
  }
  const second = await boot(dataDir, port);
  try {
    const home = await web.get("/");
    assertEquals(home.status, 200);
    assertMatch(home.html, /Good (morning|afternoon|evening), Bob/);
  } finally {
    await second.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
