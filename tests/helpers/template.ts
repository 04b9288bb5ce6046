// One migrated database per test run: built once, then copied for every test file in well under a second.
// Embedded PGlite by default (a gzip'd data dir); with TEST_DATABASE_URL, real Postgres template databases.
import { join } from "node:path";
import postgres from "postgres";
import { migrate, readMigrations, readPlatform } from "../../lib/db/migrate.ts";
import { openPglite } from "../../lib/db/pglite.ts";
import { openPostgres } from "../../lib/db/postgres.ts";
import type { Db } from "../../lib/db/mod.ts";
import { sha256Hex } from "../../lib/auth/crypto.ts";

const cacheDir = new URL("../../.data/test-templates/", import.meta.url).pathname;

async function migrationsKey() {
  const migrations = await readMigrations();
  // supabase/platform/ (applied first on PGlite and plain Postgres) shapes the template too.
  const files = [...await readPlatform(), ...migrations].map((m) => m.name + m.checksum);
  return { migrations, key: (await sha256Hex(files.join("|"))).slice(0, 16) };
}

/** Path of the PGlite template for the current migrations, building it when missing. */
export async function templatePath(): Promise<string> {
  const { migrations, key } = await migrationsKey();
  const file = join(cacheDir, `template-${key}.tar.gz`);
  try {
    await Deno.stat(file);
    return file;
  } catch {
    await Deno.mkdir(cacheDir, { recursive: true });
    const db = await openPglite();
    await migrate(db, migrations);
    const dump = await db.dump();
    await db.close();
    // Written under a temporary name and renamed, so parallel test workers never read half a file.
    const tmp = `${file}.${crypto.randomUUID()}`;
    await Deno.writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
    await Deno.rename(tmp, file);
    return file;
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

/** A fresh database with every migration applied. */
export async function freshDb(): Promise<Db> {
  const url = Deno.env.get("TEST_DATABASE_URL");
  if (url) return await freshPostgres(url);
  const bytes = await Deno.readFile(await templatePath());
  return await openPglite({ loadDataDir: new Blob([bytes], { type: "application/x-gzip" }) });
}
