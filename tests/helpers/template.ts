// One migrated database per test run: built once, then copied for every test file in well under a second.
// Embedded PGlite by default (a gzip'd data dir); with TEST_DATABASE_URL, real Postgres template databases.
import { join } from "node:path";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { migrate, readMigrations, readPlatform } from "../../lib/db/migrate.ts";
import { openPglite } from "../../lib/db/pglite.ts";
import { openPostgres } from "../../lib/db/postgres.ts";
import { installJobQueue } from "../../lib/jobs/queue.ts";
import type { Db } from "../../lib/db/mod.ts";
import { sha256Hex } from "../../lib/auth/crypto.ts";
import { seedDemo } from "../../lib/seed/demo.ts";

const cacheDir = new URL("../../.data/test-templates/", import.meta.url).pathname;
/** In the file names of dumps taken after a clean shutdown (cleanDump), so older dumps are never reused. */
const CLEAN = "-clean";

async function jobQueueVersion(): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  return String(config.imports["pg-boss"]);
}

async function migrationsKey() {
  const migrations = await readMigrations();
  // supabase/platform/ (applied first on PGlite and plain Postgres) shapes the template too.
  const files = [...await readPlatform(), ...migrations].map((m) => m.name + m.checksum);
  // The job queue's tables are installed in the template too (test servers never pay for it): its pinned
  // version is part of the key.
  files.push(await jobQueueVersion());
  return { migrations, key: (await sha256Hex(files.join("|"))).slice(0, 16) };
}

