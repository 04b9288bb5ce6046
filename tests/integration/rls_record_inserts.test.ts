// Contacts and companies inserted many at a time (as an import writes them) are checked and recorded as
// one row at a time was: the insert and update policies (writers of the row's team only), the audit log,
// the owner-is-a-member check and the score bookkeeping, now done once per statement
// (supabase/migrations/20261209010000_set_based_record_inserts.sql).
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { type Person, twoTeams } from "../helpers/fixtures.ts";

const db = await freshDb();
const t = await twoTeams(db);

Deno.test.afterAll?.(() => db.close());

const asUser = <T = Record<string, unknown>>(who: Person, sql: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(sql, params));
const asService = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  db.asService("test:read", (tx) => tx.query<T>(sql, params));

let counter = 0;
/** Inserts `count` contacts in one statement, as the import does; returns their ids. */
async function contacts(who: Person, team: string, count = 3, owner: string | null = who.id) {
  const rows = await asUser<{ id: string }>(
    who,
    `insert into public.contacts (team_id, owner_id, first_name, last_name, email)
     select $1, $2, 'First', 'Last ' || n, 'bulk' || n || '@example.test' from generate_series($3::int, $4::int) n
     returning id`,
    [team, owner, counter + 1, counter += count],
  );
  return rows.map((r) => r.id);
}

async function companies(who: Person, team: string, count = 3, owner: string | null = who.id) {
  const rows = await asUser<{ id: string }>(
    who,
    `insert into public.companies (team_id, owner_id, name)
     select $1, $2, 'Bulk ' || n from generate_series($3::int, $4::int) n returning id`,
    [team, owner, counter + 1, counter += count],
  );
  return rows.map((r) => r.id);
}

Deno.test("bulk inserts: owners, admins, managers and reps add; viewers and the other team cannot", async () => {
  for (const who of [t.owner, t.admin, t.manager, t.rep]) {
    assertEquals((await contacts(who, t.teamA)).length, 3);
    assertEquals((await companies(who, t.teamA)).length, 3);
  }
  for (const [who, team] of [[t.viewer, t.teamA], [t.outsider, t.teamA], [t.rep, t.teamB]] as const) {
    const refused = await assertRejects(() => contacts(who, team));
    assert(/permission/.test(refused.message), refused.message);
    await assertRejects(() => companies(who, team));
  }
});

Deno.test("bulk updates: writers edit their team's records; viewers and the other team change nothing", async () => {
  const ids = await contacts(t.rep, t.teamA);
  const [company] = await companies(t.rep, t.teamA, 1);
  for (const who of [t.viewer, t.outsider]) {
    assertEquals(
      (await asUser(who, "update public.contacts set city = 'Nope' where id = any($1::uuid[]) returning id", [ids]))
        .length,
      0,
    );
    assertEquals(
      (await asUser(who, "update public.companies set city = 'Nope' where id = $1 returning id", [company])).length,
      0,
    );
  }
  const moved = await assertRejects(() =>
    asUser(t.rep, "update public.contacts set team_id = $2 where id = $1", [ids[0], t.teamB])
  );
  assert(/permission/.test(moved.message), moved.message);
  assertEquals(
    (await asUser(t.manager, "update public.contacts set city = 'Lyon' where id = any($1::uuid[]) returning id", [ids]))
      .length,
    3,
  );
});

Deno.test("bulk inserts: every row is in the audit log with its actor, as a single insert is", async () => {
  const ids = await contacts(t.rep, t.teamA, 4);
  const [company] = await companies(t.manager, t.teamA, 1);
  const logged = await asService<{ record_id: string; actor_id: string; new_data: { id: string } }>(
    `select record_id, actor_id, new_data from public.audit_logs
     where action = 'INSERT' and table_name = 'contacts' and record_id = any($1::text[]) order by record_id`,
    [ids],
  );
  assertEquals(logged.map((l) => l.record_id), [...ids].sort());
  for (const row of logged) {
    assertEquals(row.actor_id, t.rep.id);
    assertEquals(row.new_data.id, row.record_id);
  }
  const [companyLog] = await asService<{ actor_id: string }>(
    "select actor_id from public.audit_logs where action = 'INSERT' and table_name = 'companies' and record_id = $1",
    [company],
  );
  assertEquals(companyLog.actor_id, t.manager.id);
  // Updates are still logged row by row, with the old and the new values.
  await asUser(t.rep, "update public.contacts set city = 'Lisbon' where id = $1", [ids[0]]);
  const [update] = await asService<{ old_city: string | null; new_city: string }>(
    `select old_data ->> 'city' as old_city, new_data ->> 'city' as new_city from public.audit_logs
     where action = 'UPDATE' and record_id = $1`,
    [ids[0]],
  );
  assertEquals(update, { old_city: null, new_city: "Lisbon" });
});

Deno.test("bulk inserts: an owner from another team refuses the whole statement", async () => {
  const before = await asService<{ n: number }>(
    "select count(*)::int as n from public.contacts where team_id = $1",
    [t.teamA],
  );
  for (const insert of [contacts, companies]) {
    const refused = await assertRejects(() => insert(t.rep, t.teamA, 3, t.outsider.id));
    assert(/not a member of this workspace/.test(refused.message), refused.message);
  }
  const after = await asService<{ n: number }>(
    "select count(*)::int as n from public.contacts where team_id = $1",
    [t.teamA],
  );
  assertEquals(after[0].n, before[0].n);
  // Handing an existing record to an outsider is refused as before.
  const [id] = await contacts(t.rep, t.teamA, 1);
  await assertRejects(() =>
    asUser(t.manager, "update public.contacts set owner_id = $2 where id = $1", [id, t.outsider.id])
  );
});

Deno.test("bulk inserts: new contacts of a scored team wait for a score; other teams' do not", async () => {
  await asService(
    `insert into public.scoring_rules (team_id, kind, field, operator, value, points)
     values ($1, 'fit', 'title', 'contains', 'CTO', 10)`,
    [t.teamA],
  );
  const scored = await contacts(t.rep, t.teamA, 3);
  const unscored = await contacts(t.outsider, t.teamB, 2);
  const dirty = await asService<{ record_id: string }>(
    "select record_id from app.score_dirty where record_type = 'contact' and record_id = any($1::uuid[])",
    [[...scored, ...unscored]],
  );
  assertEquals(dirty.map((d) => d.record_id).sort(), [...scored].sort());
});
