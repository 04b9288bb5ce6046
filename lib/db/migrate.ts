// Applies supabase/migrations/*.sql in name order, once each, and records them where the Supabase CLI does:
// supabase_migrations.schema_migrations (version = the file name's timestamp, name = the rest without .sql).
// So `supabase db push` followed by a Leadly start runs nothing twice, and a Leadly start leaves the ledger
// the CLI expects. The migrations are exactly what a hosted project accepts from its non-superuser deploying
// role; what Supabase itself provides (roles, schema auth, auth.uid() / auth.jwt()) lives in
// supabase/platform/ and runs first, only on databases that lack it (embedded PGlite, plain Postgres).
//
// Drift: the CLI keeps no checksum, so Leadly keeps its own in leadly_meta.migration_checksums and refuses an
// applied file that was edited since (add a new migration instead). A file the CLI applied has no checksum
// yet: the first Leadly start records the file as it finds it.
import { join } from "node:path";
import type { Db, Tx } from "./types.ts";

export interface Migration {
  /** The file name, `<timestamp>_<name>.sql`. */
  name: string;
  sql: string;
  checksum: string;
}

export const migrationsDir = new URL("../../supabase/migrations/", import.meta.url).pathname;
export const platformDir = new URL("../../supabase/platform/", import.meta.url).pathname;

/** The Supabase CLI's own pattern for migration files (pkg/migration/file.go). */
const FILE_NAME = /^([0-9]+)_(.*)\.sql$/;

/** Files of the old ledger (leadly_meta.migrations) that are no longer migrations. */
const MOVED_TO_PLATFORM = new Set(["20261122000000_supabase_shim.sql"]);

/**
 * Applied files that were edited on purpose, with the checksums they had before: a database that applied
 * the old text takes the new one as applied (the edit changes nothing such a database needs).
 */
const ACCEPTED_EDITS: Record<string, string[]> = {
  // Its unique index on auth.users (lower(email)) moved to supabase/platform/: on hosted Supabase the
  // deploying role does not own auth.users, and GoTrue has its own index on email.
  "20261122000100_identity.sql": ["c6afc01bbcf8ccd5f207f72cf8fa5ae6463e2f8e28e44325347016ba0e9e6d43"],
};

async function sha256(text: string) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The `.sql` files of a folder in name order (the migrations by default). */
export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".sql")) names.push(entry.name);
  }
  names.sort();
  return await Promise.all(names.map(async (name) => {
    const sql = await Deno.readTextFile(join(dir, name));
    return { name, sql, checksum: await sha256(sql) };
  }));
}

/** supabase/platform/*.sql: what hosted Supabase provides, for databases without it. */
export function readPlatform(dir = platformDir): Promise<Migration[]> {
  return readMigrations(dir);
}

/** The ledger's key and name for a migration file, as the Supabase CLI derives them. */
export function ledgerEntry(fileName: string): { version: string; name: string } {
  const match = FILE_NAME.exec(fileName);
  if (!match) {
    throw new Error(`Migration ${fileName} must be named <timestamp>_<name>.sql (as the Supabase CLI expects).`);
  }
  return { version: match[1], name: match[2] };
}

export class EditedMigrationError extends Error {}

/** A SQL string literal for any text (escape syntax, so it holds whatever standard_conforming_strings says). */
function literal(text: string) {
  return `E'${text.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

function recordSql(m: Migration) {
  const { version, name } = ledgerEntry(m.name);
  // The CLI stores the file split into statements; Leadly stores it whole, as one (`supabase migration
  // fetch` writes either back as a working file).
  return `insert into supabase_migrations.schema_migrations (version, name, statements)
      values (${literal(version)}, ${literal(name)}, array[${literal(m.sql)}]);
    insert into leadly_meta.migration_checksums (version, name, checksum)
      values (${literal(version)}, ${literal(name)}, ${literal(m.checksum)});`;
}

/** Whether everything supabase/platform/ provides is there (a hosted project, or a database set up before). */
async function hasPlatform(db: Db): Promise<boolean> {
  const [row] = await db.asService("migrate", (tx) =>
    tx.query<{ present: boolean }>(
      `select (select count(*) from pg_roles where rolname in ('anon', 'authenticated', 'service_role')) = 3
         and to_regnamespace('auth') is not null
         and to_regclass('auth.users') is not null
         and to_regprocedure('auth.uid()') is not null
         and to_regprocedure('auth.jwt()') is not null
         and to_regprocedure('auth.role()') is not null as present`,
    ));
  return row.present;
}

/**
 * The CLI's ledger (its own statements, pkg/migration/history.go) and Leadly's checksums. Each step runs only
 * when needed, so a role that may read the ledger but does not own it (the CLI created it) gets through.
 */
const LEDGER = `
do $$
begin
  if to_regnamespace('supabase_migrations') is null then
    create schema supabase_migrations;
  end if;
  if to_regclass('supabase_migrations.schema_migrations') is null then
    create table supabase_migrations.schema_migrations (version text not null primary key);
  end if;
  if not exists (select 1 from information_schema.columns where table_schema = 'supabase_migrations'
                 and table_name = 'schema_migrations' and column_name = 'statements') then
    alter table supabase_migrations.schema_migrations add column statements text[];
  end if;
  if not exists (select 1 from information_schema.columns where table_schema = 'supabase_migrations'
                 and table_name = 'schema_migrations' and column_name = 'name') then
    alter table supabase_migrations.schema_migrations add column name text;
  end if;
  if to_regnamespace('leadly_meta') is null then
    create schema leadly_meta;
  end if;
  if to_regclass('leadly_meta.migration_checksums') is null then
    create table leadly_meta.migration_checksums (
      version text primary key,
      name text not null,
      checksum text not null,
      recorded_at timestamptz not null default now()
    );
    comment on table leadly_meta.migration_checksums is
      'SHA-256 of each applied supabase/migrations file, so Leadly refuses one edited after it was applied.';
  end if;
end
$$;`;