/** Path of the PGlite template for the current migrations, building it when missing. */
export async function templatePath(): Promise<string> {
  const { migrations, key } = await migrationsKey();
  const file = join(cacheDir, `template-${key}${CLEAN}.tar.gz`);
  try {
    await Deno.stat(file);
    return await withTar(file);
  } catch {
    await Deno.mkdir(cacheDir, { recursive: true });
    await removeStaleTars(key);
    const dump = await cleanDump(async (db) => {
      await migrate(db, migrations);
      await installJobQueue(db);
    });
    // Written under a temporary name and renamed, so parallel test workers never read half a file.
    const tmp = `${file}.${crypto.randomUUID()}`;
    await Deno.writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
    await Deno.rename(tmp, file);
    return await withTar(file);
  }
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A copy of a migrated template database on the Postgres at `url`, dropped again on close. */
async function freshPostgres(url: string): Promise<Db> {
  const { migrations, key } = await migrationsKey();
  const template = `leadly_template_${key}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Test files run in parallel; one of them builds the template while the others wait here.
    await admin`select pg_advisory_lock(7243)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
    if (!exists) {
      await admin.unsafe(`create database ${template}`);
      const db = openPostgres(withDatabase(url, template), 1);
      await migrate(db, migrations);
      await installJobQueue(db);
      await db.close();
    }
    await admin`select pg_advisory_unlock(7243)`;
    const name = `leadly_test_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
    await admin.unsafe(`create database ${name} template ${template}`);
    const db = openPostgres(withDatabase(url, name), 4);
    return {
      ...db,
      async close() {
        await db.close();
        const dropper = postgres(url, { max: 1, onnotice: () => {} });
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  } finally {
    await admin.end();
  }
}

/**
 * Path of the PGlite template with the demo workspace seeded on top. Seeding costs seconds (bcrypt,
 * hundreds of rows) and most test files want it, so it is done once per run: the key holds the
 * migrations, the seed's sources and the run (`LEADLY_TEST_RUN`, set by scripts/test.ts; else the hour),
 * so seeded timestamps are never older than the run that reads them.
 */
export async function seededTemplatePath(): Promise<string> {
  const { key } = await migrationsKey();
  const seedSources: string[] = [];
  for await (const entry of Deno.readDir(seedDir)) {
    seedSources.push(entry.name + await Deno.readTextFile(seedDir + entry.name));
  }
  const run = Deno.env.get("LEADLY_TEST_RUN") ?? new Date().toISOString().slice(0, 13);
  const seededKey = (await sha256Hex([key, run, ...seedSources.sort()].join("|"))).slice(0, 16);
  const file = join(cacheDir, `seeded-${seededKey}${CLEAN}.tar.gz`);
  try {
    await Deno.stat(file);
    return await withTar(file);
  } catch {
    const template = new Blob([await Deno.readFile(await templatePath())], { type: "application/x-gzip" });
    const dump = await cleanDump((db) => seedDemo(db), template);
    await removeOldSeeded();
    const tmp = `${file}.${crypto.randomUUID()}`;
    await Deno.writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
    await Deno.rename(tmp, file);
    return await withTar(file);
  }
}

const seedDir = new URL("../../lib/seed/", import.meta.url).pathname;

/** Uncompressed copies of templates for other migrations (48 MB each); one still in use is made again. */
async function removeStaleTars(key: string) {
  for await (const entry of Deno.readDir(cacheDir)) {
    if (entry.name.startsWith("template-") && entry.name.endsWith(".tar") && !entry.name.includes(key)) {
      await Deno.remove(join(cacheDir, entry.name)).catch(() => {});
    }
  }
}

/** Seeded templates of earlier runs (and their uncompressed copies): one per run would otherwise pile up. */
async function removeOldSeeded() {
  const hourAgo = Date.now() - 3600_000;
  for await (const entry of Deno.readDir(cacheDir)) {
    if (!entry.name.startsWith("seeded-")) continue;
    const path = join(cacheDir, entry.name);
    const info = await Deno.stat(path).catch(() => null);
    if (info?.mtime && info.mtime.getTime() < hourAgo) await Deno.remove(path).catch(() => {});
  }
}

/**
 * Builds a database in a scratch directory, shuts it down cleanly, then dumps that directory. A dump taken
 * from a running PGlite records an unclean shutdown, and every test database loaded from it would first run
 * crash recovery (about a CPU-second each, dozens of times per run). `from`: a dump to start from.
 */
async function cleanDump(build: (db: Db) => Promise<unknown>, from?: Blob): Promise<Blob> {
  const dir = await Deno.makeTempDir({ prefix: "leadly-template-" });
  try {
    const db = await openPglite({ dataDir: dir, loadDataDir: from });
    try {
      await build(db);
    } finally {
      await db.close();
    }
    // The file system only (noInitDb starts no Postgres): the dump is of the stopped cluster.
    const files = await PGlite.create({ dataDir: dir, noInitDb: true });
    return await files.dumpDataDir("gzip");
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Uncompressed templates already read by this isolate (grouped test files share one). */
const tars = new Map<string, Promise<Uint8Array>>();

/**
 * The template at `path` (a .tar.gz) as an uncompressed tar, kept beside it: gunzipping 48 MB cost about a
 * CPU-second for every database a test opened, a hundred times per run.
 */
function templateTar(path: string): Promise<Uint8Array> {
  let tar = tars.get(path);
  if (!tar) {
    tar = (async () => {
      const file = path.replace(/\.tar\.gz$/, ".tar");
      try {
        return await Deno.readFile(file);
      } catch {
        const gz = await Deno.open(path);
        const bytes = new Uint8Array(
          await new Response(gz.readable.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer(),
        );
        // Under a temporary name and renamed, so parallel test workers never read half a file.
        const tmp = `${file}.${crypto.randomUUID()}`;
        await Deno.writeFile(tmp, bytes);
        await Deno.rename(tmp, file);
        return bytes;
      }
    })();
    tars.set(path, tar);
  }
  return tar;
}

/**
 * `path`, once its uncompressed tar is beside it: made by whoever asks for the path first (scripts/test.ts,
 * before the test files start), not by every test worker at once.
 */
async function withTar(path: string): Promise<string> {
  const made = await Deno.stat(path.replace(/\.tar\.gz$/, ".tar")).then(() => true, () => false);
  if (!made) await templateTar(path);
  return path;
}

/**
 * What PGlite's `loadDataDir` reads (its `type` and `arrayBuffer()`), over the template's uncompressed tar. A
 * real Blob would copy the 48 MB into Deno's blob store and out again: most of a second per database.
 */
export async function templateDump(path: string): Promise<Blob> {
  const tar = await templateTar(path);
  const dump = { type: "application/x-tar", size: tar.length, arrayBuffer: () => Promise.resolve(tar.slice().buffer) };
  return dump as unknown as Blob;
}

/**
 * Writes the cluster of the template at `path` into the folder `pgdata`, as PGlite's `loadDataDir` would, without
 * starting a database: `tar` takes about a tenth of a CPU-second where starting PGlite to load and close it took
 * 2-3 (the dumps are of a cleanly stopped cluster, so the files are all there is). PGlite does it where `tar`
 * cannot run.
 */
export async function writeTemplateDir(path: string, pgdata: string): Promise<void> {
  await templateTar(path);
  await Deno.mkdir(pgdata, { recursive: true });
  const tar = path.replace(/\.tar\.gz$/, ".tar");
  const untarred = await new Deno.Command("tar", { args: ["-xf", tar, "-C", pgdata], stdout: "null", stderr: "null" })
    .output().then((out) => out.success, () => false);
  if (untarred) return;
  await Deno.remove(pgdata, { recursive: true });
  const db = await openPglite({ dataDir: pgdata, loadDataDir: await templateDump(path) });
  await db.close();
}

async function loadPglite(path: string) {
  return await openPglite({ loadDataDir: await templateDump(path) });
}

/** A fresh database with every migration applied; with `seeded`, the demo workspace too. */
export async function freshDb(options: { seeded?: boolean } = {}): Promise<Db> {
  const url = Deno.env.get("TEST_DATABASE_URL");
  if (url) {
    const db = await freshPostgres(url);
    if (options.seeded) await seedDemo(db);
    return db;
  }
  return await loadPglite(options.seeded ? await seededTemplatePath() : await templatePath());
}
