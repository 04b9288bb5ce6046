// Reports and dashboards over HTTP (issue 12): each source, measure and grouping against numbers worked out by
// hand on a small fixture; refused configs; saved reports and dashboards with RLS (private vs team, another
// team sees and changes nothing); share links (run as the owner, expiry, revocation); exports (CSV formulas
// neutralised, XLSX, PDF); email schedules sent once per occurrence.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { twoTeams } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";
import { runDueSchedules } from "../../lib/reports/schedules.ts";
import type { Tx } from "../../lib/db/types.ts";
import type { Claims } from "../../lib/db/claims.ts";
import type { Caller } from "../../lib/caller.ts";
import { parseReportConfig } from "../../lib/reports/config.ts";
import { runReport } from "../../lib/reports/query.ts";
import { rebuildRollups, refreshRollups } from "../../lib/reports/rollups/refresh.ts";

const server = await startTestServer();
Deno.test.afterAll?.(() => server.close());
const cast = await twoTeams(server.db);
const DAY = 86_400_000;

// Fixture ----------------------------------------------------------------------------------------------
await server.db.asService("test:reports-fixture", async (tx) => {
  const password = await hashPassword("leadly-demo");
  for (const p of [cast.owner, cast.manager, cast.rep, cast.outsider]) {
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [password, p.id]);
  }
  const stage = async (team: string, name: string) =>
    (await tx.query<{ id: string }>("select id from public.pipeline_stages where team_id = $1 and name = $2", [
      team,
      name,
    ]))[0].id;
  const deal = (team: string, values: Record<string, unknown>) => insert(tx, "deals", { team_id: team, ...values });
  const A = cast.teamA;
  const now = Date.now();
  await deal(A, {
    name: "d1",
    stage_id: await stage(A, "New"),
    value: 1000,
    owner_id: cast.rep.id,
    created_at: "2026-10-05T10:00:00Z",
    stage_entered_at: new Date(now - 10 * DAY).toISOString(),
  });
  await deal(A, {
    name: "d2",
    stage_id: await stage(A, "New"),
    value: 3000,
    owner_id: cast.manager.id,
    created_at: "2026-10-20T10:00:00Z",
    stage_entered_at: new Date(now - 20 * DAY).toISOString(),
  });
  await deal(A, {
    name: "d3",
    stage_id: await stage(A, "Proposal"),
    value: 5000,
    owner_id: cast.rep.id,
    created_at: "2026-11-03T10:00:00Z",
    competitor: '=HYPERLINK("http://evil.test","click")',
  });
  await deal(A, {
    name: "d4",
    stage_id: await stage(A, "Closed Won"),
    value: 8000,
    owner_id: cast.rep.id,
    created_at: "2026-11-10T10:00:00Z",
    win_reason: "Price",
  });
  await deal(A, {
    name: "d5",
    stage_id: await stage(A, "Closed Lost"),
    value: 2000,
    owner_id: cast.manager.id,
    created_at: "2026-12-01T10:00:00Z",
    loss_reason: "Timing",
  });
  // deleted deals never count; another team's deals never reach team A's reports
  await deal(A, {
    name: "gone",
    stage_id: await stage(A, "New"),
    value: 99999,
    created_at: "2026-10-06T10:00:00Z",
    deleted_at: "2026-11-01T00:00:00Z",
  });
  await deal(cast.teamB, { name: "b1", stage_id: await stage(cast.teamB, "New"), value: 77777 });

  const contact = (values: Record<string, unknown>) => insert(tx, "contacts", { team_id: A, ...values });
  const c1 = await contact({ first_name: "Ann", email: "ann@x.test", industry: "Retail", lead_score: 40 });
  await contact({ first_name: "Bob", email: "bob@x.test", industry: "Retail", lead_score: 60 });
  await contact({ first_name: "Cid", email: "cid@y.test", industry: "Tech", lead_score: 90 });
  await contact({ first_name: "Dee", email: "dee@y.test" });

  const activity = (values: Record<string, unknown>) =>
    insert(tx, "activities", { team_id: A, record_type: "contact", record_id: c1, ...values });
  await activity({ type: "call", actor_id: cast.rep.id, outcome: "connected", duration_seconds: 600 });
  await activity({ type: "call", actor_id: cast.rep.id, outcome: "no_answer" });
  await activity({ type: "email", actor_id: cast.manager.id, subject: "Hi" });
  await activity({ type: "meeting", actor_id: cast.manager.id, outcome: "held", duration_seconds: 1800 });

  const task = (values: Record<string, unknown>) => insert(tx, "tasks", { team_id: A, ...values });
  await task({ title: "t1", assignee_id: cast.rep.id, status: "done" });
  await task({ title: "t2", assignee_id: cast.rep.id, status: "todo" });
  await task({ title: "t3", assignee_id: cast.manager.id, status: "done" });
  await task({ title: "t4", assignee_id: cast.manager.id, status: "cancelled" });
});

// Leads move through their flow only by their status functions, as a person.
await server.db.asUser(cast.owner.claims, async (tx) => {
  const lead = (values: Record<string, unknown>) => insert(tx, "leads", { team_id: cast.teamA, ...values });
  const move = async (id: string, ...to: string[]) => {
    for (const status of to) await tx.query("select app.transition_lead($1, $2)", [id, status]);
  };
  await lead({ business_name: "L1", source: "Web" });
  await move(await lead({ business_name: "L2", source: "Web" }), "CONTACTED");
  await move(
    await lead({ business_name: "L3", source: "Referral" }),
    "CONTACTED",
    "INTERESTED",
    "PROPOSAL_SENT",
    "PAID",
  );
  const l4 = await lead({ business_name: "L4", source: "Referral" });
  await tx.query("select app.mark_lead_lost($1, $2)", [l4, "Budget"]);
});

async function insert(tx: Tx, table: string, values: Record<string, unknown>): Promise<string> {
  const keys = Object.keys(values);
  const [row] = await tx.query<{ id: string }>(
    `insert into public.${table} (${keys.join(", ")}) values (${keys.map((_, i) => `$${i + 1}`).join(", ")})
     returning id`,
    Object.values(values),
  );
  return row.id;
}

const owner = await ApiClient.signIn(server.url, cast.owner.email);
const manager = await ApiClient.signIn(server.url, cast.manager.email);
const rep = await ApiClient.signIn(server.url, cast.rep.email);
const outsider = await ApiClient.signIn(server.url, cast.outsider.email);

