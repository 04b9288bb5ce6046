// A short transaction run whole (lib/db/whole-transaction.ts, `queryAsUser`): the same role, claims, RLS,
// parameters, errors, rollback, commit and notifications as `asUser` with one statement, on PGlite on this
// thread and in its worker; nothing of one user's identity reaches the next transaction.
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { templatePath } from "../helpers/template.ts";
import { AppError } from "../../lib/errors.ts";
import { openPglite, type PgliteDb } from "../../lib/db/pglite.ts";
import { queryAsUser } from "../../lib/db/transaction.ts";
import type { Db } from "../../lib/db/mod.ts";
import { claimsFor } from "../helpers/fixtures.ts";

const WHO = "select current_user as role, auth.uid()::text as uid, auth.jwt() ->> 'email' as email";

async function open(worker: boolean): Promise<PgliteDb> {
  const dump = new Blob([await Deno.readFile(await templatePath())], { type: "application/x-gzip" });
  return await openPglite({ loadDataDir: dump, worker });
}

// One database per engine, shared by the checks (opening one costs seconds on a loaded machine).
const checks: Record<string, (db: PgliteDb) => Promise<void>> = {
  "the user's role and claims, RLS, and nothing after": async (db) => {
    const id = crypto.randomUUID();
    const [inside] = await queryAsUser<{ role: string; uid: string; email: string; members: number }>(
      db,
      claimsFor(id, "whole@y.test"),
      `${WHO}, (select count(*)::int from public.team_members) as members`,
    );
    // PGlite's own user is a superuser that bypasses RLS: inside the transaction it must not be.
    assertEquals(inside, { role: "authenticated", uid: id, email: "whole@y.test", members: 0 });
    const [after] = (await db.pg.query<{ role: string; uid: string | null; claims: string | null }>(
      "select current_user as role, auth.uid()::text as uid, current_setting('request.jwt.claims', true) as claims",
    )).rows;
    assertEquals(after.uid, null, "the claims ended with the transaction");
    assert(!after.claims, "the claims ended with the transaction");
    assert(after.role !== "authenticated");

    const team = { id: crypto.randomUUID() };
    const refused = await assertRejects(() =>
      queryAsUser(
        db,
        claimsFor(id, "whole@y.test"),
        "insert into public.contacts (team_id, first_name) values ($1, 'x')",
        [team.id],
      )
    );
    assert(refused instanceof AppError, `an AppError, got ${refused}`);
    assertEquals(refused.code, "forbidden");
  },

  "parameters read as pg.query reads them": async (db) => {
    const sql = `select $1::uuid[] as ids, $2::jsonb as doc, $3::text as text, $4::bool as yes, $5::int as n,
        $6::text as nothing, $7::timestamptz as at`;
    const params = [
      [crypto.randomUUID(), crypto.randomUUID()],
      JSON.stringify({ a: [1, "two"], b: null }),
      'it\'s "quoted" ; drop table x; --',
      true,
      42,
      null,
      new Date("2026-01-02T03:04:05Z"),
    ];
    const claims = claimsFor(crypto.randomUUID(), "p@y.test");
    const stepwise = await db.asUser(claims, (tx) => tx.query(sql, params));
    assertEquals(await queryAsUser(db, claims, sql, params), stepwise);
  },

  "an error anywhere rolls back all of it, commit errors included": async (db) => {
    await db.runScript(
      "create table public.whole_probe (k int, constraint whole_once unique (k) deferrable initially deferred)",
    );
    const service = { as: "service", reason: "test:whole" } as const;
    const insert = (k: number) => ({ sql: "insert into public.whole_probe values ($1)", params: [k] });
    const failed = await assertRejects(() =>
      db.pg.wholeTransaction(service, [insert(1), { sql: "select 1/0", params: [] }])
    );
    assertEquals((failed as { code?: string }).code, "22012");
    // checked at the commit (the final Sync), after every statement succeeded
    const atCommit = await assertRejects(() => db.pg.wholeTransaction(service, [insert(2), insert(2)]));
    assertEquals((atCommit as { code?: string }).code, "23505");
    const syntax = await assertRejects(() => db.pg.wholeTransaction(service, [{ sql: "selec 1", params: [] }]));
    assertEquals((syntax as { code?: string }).code, "42601");
    assertEquals((await db.pg.query("select k from public.whole_probe")).rows, [], "nothing was kept");

    const kept = await db.pg.wholeTransaction(service, [insert(3), {
      sql: "select count(*)::int as n, current_setting('app.service_reason') as reason from public.whole_probe",
      params: [],
    }]);
    assertEquals(kept.map((r) => r.rows), [[], [{ n: 1, reason: "test:whole" }]]);
    assertEquals(kept[0].affectedRows, 1);
    assertEquals((await db.pg.query("select k from public.whole_probe")).rows, [{ k: 3 }]);
    await assertRejects(() => db.pg.wholeTransaction({ as: "service", reason: "x; drop" }, [insert(4)]));
  },

  "notifies on commit; interleaved with other transactions": async (db) => {
    const heard: string[] = [];
    const stop = await db.listen("whole_probe", (payload) => heard.push(payload));
    await db.pg.wholeTransaction({ as: "owner" }, [{ sql: "select pg_notify('whole_probe', $1)", params: ["done"] }]);
    assertEquals(heard, ["done"], "the notification arrived before the commit answered");
    await stop();

    // whole and stepwise transactions at once, each with its own identity and none with another's
    const uids = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const uid = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        const claims = claimsFor(uid, `${i}@y.test`);
        const sql = "select auth.uid()::text as uid";
        if (i % 2 === 0) return queryAsUser<{ uid: string }>(db, claims, sql).then(([row]) => row.uid === uid);
        return db.asUser(claims, async (tx) => {
          await tx.query("select pg_sleep(0.001)");
          return (await tx.query<{ uid: string }>(sql))[0].uid === uid;
        });
      }),
    );
    assertEquals(uids, Array(30).fill(true));
  },
};

for (const worker of [false, true]) {
  Deno.test(`whole transaction ${worker ? "in the worker" : "on this thread"}`, async (t) => {
    const db = await open(worker);
    try {
      assertEquals(db.inWorker, worker);
      for (const [name, check] of Object.entries(checks)) await t.step(name, () => check(db));
    } finally {
      await db.close();
    }
  });
}

Deno.test("queryAsUser on a database without the one-pass path: asUser with one statement", async () => {
  const seen: unknown[] = [];
  const db = {
    asUser: (claims, fn) => fn({ query: (sql, params) => Promise.resolve([{ claims, sql, params }] as never) }),
  } as Pick<Db, "asUser"> as Db;
  seen.push(...await queryAsUser(db, { sub: "u" }, "select $1", [1]));
  assertEquals(seen, [{ claims: { sub: "u" }, sql: "select $1", params: [1] }]);
});
