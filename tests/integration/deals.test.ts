// Deals and pipelines: default pipeline, board totals, moving deals, stage history, win/loss reasons,
// the pipeline builder's rules, and the same-team checks.
import { AppError } from "../../lib/errors.ts";
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { twoTeams } from "../helpers/fixtures.ts";
import { migrate, readMigrations } from "../../lib/db/migrate.ts";
import { openPglite } from "../../lib/db/pglite.ts";
import { loadBoard, moveDeal, stageHistory } from "../../lib/deals/deals.ts";
import { saveRate } from "../../lib/deals/exchange-rates.ts";
import {
  addStage,
  createPipeline,
  deletePipeline,
  deleteStage,
  listPipelines,
  renamePipeline,
  renameStage,
  reorderStages,
  setDefaultPipeline,
  updateStage,
} from "../../lib/deals/pipelines.ts";

const db = await freshDb();
const t = await twoTeams(db);
Deno.test.afterAll?.(() => db.close());

const DAY = 24 * 60 * 60 * 1000;
const STANDARD = [
  ["New", 10, "open"],
  ["Qualified", 25, "open"],
  ["Demo", 40, "open"],
  ["Proposal", 60, "open"],
  ["Negotiation", 80, "open"],
  ["Closed Won", 100, "won"],
  ["Closed Lost", 0, "lost"],
];

/** The HTTP status and message a rejected call carries. */
async function refusal(fn: () => Promise<unknown>) {
  const error = await assertRejects(fn);
  assert(error instanceof AppError, `expected an AppError, got ${error}`);
  return { status: error.status, message: error.message };
}

async function stagesOf(teamId: string, who = teamId === t.teamA ? t.owner : t.outsider) {
  const [pipeline] = await listPipelines(db, who.claims, teamId);
  return Object.fromEntries(pipeline.stages.map((s) => [s.name, s.id]));
}

async function insertDeal(teamId: string, stageId: string, fields: Record<string, unknown> = {}) {
  const row = { name: "Deal", value: 0, ...fields };
  const keys = Object.keys(row);
  const [deal] = await db.asService("test:fixtures", (tx) =>
    tx.query<{ id: string }>(
      `insert into public.deals (team_id, stage_id, ${keys.join(", ")})
       values ($1, $2, ${keys.map((_, i) => `$${i + 3}`).join(", ")}) returning id`,
      [teamId, stageId, ...Object.values(row)],
    ));
  return deal.id;
}

