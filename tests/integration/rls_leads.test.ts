// RLS for leads and lead_status_changes: allow and deny per operation, for every role and the other team; marking
// lost and converting to a deal run under RLS too (the other team gets "not found", viewers are refused).
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { type Person, twoTeams } from "../helpers/fixtures.ts";
import { AppError } from "../../lib/errors.ts";
import { markLeadLost, transitionLead } from "../../lib/leads/leads.ts";
import { convertLead } from "../../lib/leads/convert.ts";

const db = await freshDb();
const t = await twoTeams(db);

Deno.test.afterAll?.(() => db.close());

const asUser = <T = Record<string, unknown>>(who: Person, sql: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(sql, params));

const teamA = [
  ["owner", t.owner],
  ["admin", t.admin],
  ["manager", t.manager],
  ["rep", t.rep],
  ["viewer", t.viewer],
] as const;
const writers = teamA.filter(([role]) => role !== "viewer");

let counter = 0;
async function lead(who: Person, team = t.teamA, owner: string | null = who.id): Promise<string> {
  const [row] = await asUser<{ id: string }>(
    who,
    "insert into public.leads (team_id, business_name, owner_id) values ($1, $2, $3) returning id",
    [team, `Lead ${++counter}`, owner],
  );
  return row.id;
}

const exists = async (id: string) =>
  (await db.asService("test:read", (tx) => tx.query("select 1 from public.leads where id = $1", [id]))).length === 1;

Deno.test("leads select: every member of the team sees its leads; the other team sees none", async () => {
  const a = await lead(t.rep);
  const b = await lead(t.outsider, t.teamB);
  for (const [role, who] of teamA) {
    assertEquals((await asUser(who, "select 1 from public.leads where id = $1", [a])).length, 1, role);
    assertEquals((await asUser(who, "select 1 from public.leads where id = $1", [b])).length, 0, role);
  }
  assertEquals((await asUser(t.outsider, "select 1 from public.leads where id = $1", [a])).length, 0);
  assertEquals((await asUser(t.outsider, "select 1 from public.leads where id = $1", [b])).length, 1);
  assertEquals((await asUser(t.outsider, "select 1 from public.leads where team_id = $1", [t.teamA])).length, 0);
});

Deno.test("leads insert: owners, admins, managers and reps add; viewers and the other team cannot", async () => {
  for (const [role, who] of writers) assert(await lead(who), role);
  const viewer = await assertRejects(() => lead(t.viewer));
  assert(/permission/.test(viewer.message), viewer.message);
  await assertRejects(() => lead(t.outsider, t.teamA), "outsider inserts into team A");
  await assertRejects(() => lead(t.rep, t.teamB), "rep inserts into team B");
});

Deno.test("leads update: writers edit; viewers and the other team change nothing", async () => {
  const id = await lead(t.rep);
  const edit = (who: Person, city: string) =>
    asUser(who, "update public.leads set city = $2 where id = $1 returning id", [id, city]);
  for (const [role, who] of writers) assertEquals((await edit(who, role)).length, 1, role);
  assertEquals((await edit(t.viewer, "viewer")).length, 0);
  assertEquals((await edit(t.outsider, "outsider")).length, 0);
  const [row] = await asUser<{ city: string }>(t.viewer, "select city from public.leads where id = $1", [id]);
  assertEquals(row.city, "rep");
  // nor can a writer move a lead into a team they are not in
  await assertRejects(() => asUser(t.rep, "update public.leads set team_id = $2 where id = $1", [id, t.teamB]));
});