type Config = Record<string, unknown>;
async function run(client: ApiClient, config: Config) {
  const res = await client.post("/api/v1/reports/run", { config });
  assertEquals(res.status, 200, JSON.stringify(res.json));
  return res.json as { columns: { key: string }[]; rows: Record<string, unknown>[]; totals: Record<string, unknown> };
}
const chart = { type: "table" };

// Sources, measures and groups ---------------------------------------------------------------------------

Deno.test("deals: by stage in pipeline order, sums, weighted value, win rate and time in stage", async () => {
  const byStage = await run(owner, {
    source: "deals",
    groupBy: [{ field: "stage" }],
    measures: [{ fn: "count" }, { fn: "sum", field: "value" }, { fn: "time_in_stage" }],
    chart,
  });
  assertEquals(byStage.rows.map((r) => [r.stage, r.count, r.sum_value]), [
    ["New", 2, 4000],
    ["Proposal", 1, 5000],
    ["Closed Won", 1, 8000],
    ["Closed Lost", 1, 2000],
  ]);
  assertEquals(byStage.rows[0].time_in_stage, 15, "(10 + 20 days) / 2 in New");
  assertEquals(byStage.totals.count, 5);
  assertEquals(byStage.totals.sum_value, 19000);

  const totals = await run(owner, {
    source: "deals",
    measures: [{ fn: "sum", field: "weighted_value" }, { fn: "conversion_rate" }, { fn: "max", field: "value" }],
    chart: { type: "kpi" },
  });
  // 1000*10% + 3000*10% + 5000*60% + 8000*100% + 2000*0%
  assertEquals(totals.rows, [{ sum_weighted_value: 11400, conversion_rate: 20, max_value: 8000 }]);

  const closed = await run(owner, {
    source: "deals",
    filters: [{ field: "status", op: "in", value: ["won", "lost"] }],
    groupBy: [{ field: "status" }],
    measures: [{ fn: "count" }, { fn: "conversion_rate" }],
    chart,
  });
  assertEquals(closed.rows, [{ status: "Won", count: 1, conversion_rate: 100 }, {
    status: "Lost",
    count: 1,
    conversion_rate: 0,
  }]);
  assertEquals(closed.totals.conversion_rate, 50);
});

Deno.test("deals: by owner, by month with empty months filled, filters, and the previous period", async () => {
  const byOwner = await run(owner, {
    source: "deals",
    groupBy: [{ field: "owner" }],
    measures: [{ fn: "sum", field: "value" }, { fn: "avg", field: "value" }],
    chart,
  });
  assertEquals(byOwner.rows, [
    { owner: "manager", sum_value: 5000, avg_value: 2500 },
    { owner: "rep", sum_value: 14000, avg_value: 4666.67 },
  ]);

  const byMonth = await run(owner, {
    source: "deals",
    dateRange: { from: "2026-09-01", to: "2026-12-31" },
    groupBy: [{ field: "created_at", period: "month" }],
    measures: [{ fn: "count" }, { fn: "sum", field: "value" }],
    chart: { type: "line" },
  });
  assertEquals(byMonth.rows, [
    { created_at: "2026-09-01", count: 0, sum_value: 0 },
    { created_at: "2026-10-01", count: 2, sum_value: 4000 },
    { created_at: "2026-11-01", count: 2, sum_value: 13000 },
    { created_at: "2026-12-01", count: 1, sum_value: 2000 },
  ]);

  const byWeek = await run(owner, {
    source: "deals",
    dateRange: { from: "2026-11-01", to: "2026-11-14" },
    groupBy: [{ field: "created_at", period: "week" }],
    measures: [{ fn: "count" }],
    chart: { type: "bar" },
  });
  // weeks start on Monday: Oct 26, Nov 2, Nov 9
  assertEquals(byWeek.rows, [
    { created_at: "2026-10-26", count: 0 },
    { created_at: "2026-11-02", count: 1 },
    { created_at: "2026-11-09", count: 1 },
  ]);

  const filtered = await run(owner, {
    source: "deals",
    filters: [{ field: "value", op: "gt", value: 2500 }, { field: "status", op: "eq", value: "open" }],
    measures: [{ fn: "count" }, { fn: "sum", field: "value" }],
    chart,
  });
  assertEquals(filtered.rows, [{ count: 2, sum_value: 8000 }], "d2 and d3");

  const compared = await run(owner, {
    source: "deals",
    dateRange: { from: "2026-11-01", to: "2026-11-30" },
    compare: "previous_period",
    measures: [{ fn: "count" }],
    chart: { type: "kpi" },
  }) as unknown as { rows: unknown[]; previous: { rows: unknown[]; from: string } };
  assertEquals(compared.rows, [{ count: 2 }]);
  assertEquals(compared.previous.rows, [{ count: 2 }], "30 days before: d1 and d2 in October");
  assertEquals(compared.previous.from, "2026-10-02T00:00:00.000Z");
});

Deno.test("leads: by status in flow order, conversion by source", async () => {
  const byStatus = await run(owner, {
    source: "leads",
    groupBy: [{ field: "status" }],
    measures: [{ fn: "count" }],
    chart: { type: "funnel" },
  });
  assertEquals(byStatus.rows.map((r) => [r.status, r.count]), [["New", 1], ["Contacted", 1], ["Paid", 1], [
    "Lost",
    1,
  ]]);
  const bySource = await run(owner, {
    source: "leads",
    groupBy: [{ field: "source" }],
    measures: [{ fn: "count" }, { fn: "conversion_rate" }],
    chart,
  });
  assertEquals(bySource.rows, [
    { source: "Referral", count: 2, conversion_rate: 50 },
    { source: "Web", count: 2, conversion_rate: 0 },
  ]);
  assertEquals(bySource.totals.conversion_rate, 25);
});

Deno.test("contacts: by industry, largest first, with an empty industry last", async () => {
  const result = await run(owner, {
    source: "contacts",
    groupBy: [{ field: "industry" }],
    measures: [{ fn: "count" }, { fn: "avg", field: "lead_score" }],
    chart: { type: "pie" },
  });
  assertEquals(result.rows, [
    { industry: "Retail", count: 2, avg_lead_score: 50 },
    { industry: "Tech", count: 1, avg_lead_score: 90 },
    { industry: null, count: 1, avg_lead_score: null },
  ]);
  const contains = await run(owner, {
    source: "contacts",
    filters: [{ field: "email", op: "contains", value: "@y.test" }],
    measures: [{ fn: "count" }],
    chart,
  });
  assertEquals(contains.rows, [{ count: 2 }]);
});