Deno.test("a team created with app.create_team gets the default Sales pipeline", async () => {
  const [team] = await db.asUser(
    t.rep.claims,
    (tx) => tx.query<{ id: string }>("select id from app.create_team('New Co')"),
  );
  const pipelines = await listPipelines(db, t.rep.claims, team.id);
  assertEquals(pipelines.length, 1);
  assertEquals(pipelines[0].name, "Sales");
  assertEquals(pipelines[0].is_default, true);
  assertEquals(pipelines[0].stages.map((s) => [s.name, s.probability, s.kind]), STANDARD);
  assertEquals(pipelines[0].stages.map((s) => s.position), [0, 1, 2, 3, 4, 5, 6]);
  assert(pipelines[0].stages.every((s) => s.deal_count === 0 && /^#[0-9a-f]{6}$/.test(s.color ?? "")));
});

Deno.test("seeded teams (inserted directly) have the default pipeline too", async () => {
  for (const [who, team] of [[t.viewer, t.teamA], [t.outsider, t.teamB]] as const) {
    const pipelines = await listPipelines(db, who.claims, team);
    assertEquals(pipelines.map((p) => [p.name, p.is_default, p.stages.length]), [["Sales", true, 7]]);
  }
});

Deno.test("teams that exist before the deals migration get the default pipeline when it runs", async () => {
  const all = await readMigrations();
  const mine = all.findIndex((m) => m.name === "20261122001200_deals.sql");
  const old = await openPglite();
  try {
    await migrate(old, all.slice(0, mine));
    await old.asService(
      "test:fixtures",
      (tx) => tx.query("insert into public.teams (name) values ('Early One'), ('Early Two')"),
    );
    await migrate(old, all.slice(0, mine + 1));
    const rows = await old.asService(
      "test:fixtures",
      (tx) =>
        tx.query<{ name: string; pipelines: number; stages: number }>(
          `select t.name, count(distinct p.id)::int as pipelines, count(s.id)::int as stages
         from public.teams t join public.pipelines p on p.team_id = t.id and p.is_default
         join public.pipeline_stages s on s.pipeline_id = p.id group by t.name order by t.name`,
        ),
    );
    assertEquals(rows, [{ name: "Early One", pipelines: 1, stages: 7 }, {
      name: "Early Two",
      pipelines: 1,
      stages: 7,
    }]);
  } finally {
    await old.close();
  }
});

Deno.test("a deal inserted without a stage lands in the default pipeline's first stage with its probability", async () => {
  const [deal] = await db.asUser(
    t.rep.claims,
    (tx) =>
      tx.query<{ stage_id: string; probability: number; closed_at: Date | null }>(
        "insert into public.deals (team_id, name, value) values ($1, 'Quick add', 10) returning stage_id, probability, closed_at",
        [t.teamA],
      ),
  );
  assertEquals(deal.stage_id, (await stagesOf(t.teamA)).New);
  assertEquals(deal.probability, 10);
  assertEquals(deal.closed_at, null);
});

Deno.test("board: columns in order with cards, counts, totals and weighted totals", async () => {
  const [team] = await db.asUser(
    t.owner.claims,
    (tx) => tx.query<{ id: string }>("select id from app.create_team('Board Co')"),
  );
  const s = await stagesOf(team.id, t.owner);
  await insertDeal(team.id, s.New, { name: "Alpha", value: 1000, position: 2, owner_id: t.owner.id });
  await insertDeal(team.id, s.New, { name: "Beta", value: 500.5, position: 1 });
  await insertDeal(team.id, s.Proposal, { name: "Gamma", value: 2000, probability: 50, currency: "EUR" });
  await insertDeal(team.id, s.Proposal, { name: "Delta", value: 3000 });
  await insertDeal(team.id, s["Closed Won"], { name: "Won one", value: 700, win_reason: "Best fit" });
  const gone = await insertDeal(team.id, s.New, { name: "Deleted", value: 99999 });
  await db.asService(
    "test:fixtures",
    (tx) => tx.query("update public.deals set deleted_at = now() where id = $1", [gone]),
  );

  const board = await loadBoard(db, t.owner.claims, team.id, null);
  assertEquals(board.pipeline.name, "Sales");
  assertEquals(board.stages.map((st) => st.name), STANDARD.map(([name]) => name));
  const byName = Object.fromEntries(board.stages.map((st) => [st.name, st]));
  assertEquals(byName.New.deals.map((d) => d.name), ["Beta", "Alpha"]);
  assertEquals(byName.New.count, 2);
  assertEquals(byName.New.total, 1500.5);
  assertEquals(byName.New.weighted_total, 150.05);
  assertEquals(byName.Proposal.count, 2);
  assertEquals(board.money.base, "USD");
  assertEquals(byName.Proposal.total, 3000, "no EUR rate yet: the euros are not added in as dollars");
  assertEquals(byName.Proposal.weighted_total, 3000 * 0.6);
  assertEquals(byName.Proposal.by_currency, {
    EUR: { count: 1, total: 2000, weighted_total: 1000 },
    USD: { count: 1, total: 3000, weighted_total: 1800 },
  });
  assertEquals(byName["Closed Won"].weighted_total, 700);
  assertEquals(byName.Demo, { ...byName.Demo, count: 0, total: 0, weighted_total: 0, deals: [], by_currency: {} });

  await saveRate(db, t.owner.claims, team.id, { currency: "EUR", rate: 1.08, valid_from: "2026-01-01" });
  const converted = (await loadBoard(db, t.owner.claims, team.id, null)).stages.find((st) => st.name === "Proposal")!;
  assertEquals([converted.total, converted.weighted_total], [3000 + 2160, 1800 + 1080], "at 1.08 once there is a rate");

  const alpha = byName.New.deals[1];
  assertEquals(alpha.owner_name, "owner");
  assertEquals(alpha.value, 1000);
  assertEquals(alpha.currency, "USD");
  assertEquals(typeof alpha.stage_entered_at, "string");
  assertEquals(JSON.parse(JSON.stringify(board)), board, "the board is plain JSON for island props");

  const mine = await loadBoard(db, t.owner.claims, team.id, board.pipeline.id, { owner_id: t.owner.id });
  assertEquals(mine.stages.flatMap((st) => st.deals.map((d) => d.name)), ["Alpha"]);
  const searched = await loadBoard(db, t.owner.claims, team.id, null, { q: "gam" });
  assertEquals(searched.stages.flatMap((st) => st.deals.map((d) => d.name)), ["Gamma"]);
  const cut = await loadBoard(db, t.owner.claims, team.id, null, { limitPerStage: 1 });
  assertEquals(cut.stages[0].deals.map((d) => d.name), ["Beta"]);
  assertEquals(cut.stages[0].count, 2, "count covers every match even when the column is cut");
});

Deno.test("board: another pipeline's deals stay out; unknown or foreign pipelines are 404", async () => {
  const renewals = await createPipeline(db, t.owner.claims, t.teamA, { name: "Renewals" });
  await insertDeal(t.teamA, renewals.stages[0].id, { name: "Renewal deal", value: 42 });
  const board = await loadBoard(db, t.rep.claims, t.teamA, renewals.id);
  assertEquals(board.pipeline.name, "Renewals");
  assertEquals(board.stages.flatMap((st) => st.deals.map((d) => d.name)), ["Renewal deal"]);
  const sales = await loadBoard(db, t.rep.claims, t.teamA, null);
  assert(!sales.stages.some((st) => st.deals.some((d) => d.name === "Renewal deal")));
  assertEquals((await refusal(() => loadBoard(db, t.outsider.claims, t.teamA, renewals.id))).status, 404);
  assertEquals((await refusal(() => loadBoard(db, t.outsider.claims, t.teamB, renewals.id))).status, 404);
  assertEquals((await refusal(() => loadBoard(db, t.rep.claims, t.teamA, "nope"))).status, 404);
});

Deno.test("moving a deal writes stage history with the time spent in each stage", async () => {
  const s = await stagesOf(t.teamA);
  const threeDaysAgo = new Date(Date.now() - 3 * DAY);
  const deal = await insertDeal(t.teamA, s.New, { name: "Mover", value: 100, stage_entered_at: threeDaysAgo });

  const { deal: moved } = await moveDeal(db, t.rep.claims, deal, { stage_id: s.Demo, position: 3.5 });
  assertEquals(moved.stage_id, s.Demo);
  assertEquals(moved.position, 3.5);
  assertEquals(moved.probability, 40, "the probability follows the stage");
  assertEquals(moved.closed_at, null);
  assert(Date.now() - Date.parse(moved.stage_entered_at) < 60_000);

  const history = await stageHistory(db, t.viewer.claims, deal);
  assertEquals(history.map((h) => [h.from_stage_name, h.stage_name, h.current]), [
    [null, "New", false],
    ["New", "Demo", true],
  ]);
  assertEquals(history[1].changed_by, t.rep.id);
  assertEquals(history[1].changed_by_name, "rep");
  assertEquals(history[0].changed_by, null, "inserted by a system job");
  assert(Math.abs(history[0].duration_ms - 3 * DAY) < 60_000, `about 3 days, got ${history[0].duration_ms}`);
  assertEquals(history[0].left_at, history[1].entered_at);
  assert(history[1].duration_ms >= 0 && history[1].duration_ms < 60_000);

  // moving within the column is not a stage change
  await moveDeal(db, t.rep.claims, deal, { stage_id: s.Demo, position: 1 });
  assertEquals((await stageHistory(db, t.rep.claims, deal)).length, 2);
  // without a position the deal goes to the end of the column
  const other = await insertDeal(t.teamA, s.Qualified, { name: "Already there", position: 10 });
  assert(other);
  const { deal: atEnd } = await moveDeal(db, t.rep.claims, deal, { stage_id: s.Qualified });
  assertEquals(atEnd.position, 11);
  assertEquals((await stageHistory(db, t.rep.claims, deal)).map((h) => h.stage_name), ["New", "Demo", "Qualified"]);
});

Deno.test("won and lost need a reason; closed_at is set on closing and cleared on reopening", async () => {
  const s = await stagesOf(t.teamA);
  const deal = await insertDeal(t.teamA, s.Negotiation, { name: "Closer", value: 5000 });

  assertEquals(await refusal(() => moveDeal(db, t.rep.claims, deal, { stage_id: s["Closed Won"] })), {
    status: 409,
    message: "Say why this deal was won.",
  });
  assertEquals(
    await refusal(() => moveDeal(db, t.rep.claims, deal, { stage_id: s["Closed Won"], win_reason: "   " })),
    { status: 409, message: "Say why this deal was won." },
  );
  const { deal: won } = await moveDeal(db, t.rep.claims, deal, {
    stage_id: s["Closed Won"],
    win_reason: "Fastest rollout",
  });
  assertEquals([won.probability, won.win_reason], [100, "Fastest rollout"]);
  assert(won.closed_at);

  // a won deal cannot lose its reason
  const cleared = await refusal(() =>
    db.asUser(t.rep.claims, (tx) => tx.query("update public.deals set win_reason = null where id = $1", [deal]))
  );
  assertEquals(cleared, { status: 409, message: "Say why this deal was won." });

  assertEquals(await refusal(() => moveDeal(db, t.rep.claims, deal, { stage_id: s["Closed Lost"] })), {
    status: 409,
    message: "Say why this deal was lost.",
  });
  const { deal: lost } = await moveDeal(db, t.rep.claims, deal, {
    stage_id: s["Closed Lost"],
    loss_reason: "Budget cut",
  });
  assertEquals([lost.probability, lost.loss_reason], [0, "Budget cut"]);
  assert(lost.closed_at);

  const { deal: reopened } = await moveDeal(db, t.rep.claims, deal, { stage_id: s.Proposal });
  assertEquals([reopened.closed_at, reopened.probability], [null, 60]);
  const history = await stageHistory(db, t.rep.claims, deal);
  assertEquals(history.map((h) => h.stage_kind), ["open", "won", "lost", "open"]);

  const direct = await refusal(() =>
    db.asUser(
      t.rep.claims,
      (tx) =>
        tx.query("insert into public.deals (team_id, stage_id, name) values ($1, $2, 'Born lost')", [
          t.teamA,
          s["Closed Lost"],
        ]),
    )
  );
  assertEquals(direct, { status: 409, message: "Say why this deal was lost." });
});

Deno.test("a stage of another pipeline is refused unless the move names that pipeline", async () => {
  const s = await stagesOf(t.teamA);
  const deal = await insertDeal(t.teamA, s.New, { name: "Wanderer" });
  const other = await createPipeline(db, t.admin.claims, t.teamA, {
    name: "Partners",
    stages: [{ name: "Intro", probability: 5 }, { name: "Signed", kind: "won" }],
  });
  const refused = await refusal(() => moveDeal(db, t.rep.claims, deal, { stage_id: other.stages[0].id }));
  assertEquals(refused.status, 409);
  assertEquals(refused.message, "That stage belongs to another pipeline. Pick a stage of this deal's pipeline.");
  const direct = await refusal(() =>
    db.asUser(
      t.rep.claims,
      (tx) => tx.query("update public.deals set stage_id = $2 where id = $1", [deal, other.stages[1].id]),
    )
  );
  assertEquals(direct.status, 409);

  const { deal: moved } = await moveDeal(db, t.rep.claims, deal, {
    stage_id: other.stages[0].id,
    pipeline_id: other.id,
  });
  assertEquals([moved.pipeline_id, moved.probability], [other.id, 5]);
  const [teamB] = await listPipelines(db, t.outsider.claims, t.teamB);
  const foreign = await refusal(() =>
    moveDeal(db, t.rep.claims, deal, { stage_id: teamB.stages[0].id, pipeline_id: teamB.id })
  );
  assertEquals(foreign.status, 404);
});

Deno.test("moveDeal: 404 for unknown, malformed and other teams' deals; 403 for a viewer", async () => {
  const s = await stagesOf(t.teamA);
  const deal = await insertDeal(t.teamA, s.New, { name: "Guarded" });
  for (const id of [crypto.randomUUID(), "not-an-id"]) {
    assertEquals(await refusal(() => moveDeal(db, t.rep.claims, id, { stage_id: s.Demo })), {
      status: 404,
      message: "Deal not found.",
    });
  }
  assertEquals(await refusal(() => moveDeal(db, t.outsider.claims, deal, { stage_id: s.Demo })), {
    status: 404,
    message: "Deal not found.",
  });
  assertEquals((await refusal(() => moveDeal(db, t.viewer.claims, deal, { stage_id: s.Demo }))).status, 403);
  assertEquals((await refusal(() => stageHistory(db, t.outsider.claims, deal))).status, 404);
  assertEquals(
    (await loadBoard(db, t.rep.claims, t.teamA, null)).stages[0].deals.find((d) => d.id === deal)?.name,
    "Guarded",
  );
});

Deno.test("pipeline builder: create, rename, add, rename and reorder stages", async () => {
  const pipeline = await createPipeline(db, t.owner.claims, t.teamA, { name: "Enterprise" });
  assertEquals(pipeline.stages.map((s) => [s.name, s.kind, s.probability]), [
    ["New", "open", 10],
    ["Closed Won", "won", 100],
    ["Closed Lost", "lost", 0],
  ]);
  assertEquals((await renamePipeline(db, t.admin.claims, pipeline.id, " Enterprise deals ")).name, "Enterprise deals");

  const security = await addStage(db, t.admin.claims, pipeline.id, { name: "Security review", probability: 50 });
  assertEquals(security.position, 1, "a new open stage goes before the closing stages");
  const pilot = await addStage(db, t.admin.claims, pipeline.id, { name: "Pilot", probability: 70, color: "#123abc" });
  let stages = (await listPipelines(db, t.rep.claims, t.teamA)).find((p) => p.id === pipeline.id)!.stages;
  assertEquals(stages.map((s) => [s.name, s.position]), [
    ["New", 0],
    ["Security review", 1],
    ["Pilot", 2],
    ["Closed Won", 3],
    ["Closed Lost", 4],
  ]);
  assertEquals((await renameStage(db, t.owner.claims, pilot.id, "Paid pilot")).name, "Paid pilot");
  assertEquals((await updateStage(db, t.owner.claims, pilot.id, { probability: 75 })).probability, 75);

  const order = [stages[0], stages[2], stages[1], stages[3], stages[4]].map((s) => s.id);
  stages = await reorderStages(db, t.admin.claims, pipeline.id, order);
  assertEquals(stages.map((s) => s.name), ["New", "Paid pilot", "Security review", "Closed Won", "Closed Lost"]);
  assertEquals(stages.map((s) => s.position), [0, 1, 2, 3, 4]);
  assertEquals((await refusal(() => reorderStages(db, t.admin.claims, pipeline.id, order.slice(1)))).status, 422);
  assertEquals(
    (await refusal(() => reorderStages(db, t.admin.claims, pipeline.id, [...order.slice(1), order[1]]))).status,
    422,
  );

  assertEquals(
    (await refusal(() => createPipeline(db, t.owner.claims, t.teamA, { name: "enterprise DEALS" }))).status,
    409,
  );
  assertEquals(
    (await refusal(() => addStage(db, t.owner.claims, pipeline.id, { name: "", probability: 5 }))).status,
    422,
  );
  assertEquals(
    (await refusal(() => addStage(db, t.owner.claims, pipeline.id, { name: "Odd", probability: 101 }))).status,
    422,
  );
});

Deno.test("pipeline builder: a stage or pipeline with deals cannot be deleted; an empty one can", async () => {
  const pipeline = await createPipeline(db, t.owner.claims, t.teamA, {
    name: "Deletions",
    stages: [{ name: "One" }, { name: "Two" }, { name: "Three" }, { name: "Won", kind: "won" }],
  });
  const [one, two, three] = pipeline.stages;
  const deal = await insertDeal(t.teamA, two.id, { name: "Blocker" });

  assertEquals(await refusal(() => deleteStage(db, t.admin.claims, two.id)), {
    status: 409,
    message: "Move this stage's deals first.",
  });
  await db.asService(
    "test:fixtures",
    (tx) => tx.query("update public.deals set deleted_at = now() where id = $1", [deal]),
  );
  assertEquals((await refusal(() => deleteStage(db, t.admin.claims, two.id))).status, 409, "trashed deals too");
  assertEquals((await refusal(() => moveDeal(db, t.owner.claims, deal, { stage_id: three.id }))).status, 404);
  await db.asService(
    "test:fixtures",
    (tx) => tx.query("update public.deals set stage_id = $2 where id = $1", [deal, three.id]),
  );

  await deleteStage(db, t.admin.claims, two.id);
  await deleteStage(db, t.admin.claims, one.id);
  const left = (await listPipelines(db, t.admin.claims, t.teamA)).find((p) => p.id === pipeline.id)!.stages;
  assertEquals(left.map((s) => [s.name, s.position]), [["Three", 0], ["Won", 1]]);
  const history = await stageHistory(db, t.owner.claims, deal);
  assertEquals(history[0].stage_id, null, "history outlives the deleted stage");

  assertEquals((await refusal(() => deletePipeline(db, t.admin.claims, pipeline.id))).status, 409);
  await db.asService("test:fixtures", (tx) => tx.query("delete from public.deals where id = $1", [deal]));
  await deletePipeline(db, t.admin.claims, pipeline.id);
  assert(!(await listPipelines(db, t.admin.claims, t.teamA)).some((p) => p.id === pipeline.id));

  const [sales] = await listPipelines(db, t.admin.claims, t.teamA);
  assertEquals(await refusal(() => deletePipeline(db, t.owner.claims, sales.id)), {
    status: 409,
    message: "Make another pipeline the default before deleting this one.",
  });
});

Deno.test("pipeline builder: a stage's kind is fixed while it holds deals; one default pipeline per team", async () => {
  const s = await stagesOf(t.teamA);
  const kind = await refusal(() => updateStage(db, t.owner.claims, s.New, { kind: "won" }));
  assertEquals(kind.status, 409);
  const spare = await createPipeline(db, t.owner.claims, t.teamA, { name: "Spare" });
  await setDefaultPipeline(db, t.admin.claims, spare.id);
  const pipelines = await listPipelines(db, t.rep.claims, t.teamA);
  assertEquals(pipelines.filter((p) => p.is_default).map((p) => p.name), ["Spare"]);
  assertEquals(pipelines[0].name, "Spare", "the default comes first");
  assertEquals((await loadBoard(db, t.rep.claims, t.teamA, null)).pipeline.name, "Spare");
  await setDefaultPipeline(db, t.owner.claims, pipelines.find((p) => p.name === "Sales")!.id);
  assertEquals((await refusal(() => setDefaultPipeline(db, t.rep.claims, spare.id))).status, 403);
});

Deno.test("a deal's company and contact must belong to its team", async () => {
  const [companyB] = await db.asUser(
    t.outsider.claims,
    (tx) =>
      tx.query<{ id: string }>("insert into public.companies (team_id, name) values ($1, 'B Corp') returning id", [
        t.teamB,
      ]),
  );
  const [contactB] = await db.asUser(
    t.outsider.claims,
    (tx) =>
      tx.query<{ id: string }>("insert into public.contacts (team_id, first_name) values ($1, 'Bea') returning id", [
        t.teamB,
      ]),
  );
  const insert = (column: string, id: string) =>
    db.asUser(
      t.rep.claims,
      (tx) => tx.query(`insert into public.deals (team_id, name, ${column}) values ($1, 'Cross', $2)`, [t.teamA, id]),
    );
  assertEquals(await refusal(() => insert("company_id", companyB.id)), {
    status: 404,
    message: "That company does not exist in this workspace.",
  });
  assertEquals(await refusal(() => insert("contact_id", contactB.id)), {
    status: 404,
    message: "That contact does not exist in this workspace.",
  });
});

Deno.test("deleting a team takes its pipelines, deals and history with it", async () => {
  const [team] = await db.asUser(
    t.outsider.claims,
    (tx) => tx.query<{ id: string }>("select id from app.create_team('Doomed')"),
  );
  const s = await stagesOf(team.id);
  const deal = await insertDeal(team.id, s.New, { name: "Doomed deal" });
  await db.asService(
    "test:fixtures",
    (tx) => tx.query("update public.deals set stage_id = $2 where id = $1", [deal, s.Demo]),
  );
  await db.asUser(t.outsider.claims, (tx) => tx.query("delete from public.teams where id = $1", [team.id]));
  const left = await db.asService("test:fixtures", (tx) =>
    tx.query<{ n: number }>(
      `select (select count(*) from public.pipelines where team_id = $1)
            + (select count(*) from public.pipeline_stages where team_id = $1)
            + (select count(*) from public.deals where team_id = $1)
            + (select count(*) from public.deal_stage_history where team_id = $1) as n`,
      [team.id],
    ));
  assertEquals(Number(left[0].n), 0);
});

Deno.test("moves and pipeline edits are audited", async () => {
  const s = await stagesOf(t.teamA);
  const deal = await insertDeal(t.teamA, s.New, { name: "Audited" });
  await moveDeal(db, t.manager.claims, deal, { stage_id: s.Qualified });
  const logs = await db.asUser(t.admin.claims, (tx) =>
    tx.query<{ action: string; actor_id: string }>(
      "select action, actor_id from public.audit_logs where table_name = 'deals' and record_id = $1 order by id",
      [deal],
    ));
  assertEquals(logs.map((l) => [l.action, l.actor_id]), [["INSERT", null], ["UPDATE", t.manager.id]]);
});
