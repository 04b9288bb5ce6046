// One migration ledger, the Supabase CLI's (supabase_migrations.schema_migrations), on embedded PGlite: the
// runner fills it, adopts rows the CLI wrote without a checksum, and carries an install that has the old
// ledger (leadly_meta.migrations) forward without running anything twice.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { openPglite } from "../../lib/db/pglite.ts";
import { EditedMigrationError, ledgerEntry, migrate, readMigrations, readPlatform } from "../../lib/db/migrate.ts";
import type { Db } from "../../lib/db/mod.ts";

interface LedgerRow {
  version: string;
  name: string;
  statements: string[] | null;
}

const ledger = (db: Db) =>
  db.asService("test:migrations", (tx) =>
    tx.query<LedgerRow>(
      "select version, name, statements from supabase_migrations.schema_migrations order by version",
    ));

const checksums = (db: Db) =>
  db.asService("test:migrations", (tx) =>
    tx.query<{ version: string; checksum: string }>(
      "select version, checksum from leadly_meta.migration_checksums order by version",
    ));

const exists = (db: Db, name: string) =>
  db.asService(
    "test:migrations",
    async (tx) => (await tx.query<{ found: boolean }>("select to_regclass($1) is not null as found", [name]))[0].found,
  );

Deno.test("migrations on PGlite: the platform shim first, then one row per file in the CLI's ledger", async () => {
  const db = await freshDb(); // the template was migrated by migrate()
  try {
    const files = await readMigrations();
    assertEquals(await migrate(db, files), []);
    const rows = await ledger(db);
    assertEquals(rows.map(({ version, name }) => ({ version, name })), files.map((m) => ledgerEntry(m.name)));
    assertEquals(rows.map((r) => r.statements), files.map((m) => [m.sql]), "each file's text is kept as applied");
    assertEquals((await checksums(db)).map((r) => r.checksum), files.map((m) => m.checksum));
    assertEquals(await exists(db, "leadly_meta.migrations"), false, "no second ledger");
    // What supabase/platform/ provides is there, and is not in the ledger (`supabase db push` never sees it).
    assert(await exists(db, "auth.users"));
    assert(await exists(db, "auth.users_email_lower_key"));
    assert(!rows.some((r) => r.name.includes("shim")));
  } finally {
    await db.close();
  }
});

Deno.test("migrations: a file the Supabase CLI applied gets its checksum on the next start; an edit after is refused", async () => {
  const db = await freshDb();
  try {
    const files = await readMigrations();
    const last = ledgerEntry(files.at(-1)!.name).version;
    // `supabase db push` writes the ledger row only: Leadly's checksum is missing.
    await db.runScript(`delete from leadly_meta.migration_checksums where version = '${last}'`);
    assertEquals(await migrate(db, files), []);
    assertEquals((await checksums(db)).at(-1), { version: last, checksum: files.at(-1)!.checksum });
    const edited = files.map((m, i) => i === files.length - 1 ? { ...m, checksum: "changed" } : m);
    const error = await assertRejects(() => migrate(db, edited));
    assert(error instanceof EditedMigrationError);
  } finally {
    await db.close();
  }
});

Deno.test("migrations: a file not named <timestamp>_<name>.sql is refused before anything runs", async () => {
  const db = await freshDb();
  try {
    const error = await assertRejects(() =>
      migrate(db, [{ name: "add_things.sql", sql: "create table public.things (id int);", checksum: "x" }])
    );
    assertMatch(error.message, /must be named <timestamp>_<name>\.sql/);
    assertEquals(await exists(db, "public.things"), false);
  } finally {
    await db.close();
  }
});

// The ledger and shim as Leadly had them before: the shim was migration 20261122000000 and the identity
// migration (since edited: its index on auth.users moved to the platform shim) had this checksum.
const OLD_SHIM = {
  name: "20261122000000_supabase_shim.sql",
  checksum: "47042f2d4a8d242bed888b79046bc4d5004b954585dbc4204c0a264e5b8d9a93",
};
const OLD_IDENTITY_CHECKSUM = "c6afc01bbcf8ccd5f207f72cf8fa5ae6463e2f8e28e44325347016ba0e9e6d43";

Deno.test("migrations: an install with the old leadly_meta.migrations ledger is carried forward, nothing runs twice", async () => {
  const db = await openPglite();
  try {
    const files = await readMigrations();
    const [platform] = await readPlatform();
    const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
    // What the old runner did: its ledger, the shim as a migration, then each file with its row.
    await db.runScript(`create schema if not exists leadly_meta;
      create table if not exists leadly_meta.migrations (
        name text primary key, checksum text not null, applied_at timestamptz not null default now());`);
    await db.runScript(
      `${platform.sql}\n;insert into leadly_meta.migrations (name, checksum) values (${literal(OLD_SHIM.name)}, ${
        literal(OLD_SHIM.checksum)
      });`,
    );
    const before = files.slice(0, -1); // the newest file came with the upgrade
    for (const m of before) {
      const checksum = m.name === "20261122000100_identity.sql" ? OLD_IDENTITY_CHECKSUM : m.checksum;
      await db.runScript(
        `${m.sql}\n;insert into leadly_meta.migrations (name, checksum) values (${literal(m.name)}, ${
          literal(checksum)
        });`,
      );
    }

    assertEquals(await migrate(db, files), [files.at(-1)!.name], "only the new file runs");
    assertEquals(await exists(db, "leadly_meta.migrations"), false, "the old ledger is gone");
    const rows = await ledger(db);
    assertEquals(rows.map(({ version, name }) => ({ version, name })), files.map((m) => ledgerEntry(m.name)));
    assertEquals(rows.map((r) => r.statements), files.map((m) => [m.sql]));
    assertEquals(
      (await checksums(db)).map((r) => r.checksum),
      files.map((m) => m.checksum),
      "the identity migration's accepted edit is recorded as applied",
    );
    assertEquals(await migrate(db, files), []);
  } finally {
    await db.close();
  }
});