Deno.test("activities: per rep and type, outcomes and durations", async () => {
  const work = { field: "type", op: "in", value: ["call", "email", "meeting", "note"] };
  const perRep = await run(owner, {
    source: "activities",
    filters: [work],
    groupBy: [{ field: "actor" }, { field: "type" }],
    measures: [{ fn: "count" }],
    chart: { type: "stacked_bar" },
  });
  assertEquals(perRep.rows, [
    { actor: "manager", type: "Email", count: 1 },
    { actor: "manager", type: "Meeting", count: 1 },
    { actor: "rep", type: "Call", count: 2 },
  ]);
  const outcomes = await run(owner, {
    source: "activities",
    filters: [work],
    measures: [{ fn: "conversion_rate" }, { fn: "sum", field: "duration_minutes" }, {
      fn: "avg",
      field: "duration_minutes",
    }],
    chart: { type: "kpi" },
  });
  assertEquals(outcomes.rows, [{ conversion_rate: 50, sum_duration_minutes: 40, avg_duration_minutes: 20 }]);
});

Deno.test("tasks: completion by assignee, and 'me' is whoever runs the report", async () => {
  const byAssignee = await run(owner, {
    source: "tasks",
    groupBy: [{ field: "assignee" }],
    measures: [{ fn: "conversion_rate" }, { fn: "count" }],
    chart,
  });
  assertEquals(byAssignee.rows, [
    { assignee: "manager", conversion_rate: 50, count: 2 },
    { assignee: "rep", conversion_rate: 50, count: 2 },
  ]);
  const mine = {
    source: "tasks",
    filters: [{ field: "assignee", op: "eq", value: "me" }],
    measures: [{ fn: "count" }],
    chart,
  };
  assertEquals((await run(rep, mine)).rows, [{ count: 2 }]);
  assertEquals((await run(owner, mine)).rows, [{ count: 0 }]);
});

Deno.test("sequences: an honest empty report until the outreach feature exists", async () => {
  const res = await owner.post("/api/v1/reports/run", {
    config: { source: "sequences", measures: [{ fn: "count" }], chart: { type: "kpi" } },
  });
  assertEquals(res.status, 200);
  assertEquals(res.json.rows, []);
  assertMatch(res.json.notice, /outreach/);
  const catalogue = (await owner.get("/api/v1/reports/sources")).json.data;
  const sequences = catalogue.sources.find((s: { name: string }) => s.name === "sequences");
  assertEquals(sequences.available, false);
  const deals = catalogue.sources.find((s: { name: string }) => s.name === "deals");
  const stage = deals.fields.find((f: { key: string }) => f.key === "stage");
  assert(stage.values.some((v: { label: string }) => v.label.startsWith("Proposal")), "the team's stages are listed");
  assertEquals(stage.measures, ["count"]);
});

Deno.test("invalid configs are 400s that say what is wrong", async () => {
  const cases: [Config | unknown, RegExp][] = [
    [{ source: "deals", measures: [{ fn: "sum", field: "stage" }], chart }, /sum.*stage.*enum/],
    [{ source: "deals", measures: [{ fn: "count" }], chart, colour: "red" }, /Unknown field "colour"/],
    [{ source: "deals", measures: [{ fn: "count", field: "nope" }], chart }, /Unknown field "nope"/],
    [{ source: "invoices", measures: [{ fn: "count" }], chart }, /source is one of/],
    [{ source: "deals", measures: [], chart }, /at least one measure/],
    [{
      source: "deals",
      groupBy: [{ field: "created_at", period: "day" }],
      dateRange: { from: "2015-01-01", to: "2026-01-01" },
      measures: [{ fn: "count" }],
      chart,
    }, /at most 5 years/],
    [
      { source: "deals", groupBy: [{ field: "created_at", period: "day" }], measures: [{ fn: "count" }], chart },
      /5 years/,
    ],
    [
      { source: "deals", filters: [{ field: "value", op: "gt", value: "lots" }], measures: [{ fn: "count" }], chart },
      /numbers/,
    ],
    [
      { source: "deals", filters: [{ field: "status", op: "eq", value: "maybe" }], measures: [{ fn: "count" }], chart },
      /not a status/,
    ],
    [{ source: "contacts", measures: [{ fn: "conversion_rate" }], chart }, /no conversion rate/],
    [{ source: "deals", compare: "previous_period", measures: [{ fn: "count" }], chart }, /date range/],
    [{ source: "deals", groupBy: [{ field: "name" }], measures: [{ fn: "count" }], chart }, /cannot group by name/],
    ["not an object", /JSON object/],
  ];
  for (const [config, message] of cases) {
    const res = await owner.post("/api/v1/reports/run", { config });
    assertEquals(res.status, 400, JSON.stringify(config));
    assertMatch(res.json.error.message, message);
  }
  const save = await owner.post("/api/v1/reports", { name: "Bad", config: { source: "deals", chart } });
  assertEquals(save.status, 400);
  assertMatch(save.json.error.message, /measures/);
});

// Saved reports, dashboards and who sees them ----------------------------------------------------------------

const stageReport = {
  source: "deals",
  groupBy: [{ field: "stage" }],
  measures: [{ fn: "count" }],
  chart: { type: "bar" },
};

Deno.test("saved reports: private to their owner, team ones readable (as the viewer) but not changeable", async () => {
  const secret = (await owner.post("/api/v1/reports", { name: "Mine", config: stageReport })).json.data;
  const shared = (await owner.post("/api/v1/reports", {
    name: "My tasks",
    visibility: "team",
    config: {
      source: "tasks",
      filters: [{ field: "assignee", op: "eq", value: "me" }],
      measures: [{ fn: "count" }],
      chart,
    },
  })).json.data;
  assertEquals(secret.visibility, "private");

  const seen = (await rep.get("/api/v1/reports")).json.data.map((r: { name: string }) => r.name);
  assert(seen.includes("My tasks") && !seen.includes("Mine"), JSON.stringify(seen));
  assertEquals((await rep.get(`/api/v1/reports/${secret.id}`)).status, 404);
  assertEquals((await rep.get(`/api/v1/reports/${secret.id}/data`)).status, 404);
  // a team report runs as whoever views it
  assertEquals((await rep.get(`/api/v1/reports/${shared.id}/data`)).json.rows, [{ count: 2 }]);
  assertEquals((await owner.get(`/api/v1/reports/${shared.id}/data`)).json.rows, [{ count: 0 }]);
  const edit = await rep.patch(`/api/v1/reports/${shared.id}`, { name: "Rep's" });
  assertEquals(edit.status, 403);
  assertMatch(edit.json.error.message, /Only the person who saved this report/);
  assertEquals((await rep.delete(`/api/v1/reports/${shared.id}`)).status, 403);

  const renamed = await owner.patch(`/api/v1/reports/${secret.id}`, { name: "Stages", visibility: "team" });
  assertEquals(renamed.json.data.name, "Stages");
  assertEquals((await rep.get(`/api/v1/reports/${secret.id}`)).status, 200);
  assertEquals((await owner.patch(`/api/v1/reports/${secret.id}`, { config: { source: "deals" } })).status, 400);
  assertEquals((await owner.delete(`/api/v1/reports/${secret.id}`)).status, 200);
  assertEquals((await owner.get(`/api/v1/reports/${secret.id}`)).status, 404);
});

