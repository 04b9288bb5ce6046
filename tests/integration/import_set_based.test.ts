// Leads, deals and tasks inserted many at a time are checked and recorded as one row at a time was: the
// insert and update policies (writers of the row's team), the audit log with its actor, the owner (and
// assignee) membership check and the lead score bookkeeping, now done once per statement; system
// activities skip the checks that never applied to them, manual ones are still checked
// (supabase/migrations/20261210050000_set_based_imports.sql).
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

type Kind = "leads" | "deals" | "tasks";
let counter = 0;
/** Inserts `count` rows of `kind` in one statement, owned by `owner`; returns their ids. */
async function insert(kind: Kind, who: Person, team: string, count = 3, owner: string | null = who.id) {
  const columns: Record<Kind, string> = {
    leads: "business_name, email",
    deals: "name, value",
    tasks: "title, priority",
  };
  const values: Record<Kind, string> = {
    leads: "'Bulk ' || n, 'lead' || n || '@example.test'",
    deals: "'Bulk deal ' || n, 1000",
    tasks: "'Bulk task ' || n, 'high'",
  };
  const rows = await asUser<{ id: string }>(
    who,
    `insert into public.${kind} (team_id, owner_id, ${columns[kind]})
     select $1, $2, ${values[kind]} from generate_series($3::int, $4::int) n returning id`,
    [team, owner, counter + 1, counter += count],
  );
  return rows.map((r) => r.id);
}

const KINDS: Kind[] = ["leads", "deals", "tasks"];

/** Team A scores its leads and contacts (a rule of its own); team B does not. */
async function scoreTeamA() {
  await asService(
    `insert into public.scoring_rules (team_id, kind, field, operator, value, points)
     select $1, 'fit', 'title', 'contains', 'CTO', 10
     where not exists (select 1 from public.scoring_rules where team_id = $1)`,
    [t.teamA],
  );
}

Deno.test("bulk inserts of leads, deals and tasks: writers add; viewers and the other team cannot", async () => {
  for (const kind of KINDS) {
    for (const who of [t.owner, t.admin, t.manager, t.rep]) assertEquals((await insert(kind, who, t.teamA)).length, 3);
    for (const [who, team] of [[t.viewer, t.teamA], [t.outsider, t.teamA], [t.rep, t.teamB]] as const) {
      const refused = await assertRejects(() => insert(kind, who, team));
      assert(/permission|row-level security/.test(refused.message), `${kind}: ${refused.message}`);
    }
  }
});

Deno.test("bulk updates of leads, deals and tasks: writers only, and never into another team", async () => {
  for (const kind of KINDS) {
    const ids = await insert(kind, t.rep, t.teamA);
    for (const who of [t.viewer, t.outsider]) {
      const changed = await asUser(
        who,
        `update public.${kind} set tags = '{x}' where id = any($1::uuid[]) returning id`,
        [
          ids,
        ],
      );
      assertEquals(changed.length, 0, kind);
    }
    const moved = await assertRejects(() =>
      asUser(t.rep, `update public.${kind} set team_id = $2 where id = $1`, [ids[0], t.teamB])
    );
    assert(/permission|row-level security|does not exist/.test(moved.message), `${kind}: ${moved.message}`);
    const changed = await asUser(
      t.manager,
      `update public.${kind} set tags = '{y}' where id = any($1::uuid[]) returning id`,
      [
        ids,
      ],
    );
    assertEquals(changed.length, 3, kind);
  }
});

