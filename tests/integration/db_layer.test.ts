// The database layer: migrations apply once and refuse edits; asUser really is the user, and only inside.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { openPglite } from "../../lib/db/pglite.ts";
import { EditedMigrationError, ledgerEntry, migrate, readMigrations } from "../../lib/db/migrate.ts";
import { claimsFor } from "../helpers/fixtures.ts";

Deno.test("migrations: applied once, recorded, and an edited applied file is refused", async () => {
  const db = await freshDb();
  try {
    const migrations = await readMigrations();
    assertEquals(await migrate(db, migrations), [], "the template has them all");
    const recorded = await db.asService(
      "test:migrations",
      (tx) =>
        tx.query<{ version: string; name: string }>(
          "select version, name from supabase_migrations.schema_migrations order by version",
        ),
    );
    assertEquals(recorded, migrations.map((m) => ledgerEntry(m.name)));
    const edited = migrations.map((m, i) => i === 0 ? { ...m, checksum: "changed" } : m);
    const error = await assertRejects(() => migrate(db, edited));
    assert(error instanceof EditedMigrationError);
    assertMatch(error.message, /was changed after it was applied/);
  } finally {
    await db.close();
  }
});

Deno.test("migrations: a failing file rolls back whole and names itself", async () => {
  const db = await openPglite();
  try {
    const error = await assertRejects(() =>
      migrate(db, [{ name: "001_bad.sql", sql: "create table t (id int); select 1/0;", checksum: "x" }])
    );
    assertMatch(error.message, /001_bad\.sql failed/);
    const tables = await db.asService(
      "test:migrations",
      (tx) => tx.query("select 1 from information_schema.tables where table_name = 't'"),
    );
    assertEquals(tables.length, 0);
  } finally {
    await db.close();
  }
});

Deno.test("asUser runs as role authenticated with the claims, and nothing leaks to the next transaction", async () => {
  const db = await freshDb();
  try {
    const id = crypto.randomUUID();
    const inside = await db.asUser(
      claimsFor(id, "x@y.test"),
      (tx) =>
        tx.query<{ role: string; uid: string; email: string }>(
          "select current_user as role, auth.uid()::text as uid, auth.jwt() ->> 'email' as email",
        ),
    );
    assertEquals(inside[0], { role: "authenticated", uid: id, email: "x@y.test" });
    const after = await db.asService(
      "test:leak",
      (tx) => tx.query<{ role: string; uid: string | null }>("select current_user as role, auth.uid()::text as uid"),
    );
    assertEquals(after[0].uid, null);
    assert(after[0].role !== "authenticated");
  } finally {
    await db.close();
  }
});

Deno.test("asService needs a job name", async () => {
  const db = await freshDb();
  try {
    await assertRejects(() => db.asService("", (tx) => tx.query("select 1")));
    await assertRejects(() => db.asService("drop table x; --", (tx) => tx.query("select 1")));
  } finally {
    await db.close();
  }
});