Deno.test("another team can neither read nor write reports, dashboards, links or schedules", async () => {
  const report = (await owner.post("/api/v1/reports", { name: "Team stages", visibility: "team", config: stageReport }))
    .json.data;
  const dashboard = (await owner.post("/api/v1/dashboards", {
    name: "Team board",
    visibility: "team",
    fromTemplate: "pipeline_by_stage",
  })).json.data;
  const link = (await owner.post(`/api/v1/reports/${report.id}/share-links`, { expiresInDays: 7 })).json;
  const schedule = (await owner.post(`/api/v1/reports/${report.id}/schedules`, {
    rrule: "FREQ=WEEKLY;BYDAY=MO",
    timezone: "Europe/Berlin",
    recipients: [cast.rep.email],
  })).json.data;

  assert(!(await outsider.get("/api/v1/reports")).json.data.some((r: { id: string }) => r.id === report.id));
  for (const path of ["", "/data", "/export.csv", "/export.pdf", "/share-links", "/schedules"]) {
    assertEquals((await outsider.get(`/api/v1/reports/${report.id}${path}`)).status, 404, path);
  }
  assertEquals((await outsider.patch(`/api/v1/reports/${report.id}`, { name: "x" })).status, 404);
  assertEquals((await outsider.delete(`/api/v1/reports/${report.id}`)).status, 404);
  assertEquals((await outsider.post(`/api/v1/reports/${report.id}/share-links`, { expiresInDays: 1 })).status, 404);
  assertEquals((await outsider.delete(`/api/v1/share-links/${link.id}`)).status, 404);
  const theirSchedule = await outsider.post(`/api/v1/reports/${report.id}/schedules`, {
    rrule: "FREQ=DAILY",
    timezone: "UTC",
    recipients: [cast.outsider.email],
  });
  assertEquals(theirSchedule.status, 404);
  assertEquals((await outsider.delete(`/api/v1/reports/${report.id}/schedules/${schedule.id}`)).status, 404);
  for (const path of ["", "/data", "/schedules"]) {
    assertEquals((await outsider.get(`/api/v1/dashboards/${dashboard.id}${path}`)).status, 404, path);
  }
  assertEquals((await outsider.patch(`/api/v1/dashboards/${dashboard.id}`, { name: "x" })).status, 404);
  assertEquals((await outsider.delete(`/api/v1/dashboards/${dashboard.id}`)).status, 404);

  // straight in the database too: nothing of team A is visible or writable to team B's owner
  await server.db.asUser(cast.outsider.claims, async (tx) => {
    for (const table of ["reports", "dashboards", "report_share_links", "report_schedules", "report_schedule_sends"]) {
      assertEquals(await tx.query(`select 1 from public.${table} where team_id = $1`, [cast.teamA]), [], table);
    }
    assertEquals(await tx.query("update public.reports set name = 'x' where id = $1 returning id", [report.id]), []);
  });
  const sneaky = await server.db.asUser(
    cast.outsider.claims,
    (tx) =>
      tx.query("insert into public.reports (team_id, owner_id, name, config) values ($1, $2, 'x', '{}')", [
        cast.teamA,
        cast.outsider.id,
      ]),
  ).then(() => "written", (e) => String(e));
  assertMatch(sneaky, /permission/);

  // and team A's reports never count team B's deals (b1, 77,777)
  const sums = await run(outsider, { source: "deals", measures: [{ fn: "sum", field: "value" }], chart });
  assertEquals(sums.rows, [{ sum_value: 77777 }]);
});

Deno.test("dashboards: templates, widgets checked on the grid, all widgets' data at once, a default per role", async () => {
  const templates = (await manager.get("/api/v1/dashboard-templates")).json.data;
  assertEquals(templates.length, 9);
  for (const template of templates) {
    const made = await manager.post("/api/v1/dashboards", { name: template.name, fromTemplate: template.id });
    assertEquals(made.status, 201, template.id);
    const data = await manager.get(`/api/v1/dashboards/${made.json.data.id}/data`);
    assertEquals(Object.keys(data.json.widgets).sort(), template.widgets.map((w: { id: string }) => w.id).sort());
    for (const [id, result] of Object.entries(data.json.widgets)) {
      assert(!(result as { error?: unknown }).error, `${template.id}/${id}: ${JSON.stringify(result)}`);
    }
  }
  const pipeline = (await manager.get("/api/v1/dashboards")).json.data.find((d: { name: string }) =>
    d.name === "Pipeline by stage"
  );
  const data = (await manager.get(`/api/v1/dashboards/${pipeline.id}/data`)).json.widgets;
  assertEquals(data["open-value"].rows, [{ sum_value: 9000 }], "d1 + d2 + d3");

  const badConfig = await manager.patch(`/api/v1/dashboards/${pipeline.id}`, {
    widgets: [{
      id: "a",
      title: "Broken",
      config: { source: "deals", measures: [{ fn: "avg", field: "owner" }], chart },
      x: 0,
      y: 0,
      w: 6,
      h: 3,
    }],
  });
  assertEquals(badConfig.status, 400);
  assertMatch(badConfig.json.error.message, /The widget "Broken"/);
  const offGrid = await manager.patch(`/api/v1/dashboards/${pipeline.id}`, {
    widgets: [{ id: "a", title: "Wide", config: stageReport, x: 8, y: 0, w: 6, h: 3 }],
  });
  assertEquals(offGrid.status, 400);
  assertMatch(offGrid.json.error.message, /12 columns/);
  const moved = await manager.patch(`/api/v1/dashboards/${pipeline.id}`, {
    widgets: [{ id: "a", title: "Stages", config: stageReport, x: 6, y: 2, w: 6, h: 3 }],
  });
  assertEquals(moved.status, 200);
  assertEquals(moved.json.data.widgets[0].x, 6);

  const repDashboards = (await rep.get("/api/v1/dashboards")).json.data;
  const repDefault = repDashboards.find((d: { is_default: boolean }) => d.is_default);
  assertEquals(repDefault.name, "My work");
  const repData = (await rep.get(`/api/v1/dashboards/${repDefault.id}/data`)).json.widgets;
  assertEquals(repData["my-open-tasks"].rows, [{ count: 1 }], "t2 is the rep's open task");
  assertEquals(
    (await rep.get("/api/v1/dashboards")).json.data.filter((d: { is_default: boolean }) => d.is_default).length,
    1,
  );
  const ownerDefault = (await owner.get("/api/v1/dashboards")).json.data.find((d: { is_default: boolean }) =>
    d.is_default
  );
  assertEquals(ownerDefault.name, "Pipeline and forecast");
});