/**
 * Databases migrated before the CLI's ledger was used have leadly_meta.migrations (name, checksum): its
 * entries move into the new ledger once, in one transaction, and the old table goes.
 */
async function carryForwardOldLedger(db: Db, migrations: Migration[]) {
  const old = await db.asService("migrate", async (tx) => {
    const [{ exists }] = await tx.query<{ exists: boolean }>(
      "select to_regclass('leadly_meta.migrations') is not null as exists",
    );
    if (!exists) return null;
    return await tx.query<{ name: string; checksum: string }>("select name, checksum from leadly_meta.migrations");
  });
  if (!old) return;
  const files = new Map(migrations.map((m) => [m.name, m]));
  const statements: string[] = [];
  for (const row of old) {
    if (MOVED_TO_PLATFORM.has(row.name) || !FILE_NAME.test(row.name)) continue;
    const { version, name } = ledgerEntry(row.name);
    const sql = files.get(row.name)?.sql;
    statements.push(
      `insert into supabase_migrations.schema_migrations (version, name, statements)
         values (${literal(version)}, ${literal(name)}, ${sql === undefined ? "null" : `array[${literal(sql)}]`})
         on conflict (version) do nothing;
       insert into leadly_meta.migration_checksums (version, name, checksum)
         values (${literal(version)}, ${literal(name)}, ${literal(row.checksum)})
         on conflict (version) do nothing;`,
    );
  }
  statements.push("drop table leadly_meta.migrations;");
  await db.runScript(statements.join("\n"));
}

/** Which migrations the ledger holds, and the checksum Leadly recorded for each (where it did). */
interface Ledger {
  applied: Set<string>;
  checksums: Map<string, string>;
}

/** Both ledger tables in one query (one round trip: each is a restart's cost on the embedded database). */
async function readLedger(tx: Tx): Promise<Ledger> {
  const rows = await tx.query<{ version: string; checksum: string | null }>(
    `select version, null as checksum from supabase_migrations.schema_migrations
     union all
     select version, checksum from leadly_meta.migration_checksums`,
  );
  return {
    applied: new Set(rows.filter((row) => row.checksum === null).map((row) => row.version)),
    checksums: new Map(rows.filter((row) => row.checksum !== null).map((row) => [row.version, row.checksum!])),
  };
}

/**
 * The ledger, when everything before it is already in place: the platform, both ledger tables with the
 * CLI's columns, and no old ledger to carry forward. That is every start after the first, and it costs one
 * transaction instead of four (null: something is missing, and the full preparation runs).
 */
function readyLedger(db: Db): Promise<Ledger | null> {
  return db.asService("migrate", async (tx) => {
    const [state] = await tx.query<{ ready: boolean }>(
      `select (select count(*) from pg_roles where rolname in ('anon', 'authenticated', 'service_role')) = 3
         and to_regnamespace('auth') is not null
         and to_regclass('auth.users') is not null
         and to_regprocedure('auth.uid()') is not null
         and to_regprocedure('auth.jwt()') is not null
         and to_regprocedure('auth.role()') is not null
         and (select count(*) from pg_attribute
              where attrelid = to_regclass('supabase_migrations.schema_migrations')
                and attname in ('statements', 'name') and not attisdropped) = 2
         and to_regclass('leadly_meta.migration_checksums') is not null
         and to_regclass('leadly_meta.migrations') is null as ready`,
    );
    return state.ready ? await readLedger(tx) : null;
  });
}

/** The platform where it is missing, the ledger tables, the old ledger carried forward; then the ledger. */
async function prepareLedger(db: Db, migrations: Migration[]): Promise<Ledger> {
  if (!(await hasPlatform(db))) {
    for (const p of await readPlatform()) {
      try {
        await db.runScript(p.sql);
      } catch (error) {
        throw new Error(`supabase/platform/${p.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  await db.runScript(LEDGER);
  await carryForwardOldLedger(db, migrations);
  return await db.asService("migrate", readLedger);
}

/**
 * Applies the migrations not in the ledger and returns their file names. Each file runs in its own
 * transaction together with its ledger row, as `supabase db push` does.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  migrations ??= await readMigrations();
  for (const m of migrations) ledgerEntry(m.name); // a misnamed file stops everything before anything runs
  const { applied, checksums } = await readyLedger(db) ?? await prepareLedger(db, migrations);
  const done: string[] = [];
  for (const m of migrations) {
    const { version, name } = ledgerEntry(m.name);
    if (applied.has(version)) {
      const known = checksums.get(version);
      if (known === m.checksum) continue;
      if (known !== undefined && !ACCEPTED_EDITS[m.name]?.includes(known)) {
        throw new EditedMigrationError(
          `Migration ${m.name} was changed after it was applied. Add a new migration instead of editing it.`,
        );
      }
      // Applied by the Supabase CLI (no checksum yet) or edited on purpose: this text is the applied one now.
      await db.runScript(
        `insert into leadly_meta.migration_checksums (version, name, checksum)
           values (${literal(version)}, ${literal(name)}, ${literal(m.checksum)})
           on conflict (version) do update set checksum = excluded.checksum, recorded_at = now();`,
      );
      continue;
    }
    try {
      await db.runScript(`${m.sql}\n;${recordSql(m)}`);
    } catch (error) {
      throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
    }
    done.push(m.name);
  }
  return done;
}