Deno.test("leads delete: managers and up delete any lead; reps only their own; viewers and outsiders none", async () => {
  for (const [role, who] of [["owner", t.owner], ["admin", t.admin], ["manager", t.manager]] as const) {
    const id = await lead(t.rep);
    assertEquals((await asUser(who, "delete from public.leads where id = $1 returning id", [id])).length, 1, role);
  }
  const others = await lead(t.manager);
  assertEquals((await asUser(t.rep, "delete from public.leads where id = $1 returning id", [others])).length, 0);
  assert(await exists(others));
  const own = await lead(t.rep);
  assertEquals((await asUser(t.rep, "delete from public.leads where id = $1 returning id", [own])).length, 1);
  const viewerOwned = await lead(t.owner, t.teamA, t.viewer.id);
  assertEquals(
    (await asUser(t.viewer, "delete from public.leads where id = $1 returning id", [viewerOwned])).length,
    0,
  );
  assertEquals((await asUser(t.outsider, "delete from public.leads where id = $1 returning id", [others])).length, 0);
  assert(await exists(viewerOwned) && await exists(others));
});

Deno.test("leads soft delete follows the delete rules", async () => {
  const softDelete = (who: Person, id: string) =>
    asUser(who, "update public.leads set deleted_at = now() where id = $1 returning id", [id]);
  const others = await lead(t.manager);
  const error = await assertRejects(() => softDelete(t.rep, others));
  assertEquals(error.message, "Only managers, admins, owners or the record's owner can delete it.");
  assertEquals((await softDelete(t.viewer, others)).length, 0);
  assertEquals((await softDelete(t.outsider, others)).length, 0);
  assertEquals((await softDelete(t.rep, await lead(t.rep))).length, 1);
  for (const who of [t.owner, t.admin, t.manager]) assertEquals((await softDelete(who, await lead(t.rep))).length, 1);
  // restoring is deleting too
  const id = await lead(t.manager);
  await softDelete(t.manager, id);
  await assertRejects(() => asUser(t.rep, "update public.leads set deleted_at = null where id = $1", [id]));
  assertEquals(
    (await asUser(t.manager, "update public.leads set deleted_at = null where id = $1 returning id", [id])).length,
    1,
  );
});

Deno.test("transition_lead runs under RLS: writers move, viewers are refused, outsiders see nothing", async () => {
  const id = await lead(t.rep);
  await assertRejects(() => asUser(t.viewer, "select app.transition_lead($1, 'CONTACTED')", [id]));
  const error = await assertRejects(() => asUser(t.outsider, "select app.transition_lead($1, 'CONTACTED')", [id]));
  assertEquals(error.message, "Lead not found.");
  assertEquals((await transitionLead(db, t.manager.claims, id, "CONTACTED")).status, "CONTACTED");
});

Deno.test("lead_status_changes select: every member reads the team's history; the other team reads none", async () => {
  const id = await lead(t.rep);
  await transitionLead(db, t.rep.claims, id, "CONTACTED");
  const b = await lead(t.outsider, t.teamB);
  await transitionLead(db, t.outsider.claims, b, "CONTACTED");
  for (const [role, who] of teamA) {
    assertEquals(
      (await asUser(who, "select 1 from public.lead_status_changes where lead_id = $1", [id])).length,
      1,
      role,
    );
    assertEquals(
      (await asUser(who, "select 1 from public.lead_status_changes where lead_id = $1", [b])).length,
      0,
      role,
    );
  }
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.lead_status_changes where lead_id = $1", [id])).length,
    0,
  );
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.lead_status_changes where lead_id = $1", [b])).length,
    1,
  );
});

Deno.test("lead_status_changes: nobody writes history directly, not even the owner", async () => {
  const id = await lead(t.rep);
  await transitionLead(db, t.rep.claims, id, "CONTACTED");
  for (const who of [t.owner, t.admin, t.manager, t.rep, t.viewer, t.outsider]) {
    const insert = await assertRejects(() =>
      asUser(
        who,
        "insert into public.lead_status_changes (team_id, lead_id, from_status, to_status) values ($1, $2, 'CONTACTED', 'PAID')",
        [t.teamA, id],
      )
    );
    assert(/permission/.test(insert.message), insert.message);
    const update = await assertRejects(() =>
      asUser(who, "update public.lead_status_changes set to_status = 'PAID' where lead_id = $1", [id])
    );
    assert(/permission/.test(update.message), update.message);
    const del = await assertRejects(() =>
      asUser(who, "delete from public.lead_status_changes where lead_id = $1", [id])
    );
    assert(/permission/.test(del.message), del.message);
  }
  const [{ n }] = await asUser<{ n: number }>(
    t.owner,
    "select count(*)::int as n from public.lead_status_changes where lead_id = $1 and to_status = 'CONTACTED'",
    [id],
  );
  assertEquals(n, 1);
});

