// RLS for pipelines, pipeline_stages, deals and deal_stage_history: allow and deny, per operation, for every role
// of team A and for team B's outsider, who can neither read nor write team A's rows.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { twoTeams } from "../helpers/fixtures.ts";
import type { Person } from "../helpers/fixtures.ts";

const db = await freshDb();
const t = await twoTeams(db);
Deno.test.afterAll?.(() => db.close());

const asUser = <T = Record<string, unknown>>(who: Person, sql: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(sql, params));
const asService = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  db.asService("test:fixtures", (tx) => tx.query<T>(sql, params));

const roles = ["owner", "admin", "manager", "rep", "viewer"] as const;
const builders = new Set(["owner", "admin"]);
const writers = new Set(["owner", "admin", "manager", "rep"]);

async function defaultPipeline(teamId: string) {
  const [pipeline] = await asService<{ id: string }>(
    "select id from public.pipelines where team_id = $1 and is_default",
    [teamId],
  );
  const stages = await asService<{ id: string; name: string }>(
    "select id, name from public.pipeline_stages where pipeline_id = $1 order by position",
    [pipeline.id],
  );
  return { id: pipeline.id, stage: Object.fromEntries(stages.map((s) => [s.name, s.id])) };
}
const salesA = await defaultPipeline(t.teamA);
const salesB = await defaultPipeline(t.teamB);

async function makeDeal(teamId: string, stageId: string, ownerId: string | null = null, name = "Deal") {
  const [deal] = await asService<{ id: string }>(
    "insert into public.deals (team_id, stage_id, name, value, owner_id) values ($1, $2, $3, 100, $4) returning id",
    [teamId, stageId, name, ownerId],
  );
  return deal.id;
}

async function makePipeline(teamId: string, name: string) {
  const [pipeline] = await asService<{ id: string }>(
    "insert into public.pipelines (team_id, name) values ($1, $2) returning id",
    [teamId, name],
  );
  const [stage] = await asService<{ id: string }>(
    "insert into public.pipeline_stages (team_id, pipeline_id, name) values ($1, $2, 'Only') returning id",
    [teamId, pipeline.id],
  );
  return { id: pipeline.id, stageId: stage.id };
}

const refusedByPolicy = async (fn: () => Promise<unknown>) => {
  const error = await assertRejects(fn);
  assert(/permission|row-level/i.test(error.message), error.message);
};

// Pipelines ---------------------------------------------------------------------------------------------
Deno.test("pipelines: every member reads their team's; the outsider sees none of team A's", async () => {
  for (const role of roles) {
    const rows = await asUser<{ id: string }>(t[role], "select id from public.pipelines");
    assertEquals(rows.map((r) => r.id), [salesA.id], role);
  }
  assertEquals((await asUser<{ id: string }>(t.outsider, "select id from public.pipelines")).map((r) => r.id), [
    salesB.id,
  ]);
  assertEquals((await asUser(t.outsider, "select 1 from public.pipelines where team_id = $1", [t.teamA])).length, 0);
});

Deno.test("pipelines: only owners and admins create; nobody creates in another team", async () => {
  for (const role of roles) {
    const insert = () =>
      asUser(t[role], "insert into public.pipelines (team_id, name) values ($1, $2) returning id", [
        t.teamA,
        `By ${role}`,
      ]);
    if (builders.has(role)) assertEquals((await insert()).length, 1, role);
    else await refusedByPolicy(insert);
  }
  await refusedByPolicy(() =>
    asUser(t.outsider, "insert into public.pipelines (team_id, name) values ($1, 'Sneaky')", [t.teamA])
  );
});

Deno.test("pipelines: only owners and admins rename; the outsider cannot touch team A's", async () => {
  for (const role of roles) {
    const rows = await asUser(t[role], "update public.pipelines set name = $2 where id = $1 returning id", [
      salesA.id,
      `Sales ${role}`,
    ]);
    assertEquals(rows.length, builders.has(role) ? 1 : 0, role);
  }
  assertEquals(
    (await asUser(t.outsider, "update public.pipelines set name = 'Mine' where id = $1 returning id", [salesA.id]))
      .length,
    0,
  );
  await asService("update public.pipelines set name = 'Sales' where id = $1", [salesA.id]);
});

