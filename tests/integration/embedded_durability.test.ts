// The embedded database's guard rails: one process per data directory (a second start says so and changes
// nothing), a directory that will not open is set aside and the newest snapshot restored, and backups
// (taken from a running Leadly too) restore into a working database. The kill trials are in
// embedded_kill.test.ts.
import { dirname, join } from "node:path";
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { openEmbedded, startMaintenance } from "../../lib/db/embedded.ts";
import { DataDirLockedError, lockDataDir } from "../../lib/db/lock.ts";
import { openDb } from "../../lib/db/mod.ts";
import { openPglite, type PgliteDb } from "../../lib/db/pglite.ts";
import { extractDatabase, listSnapshots, takeSnapshot } from "../../lib/db/snapshots.ts";
import { backup, restore } from "../../lib/db/backup.ts";
import { loadConfig } from "../../fresh.config.ts";
import { preparedDataDir, removeBase, startLeadly, stopLeadly } from "./durability_helpers.ts";

Deno.test.afterAll?.(() => removeBase());

async function count(db: PgliteDb, sql: string, params: unknown[] = []): Promise<number> {
  const { rows: [row] } = await db.pg.query<{ n: number }>(sql, params);
  return Number(row.n);
}

Deno.test("a second start on a live data directory says so, exits non-zero and changes nothing", async () => {
  const dataDir = await preparedDataDir();
  const first = await startLeadly(dataDir);
  try {
    const alice = await ApiClient.signIn(first.url, "alice@acme.test");
    const before = await alice.post("/api/v1/contacts", { first_name: "Before", last_name: "Second start" });
    assertEquals(before.status, 201);
    const control = await Deno.readFile(join(dataDir, "pgdata", "global", "pg_control"));
    const lockNote = await Deno.readTextFile(join(dataDir, "leadly.lock"));

    const second = await startLeadly(dataDir, { waitReady: false });
    const code = await second.exited;
    assert(code !== 0, `the second start exits non-zero (got ${code})`);
    assert(
      second.output().includes(`Leadly is already running on ${dataDir} (pid ${first.pid})`),
      `it says why:\n${second.output()}`,
    );
    assert(!second.output().includes("is ready"), "it never served");
    // nothing of the running database was touched: its control file, the lock naming the first process
    assertEquals(await Deno.readFile(join(dataDir, "pgdata", "global", "pg_control")), control);
    assertEquals(await Deno.readTextFile(join(dataDir, "leadly.lock")), lockNote);

    // the first one serves on, with its data
    assertEquals((await alice.get(`/api/v1/contacts/${before.json.data.id}`)).status, 200);
    assertEquals(
      (await alice.post("/api/v1/contacts", { first_name: "After", last_name: "Second start" })).status,
      201,
    );

    // a backup of the running Leadly comes from a fresh snapshot it takes, and restores elsewhere
    const file = join(dataDir, "backup-while-running.tar.gz");
    const taken = await backup(dataDir, file, { timeoutMs: 60_000 });
    assertEquals(taken.source, "running");
    const elsewhere = await Deno.makeTempDir({ prefix: "leadly-restored-" });
    await restore(elsewhere, file);
    const copy = await openPglite({ dataDir: join(elsewhere, "pgdata") });
    try {
      assertEquals(
        await count(copy, "select count(*) as n from public.contacts where last_name = 'Second start'"),
        2,
      );
    } finally {
      await copy.close();
      await Deno.remove(elsewhere, { recursive: true });
    }
  } finally {
    assertEquals(await stopLeadly(first), 0, `a clean stop exits 0:\n${first.output()}`);
  }
  await Deno.remove(dataDir, { recursive: true });
});

