// supabase/migrations/ is pushable to a hosted Supabase project as it is. On a Postgres prepared like one
// (tests/helpers/supabase-like.ts: schema auth owned by Supabase's roles, the deploying role no superuser and
// without CREATE on auth), every file applies in order as the deploying role with `psql -1 -v ON_ERROR_STOP=1`
// while the CLI's ledger is written as `supabase db push` writes it; Leadly's runner then runs nothing again.
// And Leadly's runner alone on such a database applies them all and leaves the ledger the CLI expects.
// Needs Debian's postgresql (`.ci/run` installs it); skipped without it.
import { join } from "node:path";
import { assert, assertEquals } from "../helpers/assert.ts";
import { postgresBin } from "../helpers/postgres.ts";
import { startSupabaseLike } from "../helpers/supabase-like.ts";
import { ledgerEntry, migrate, migrationsDir, readMigrations } from "../../lib/db/migrate.ts";
import { openPostgres } from "../../lib/db/postgres.ts";
import type { Db } from "../../lib/db/mod.ts";

const bin = postgresBin();

// The Supabase CLI's own statements (supabase/cli pkg/migration/history.go).
const CLI_CREATE_LEDGER = [
  "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
  "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)",
  "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]",
  "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text",
];
const CLI_SELECT_LEDGER =
  "SELECT version, coalesce(name, '') as name, statements FROM supabase_migrations.schema_migrations";

const literal = (text: string) => `E'${text.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** What the deploying role created in schema auth (nothing, on a hosted project). */
const ownAuthObjects = (db: Db) =>
  db.asService("test:supabase-like", async (tx) =>
    (await tx.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'auth' and pg_get_userbyid(c.relowner) = current_user
       union all
       select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'auth' and pg_get_userbyid(p.proowner) = current_user`,
    )).map((row) => row.name));

/** The ledger as the CLI reads it, as plain objects (postgres.js returns its own array type). */
const cliLedger = (db: Db) =>
  db.asService("test:supabase-like", async (tx) =>
    (await tx.query<{ version: string; name: string }>(
      `select version, name from (${CLI_SELECT_LEDGER}) l order by version`,
    )).map(({ version, name }) => ({ version, name })));

Deno.test({
  name: "supabase-like Postgres: migrations apply as the deploying role; db push and Leadly share one ledger",
  ignore: bin === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const pg = await startSupabaseLike();
    const files = await readMigrations();
    const expected = files.map((m) => ledgerEntry(m.name));
    try {
      await t.step("supabase db push (psql -1 per file, CLI ledger), then Leadly's start runs nothing", async () => {
        const { deployUrl } = await pg.createDatabase("pushed");
        const created = await pg.psql(deployUrl, ...CLI_CREATE_LEDGER.flatMap((sql) => ["-c", sql]));
        assertEquals(created.code, 0, created.stderr);
        const record = await Deno.makeTempFile({ suffix: ".sql" });
        try {
          for (const m of files) {
            const { version, name } = ledgerEntry(m.name);
            await Deno.writeTextFile(
              record,
              `INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES (${
                literal(version)
              }, ${literal(name)}, ARRAY[${literal(m.sql)}]);\n`,
            );
            // The file and its ledger row in one transaction, as the CLI's batch is.
            const out = await pg.psql(deployUrl, "-1", "-f", join(migrationsDir, m.name), "-f", record);
            assertEquals(out.code, 0, `${m.name} failed as the deploying role:\n${out.stderr}`);
          }
        } finally {
          await Deno.remove(record).catch(() => {});
        }
        const db = openPostgres(deployUrl, 2);
        try {
          assertEquals(await migrate(db), [], "nothing is applied twice");
          assertEquals(await cliLedger(db), expected, "one row per file");
          const sums = await db.asService(
            "test:supabase-like",
            (tx) =>
              tx.query<{ checksum: string }>("select checksum from leadly_meta.migration_checksums order by version"),
          );
          assertEquals(sums.map((r) => r.checksum), files.map((m) => m.checksum), "checksums recorded on first start");
          assertEquals(await migrate(db), []);
          assertEquals(await ownAuthObjects(db), [], "nothing of Leadly's in schema auth");
          const published = await db.asService("test:supabase-like", (tx) =>
            tx.query<{ tablename: string }>(
              "select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by tablename",
            ));
          assertEquals(
            published.map((row) => row.tablename),
            ["activities", "companies", "contacts", "deals", "leads", "tasks"],
            "record tables stream to supabase-js through Supabase Realtime",
          );
        } finally {
          await db.close();
        }
      });

      await t.step(
        "Leadly's runner alone applies every file and leaves the ledger `supabase db push` expects",
        async () => {
          const { deployUrl } = await pg.createDatabase("leadly_first");
          const db = openPostgres(deployUrl, 2);
          try {
            assertEquals(await migrate(db), files.map((m) => m.name));
            // Exactly the local files: `supabase db push` finds nothing to push and no unknown remote version.
            assertEquals(await cliLedger(db), expected);
            assertEquals(await migrate(db), []);
            assertEquals(await ownAuthObjects(db), [], "the platform shim did not run: Supabase provides auth");
            const [{ found }] = await db.asService(
              "test:supabase-like",
              (tx) =>
                tx.query<{ found: boolean }>("select to_regclass('auth.users_email_lower_key') is not null as found"),
            );
            assert(!found);
          } finally {
            await db.close();
          }
        },
      );
    } finally {
      await pg.stop();
    }
  },
});