Deno.test("pipelines: only owners and admins delete; the outsider cannot delete team A's", async () => {
  for (const role of roles) {
    const { id } = await makePipeline(t.teamA, `Doomed ${role}`);
    const rows = await asUser(t[role], "delete from public.pipelines where id = $1 returning id", [id]);
    assertEquals(rows.length, builders.has(role) ? 1 : 0, role);
  }
  const { id } = await makePipeline(t.teamA, "Outsider target");
  assertEquals((await asUser(t.outsider, "delete from public.pipelines where id = $1 returning id", [id])).length, 0);
});

// Stages ------------------------------------------------------------------------------------------------
Deno.test("pipeline_stages: every member reads their team's; the outsider sees none of team A's", async () => {
  for (const role of roles) {
    const rows = await asUser(t[role], "select 1 from public.pipeline_stages where pipeline_id = $1", [salesA.id]);
    assertEquals(rows.length, 7, role);
  }
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.pipeline_stages where team_id = $1", [t.teamA])).length,
    0,
  );
  assertEquals((await asUser(t.outsider, "select 1 from public.pipeline_stages")).length, 7);
});

Deno.test("pipeline_stages: only owners and admins add stages; not to another team's pipeline", async () => {
  for (const role of roles) {
    const insert = () =>
      asUser(
        t[role],
        "insert into public.pipeline_stages (team_id, pipeline_id, name, position) values ($1, $2, $3, 99) returning id",
        [t.teamA, salesA.id, `Extra ${role}`],
      );
    if (builders.has(role)) assertEquals((await insert()).length, 1, role);
    else await refusedByPolicy(insert);
  }
  await refusedByPolicy(() =>
    asUser(t.outsider, "insert into public.pipeline_stages (team_id, pipeline_id, name) values ($1, $2, 'X')", [
      t.teamA,
      salesA.id,
    ])
  );
  // claiming their own team while pointing at team A's pipeline: the (pipeline, team) key refuses it
  await assertRejects(() =>
    asUser(t.outsider, "insert into public.pipeline_stages (team_id, pipeline_id, name) values ($1, $2, 'X')", [
      t.teamB,
      salesA.id,
    ])
  );
  await asService("delete from public.pipeline_stages where position = 99");
});

Deno.test("pipeline_stages: reps and the rest cannot edit stages; owners and admins can", async () => {
  for (const role of roles) {
    const rows = await asUser(
      t[role],
      "update public.pipeline_stages set probability = 30, name = $2 where id = $1 returning id",
      [salesA.stage.Qualified, `Qualified ${role}`],
    );
    assertEquals(rows.length, builders.has(role) ? 1 : 0, role);
  }
  assertEquals(
    (await asUser(t.outsider, "update public.pipeline_stages set probability = 1 where id = $1 returning id", [
      salesA.stage.Qualified,
    ])).length,
    0,
  );
  await asService("update public.pipeline_stages set name = 'Qualified', probability = 25 where id = $1", [
    salesA.stage.Qualified,
  ]);
});

Deno.test("pipeline_stages: only owners and admins delete; the outsider cannot", async () => {
  for (const role of roles) {
    const { stageId } = await makePipeline(t.teamA, `Stage host ${role}`);
    const [extra] = await asService<{ id: string }>(
      "insert into public.pipeline_stages (team_id, pipeline_id, name) select team_id, pipeline_id, 'Extra' from public.pipeline_stages where id = $1 returning id",
      [stageId],
    );
    const rows = await asUser(t[role], "delete from public.pipeline_stages where id = $1 returning id", [extra.id]);
    assertEquals(rows.length, builders.has(role) ? 1 : 0, role);
  }
  assertEquals(
    (await asUser(t.outsider, "delete from public.pipeline_stages where id = $1 returning id", [salesA.stage.Demo]))
      .length,
    0,
  );
});

