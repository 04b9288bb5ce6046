// The server stops mid-edit and starts again on the same data dir: every acknowledged edit is still there,
// and a client reconnecting with its own copy merges the rest.
import { assert, assertEquals } from "../helpers/assert.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { loadConfig } from "../../fresh.config.ts";
import { join } from "node:path";
import { openDb } from "../../lib/db/mod.ts";
import { openPglite } from "../../lib/db/pglite.ts";
import { seededTemplatePath, templateDump } from "../helpers/template.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { loadJwtSecret } from "../../lib/auth/jwt.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { seedDemo } from "../../lib/seed/demo.ts";
import { startServer } from "../../app/server.ts";
import { NoteClient, until } from "./notes_helpers.ts";
import { sameContent } from "../../lib/notes/content.ts";

async function boot(dataDir: string, port: number, fromTemplate = false) {
  const config = { ...loadConfig({}), port, dataDir, publicUrl: `http://localhost:${port}`, rateLimitFactor: 50 };
  // first start: the seeded test template copied into the data dir (migrating and seeding from scratch is slow)
  const db = fromTemplate
    ? await openPglite({
      dataDir: join(dataDir, "pgdata"),
      loadDataDir: await templateDump(await seededTemplatePath()),
    })
    : await openDb(config);
  await migrate(db);
  await seedDemo(db);
  const server = await startServer(config, db, createMailer(db, config), await loadJwtSecret(null, dataDir));
  return { server, close: async () => (await server.close(), await db.close()) };
}

Deno.test("notes restart: nothing acknowledged is lost when the server stops mid-edit", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "leadly-notes-restart-" });
  const first = await boot(dataDir, 0, true);
  const port = Number(new URL(first.server.url).port);
  let alice = await ApiClient.signIn(first.server.url, "alice@acme.test");
  const id = (await alice.post("/api/v1/notes", { title: "Survives restarts" })).json.data.id as string;
  const writer = await NoteClient.connect(first.server.url, alice.token, id);
  const acked: string[] = [];
  try {
    for (let i = 0; i < 30; i++) {
      writer.addParagraph(`line ${i}`);
      if (i < 20) {
        await writer.settled();
        acked.push(`line ${i}`);
      }
    }
    // lines 20..29 are in flight while the server goes down
  } finally {
    writer.socket.close();
    await first.close();
  }
  const second = await boot(dataDir, port);
  try {
    alice = await ApiClient.signIn(second.server.url, "alice@acme.test");
    const reader = await NoteClient.connect(second.server.url, alice.token, id);
    try {
      const lines = reader.text().split("\n");
      for (const line of acked) assert(lines.includes(line), `acknowledged "${line}" survived the restart`);
      // the writer comes back with its own copy: the server gets whatever it had not stored
      const back = new NoteClient(
        (await NoteClient.connect(second.server.url, alice.token, id, { open: false })).socket,
        id,
      );
      const { applyUpdate, encodeStateAsUpdate } = await import("yjs");
      applyUpdate(back.doc, encodeStateAsUpdate(writer.doc), back);
      assertEquals((await back.open()).ok, true);
      await back.settled();
      await until(reader, () => reader.text().split("\n").includes("line 29"), "the reconnecting copy merged");
      assert(sameContent(reader.json(), writer.json()));
      back.close();
    } finally {
      reader.close();
    }
  } finally {
    writer.close();
    await second.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
