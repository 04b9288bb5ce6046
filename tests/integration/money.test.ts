// Money over HTTP: a team's base currency and exchange rates change the totals on the deals board, the home page,
// the deals list and a deal's page; a currency without a rate is shown apart, never added in as base; rates
// belong to one team (others can neither read nor change them), only owners and admins change them (403 with a
// sentence for a rep), and bad input is a 422 that says what is wrong.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";
import { ApiClient } from "../helpers/api-client.ts";

const assertNotMatch = (text: string, pattern: RegExp) => assert(!pattern.test(text), `did not expect ${pattern}`);

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());

const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function stageIds(api: ApiClient): Promise<Record<string, string>> {
  const board = await api.get("/api/v1/deals/board/default");
  return Object.fromEntries(board.json.data.stages.map((s: { id: string; name: string }) => [s.name, s.id]));
}

/** The text of the board's pipeline summary ("N open deals · $X USD in pipeline …"). */
function pipelineSummary(html: string): string {
  const match = html.match(/<p class="deal-summary">([\s\S]*?)<\/p>/);
  assert(match, "the board shows a pipeline summary");
  return match[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

Deno.test("base currency and rates change the totals on the board, home, list and deal pages", async () => {
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const web = new WebClient(server.url);
  await web.login("alice@acme.test");
  const stages = await stageIds(alice);
  assertEquals(
    (await alice.post("/api/v1/deals", { name: "Dollar deal", stage_id: stages.New, value: 10_000 }))
      .status,
    201,
  );
  const euro = await alice.post("/api/v1/deals", {
    name: "Euro deal",
    stage_id: stages.Proposal,
    value: 42_000,
    currency: "EUR",
  });
  assertEquals(euro.status, 201);

  // No rate yet: the euros are not added in as dollars, and the page says so.
  let board = await web.get("/deals");
  assertEquals(board.status, 200);
  let summary = pipelineSummary(board.html);
  assertMatch(summary, /\$10,000 USD in pipeline/);
  assertMatch(summary, /\+ €42,000 unconverted \(no rate\)/);
  assertNotMatch(board.html, /\$52,000/);

  // A rate from today on converts them; one from tomorrow on does not apply yet.
  assertEquals(
    (await alice.post("/api/v1/exchange-rates", { currency: "EUR", rate: 1.08, valid_from: today })).status,
    201,
  );
  assertEquals(
    (await alice.post("/api/v1/exchange-rates", { currency: "EUR", rate: 2, valid_from: tomorrow })).status,
    201,
  );
  board = await web.get("/deals");
  summary = pipelineSummary(board.html);
  assertMatch(summary, /\$55,360 USD in pipeline/);
  assertNotMatch(summary, /unconverted/);
  assertMatch(board.html, new RegExp(`€42,000 → \\$45,360 at 1\\.08 \\(${today}\\)`), "the breakdown on hover");
  assertMatch(board.html, /\$45\.4K/, "the Proposal column's converted total");

  const home = await web.get("/");
  assertMatch(home.html, /\$55,360/);
  assertMatch(home.html, /class="money-code">USD</);

  const page = await web.get(`/deals/${euro.json.data.id}`);
  assertMatch(page.html, /€42,000/);
  assertMatch(page.html, /≈ \$45,360/);

  const list = await web.get("/deals/list");
  assertMatch(list.html, /\$55,360/);
  assertMatch(list.html, />Stage</);
  assertMatch(list.html, />Proposal</);
  assertEquals((await alice.get("/api/v1/deals?limit=1")).json.data[0].stage_name, "Proposal");

  // Euros as the base: the dollar rates no longer apply (they were against USD), so the dollars stand apart
  // until a rate into euros is given.
  const rebased = await web.post("/settings/workspace", { intent: "base_currency", base_currency: "EUR" });
  assertEquals(rebased.status, 303);
  summary = pipelineSummary((await web.get("/deals")).html);
  assertMatch(summary, /€42,000 EUR in pipeline/);
  assertMatch(summary, /\+ \$10,000 unconverted \(no rate\)/);
  const added = await web.post("/settings/workspace", { intent: "add_rate", currency: "USD", rate: "0.9259" });
  assertEquals(added.status, 303);
  summary = pipelineSummary((await web.get("/deals")).html);
  assertMatch(summary, /€51,259 EUR in pipeline/);
  assertMatch((await web.get("/")).html, /€51,259/);

  // Back to dollars: the euro rate given against USD applies again.
  assertEquals((await alice.request("PUT", "/api/v1/exchange-rates/base", { base_currency: "USD" })).status, 200);
  assertMatch(pipelineSummary((await web.get("/deals")).html), /\$55,360 USD in pipeline/);
});

Deno.test("rates are one team's: outsiders neither read nor change them; a rep gets 403; bad input is 422", async () => {
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const mine = await alice.post("/api/v1/exchange-rates", { currency: "GBP", rate: 1.2345, valid_from: "2026-01-01" });
  assertEquals(mine.status, 201);
  const rateId = mine.json.data.id;

  // Someone with their own workspace.
  const signup = await fetch(`${server.url}/auth/v1/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: "otto@other.test",
      password: "Long-Enough-Pass-1!",
      data: { full_name: "Otto Outsider", company_name: "Other Co" },
    }),
  });
  assertEquals(signup.status, 200);
  await signup.body?.cancel();
  await server.services.auth.verifyOtp("signup", "otto@other.test", await server.lastCode("otto@other.test"), {});
  const otto = await ApiClient.signIn(server.url, "otto@other.test", "Long-Enough-Pass-1!");
  const ottoWeb = new WebClient(server.url);
  await ottoWeb.login("otto@other.test", "Long-Enough-Pass-1!");

  const seen = await otto.get("/api/v1/exchange-rates");
  assertEquals(seen.status, 200);
  assertEquals(seen.json.data.rates, [], "only his own team's rates");
  assertNotMatch((await ottoWeb.get("/settings/workspace")).html, /1\.2345/);
  assertEquals((await otto.delete(`/api/v1/exchange-rates/${rateId}`)).status, 404);
  const formDelete = await ottoWeb.post("/settings/workspace", { intent: "delete_rate", rate_id: rateId });
  assertEquals(formDelete.status, 404);
  assertEquals((await otto.post("/api/v1/exchange-rates", { currency: "GBP", rate: 9 })).status, 201, "his own");
  const after = (await alice.get("/api/v1/exchange-rates")).json.data.rates;
  assert(after.some((r: { id: string; rate: number }) => r.id === rateId && r.rate === 1.2345), "alice's rate stands");
  assert(!after.some((r: { rate: number }) => r.rate === 9), "otto's rate went to his own team");

  // Carol is a rep: she reads the rates but may not change them.
  const carol = await ApiClient.signIn(server.url, "carol@acme.test");
  assertEquals((await carol.get("/api/v1/exchange-rates")).status, 200);
  const refused = await carol.post("/api/v1/exchange-rates", { currency: "JPY", rate: 0.0067 });
  assertEquals(refused.status, 403);
  assertEquals(refused.json.error.message, "Only owners and admins can change the base currency and exchange rates.");
  assertEquals((await carol.delete(`/api/v1/exchange-rates/${rateId}`)).status, 403);
  assertEquals((await carol.request("PUT", "/api/v1/exchange-rates/base", { base_currency: "JPY" })).status, 403);
  const carolWeb = new WebClient(server.url);
  await carolWeb.login("carol@acme.test");
  const settings = await carolWeb.get("/settings/workspace");
  assertMatch(settings.html, /1\.2345/);
  assertNotMatch(settings.html, /Add rate/);
  const formRefused = await carolWeb.post("/settings/workspace", { intent: "add_rate", currency: "JPY", rate: "1" });
  assertEquals(formRefused.status, 403);
  assertMatch(formRefused.html, /Only owners and admins can change the base currency and exchange rates\./);

  // Bad input, each with a sentence.
  const bad = async (body: unknown, message: RegExp) => {
    const res = await alice.post("/api/v1/exchange-rates", body);
    assertEquals(res.status, 422, JSON.stringify(res.json));
    assertMatch(res.json.error.message, message);
  };
  await bad({ currency: "EUR", rate: -1 }, /A rate must be more than 0\./);
  await bad({ currency: "EUR", rate: 0 }, /A rate must be more than 0\./);
  await bad({ currency: "EUR", rate: "abc" }, /A rate is a number/);
  await bad({ currency: "XYZ", rate: 1.1 }, /known three-letter currency code/);
  await bad({ currency: "EURO", rate: 1.1 }, /known three-letter currency code/);
  await bad({ currency: "EUR", rate: 1.1, valid_from: "2026-02-30" }, /That date does not exist\./);
  await bad({ currency: "EUR", rate: 1.1, valid_from: "0000-01-01" }, /between 1900 and 2999/);
  await bad({ currency: "EUR", rate: 1e-12 }, /too small/);
  await bad({ currency: "USD", rate: 1.1 }, /USD is the base currency/);
  const badBase = await alice.request("PUT", "/api/v1/exchange-rates/base", { base_currency: "ABC" });
  assertEquals(badBase.status, 422);
  assertMatch(badBase.json.error.message, /Base currency must be a known three-letter currency code/);
  const web = new WebClient(server.url);
  await web.login("alice@acme.test");
  const formBad = await web.post("/settings/workspace", { intent: "add_rate", currency: "EUR", rate: "-2" });
  assertEquals(formBad.status, 422);
  assertMatch(formBad.html, /A rate must be more than 0\./);
  assertEquals((await alice.delete("/api/v1/exchange-rates/not-an-id")).status, 404);
});