// Deals -------------------------------------------------------------------------------------------------
Deno.test("deals: every member reads their team's; the outsider sees none of team A's", async () => {
  const id = await makeDeal(t.teamA, salesA.stage.New, null, "Visible");
  for (const role of roles) {
    assertEquals((await asUser(t[role], "select 1 from public.deals where id = $1", [id])).length, 1, role);
  }
  assertEquals((await asUser(t.outsider, "select 1 from public.deals where id = $1", [id])).length, 0);
  assertEquals((await asUser(t.outsider, "select 1 from public.deals where team_id = $1", [t.teamA])).length, 0);
});

Deno.test("deals: writers create, the viewer cannot; the outsider cannot create in team A", async () => {
  for (const role of roles) {
    const insert = () =>
      asUser(t[role], "insert into public.deals (team_id, stage_id, name) values ($1, $2, $3) returning id", [
        t.teamA,
        salesA.stage.New,
        `By ${role}`,
      ]);
    if (writers.has(role)) assertEquals((await insert()).length, 1, role);
    else await refusedByPolicy(insert);
  }
  await refusedByPolicy(() =>
    asUser(t.outsider, "insert into public.deals (team_id, stage_id, name) values ($1, $2, 'Sneaky')", [
      t.teamA,
      salesA.stage.New,
    ])
  );
  // into their own team, but with team A's stage: the stage does not exist in their workspace
  const error = await assertRejects(() =>
    asUser(t.outsider, "insert into public.deals (team_id, stage_id, name) values ($1, $2, 'Sneaky')", [
      t.teamB,
      salesA.stage.New,
    ])
  );
  assertEquals(error.message, "That stage does not exist in this workspace.");
});

Deno.test("deals: writers edit and move, the viewer cannot; the outsider cannot touch team A's", async () => {
  const id = await makeDeal(t.teamA, salesA.stage.New, null, "Editable");
  for (const role of roles) {
    const rows = await asUser(t[role], "update public.deals set stage_id = $2, name = $3 where id = $1 returning id", [
      id,
      salesA.stage.Demo,
      `Moved by ${role}`,
    ]);
    assertEquals(rows.length, writers.has(role) ? 1 : 0, role);
    await asService("update public.deals set stage_id = $2 where id = $1", [id, salesA.stage.New]);
  }
  assertEquals(
    (await asUser(t.outsider, "update public.deals set name = 'Mine' where id = $1 returning id", [id])).length,
    0,
  );
  // into the outsider's own stage: team A's deal stays invisible to them, so nothing moves
  assertEquals(
    (await asUser(t.outsider, "update public.deals set stage_id = $2, pipeline_id = $3 where id = $1 returning id", [
      id,
      salesB.stage.Demo,
      salesB.id,
    ])).length,
    0,
  );
  const [after] = await asService<{ stage_id: string; team_id: string }>(
    "select stage_id, team_id from public.deals where id = $1",
    [id],
  );
  assertEquals(after, { stage_id: salesA.stage.New, team_id: t.teamA });
});

Deno.test("deals: nobody moves a deal into another team's stage, or the deal itself into another team", async () => {
  const mine = await makeDeal(t.teamB, salesB.stage.New, t.outsider.id, "B deal");
  const error = await assertRejects(() =>
    asUser(t.outsider, "update public.deals set stage_id = $2 where id = $1", [mine, salesA.stage.Demo])
  );
  assertEquals(error.message, "That stage does not exist in this workspace.");
  // refused by the stage check (team A has no such stage) before the policy would refuse team A
  await assertRejects(() => asUser(t.outsider, "update public.deals set team_id = $2 where id = $1", [mine, t.teamA]));
  await refusedByPolicy(() =>
    asUser(t.outsider, "update public.deals set team_id = $2, pipeline_id = $3, stage_id = $4 where id = $1", [
      mine,
      t.teamA,
      salesA.id,
      salesA.stage.New,
    ])
  );
  const a = await makeDeal(t.teamA, salesA.stage.New, null, "A deal");
  const own = await assertRejects(() =>
    asUser(t.owner, "update public.deals set stage_id = $2 where id = $1", [a, salesB.stage.Demo])
  );
  assertEquals(own.message, "That stage does not exist in this workspace.");
});

