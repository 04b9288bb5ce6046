// Deal pages over plain form posts: create, show, edit, move with the stage stepper (closing needs a reason),
// delete with undo, the board and list pages, another team's deal ids are 404, and a viewer cannot move.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";
import { ApiClient } from "../helpers/api-client.ts";

const assertNotMatch = (text: string, pattern: RegExp) => assert(!pattern.test(text), `did not expect ${pattern}`);

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());

async function stageIds(api: ApiClient): Promise<Record<string, string>> {
  const board = await api.get("/api/v1/deals/board/default");
  return Object.fromEntries(board.json.data.stages.map((s: { id: string; name: string }) => [s.name, s.id]));
}

Deno.test("a deal from the new form to edit, stepper moves, closing and delete with undo", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const api = await ApiClient.signIn(server.url, "carol@acme.test");
  const stages = await stageIds(api);

  const form = await web.get("/deals/new");
  assertEquals(form.status, 200);
  assertMatch(form.html, /Pipeline and stage/);

  const invalid = await web.post("/deals/new", { name: "", stage_id: stages.New, value: "-5" });
  assertEquals(invalid.status, 422);
  assertMatch(invalid.html, /Give the deal a name\./);

  const created = await web.post("/deals/new", {
    name: "Acme renewal",
    stage_id: stages.Qualified,
    value: "48000",
    currency: "EUR",
    probability: "",
    expected_close_date: "2026-12-15",
    next_step: "Send the proposal",
    tags: "renewal, q4",
  });
  assertEquals(created.status, 303);
  const url = created.location!;
  assertMatch(url, /^\/deals\/[0-9a-f-]{36}$/);
  const id = url.split("/").pop()!;
  const page = await web.get(url);
  assertEquals(page.status, 200);
  assertMatch(page.html, /Acme renewal/);
  assertMatch(page.html, /€48,000/);
  assertMatch(page.html, /Send the proposal/);
  assertMatch(page.html, /Dec 15, 2026|Dec 15/);
  assertMatch(page.html, /Stage history/);
  const record = (await api.get(`/api/v1/deals/${id}`)).json.data;
  assertEquals(record.probability, 25, "a blank probability takes the stage's");

  // Edit: the form is filled, changes are saved, a bad probability is refused with its message.
  const edit = await web.get(`${url}/edit`);
  assertMatch(edit.html, /value="Acme renewal"/);
  const bad = await web.post(`${url}/edit`, { name: "Acme renewal", stage_id: stages.Qualified, probability: "120" });
  assertEquals(bad.status, 422);
  assertMatch(bad.html, /Probability is 0 to 100\./);
  const saved = await web.post(`${url}/edit`, {
    name: "Acme renewal 2027",
    stage_id: stages.Qualified,
    value: "52000",
    currency: "EUR",
    probability: "30",
    expected_close_date: "",
  });
  assertEquals(saved.location, url);
  const edited = (await api.get(`/api/v1/deals/${id}`)).json.data;
  assertEquals([edited.name, Number(edited.value), edited.probability, edited.expected_close_date], [
    "Acme renewal 2027",
    52000,
    30,
    null,
  ]);

  // The stepper: a plain form post moves the deal and the history shows both stages.
  const moved = await web.post(url, { action: "move", stage_id: stages.Demo });
  assertEquals(moved.status, 303);
  assertEquals((await api.get(`/api/v1/deals/${id}`)).json.data.stage_id, stages.Demo);
  const after = await web.get(url);
  assertMatch(after.html, /Qualified<\/strong> <span class="muted">· /);
  assertMatch(after.html, /Demo<\/strong> <span class="muted">· [^<]+<\/span><span class="stage-history-now">now/);

  // Closing without a reason is refused with the database's sentence; with one it works.
  const refused = await web.post(url, { action: "move", stage_id: stages["Closed Won"] });
  assertEquals(refused.status, 409);
  assertMatch(refused.html, /Say why this deal was won\./);
  const won = await web.post(url, { action: "move", stage_id: stages["Closed Won"], win_reason: "Best fit" });
  assertEquals(won.status, 303);
  const closed = (await api.get(`/api/v1/deals/${id}`)).json.data;
  assertEquals([closed.stage_id, closed.win_reason], [stages["Closed Won"], "Best fit"]);
  assertMatch((await web.get(url)).html, /Win reason/);

  // Delete with undo.
  const deleted = await web.post(url, { action: "delete" });
  assertEquals(deleted.location, `${url}?deleted`);
  assertMatch((await web.get(deleted.location!)).html, /This deal was deleted/);
  assertEquals((await web.get(url)).status, 404);
  assertEquals((await web.post(url, { action: "restore" })).location, url);
  assertEquals((await web.get(url)).status, 200);
});

