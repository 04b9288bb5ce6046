// /api/v1/leads, /deals and /pipelines over HTTP: the status flow, the board, and the pipeline builder.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");

const STATUSES = ["NEW", "CONTACTED", "INTERESTED", "PROPOSAL_SENT", "PAID"];

Deno.test("leads: created NEW; status is read-only; every legal move works and every illegal one is a 409", async () => {
  const created = await carol.post("/api/v1/leads", {
    business_name: "Sharma Dental",
    email: "dr@sharma.test",
    industry: "Dentist",
    city: "Jaipur",
    status: "PAID",
  });
  assertEquals(created.status, 201);
  const lead = created.json.data;
  assertEquals(lead.status, "NEW");
  assertEquals(
    (await carol.patch(`/api/v1/leads/${lead.id}`, { status: "PAID", city: "Delhi" })).json.data.status,
    "NEW",
  );
  for (let i = 0; i < STATUSES.length; i++) {
    for (const to of STATUSES) {
      if (STATUSES.indexOf(to) === i + 1) continue;
      const refused = await carol.post(`/api/v1/leads/${lead.id}/transition`, { to });
      assertEquals(refused.status, 409, `${STATUSES[i]} → ${to}`);
      assert(refused.json.error.message.length > 10);
    }
    if (i + 1 < STATUSES.length) {
      const moved = await carol.post(`/api/v1/leads/${lead.id}/transition`, { to: STATUSES[i + 1] });
      assertEquals(moved.status, 200);
      assertEquals(moved.json.data.status, STATUSES[i + 1]);
    }
  }
  const final = await carol.post(`/api/v1/leads/${lead.id}/transition`, { to: "NEW" });
  assertMatch(final.json.error.message, /Paid is final/);
  const history = await carol.get(`/api/v1/leads/${lead.id}/history`);
  assertEquals(history.json.data.length, 4);
});

Deno.test("leads: bad status names, duplicates, overrides and other teams", async () => {
  const { json } = await carol.post("/api/v1/leads", { business_name: "Gym Bangalore", email: "hi@gym.test" });
  const id = json.data.id;
  assertEquals((await carol.post(`/api/v1/leads/${id}/transition`, { to: "WON" })).status, 422);
  const dup = await carol.post("/api/v1/leads", { business_name: "Other", email: "HI@gym.test" });
  assertEquals(dup.status, 409);
  assertMatch(dup.json.error.message, /already exists/);
  assertEquals((await carol.post(`/api/v1/leads/${id}/override`, { to: "PAID", reason: "Paid in cash" })).status, 403);
  assertEquals((await alice.post(`/api/v1/leads/${id}/override`, { to: "PAID", reason: "no" })).status, 422);
  const overridden = await alice.post(`/api/v1/leads/${id}/override`, { to: "PAID", reason: "Paid by bank transfer" });
  assertEquals(overridden.json.data.status, "PAID");
  assertEquals((await carol.post(`/api/v1/leads/${crypto.randomUUID()}/transition`, { to: "CONTACTED" })).status, 404);
  const list = await carol.get("/api/v1/leads?status=PAID&sort=-created_at");
  assert(list.json.data.some((l: { id: string }) => l.id === id));
});

Deno.test("deals: the default pipeline, a board, moves that need reasons", async () => {
  const pipelines = (await carol.get("/api/v1/pipelines")).json.data;
  const sales = pipelines[0];
  assertEquals(sales.stages.map((s: { name: string }) => s.name), [
    "New",
    "Qualified",
    "Demo",
    "Proposal",
    "Negotiation",
    "Closed Won",
    "Closed Lost",
  ]);
  const qualified = sales.stages[1];
  const created = await carol.post("/api/v1/deals", { name: "Acme renewal", value: 24000, stage_id: qualified.id });
  assertEquals(created.status, 201);
  const deal = created.json.data;
  const demo = sales.stages[2];
  assertEquals((await carol.post(`/api/v1/deals/${deal.id}/move`, { stage_id: demo.id })).json.data.stage_id, demo.id);
  const won = sales.stages[5];
  const noReason = await carol.post(`/api/v1/deals/${deal.id}/move`, { stage_id: won.id });
  assertEquals(noReason.status, 409);
  assertMatch(noReason.json.error.message, /Say why this deal was won/);
  const board = (await carol.get(`/api/v1/deals/board/${sales.id}`)).json.data;
  const demoColumn = board.stages.find((s: { id: string }) => s.id === demo.id);
  assertEquals(demoColumn.count, 1);
  assertEquals(Number(demoColumn.total), 24000);
  assertEquals((await carol.get(`/api/v1/deals/${deal.id}/history`)).json.data.length, 2);
});

Deno.test("pipelines: only owners and admins build them", async () => {
  const sales = (await alice.get("/api/v1/pipelines")).json.data[0];
  assertEquals((await carol.post(`/api/v1/pipelines/${sales.id}/stages`, { name: "Pilot" })).status, 403);
  const added = await alice.post(`/api/v1/pipelines/${sales.id}/stages`, { name: "Pilot", probability: 50 });
  assertEquals(added.status, 201);
  assertEquals(
    (await alice.request("DELETE", `/api/v1/pipelines/${sales.id}/stages/${added.json.data.id}`)).status,
    200,
  );
  const created = await alice.post("/api/v1/pipelines", { name: "Partnerships" });
  assertEquals(created.status, 201);
});

Deno.test("the OpenAPI document lists leads, deals and the transition endpoint", async () => {
  const doc = (await alice.get("/api/v1/openapi.json")).json;
  assert(doc.paths["/api/v1/leads"] && doc.paths["/api/v1/deals"] && doc.paths["/api/v1/leads/{id}/transition"]);
  assert(doc.components.schemas.LeadCreate.properties.business_name);
  assert(!doc.components.schemas.LeadCreate.properties.status, "status is not writable");
});