Deno.test("deals: managers and up delete any deal; a rep only their own; the viewer and outsider none", async () => {
  for (const role of roles) {
    const others = await makeDeal(t.teamA, salesA.stage.New, t.owner.id, "Someone else's");
    const own = await makeDeal(t.teamA, salesA.stage.New, t[role].id, "Own");
    const deleteOthers = await asUser(t[role], "delete from public.deals where id = $1 returning id", [others]);
    const deleteOwn = await asUser(t[role], "delete from public.deals where id = $1 returning id", [own]);
    const managerOrUp = ["owner", "admin", "manager"].includes(role);
    assertEquals(deleteOthers.length, managerOrUp ? 1 : 0, `${role}: someone else's`);
    assertEquals(deleteOwn.length, writers.has(role) ? 1 : 0, `${role}: own`);
  }
  // An outsider can neither own a deal of the team nor delete one.
  const refused = await assertRejects(() =>
    makeDeal(t.teamA, salesA.stage.New, t.outsider.id, "Assigned to outsider?")
  );
  assertMatch(refused.message, /not a member of this workspace/);
  const id = await makeDeal(t.teamA, salesA.stage.New, t.owner.id, "Not the outsider's");
  assertEquals((await asUser(t.outsider, "delete from public.deals where id = $1 returning id", [id])).length, 0);
});

Deno.test("deals: soft delete follows the delete rules", async () => {
  const id = await makeDeal(t.teamA, salesA.stage.New, t.manager.id, "Soft");
  const error = await assertRejects(() =>
    asUser(t.rep, "update public.deals set deleted_at = now() where id = $1", [id])
  );
  assert(/Only managers/.test(error.message), error.message);
  assertEquals(
    (await asUser(t.viewer, "update public.deals set deleted_at = now() where id = $1 returning id", [id])).length,
    0,
  );
  assertEquals(
    (await asUser(t.manager, "update public.deals set deleted_at = now() where id = $1 returning id", [id])).length,
    1,
  );
});

// Stage history -------------------------------------------------------------------------------------------
Deno.test("deal_stage_history: members read their team's; the outsider reads none of it", async () => {
  const id = await makeDeal(t.teamA, salesA.stage.New, null, "Historic");
  await asUser(t.rep, "update public.deals set stage_id = $2 where id = $1", [id, salesA.stage.Demo]);
  for (const role of roles) {
    assertEquals(
      (await asUser(t[role], "select 1 from public.deal_stage_history where deal_id = $1", [id])).length,
      2,
      role,
    );
  }
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.deal_stage_history where deal_id = $1", [id])).length,
    0,
  );
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.deal_stage_history where team_id = $1", [t.teamA])).length,
    0,
  );
});

Deno.test("deal_stage_history: read-only for every user, owners included", async () => {
  const id = await makeDeal(t.teamA, salesA.stage.New, null, "Frozen");
  for (const who of [...roles.map((role) => t[role]), t.outsider]) {
    await refusedByPolicy(() =>
      asUser(
        who,
        "insert into public.deal_stage_history (team_id, deal_id, to_stage_id, entered_at) values ($1, $2, $3, now() - interval '1 year')",
        [t.teamA, id, salesA.stage["Closed Won"]],
      )
    );
    await refusedByPolicy(() =>
      asUser(who, "update public.deal_stage_history set entered_at = now() - interval '1 year' where deal_id = $1", [
        id,
      ])
    );
    await refusedByPolicy(() => asUser(who, "delete from public.deal_stage_history where deal_id = $1", [id]));
  }
  assertEquals((await asService("select 1 from public.deal_stage_history where deal_id = $1", [id])).length, 1);
});

