// /api/v1/views and public.saved_views: CRUD, and who sees and changes which view (RLS), over HTTP and
// straight in the database.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { twoTeams } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const cast = await twoTeams(server.db);

Deno.test("create, list, update and delete a view", async () => {
  const created = await alice.post("/api/v1/views", {
    resource: "contacts",
    name: "  Retail leads ",
    query: { industry: "Retail", sort: "-lead_score" },
    columns: ["email", "industry", "lead_score"],
  });
  assertEquals(created.status, 201);
  const view = created.json.data;
  assertEquals(view.name, "Retail leads");
  assertEquals(view.is_shared, false);
  assertEquals(view.query, { industry: "Retail", sort: "-lead_score" });
  assertEquals(view.columns, ["email", "industry", "lead_score"]);

  const list = await alice.get("/api/v1/views?resource=contacts");
  assert(list.json.data.some((v: { id: string }) => v.id === view.id));
  assertEquals((await alice.get("/api/v1/views?resource=companies")).json.data, []);

  const updated = await alice.patch(`/api/v1/views/${view.id}`, { name: "Retail", query: { industry: "Retail" } });
  assertEquals(updated.status, 200);
  assertEquals(updated.json.data.name, "Retail");
  assertEquals(updated.json.data.query, { industry: "Retail" });
  assertEquals(updated.json.data.columns, ["email", "industry", "lead_score"], "untouched fields stay");

  assertEquals((await alice.delete(`/api/v1/views/${view.id}`)).status, 200);
  assertEquals((await alice.get(`/api/v1/views/${view.id}`)).status, 404);
});

Deno.test("bad input is a 422 with a readable message", async () => {
  const noName = await alice.post("/api/v1/views", { resource: "contacts", name: " " });
  assertEquals(noName.status, 422);
  assertMatch(noName.json.error.message, /name/i);
  assertEquals((await alice.post("/api/v1/views", { resource: "invoices", name: "x" })).status, 422);
  assertEquals((await alice.get("/api/v1/views?resource=invoices")).status, 422);
  const badQuery = await alice.post("/api/v1/views", { resource: "contacts", name: "x", query: { industry: 5 } });
  assertEquals(badQuery.status, 422);
  assertEquals((await alice.get("/api/v1/views/not-a-uuid")).status, 404);
});

Deno.test("teammates see shared views but not private ones, and cannot change either", async () => {
  const shared = (await alice.post("/api/v1/views", { resource: "contacts", name: "Team hot list", is_shared: true }))
    .json.data;
  const secret = (await alice.post("/api/v1/views", { resource: "contacts", name: "Alice only" })).json.data;

  const seen = (await carol.get("/api/v1/views?resource=contacts")).json.data.map((v: { name: string }) => v.name);
  assert(seen.includes("Team hot list"), "the shared view is listed");
  assert(!seen.includes("Alice only"), "the private view is not");
  assertEquals((await carol.get(`/api/v1/views/${secret.id}`)).status, 404);

  const edit = await carol.patch(`/api/v1/views/${shared.id}`, { name: "Carol's now" });
  assertEquals(edit.status, 403);
  assertMatch(edit.json.error.message, /Only the person who saved this view/);
  assertEquals((await carol.delete(`/api/v1/views/${shared.id}`)).status, 403);
  assertEquals((await carol.patch(`/api/v1/views/${secret.id}`, { name: "x" })).status, 404);
  assertEquals((await carol.delete(`/api/v1/views/${secret.id}`)).status, 404);
  assertEquals((await alice.get(`/api/v1/views/${shared.id}`)).json.data.name, "Team hot list");

  // Carol's own private view: Alice sees it only once Carol shares it.
  const mine = (await carol.post("/api/v1/views", { resource: "contacts", name: "Carol's" })).json.data;
  assertEquals((await alice.get(`/api/v1/views/${mine.id}`)).status, 404);
  assertEquals((await carol.patch(`/api/v1/views/${mine.id}`, { is_shared: true })).status, 200);
  assertEquals((await alice.get(`/api/v1/views/${mine.id}`)).json.data.name, "Carol's");
});

Deno.test("another team sees none of them, shared or not", async () => {
  await alice.post("/api/v1/views", { resource: "companies", name: "Shared accounts", is_shared: true });
  const { outsider } = cast;
  await server.db.asService("test:password", async (tx) => {
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [
      await hashPassword("leadly-demo"),
      outsider.id,
    ]);
  });
  const zoe = await ApiClient.signIn(server.url, outsider.email);
  assertEquals((await zoe.get("/api/v1/views?resource=companies")).json.data, []);
  const aliceViews = (await alice.get("/api/v1/views?resource=companies")).json.data;
  for (const view of aliceViews) {
    assertEquals((await zoe.get(`/api/v1/views/${view.id}`)).status, 404);
    assertEquals((await zoe.patch(`/api/v1/views/${view.id}`, { name: "mine" })).status, 404);
    assertEquals((await zoe.delete(`/api/v1/views/${view.id}`)).status, 404);
  }
});

Deno.test("RLS in the database: no views for other teams, none saved in someone else's name", async () => {
  const db = server.db;
  const { owner, rep, outsider, teamA, teamB } = cast;
  const insert = (claims: typeof owner.claims, team: string, ownerId: string, shared = false) =>
    db.asUser(claims, (tx) =>
      tx.query<{ id: string }>(
        `insert into public.saved_views (team_id, owner_id, resource, name, is_shared)
         values ($1, $2, 'deals', 'v', $3) returning id`,
        [team, ownerId, shared],
      ));
  const [privateView] = await insert(owner.claims, teamA, owner.id);
  const [sharedView] = await insert(owner.claims, teamA, owner.id, true);
  const visible = async (claims: typeof owner.claims) =>
    (await db.asUser(
      claims,
      (tx) => tx.query<{ id: string }>("select id from public.saved_views where resource = 'deals'"),
    ))
      .map((r) => r.id);
  assertEquals((await visible(owner.claims)).sort(), [privateView.id, sharedView.id].sort());
  assertEquals(await visible(rep.claims), [sharedView.id]);
  assertEquals(await visible(outsider.claims), []);

  const denied = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch {
      return true;
    }
    return false;
  };
  assert(await denied(() => insert(rep.claims, teamA, owner.id)), "cannot save a view as someone else");
  assert(await denied(() => insert(outsider.claims, teamA, outsider.id)), "cannot save into another team");
  const changed = await db.asUser(
    rep.claims,
    (tx) => tx.query("update public.saved_views set name = 'mine' where id = $1 returning id", [sharedView.id]),
  );
  assertEquals(changed.length, 0, "a teammate cannot edit a shared view");
  const removed = await db.asUser(
    rep.claims,
    (tx) => tx.query("delete from public.saved_views where id = $1 returning id", [sharedView.id]),
  );
  assertEquals(removed.length, 0, "nor delete it");
  assert(await denied(() => insert(outsider.claims, teamB, owner.id)), "nor plant one on another user");
});
