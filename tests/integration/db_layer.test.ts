// The database layer: migrations apply once and refuse edits; asUser really is the user, and only inside.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb, seededTemplatePath, templatePath } from "../helpers/template.ts";
import { AppError } from "../../lib/errors.ts";
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

Deno.test("in a worker thread: the same roles, claims, RLS, errors, rollbacks and notifications", async () => {
  const db = await openPglite({
    loadDataDir: new Blob([await Deno.readFile(await seededTemplatePath())], { type: "application/x-gzip" }),
    worker: true,
  });
  try {
    assert(db.inWorker);
    const id = crypto.randomUUID();
    const claims = claimsFor(id, "w@y.test");
    const inside = await db.asUser(
      claims,
      (tx) =>
        tx.query<{ role: string; uid: string; email: string; members: number }>(
          `select current_user as role, auth.uid()::text as uid, auth.jwt() ->> 'email' as email,
             (select count(*)::int from public.team_members) as members`,
        ),
    );
    // PGlite's own user is a superuser that bypasses RLS: inside asUser it must not be
    assertEquals(inside[0], { role: "authenticated", uid: id, email: "w@y.test", members: 0 });
    const [seen] = await db.asService(
      "test:worker",
      (tx) =>
        tx.query<{ role: string; uid: string | null; members: number }>(
          "select current_user as role, auth.uid()::text as uid, (select count(*)::int from public.team_members) as members",
        ),
    );
    assertEquals(seen.uid, null, "nothing leaks into the next transaction");
    assert(seen.role !== "authenticated");
    assert(seen.members > 0, "the service sees every team's rows");

    // a refusal by RLS reaches the caller as the same AppError as on the app's thread
    const [team] = await db.asService(
      "test:worker",
      (tx) => tx.query<{ id: string }>("select id from public.teams limit 1"),
    );
    const refused = await assertRejects(() =>
      db.asUser(
        claims,
        (tx) => tx.query("insert into public.contacts (team_id, first_name) values ($1, 'x')", [team.id]),
      )
    );
    assert(refused instanceof AppError, `an AppError, got ${refused}`);
    assertEquals(refused.code, "forbidden");
    // a Postgres error keeps its fields; the transaction stays usable until the caller gives up
    const caught = await db.asService("test:worker", async (tx) => {
      const error = await tx.query("select 1/0").catch((e) => e);
      return { code: error.code, after: await tx.query("select 1 as one").catch((e) => e.message) };
    });
    assertEquals(caught.code, "22012");
    assertMatch(String(caught.after), /current transaction is aborted/);

    // a thrown error rolls back; a returned one commits
    await db.runScript("create table public.worker_probe (what text)");
    const boom = await assertRejects(() =>
      db.asService("test:worker", async (tx) => {
        await tx.query("insert into public.worker_probe values ('rolled back')");
        throw new Error("boom");
      })
    );
    assertEquals(boom.message, "boom");
    const heard: string[] = [];
    const stop = await db.listen("worker_probe", (payload) => heard.push(payload));
    await db.asService("test:worker", async (tx) => {
      await tx.query("insert into public.worker_probe values ($1)", ["kept"]);
      await tx.query("select pg_notify('worker_probe', 'committed')");
    });
    assertEquals(
      (await db.pg.query<{ what: string }>("select what from public.worker_probe")).rows.map((r) => r.what),
      ["kept"],
    );
    assertEquals(heard, ["committed"], "the notification arrived before the commit answered");
    await stop();

    // concurrent transactions are serialised, each with its own identity
    const uids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const uid = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        return db.asUser(claimsFor(uid, `${i}@y.test`), async (tx) => {
          await tx.query("select pg_sleep(0.001)");
          return (await tx.query<{ uid: string }>("select auth.uid()::text as uid"))[0].uid === uid;
        });
      }),
    );
    assertEquals(uids, Array(20).fill(true));
    assertEquals((await db.jobQueueSql("select 1 as a; select 2 as b")) as unknown, [
      { rows: [{ a: 1 }] },
      { rows: [{ b: 2 }] },
    ]);
  } finally {
    await db.close();
  }
  assert(db.pg.closed);
});

Deno.test("in a worker thread: close waits for the transaction in flight, then refuses new ones", async () => {
  const db = await openPglite({
    loadDataDir: new Blob([await Deno.readFile(await templatePath())], { type: "application/x-gzip" }),
    worker: true,
  });
  let release!: () => void;
  const held = new Promise<void>((resolve) => release = resolve);
  const writing = db.asService("test:worker", async (tx) => {
    await held;
    return (await tx.query<{ one: number }>("select 1 as one"))[0].one;
  });
  const closing = db.close();
  const refused = await assertRejects(() => db.asService("test:worker", (tx) => tx.query("select 1")));
  assert(refused instanceof AppError && refused.code === "service_unavailable");
  release();
  assertEquals(await writing, 1, "the transaction in flight finished");
  await closing;
  assert(db.pg.closed);
});