Deno.test("leads: RLS is enabled on both tables, with the policies named as sentences", async () => {
  const tables = await db.asService(
    "test:read",
    (tx) =>
      tx.query<{ relname: string; relrowsecurity: boolean }>(
        "select relname, relrowsecurity from pg_class where relname in ('leads', 'lead_status_changes') order by relname",
      ),
  );
  assertEquals(tables.map((r) => [r.relname, r.relrowsecurity]), [["lead_status_changes", true], ["leads", true]]);
  const policies = await db.asService(
    "test:read",
    (tx) =>
      tx.query<{ policyname: string; cmd: string }>(
        "select policyname, cmd from pg_policies where tablename in ('leads', 'lead_status_changes') order by tablename, cmd",
      ),
  );
  assertEquals(policies.map((p) => p.cmd).sort(), ["DELETE", "INSERT", "SELECT", "SELECT", "UPDATE"]);
});

Deno.test("mark_lead_lost runs under RLS: writers mark lost, viewers are refused, outsiders see nothing", async () => {
  const id = await lead(t.rep);
  const viewer = await assertRejects(() => asUser(t.viewer, "select app.mark_lead_lost($1, 'No budget')", [id]));
  assertEquals(viewer.message, "Only owners, admins, managers and reps can change a lead's status.");
  for (const who of [t.outsider]) {
    const error = await assertRejects(() => asUser(who, "select app.mark_lead_lost($1, 'No budget')", [id]));
    assertEquals(error.message, "Lead not found.");
    const domain = await assertRejects(() => markLeadLost(db, who.claims, id, "No budget"));
    assert(domain instanceof AppError && domain.status === 404, String(domain));
  }
  const [row] = await asUser<{ status: string }>(t.viewer, "select status::text from public.leads where id = $1", [id]);
  assertEquals(row.status, "NEW");
  assertEquals((await markLeadLost(db, t.rep.claims, id, "No budget")).status, "LOST");
});

Deno.test("convert runs under RLS: the other team gets 404 and no deal, contact or company is written", async () => {
  const id = await lead(t.rep);
  await transitionLead(db, t.rep.claims, id, "CONTACTED");
  await transitionLead(db, t.rep.claims, id, "INTERESTED");
  for (const teamId of [t.teamA, t.teamB]) {
    const error = await assertRejects(() => convertLead(db, t.outsider.claims, teamId, id));
    assert(error instanceof AppError && error.status === 404, String(error));
    assertEquals(error.message, "Lead not found.");
  }
  const viewer = await assertRejects(() => convertLead(db, t.viewer.claims, t.teamA, id));
  assert(viewer instanceof AppError && viewer.status === 403, String(viewer));
  const [{ deals }] = await db.asService(
    "test:read",
    (tx) =>
      tx.query<{ deals: number }>("select count(*)::int as deals from public.deals where team_id = $1", [t.teamB]),
  );
  assertEquals(deals, 0);
  const converted = await convertLead(db, t.manager.claims, t.teamA, id);
  assert(converted.created);
  // the other team cannot read the deal, nor point its own lead at it
  assertEquals((await asUser(t.outsider, "select 1 from public.deals where id = $1", [converted.deal.id])).length, 0);
  const theirs = await lead(t.outsider, t.teamB);
  const link = await assertRejects(() =>
    asUser(t.outsider, "update public.leads set deal_id = $2 where id = $1", [theirs, converted.deal.id])
  );
  assertEquals(link.message, "That deal does not exist in this workspace.");
});