Deno.test("the board and the list render on the server, filtered", async () => {
  const web = new WebClient(server.url);
  await web.login("alice@acme.test");
  const api = await ApiClient.signIn(server.url, "alice@acme.test");
  const stages = await stageIds(api);
  for (const [name, value] of [["Board big", 90000], ["Board small", 900]] as const) {
    assertEquals((await api.post("/api/v1/deals", { name, value, stage_id: stages.Proposal })).status, 201);
  }
  const board = await web.get("/deals");
  assertEquals(board.status, 200);
  assertMatch(board.html, /Board big/);
  assertMatch(board.html, /Board small/);
  assertMatch(board.html, /<a [^>]*href="\/deals\/[0-9a-f-]{36}"[^>]*data-deal-link=/);
  const filtered = await web.get("/deals?min_value=1000&q=board");
  assertMatch(filtered.html, /Board big/);
  assertNotMatch(filtered.html, /Board small/);
  // The record list keeps its state in /deals?sort=...: such URLs belong to the list view.
  assertEquals((await web.get("/deals?sort=-value")).location, "/deals/list?sort=-value");
  const list = await web.get("/deals/list?sort=-value");
  assertEquals(list.status, 200);
  assertMatch(list.html, /Board big[\s\S]*Board small/);
  assertEquals((await web.get("/deals/export?format=csv")).status, 200);
  assertEquals((await web.get("/settings/pipelines")).status, 200);
});

Deno.test("another team's deal is a 404; a viewer sees deals but cannot move or edit them", async () => {
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const stages = await stageIds(alice);
  const deal = (await alice.post("/api/v1/deals", { name: "Private deal", stage_id: stages.New })).json.data;

  // Someone with their own workspace.
  const signup = await fetch(`${server.url}/auth/v1/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: "olga@other.test",
      password: "Long-Enough-Pass-1!",
      data: { full_name: "Olga Outsider", company_name: "Other Co" },
    }),
  });
  assertEquals(signup.status, 200);
  await signup.body?.cancel();
  await server.services.auth.verifyOtp("signup", "olga@other.test", await server.lastCode("olga@other.test"), {});
  const outsider = new WebClient(server.url);
  await outsider.login("olga@other.test", "Long-Enough-Pass-1!");
  assertEquals((await outsider.get(`/deals/${deal.id}`)).status, 404);
  assertEquals((await outsider.get(`/deals/${deal.id}/edit`)).status, 404);
  assertEquals((await outsider.post(`/deals/${deal.id}`, { action: "move", stage_id: stages.Demo })).status, 404);
  assertNotMatch((await outsider.get("/deals")).html, /Private deal/);

  // A viewer of Acme Sales.
  const vic = await server.db.asService("test:viewer", async (tx) => {
    const [user] = await tx.query<{ id: string }>("select id from auth.users where email = 'olga@other.test'");
    const [acme] = await tx.query<{ id: string }>("select id from public.teams where name = 'Acme Sales'");
    await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'viewer')", [
      acme.id,
      user.id,
    ]);
    return acme.id;
  });
  const switched = await outsider.post("/teams/switch", { team_id: vic });
  assertEquals(switched.status, 303);
  const page = await outsider.get(`/deals/${deal.id}`);
  assertEquals(page.status, 200);
  assertNotMatch(page.html, /Mark won/);
  const refused = await outsider.post(`/deals/${deal.id}`, { action: "move", stage_id: stages.Demo });
  assertEquals(refused.status, 403);
  assertMatch(refused.html, /permission to move this deal/);
  assertEquals((await alice.get(`/api/v1/deals/${deal.id}`)).json.data.stage_id, stages.New);
  const builder = await outsider.get("/settings/pipelines");
  assertMatch(builder.html, /Only owners and admins can change pipelines\./);
});