Deno.test("bulk inserts of leads, deals and tasks: every row is audited with its actor and gets its created entry", async () => {
  for (const kind of KINDS) {
    const ids = await insert(kind, t.rep, t.teamA, 4);
    const logged = await asService<{ record_id: string; actor_id: string; new_data: { id: string } }>(
      `select record_id, actor_id, new_data from public.audit_logs
       where action = 'INSERT' and table_name = $1 and record_id = any($2::text[]) order by record_id`,
      [kind, ids],
    );
    assertEquals(logged.map((l) => l.record_id), [...ids].sort(), kind);
    for (const row of logged) {
      assertEquals(row.actor_id, t.rep.id);
      assertEquals(row.new_data.id, row.record_id);
    }
    const created = await asService<{ n: number }>(
      "select count(*)::int as n from public.activities where type = 'created' and is_system and record_id = any($1::uuid[])",
      [ids],
    );
    assertEquals(created[0].n, 4, kind);
    // Updates are still logged row by row, with the old and the new values.
    await asUser(t.rep, `update public.${kind} set tags = '{z}' where id = $1`, [ids[0]]);
    const [update] = await asService<{ old_tags: string[]; new_tags: string[] }>(
      `select old_data -> 'tags' as old_tags, new_data -> 'tags' as new_tags from public.audit_logs
       where action = 'UPDATE' and table_name = $1 and record_id = $2`,
      [kind, ids[0]],
    );
    assertEquals(update, { old_tags: [], new_tags: ["z"] }, kind);
  }
});

Deno.test("bulk inserts: an owner or assignee from another team refuses the whole statement", async () => {
  for (const kind of KINDS) {
    const count = async () =>
      (await asService<{ n: number }>(`select count(*)::int as n from public.${kind} where team_id = $1`, [t.teamA]))[0]
        .n;
    const before = await count();
    const refused = await assertRejects(() => insert(kind, t.rep, t.teamA, 3, t.outsider.id));
    assert(/not a member of this workspace/.test(refused.message), `${kind}: ${refused.message}`);
    assertEquals(await count(), before, kind);
    const [id] = await insert(kind, t.rep, t.teamA, 1);
    await assertRejects(() =>
      asUser(t.manager, `update public.${kind} set owner_id = $2 where id = $1`, [id, t.outsider.id])
    );
  }
  const assigned = await assertRejects(() =>
    asUser(
      t.rep,
      `insert into public.tasks (team_id, owner_id, assignee_id, title)
       select $1, $2, case when n = 2 then $3::uuid else $2 end, 'Assigned ' || n from generate_series(1, 3) n`,
      [t.teamA, t.rep.id, t.outsider.id],
    )
  );
  assert(/not a member of this workspace/.test(assigned.message), assigned.message);
});

Deno.test("bulk inserts: new leads of a scored team wait for a score; other teams' do not", async () => {
  await scoreTeamA();
  const scored = await insert("leads", t.rep, t.teamA, 3);
  const unscored = await insert("leads", t.outsider, t.teamB, 2);
  const dirty = await asService<{ record_id: string }>(
    "select record_id from app.score_dirty where record_type = 'lead' and record_id = any($1::uuid[])",
    [[...scored, ...unscored]],
  );
  assertEquals(dirty.map((d) => d.record_id).sort(), [...scored].sort());
});

Deno.test("manual activities are still checked and still mark scores; system ones skip both", async () => {
  await scoreTeamA();
  const [lead] = await insert("leads", t.rep, t.teamA, 1);
  await asService("delete from app.score_dirty where record_id = $1", [lead]);
  const missing = await assertRejects(() =>
    asUser(
      t.rep,
      `insert into public.activities (team_id, record_type, record_id, type, subject, actor_id)
       values ($1, 'lead', gen_random_uuid(), 'call', 'Called', $2)`,
      [t.teamA, t.rep.id],
    )
  );
  assert(/does not exist in this workspace/.test(missing.message), missing.message);
  await asUser(
    t.rep,
    `insert into public.activities (team_id, record_type, record_id, type, subject, actor_id)
     values ($1, 'lead', $2, 'call', 'Called', $3)`,
    [t.teamA, lead, t.rep.id],
  );
  const dirty = await asService("select 1 from app.score_dirty where record_type = 'lead' and record_id = $1", [lead]);
  assertEquals(dirty.length, 1);
  // A system entry (here: the lead's own "created" entry, written again by the service) marks nothing.
  await asService("delete from app.score_dirty where record_id = $1", [lead]);
  await asService(
    `insert into public.activities (team_id, record_type, record_id, type, subject, is_system)
     values ($1, 'lead', $2, 'created', 'Lead created', true)`,
    [t.teamA, lead],
  );
  assertEquals((await asService("select 1 from app.score_dirty where record_id = $1", [lead])).length, 0);
});