// Exchange rates and the base currency ---------------------------------------------------------------------
async function makeRate(teamId: string, currency: string, rate = 1.08) {
  const [row] = await asService<{ id: string }>(
    `insert into public.exchange_rates (team_id, base_currency, currency, rate, valid_from)
     values ($1, 'USD', $2, $3, current_date) returning id`,
    [teamId, currency, rate],
  );
  return row.id;
}

Deno.test("exchange_rates: every member reads their team's; the outsider sees none of team A's", async () => {
  const id = await makeRate(t.teamA, "SEK", 0.095);
  for (const role of roles) {
    assertEquals((await asUser(t[role], "select 1 from public.exchange_rates where id = $1", [id])).length, 1, role);
  }
  assertEquals((await asUser(t.outsider, "select 1 from public.exchange_rates where id = $1", [id])).length, 0);
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.exchange_rates where team_id = $1", [t.teamA])).length,
    0,
  );
});

Deno.test("exchange_rates: only owners and admins add, change and remove; nobody touches another team's", async () => {
  for (const role of roles) {
    const insert = () =>
      asUser(
        t[role],
        "insert into public.exchange_rates (team_id, base_currency, currency, rate) values ($1, 'USD', $2, 1.5)",
        [t.teamA, role === "owner" ? "NOK" : role === "admin" ? "DKK" : "PLN"],
      );
    if (builders.has(role)) await insert();
    else await refusedByPolicy(insert);
  }
  await refusedByPolicy(() =>
    asUser(
      t.outsider,
      "insert into public.exchange_rates (team_id, base_currency, currency, rate) values ($1, 'USD', 'CZK', 1)",
      [t.teamA],
    )
  );
  const id = await makeRate(t.teamA, "HUF", 0.0028);
  for (const who of [t.manager, t.rep, t.viewer, t.outsider]) {
    assertEquals(
      (await asUser(who, "update public.exchange_rates set rate = 99 where id = $1 returning id", [id])).length,
      0,
    );
    assertEquals((await asUser(who, "delete from public.exchange_rates where id = $1 returning id", [id])).length, 0);
  }
  assertEquals(
    (await asService<{ rate: string }>("select rate from public.exchange_rates where id = $1", [id]))[0]
      .rate,
    "0.0028000000",
  );
  assertEquals(
    (await asUser(t.admin, "update public.exchange_rates set rate = 0.003 where id = $1 returning id", [id])).length,
    1,
  );
  assertEquals((await asUser(t.owner, "delete from public.exchange_rates where id = $1 returning id", [id])).length, 1);
});

Deno.test("exchange_rates: a rate is more than 0 and a currency is three capital letters", async () => {
  for (const [currency, rate] of [["EUR", -1], ["EUR", 0], ["eur", 1], ["EURO", 1]] as const) {
    const error = await assertRejects(() =>
      asUser(
        t.owner,
        "insert into public.exchange_rates (team_id, base_currency, currency, rate) values ($1, 'USD', $2, $3)",
        [t.teamA, currency, rate],
      )
    );
    assertMatch(error.message, /not allowed/);
  }
});

Deno.test("teams.base_currency: owners and admins set it; others and outsiders cannot", async () => {
  for (const who of [t.manager, t.rep, t.viewer, t.outsider]) {
    const changed = await asUser(who, "update public.teams set base_currency = 'EUR' where id = $1 returning id", [
      t.teamA,
    ]);
    assertEquals(changed.length, 0);
  }
  assertEquals(
    (await asUser(t.admin, "update public.teams set base_currency = 'EUR' where id = $1 returning id", [t.teamA]))
      .length,
    1,
  );
  await asUser(t.owner, "update public.teams set base_currency = 'USD' where id = $1", [t.teamA]);
});