// Share links and exports ------------------------------------------------------------------------------------

function tokenOf(url: string): string {
  return new URL(url).pathname.split("/").pop()!;
}

Deno.test("share links run as the owner and stop at revocation or expiry", async () => {
  const report =
    (await owner.post("/api/v1/reports", { name: "Shared stages", visibility: "team", config: stageReport }))
      .json.data;
  assertEquals((await rep.post(`/api/v1/reports/${report.id}/share-links`, { expiresInDays: 3 })).status, 403);
  assertEquals((await owner.post(`/api/v1/reports/${report.id}/share-links`, { expiresInDays: 0 })).status, 422);
  const link = await owner.post(`/api/v1/reports/${report.id}/share-links`, { expiresInDays: 3 });
  assertEquals(link.status, 201);
  assert(Date.parse(link.json.expiresAt) > Date.now() + 2 * DAY);

  const page = await fetch(`${server.url}/share/r/${tokenOf(link.json.url)}`);
  assertEquals(page.status, 200);
  const html = await page.text();
  assert(html.includes("Shared stages") && html.includes("Proposal") && html.includes("<svg"), "table and chart");
  const unknown = await fetch(`${server.url}/share/r/${"x".repeat(43)}`);
  await unknown.body?.cancel();
  assertEquals(unknown.status, 404);

  assertEquals((await rep.delete(`/api/v1/share-links/${link.json.id}`)).status, 404, "only its maker revokes it");
  assertEquals((await owner.delete(`/api/v1/share-links/${link.json.id}`)).status, 200);
  const revoked = await fetch(`${server.url}/share/r/${tokenOf(link.json.url)}`);
  assertEquals(revoked.status, 410);
  assertMatch(await revoked.text(), /revoked/);

  const expiring = (await owner.post(`/api/v1/reports/${report.id}/share-links`, { expiresInDays: 1 })).json;
  await server.db.asService(
    "test:expire",
    (tx) =>
      tx.query("update public.report_share_links set expires_at = now() - interval '1 minute' where id = $1", [
        expiring.id,
      ]),
  );
  const expired = await fetch(`${server.url}/share/r/${tokenOf(expiring.url)}`);
  assertEquals(expired.status, 410);
  assertMatch(await expired.text(), /expired/);
});