Deno.test("the lock: refused while held (nothing is created), free again when its holder is killed", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "leadly-lock-" });
  const held = await lockDataDir(dataDir);
  const config = { ...loadConfig({}), dataDir, databaseUrl: null };
  const refused = await assertRejects(() => openDb(config));
  assert(refused instanceof DataDirLockedError);
  assertEquals(refused.message, `Leadly is already running on ${dataDir} (pid ${Deno.pid})`);
  assertEquals((await Array.fromAsync(Deno.readDir(dataDir))).map((e) => e.name), ["leadly.lock"]);
  // restore refuses as well
  assert(await assertRejects(() => restore(dataDir, "/nonexistent.tar.gz")) instanceof DataDirLockedError);
  held.release();

  // a process that holds the lock and dies by kill -9 leaves no stale lock behind
  const holder = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { lockDataDir } from "${new URL("../../lib/db/lock.ts", import.meta.url).href}";
       await lockDataDir(${JSON.stringify(dataDir)}); console.log("locked"); setInterval(() => {}, 60_000);`,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = holder.stdout.getReader();
  assertEquals(new TextDecoder().decode((await reader.read()).value).trim(), "locked");
  const busy = await assertRejects(() => lockDataDir(dataDir));
  assertEquals(busy.message, `Leadly is already running on ${dataDir} (pid ${holder.pid})`);
  holder.kill("SIGKILL");
  await holder.status;
  reader.releaseLock();
  await holder.stdout.cancel();
  const mine = await lockDataDir(dataDir);
  mine.release();
  await Deno.remove(dataDir, { recursive: true });
});

Deno.test("a database that will not open is moved aside and the newest snapshot restored, saying from when", async () => {
  const dataDir = await preparedDataDir();
  const db = await openEmbedded(dataDir);
  await db.runScript("create table public.durability_probe (id serial primary key, what text)");
  await db.asService("test:probe", (tx) => tx.query("insert into public.durability_probe (what) values ('kept')"));
  const snapshot = await takeSnapshot(db, dataDir);
  await db.asService("test:probe", (tx) => tx.query("insert into public.durability_probe (what) values ('later')"));
  await db.close();

  // the control file torn to zeros: Postgres cannot find a checkpoint any more
  const control = join(dataDir, "pgdata", "global", "pg_control");
  await Deno.writeFile(control, new Uint8Array(8192));
  const messages: string[] = [];
  const recovered = await openEmbedded(dataDir, { log: (message) => messages.push(message) });
  try {
    assertEquals(await count(recovered, "select count(*) as n from public.durability_probe where what = 'kept'"), 1);
    assertEquals(await count(recovered, "select count(*) as n from public.durability_probe where what = 'later'"), 0);
  } finally {
    await recovered.close();
  }
  const text = messages.join("\n");
  assertMatch(text, /would not open/);
  const aside = text.match(/moved, untouched, to (\S+)\./)?.[1];
  assert(aside && aside.startsWith(join(dataDir, "pgdata.broken-")), text);
  assert(text.includes(`RESTORED the snapshot taken at ${snapshot.takenAt.toISOString()}`), text);
  assertMatch(text, /Changes made after that time are NOT in the database/);
  // the broken directory is kept as it was
  assertEquals(await Deno.readFile(join(aside, "global", "pg_control")), new Uint8Array(8192));

  // with no snapshot to fall back on, nothing is moved and the error says what to do
  for (const s of await listSnapshots(dataDir)) await Deno.remove(s.path);
  await Deno.writeFile(control, new Uint8Array(8192));
  const error = await assertRejects(() => openEmbedded(dataDir, { log: () => {} }));
  assertMatch((error as Error).message, /would not open .* no snapshot .* It was left as it is/s);
  assertEquals(await Deno.readFile(control), new Uint8Array(8192));
  await Deno.remove(dataDir, { recursive: true });
});

Deno.test("backup of a stopped data directory and restore: database, uploaded files and JWT secret", async () => {
  const dataDir = await preparedDataDir();
  const db = await openEmbedded(dataDir);
  await db.runScript(
    "create table public.backup_probe (what text); insert into public.backup_probe values ('in the backup');",
  );
  await db.close();
  await Deno.mkdir(join(dataDir, "files", "teams", "t1"), { recursive: true });
  await Deno.writeTextFile(join(dataDir, "files", "teams", "t1", "blob"), "file bytes");
  await Deno.writeTextFile(join(dataDir, "jwt-secret"), "secret-from-backup");
  const file = join(await Deno.makeTempDir({ prefix: "leadly-backup-" }), "b.tar.gz");
  assertEquals((await backup(dataDir, file)).source, "stopped");

  const target = await Deno.makeTempDir({ prefix: "leadly-restore-" });
  await Deno.writeTextFile(join(target, "jwt-secret"), "old secret");
  const result = await restore(target, file);
  assertEquals(result.restoredFiles, 1);
  assertEquals(await Deno.readTextFile(join(target, "files", "teams", "t1", "blob")), "file bytes");
  assertEquals(await Deno.readTextFile(join(target, "jwt-secret")), "secret-from-backup");
  const copy = await openEmbedded(target);
  try {
    assertEquals(await count(copy, "select count(*) as n from public.backup_probe where what = 'in the backup'"), 1);
  } finally {
    await copy.close();
  }
  // restoring again keeps the database it replaces
  const second = await restore(target, file);
  assert(second.previous?.startsWith(join(target, "pgdata.before-restore-")));
  await Deno.remove(dataDir, { recursive: true });
  await Deno.remove(target, { recursive: true });
  await Deno.remove(dirname(file), { recursive: true });
});

Deno.test("while running: checkpoints keep the log to replay short, snapshots rotate and each one opens", async () => {
  const dataDir = await preparedDataDir();
  const db = await openEmbedded(dataDir);
  await db.runScript("create table public.maintenance_probe (id serial primary key, what text)");
  const before = await db.walPosition();
  const maintenance = startMaintenance(db, dataDir, {
    checkEveryMs: 40,
    checkpointBytes: 64 * 1024,
    snapshotEveryMs: 150,
    firstSnapshotAfterMs: 0,
    snapshotsKept: 2,
    log: () => {},
  });
  try {
    for (let i = 0; i < 30; i++) {
      await db.asService(
        "test:probe",
        (tx) =>
          tx.query("insert into public.maintenance_probe (what) select repeat('x', 500) from generate_series(1, 100)"),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (let waited = 0; (await listSnapshots(dataDir)).length < 2 && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await maintenance.stop();
  }
  const after = await db.walPosition();
  assert(after.checkpointLsn !== before.checkpointLsn, "a checkpoint ran");
  assert(after.bytesSinceCheckpoint < 2 * 1024 * 1024, `little log to replay (${after.bytesSinceCheckpoint} bytes)`);
  await db.close();
  const snapshots = await listSnapshots(dataDir);
  assertEquals(snapshots.length, 2, "the newest two are kept");
  const unpacked = await Deno.makeTempDir({ prefix: "leadly-snapshot-" });
  await extractDatabase(snapshots[0].path, join(unpacked, "pgdata"));
  const copy = await openPglite({ dataDir: join(unpacked, "pgdata") });
  try {
    assert(await count(copy, "select count(*) as n from public.maintenance_probe") > 0);
  } finally {
    await copy.close();
  }
  await Deno.remove(unpacked, { recursive: true });
  await Deno.remove(dataDir, { recursive: true });
});