Deno.test("exports: CSV with formulas neutralised, XLSX, and a PDF with the chart", async () => {
  const report = (await owner.post("/api/v1/reports", {
    name: "Competitors",
    config: {
      source: "deals",
      groupBy: [{ field: "competitor" }],
      measures: [{ fn: "count" }],
      chart: { type: "bar" },
    },
  })).json.data;
  const csv = await fetch(`${server.url}/api/v1/reports/${report.id}/export.csv`, {
    headers: { authorization: `Bearer ${owner.token}` },
  });
  assertEquals(csv.status, 200);
  assertMatch(csv.headers.get("content-disposition") ?? "", /competitors-\d{4}-\d{2}-\d{2}\.csv/);
  const text = await csv.text();
  assert(text.startsWith("Competitor,Count\r\n"), text);
  assert(text.includes(`"'=HYPERLINK(""http://evil.test"",""click"")",1`), text);

  const xlsx = new Uint8Array(
    await (await fetch(`${server.url}/api/v1/reports/${report.id}/export.xlsx`, {
      headers: { authorization: `Bearer ${owner.token}` },
    })).arrayBuffer(),
  );
  assertEquals(String.fromCharCode(...xlsx.slice(0, 2)), "PK");

  for (const type of ["bar", "pie", "line", "kpi", "funnel"]) {
    await owner.patch(`/api/v1/reports/${report.id}`, {
      config: { source: "deals", groupBy: [{ field: "stage" }], measures: [{ fn: "count" }], chart: { type } },
    });
    const pdf = await fetch(`${server.url}/api/v1/reports/${report.id}/export.pdf`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    assertEquals(pdf.headers.get("content-type"), "application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    assertEquals(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-", type);
  }
});

// Schedules --------------------------------------------------------------------------------------------------

Deno.test("schedules: checked input, sent once per occurrence with CSV and PDF, as the owner", async () => {
  const report = (await owner.post("/api/v1/reports", { name: "Weekly stages", config: stageReport })).json.data;
  const post = (body: unknown) => owner.post(`/api/v1/reports/${report.id}/schedules`, body);
  const base = { rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "America/New_York", recipients: [cast.rep.email] };
  assertMatch((await post({ ...base, rrule: "FREQ=HOURLY" })).json.error.message, /at most once a day/);
  assertMatch((await post({ ...base, timezone: "Mars/Base" })).json.error.message, /time zone/);
  const stranger = await post({ ...base, recipients: ["someone@else.test"] });
  assertEquals(stranger.status, 400);
  assertMatch(stranger.json.error.message, /only emailed to members/);

  const made = await post(base);
  assertEquals(made.status, 201);
  const next = new Date(made.json.data.next_run_at);
  // 08:00 on a Monday in New York
  const local = new Intl.DateTimeFormat("en-US", {
    timeZone: "America/New_York",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(next);
  assertEquals(local, "Mon 08:00");
  assertEquals((await owner.get(`/api/v1/reports/${report.id}/schedules`)).json.data.length, 1);

  const at = new Date(next.getTime() + 60_000);
  const mailer = server.services.mailer;
  const first = await runDueSchedules(server.db, mailer, { now: at, publicUrl: server.url });
  assert(first.sent >= 1, "this schedule (and any other one due by then) is sent");
  const again = await runDueSchedules(server.db, mailer, { now: at, publicUrl: server.url });
  assertEquals(again.sent, 0, "the same occurrence is never mailed twice");
  const mails = (await server.mailbox(cast.rep.email)).filter((m) => m.subject.startsWith("Weekly stages"));
  assertEquals(mails.length, 1);
  assertMatch(mails[0].text, /weekly-stages-\d{4}-\d{2}-\d{2}\.csv, weekly-stages-\d{4}-\d{2}-\d{2}\.pdf/);
  const [after] = (await owner.get(`/api/v1/reports/${report.id}/schedules`)).json.data;
  assertEquals(Date.parse(after.next_run_at) - next.getTime(), 7 * DAY, "moved on to the next Monday");

  const dashboard = (await owner.post("/api/v1/dashboards", { name: "Mailed", fromTemplate: "win_loss" })).json.data;
  const dashSchedule = await owner.post(`/api/v1/dashboards/${dashboard.id}/schedules`, {
    ...base,
    rrule: "FREQ=DAILY",
  });
  assertEquals(dashSchedule.status, 201);
  assertEquals(
    (await owner.delete(`/api/v1/dashboards/${dashboard.id}/schedules/${dashSchedule.json.data.id}`)).status,
    200,
  );
  assertEquals((await owner.delete(`/api/v1/reports/${report.id}/schedules/${after.id}`)).status, 200);
});

// Rollups and money in one currency (issue 12 follow-up) --------------------------------------------------

const asCaller = (person: { claims: Claims }, teamId: string): Caller => ({
  db: server.db,
  claims: person.claims,
  teamId,
  role: "owner",
});

/** The same config read from the rollups and from the raw rows, as the owner: identical answers. */
async function bothWays(config: Config, now = new Date("2026-12-07T15:30:00Z"), refreshStale = true) {
  const checked = parseReportConfig(config, now);
  const rolled = await runReport(asCaller(cast.owner, cast.teamA), checked, now, { refreshStale });
  const raw = await runReport(asCaller(cast.owner, cast.teamA), checked, now, { rollups: false });
  const { rollup, generatedAt: _a, ...fromRollup } = rolled;
  const { generatedAt: _b, ...fromRaw } = raw;
  assertEquals(fromRollup, fromRaw, JSON.stringify(config));
  return { rollup, result: fromRollup };
}

const rollupConfigs: Config[] = [
  { source: "deals", groupBy: [{ field: "stage" }], measures: [{ fn: "sum", field: "value" }, { fn: "count" }], chart },
  {
    source: "deals",
    filters: [{ field: "status", op: "in", value: ["won", "lost"] }],
    groupBy: [{ field: "owner" }, { field: "status" }],
    measures: [{ fn: "count" }, { fn: "conversion_rate" }, { fn: "sum", field: "weighted_value" }],
    chart,
  },
  {
    source: "deals",
    dateRange: { from: "2026-10-05T12:00:00Z", to: "2026-11-10T11:00:00Z" },
    groupBy: [{ field: "created_at", period: "week" }],
    measures: [{ fn: "count" }, { fn: "sum", field: "value" }],
    compare: "previous_period",
    chart,
  },
  {
    source: "activities",
    filters: [{ field: "type", op: "in", value: ["call", "email", "meeting", "note"] }],
    dateRange: { preset: "last_30_days" },
    groupBy: [{ field: "actor" }, { field: "type" }],
    measures: [{ fn: "count" }, { fn: "sum", field: "duration_minutes" }, { fn: "conversion_rate" }],
    chart,
  },
];

Deno.test("rollups: the same answers as the raw rows, clean, dirty and at a range's partial days", async () => {
  await refreshRollups(server.db, { teamId: cast.teamA });
  for (const config of rollupConfigs) assert((await bothWays(config)).rollup, JSON.stringify(config));
  // a config the rollup cannot answer (a filter on a field it does not keep) reads the raw rows
  const byName = await bothWays({ ...rollupConfigs[0], filters: [{ field: "name", op: "contains", value: "d" }] });
  assertEquals(byName.rollup, undefined);

  // a deal added and one moved after the refresh: their days are dirty, read raw, and the answers still agree
  const proposal = (await server.db.asService(
    "test",
    (tx) =>
      tx.query<{ id: string }>("select id from public.pipeline_stages where team_id = $1 and name = 'Proposal'", [
        cast.teamA,
      ]),
  ))[0].id;
  await server.db.asUser(cast.owner.claims, async (tx) => {
    await insert(tx, "deals", { team_id: cast.teamA, name: "late", value: 400, created_at: "2026-10-20T23:00:00Z" });
    await tx.query("update public.deals set stage_id = $1 where team_id = $2 and name = 'd2'", [proposal, cast.teamA]);
  });
  // (read raw here: by default a report would bring the rollup up to date first, see the stale-days test below)
  const dirty = await bothWays(rollupConfigs[0], undefined, false);
  assert(dirty.rollup);
  assertEquals(dirty.result.totals, { sum_value: 19400, count: 6 });
  for (const config of rollupConfigs) await bothWays(config, undefined, false);

  // the refresh job rebuilds the dirty days and empties the list; the answers stay the same
  assertEquals(await refreshRollups(server.db, { teamId: cast.teamA }), 2);
  const left = await server.db.asService(
    "test",
    (tx) => tx.query("select 1 from public.report_rollup_dirty where team_id = $1", [cast.teamA]),
  );
  assertEquals(left.length, 0);
  assertEquals((await bothWays(rollupConfigs[0])).result, dirty.result);
  await rebuildRollups(server.db, { teamId: cast.teamA });
  assertEquals((await bothWays(rollupConfigs[0])).result, dirty.result);
});

Deno.test("rollups: another team neither reads nor writes them", async () => {
  await refreshRollups(server.db);
  for (const table of ["report_deal_rollups", "report_activity_rollups", "report_rollup_dirty"]) {
    const seen = await server.db.asUser(
      cast.outsider.claims,
      (tx) => tx.query(`select 1 from public.${table} where team_id = $1`, [cast.teamA]),
    );
    assertEquals(seen.length, 0, table);
    const mine = await server.db.asUser(
      cast.owner.claims,
      (tx) => tx.query(`select 1 from public.${table} where team_id = $1`, [cast.teamA]),
    );
    if (table !== "report_rollup_dirty") assert(mine.length > 0, table);
  }
  await assertRejects(() =>
    server.db.asUser(cast.outsider.claims, (tx) =>
      tx.query(
        `insert into public.report_deal_rollups (team_id, pipeline_id, stage_id, currency, day, n, value_sum,
                                                weighted_sum)
         select team_id, pipeline_id, stage_id, currency, day, 100, 1, 1 from public.report_deal_rollups limit 1`,
      ))
  );
  await assertRejects(() =>
    server.db.asUser(cast.owner.claims, (tx) => tx.query("delete from public.report_deal_rollups"))
  );
  // over HTTP: the outsider's report of all deals counts team B's one deal, never team A's rollup rows
  const theirs = await run(outsider, rollupConfigs[0]);
  assertEquals(theirs.totals.count, 1);
});

Deno.test("money: sums in the base currency with team and default rates, missing rates named", async () => {
  const B = cast.teamB;
  const newStage = (await server.db.asService(
    "test",
    (tx) => tx.query<{ id: string }>("select id from public.pipeline_stages where team_id = $1 and name = 'New'", [B]),
  ))[0]
    .id;
  await server.db.asService("test:money", async (tx) => {
    await insert(tx, "deals", { team_id: B, name: "eur", stage_id: newStage, value: 1000, currency: "EUR" });
    await insert(tx, "deals", { team_id: B, name: "gbp", stage_id: newStage, value: 100, currency: "GBP" });
    await insert(tx, "deals", { team_id: B, name: "kwd", stage_id: newStage, value: 50, currency: "KWD" });
  });
  const config = { source: "deals", groupBy: [{ field: "stage" }], measures: [{ fn: "sum", field: "value" }], chart };
  const before = await run(outsider, config) as unknown as {
    totals: Record<string, number>;
    currency: { base: string; rates: { currency: string; rate: number; source: string }[]; missing: string[] };
    columns: { key: string; currency?: string }[];
  };
  // 77777 USD + 1000 EUR at the default 1.08 + 100 GBP at 1.27; KWD has no rate and is left out
  assertEquals(before.totals.sum_value, 77777 + 1080 + 127);
  assertEquals(before.currency.base, "USD");
  assertEquals(before.currency.missing, ["KWD"]);
  assertEquals(before.currency.rates.map((r) => [r.currency, r.rate, r.source]), [
    ["EUR", 1.08, "default"],
    ["GBP", 1.27, "default"],
  ]);
  assertEquals(before.columns.find((c) => c.key === "sum_value")?.currency, "USD");

  // the team's own rate wins over the default (the admin sets it in Settings → Workspace)
  const rate = await outsider.post("/api/v1/exchange-rates", { currency: "EUR", rate: 1.1, valid_from: "2026-01-01" });
  assertEquals(rate.status, 201, JSON.stringify(rate.json));
  const after = await run(outsider, config) as unknown as typeof before;
  assertEquals(after.totals.sum_value, 77777 + 1100 + 127);
  assertEquals(after.currency.rates[0], { currency: "EUR", rate: 1.1, source: "team", valid_from: "2026-01-01" });
  // rollup and raw agree on converted sums too
  await refreshRollups(server.db, { teamId: B });
  const checked = parseReportConfig(config);
  const rolled = await runReport(asCaller(cast.outsider, B), checked);
  const raw = await runReport(asCaller(cast.outsider, B), checked, new Date(), { rollups: false });
  assert(rolled.rollup);
  assertEquals(rolled.totals, raw.totals);
  assertEquals(rolled.currency, raw.currency);
});

Deno.test("schedules: the time of day in the recipient's zone, and one catch-up send after downtime", async () => {
  const report = (await owner.post("/api/v1/reports", { name: "Morning stages", config: stageReport })).json.data;
  const post = (body: unknown) => owner.post(`/api/v1/reports/${report.id}/schedules`, body);
  const base = { timezone: "Asia/Tokyo", recipients: [cast.manager.email] };
  assertMatch((await post({ ...base, rrule: "FREQ=DAILY;BYHOUR=25" })).json.error.message, /BYHOUR is one whole/);
  const made = await post({ ...base, rrule: "FREQ=DAILY;BYHOUR=6;BYMINUTE=45" });
  assertEquals(made.status, 201, JSON.stringify(made.json));
  const first = new Date(made.json.data.next_run_at);
  const tokyo = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" });
  assertEquals(tokyo.format(first), "06:45");

  // the app was down for three days past the first send: on start, one mail for the latest missed day
  const downUntil = new Date(first.getTime() + 3 * DAY + 3_600_000);
  const mailer = server.services.mailer;
  await runDueSchedules(server.db, mailer, { now: downUntil, publicUrl: server.url });
  await runDueSchedules(server.db, mailer, { now: downUntil, publicUrl: server.url });
  const mails = (await server.mailbox(cast.manager.email)).filter((m) => m.subject.startsWith("Morning stages"));
  assertEquals(mails.length, 1, "caught up once, not three times");
  const sends = await server.db.asService(
    "test",
    (tx) =>
      tx.query<{ occurrence_at: Date }>(
        "select occurrence_at from public.report_schedule_sends where schedule_id = $1",
        [
          made.json.data.id,
        ],
      ),
  );
  assertEquals(sends.map((s) => new Date(s.occurrence_at).getTime()), [first.getTime() + 3 * DAY]);
  const [after] = (await owner.get(`/api/v1/reports/${report.id}/schedules`)).json.data;
  assertEquals(Date.parse(after.next_run_at), first.getTime() + 4 * DAY, "then on to tomorrow 06:45");
});

// Deal velocity, a rollup brought up to date on read, currencies of the result (issue 12 follow-up) ---------------

/** Team A's stage history replaced by stays of known lengths: d4 went New 1 d, Qualified 3 d, Proposal 6 d, then
 * won; d3 went New 2 d, Qualified 5 d and has sat in Proposal for 4 days; a deleted deal's 60 days never count. */
async function knownStays() {
  const A = cast.teamA;
  return await server.db.asService("test:stage-stays", async (tx) => {
    const id = async (sql: string, name: string) => (await tx.query<{ id: string }>(sql, [A, name]))[0].id;
    const deal = (name: string) => id("select id from public.deals where team_id = $1 and name = $2", name);
    const stage = (name: string) => id("select id from public.pipeline_stages where team_id = $1 and name = $2", name);
    const [d3, d4, gone] = [await deal("d3"), await deal("d4"), await deal("gone")];
    const [neu, qualified, proposal, won] = [
      await stage("New"),
      await stage("Qualified"),
      await stage("Proposal"),
      await stage("Closed Won"),
    ];
    await tx.query("delete from public.deal_stage_history where team_id = $1", [A]);
    const fourDaysAgo = new Date(Date.now() - 4 * DAY).toISOString();
    const stays: [string, string, string, string | null][] = [
      [d4, neu, "2026-11-10T10:00:00Z", "2026-11-11T10:00:00Z"],
      [d4, qualified, "2026-11-11T10:00:00Z", "2026-11-14T10:00:00Z"],
      [d4, proposal, "2026-11-14T10:00:00Z", "2026-11-20T10:00:00Z"],
      [d4, won, "2026-11-20T10:00:00Z", null],
      [d3, neu, "2026-11-03T10:00:00Z", "2026-11-05T10:00:00Z"],
      [d3, qualified, "2026-11-05T10:00:00Z", "2026-11-10T10:00:00Z"],
      [d3, proposal, fourDaysAgo, null],
      [gone, neu, "2026-10-06T10:00:00Z", "2026-12-05T10:00:00Z"],
    ];
    for (const [deal, to, entered, left] of stays) {
      await tx.query(
        `insert into public.deal_stage_history (team_id, deal_id, to_stage_id, entered_at, left_at)
         values ($1, $2, $3, $4, $5)`,
        [A, deal, to, entered, left],
      );
    }
  });
}

Deno.test("deal velocity: days in every stage a deal passed through, from the stage history, under RLS", async () => {
  await knownStays();
  const velocity = {
    source: "deal_stages",
    filters: [{ field: "stage_kind", op: "eq", value: "open" }],
    groupBy: [{ field: "stage" }],
    measures: [{ fn: "time_in_stage" }, { fn: "count" }, { fn: "sum", field: "days" }],
    chart,
  };
  const byStage = await run(manager, velocity);
  assertEquals(byStage.rows, [
    { stage: "New", time_in_stage: 1.5, count: 2, sum_days: 3 },
    { stage: "Qualified", time_in_stage: 4, count: 2, sum_days: 8 },
    { stage: "Proposal", time_in_stage: 5, count: 2, sum_days: 10 },
  ]);
  const left = await run(manager, { ...velocity, filters: [{ field: "stay", op: "eq", value: "left" }] });
  assertEquals(left.rows.map((r) => [r.stage, r.time_in_stage]), [["New", 1.5], ["Qualified", 4], ["Proposal", 6]]);
  const bad = await manager.post("/api/v1/reports/run", { config: { ...velocity, measures: [{ fn: "sum" }] } });
  assertEquals(bad.status, 400);

  // the template's first widget is this measure
  const made = await manager.post("/api/v1/dashboards", { name: "Velocity", fromTemplate: "deal_velocity" });
  const widgets = (await manager.get(`/api/v1/dashboards/${made.json.data.id}/data`)).json.widgets;
  assertEquals(
    widgets["days-per-stage"].rows.map((r: Record<string, unknown>) => [r.stage, r.time_in_stage]),
    [["New", 1.5], ["Qualified", 4], ["Proposal", 5]],
  );
  assert(!widgets["current-stage"].error, JSON.stringify(widgets["current-stage"]));

  // RLS, not only the team filter: the outsider asking about team A's stays sees none, over HTTP its own team's
  const theirs = await runReport(asCaller(cast.outsider, cast.teamA), parseReportConfig(velocity));
  assertEquals(theirs.rows, []);
  const overHttp = await run(outsider, { ...velocity, filters: [] });
  assert(overHttp.rows.every((r) => r.stage === "New"), JSON.stringify(overHttp.rows));
  await assertRejects(() =>
    server.db.asUser(cast.owner.claims, (tx) => tx.query("delete from public.deal_stage_history"))
  );
});

Deno.test("rollups: a report with stale days in its range brings the rollup up to date first", async () => {
  await refreshRollups(server.db, { teamId: cast.teamA });
  // what an import leaves behind: 90 stale days (the triggers write the same rows)
  await server.db.asService("test:stale", (tx) =>
    tx.query(
      `insert into public.report_rollup_dirty (team_id, source, day)
       select $1, 'deals', d::date from generate_series(date '2026-09-01', date '2026-11-29', interval '1 day') d`,
      [cast.teamA],
    ));
  const checked = parseReportConfig(rollupConfigs[0]);
  const [a, b] = await Promise.all([
    runReport(asCaller(cast.owner, cast.teamA), checked),
    runReport(asCaller(cast.manager, cast.teamA), checked),
  ]);
  assert(a.rollup && b.rollup, "read from the refreshed rollup, not the raw rows");
  const left = await server.db.asService(
    "test",
    (tx) => tx.query("select 1 from public.report_rollup_dirty where team_id = $1", [cast.teamA]),
  );
  assertEquals(left.length, 0);
  const raw = await runReport(asCaller(cast.owner, cast.teamA), checked, new Date(), { rollups: false });
  assertEquals(a.totals, raw.totals);
  assertEquals(a.rows, raw.rows);
  // one stale day can hold every deal (a seed, an import): it is caught up too, not read raw by every widget
  await server.db.asService(
    "test:stale",
    (tx) =>
      tx.query("insert into public.report_rollup_dirty (team_id, source, day) values ($1, 'deals', '2026-10-20')", [
        cast.teamA,
      ]),
  );
  assert((await runReport(asCaller(cast.owner, cast.teamA), checked)).rollup);
  const after = await server.db.asService(
    "test",
    (tx) => tx.query("select 1 from public.report_rollup_dirty where team_id = $1", [cast.teamA]),
  );
  assertEquals(after.length, 0);
});

Deno.test("money: the currency line names only the currencies in the result", async () => {
  const base = { source: "deals", groupBy: [{ field: "stage" }], measures: [{ fn: "sum", field: "value" }], chart };
  type Money = { currency: { rates: { currency: string }[]; missing: string[] } };
  const usdOnly = await run(outsider, { ...base, filters: [{ field: "currency", op: "eq", value: "USD" }] });
  assertEquals((usdOnly as unknown as Money).currency, { base: "USD", rates: [], missing: [] });
  const gbp = await run(outsider, { ...base, filters: [{ field: "currency", op: "in", value: ["GBP", "KWD"] }] });
  const note = (gbp as unknown as Money).currency;
  assertEquals(note.rates.map((r) => r.currency), ["GBP"]);
  assertEquals(note.missing, ["KWD"]);
  // a count of rows sums no money: no currency line at all
  const counted = await run(outsider, { ...base, measures: [{ fn: "count" }] });
  assertEquals((counted as unknown as Partial<Money>).currency, undefined);
});
