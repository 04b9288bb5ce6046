// Credits: charging is idempotent per key and refunded once when the work fails; an empty balance or a used-up
// monthly limit is a 402 with a sentence and writes nothing; the ledger is append-only even for the service
// role; another team can neither read nor write this team's ledger, balance or limits over HTTP; parallel
// spends never overdraw. The demo workspace starts with its welcome credits.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import { claimsForUser, type TeamRole } from "../../lib/db/claims.ts";
import type { Caller } from "../../lib/caller.ts";
import { AppError } from "../../lib/errors.ts";
import { type CreditCharge, refundInTransaction, spendCredits } from "../../lib/credits/spend.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const db = server.db;

/** Acts as a signed-up person in their current workspace, as a request would. */
async function callerFor(email: string): Promise<Caller> {
  const [row] = await db.asService("test:credits", (tx) =>
    tx.query<{ id: string; team_id: string; role: TeamRole }>(
      `select u.id, m.team_id, m.role from auth.users u join public.team_members m on m.user_id = u.id
       where u.email = $1 order by m.created_at limit 1`,
      [email],
    ));
  return { db, claims: claimsForUser(row.id, email, row.team_id), teamId: row.team_id, role: row.role };
}

const balanceOf = async (teamId: string) =>
  Number(
    (await db.asService("test:credits", (tx) =>
      tx.query<{ balance: number }>("select balance from public.credit_balances where team_id = $1", [teamId])))[0]
      .balance,
  );
const ledgerCount = async (teamId: string) =>
  Number(
    (await db.asService("test:credits", (tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from public.credit_ledger where team_id = $1", [teamId])))[0]
      .n,
  );

/** Someone with their own new workspace (signed up through /auth/v1, as the money test does). */
async function outsider(email: string, company: string) {
  const password = "Long-Enough-Pass-1!";
  const signup = await fetch(`${server.url}/auth/v1/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, data: { full_name: "Otto Outsider", company_name: company } }),
  });
  assertEquals(signup.status, 200);
  await signup.body?.cancel();
  await server.services.auth.verifyOtp("signup", email, await server.lastCode(email), {});
  const api = await ApiClient.signIn(server.url, email, password);
  const web = new WebClient(server.url);
  await web.login(email, password);
  return { api, web, caller: await callerFor(email) };
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await assertRejects(() => promise);
  assert(error instanceof AppError, `expected an AppError, got ${error}`);
  return error;
};

Deno.test("a charge is idempotent per key, refunded once when the work fails, charged anew after a refund", async () => {
  const alice = await callerFor("alice@acme.test");
  assertEquals(await balanceOf(alice.teamId), 500, "the demo workspace starts with its welcome credits");

  let runs = 0;
  const first = await spendCredits(alice, { action: "ai.proposal", key: "proposal:1" }, (charge) => {
    runs++;
    return Promise.resolve(charge);
  });
  assertEquals([first.cost, first.balance, first.replayed], [5, 495, false]);
  const again = await spendCredits(alice, { action: "ai.proposal", key: "proposal:1" }, (c) => Promise.resolve(c));
  assertEquals(
    [again.id, again.replayed, again.refundToken],
    [first.id, true, null],
    "the first charge, not a new one",
  );
  assertEquals(await balanceOf(alice.teamId), 495);
  assertEquals(runs, 1);
  const otherAction = spendCredits(alice, { action: "ai.write", key: "proposal:1" }, () => Promise.resolve());
  assertMatch((await refusal(otherAction)).message, /already used for another charge/);

  // The work fails: the charge is given back by one compensating row, and the work's error comes through.
  let failed: CreditCharge | null = null;
  const failing = spendCredits(alice, { action: "enrich.contact", key: "enrich:1", units: 2 }, (charge) => {
    failed = charge;
    return Promise.reject(new AppError("bad_gateway", "The provider is down."));
  });
  assertEquals((await refusal(failing)).message, "The provider is down.");
  assertEquals(await balanceOf(alice.teamId), 495, "6 taken, 6 given back");
  const refundAgain = await db.asUser(alice.claims, (tx) => refundInTransaction(tx, failed!));
  assertEquals(refundAgain, false, "a charge is refunded at most once");
  const refunds = await db.asService(
    "test:credits",
    (tx) => tx.query<{ amount: number }>("select amount from public.credit_ledger where refers_to = $1", [failed!.id]),
  );
  assertEquals(refunds.map((r) => Number(r.amount)), [6]);
  // A token that is not the charge's refunds nothing (a member cannot refund work that succeeded).
  const forged = db.asUser(alice.claims, (tx) => refundInTransaction(tx, { id: first.id, refundToken: "guess" }));
  assertEquals((await refusal(forged)).status, 403);

  const retried = await spendCredits(
    alice,
    { action: "enrich.contact", key: "enrich:1", units: 2 },
    (c) => Promise.resolve(c),
  );
  assertEquals([retried.replayed, retried.balance], [false, 489], "a refunded key is a new attempt");
});

Deno.test("an empty balance is a 402 with a sentence; the work never runs and nothing is written", async () => {
  const { api, web, caller } = await outsider("otto@other.test", "Other Co");
  assertEquals((await api.get("/api/v1/credits")).json.data.balance, 500);
  await spendCredits(caller, { action: "ai.proposal", key: "big", units: 100 }, () => Promise.resolve());
  assertEquals(await balanceOf(caller.teamId), 0);
  const before = await ledgerCount(caller.teamId);
  let ran = false;
  const refused = await refusal(spendCredits(caller, { action: "ai.classify", key: "one-more" }, () => {
    ran = true;
    return Promise.resolve();
  }));
  assertEquals([refused.status, refused.code], [402, "payment_required"]);
  assertMatch(refused.message, /out of credits: this needs 1 and 0 left/);
  assertEquals(ran, false);
  assertEquals(await ledgerCount(caller.teamId), before, "no row for a refused charge");

  // The header says so on every page, and the usage page offers the owner a way to add credits.
  const home = await web.get("/");
  const pill = home.html.match(/<a [^>]*credit-pill[^>]*>/)?.[0] ?? "";
  assertMatch(pill, /class="credit-pill credit-pill-low"/);
  assertMatch(pill, /data-credits="0"/);
  const granted = await web.post("/settings/usage", { intent: "grant", amount: "40", note: "Top-up" });
  assertEquals([granted.status, granted.location], [303, "/settings/usage?done=granted"]);
  const page = await web.get(granted.location!);
  assertMatch(page.html, /Credits added\./);
  assertMatch(page.html, /Top-up/);
  const { balance, low } = (await api.get("/api/v1/credits")).json.data;
  assertEquals([balance, low], [40, true]);
  const bad = await web.post("/settings/usage", { intent: "grant", amount: "-3" });
  assertEquals(bad.status, 422);
  assertMatch(bad.html, /must be at least 1/);
});

Deno.test("monthly limits: admins set them, members are refused over them, reps cannot change them", async () => {
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const carolApi = await ApiClient.signIn(server.url, "carol@acme.test");
  const carol = await callerFor("carol@acme.test");
  const set = await alice.request("PUT", "/api/v1/credits/limits", { user_id: carol.claims.sub, monthly_limit: 3 });
  assertEquals(set.status, 200);
  assertEquals(set.json.data.monthly_limit, 3);
  const byRep = await carolApi.request("PUT", "/api/v1/credits/limits", {
    user_id: carol.claims.sub,
    monthly_limit: null,
  });
  assertEquals(byRep.status, 403);
  assertMatch(byRep.json.error.message, /Only owners and admins/);
  assertEquals((await carolApi.post("/api/v1/credits/grants", { amount: 1000 })).status, 403);

  await spendCredits(carol, { action: "ai.write", key: "carol:1" }, () => Promise.resolve());
  const before = await ledgerCount(carol.teamId);
  const over = await refusal(spendCredits(carol, { action: "ai.write", key: "carol:2" }, () => Promise.resolve()));
  assertEquals(over.status, 402);
  assertMatch(over.message, /monthly credit limit \(2 of 3 used; this needs 2\)/);
  assertEquals(await ledgerCount(carol.teamId), before);
  await spendCredits(carol, { action: "ai.classify", key: "carol:3" }, () => Promise.resolve()); // exactly 3

  const usage = (await carolApi.get("/api/v1/credits/usage")).json.data;
  const mine = usage.members.find((m: { user_id: string }) => m.user_id === carol.claims.sub);
  assertEquals([mine.used, mine.limit], [3, 3]);
  assertEquals(
    usage.rows.filter((r: { user_id: string }) => r.user_id === carol.claims.sub)
      .map((r: { action: string; credits: number }) => [r.action, r.credits]).sort(),
    [["ai.classify", 1], ["ai.write", 2]],
  );
  assertEquals(
    (await alice.request("PUT", "/api/v1/credits/limits", { user_id: carol.claims.sub, monthly_limit: null }))
      .json.data.monthly_limit,
    null,
  );
  await spendCredits(carol, { action: "ai.write", key: "carol:2" }, () => Promise.resolve());

  // Bad input is a 422 that names the field.
  const negative = await alice.request("PUT", "/api/v1/credits/limits", {
    user_id: carol.claims.sub,
    monthly_limit: -1,
  });
  assertEquals(negative.status, 422);
  assertMatch(negative.json.error.message, /monthly_limit/);
  assertEquals((await alice.get("/api/v1/credits/usage?month=2026-13")).status, 422);
  assertEquals((await alice.get("/api/v1/credits/ledger?cursor=nope")).status, 422);
});

Deno.test("the ledger is append-only for everyone, and pages through without gaps or repeats", async () => {
  const alice = await callerFor("alice@acme.test");
  const [entry] = await db.asUser(
    alice.claims,
    (tx) => tx.query<{ id: string }>("select id from public.credit_ledger where team_id = $1 limit 1", [alice.teamId]),
  );
  for (
    const sql of [
      "update public.credit_ledger set amount = 1000 where id = $1",
      "delete from public.credit_ledger where id = $1",
    ]
  ) {
    const asMember = await refusal(db.asUser(alice.claims, (tx) => tx.query(sql, [entry.id])));
    assertEquals(asMember.status, 403);
    const asService = await assertRejects(() => db.asService("test:credits", (tx) => tx.query(sql, [entry.id])));
    assertMatch(asService.message, /append-only/);
  }
  const insert = db.asUser(alice.claims, (tx) =>
    tx.query(
      "insert into public.credit_ledger (team_id, kind, amount, idempotency_key) values ($1, 'grant', 1000, 'free')",
      [alice.teamId],
    ));
  assertEquals((await refusal(insert)).status, 403, "grants only through app.grant_credits");
  const topUp = db.asUser(
    alice.claims,
    (tx) => tx.query("update public.credit_balances set balance = 99999 where team_id = $1", [alice.teamId]),
  );
  assertEquals((await refusal(topUp)).status, 403);

  const api = await ApiClient.signIn(server.url, "bob@acme.test");
  const seen: string[] = [];
  let path = "/api/v1/credits/ledger?limit=2";
  for (let pages = 0; pages < 50; pages++) {
    const page = await api.get(path);
    assertEquals(page.status, 200);
    seen.push(...page.json.data.map((e: { id: string }) => e.id));
    if (!page.json.next_cursor) break;
    path = `/api/v1/credits/ledger?limit=2&cursor=${encodeURIComponent(page.json.next_cursor)}`;
  }
  assertEquals(seen.length, await ledgerCount(alice.teamId));
  assertEquals(new Set(seen).size, seen.length);
});

Deno.test("another team can neither read nor write this team's credits over HTTP", async () => {
  const otto = await ApiClient.signIn(server.url, "otto@other.test", "Long-Enough-Pass-1!");
  const ottoCaller = await callerFor("otto@other.test");
  const alice = await callerFor("alice@acme.test");
  const acmeEntries = await db.asService(
    "test:credits",
    (tx) => tx.query<{ id: string }>("select id from public.credit_ledger where team_id = $1", [alice.teamId]),
  );
  const ledger = (await otto.get("/api/v1/credits/ledger?limit=100")).json.data as { id: string }[];
  assert(ledger.length > 0);
  assert(!ledger.some((e) => acmeEntries.some((a) => a.id === e.id)), "none of Acme's entries");
  const usage = (await otto.get("/api/v1/credits/usage")).json.data;
  assertEquals(usage.members.map((m: { user_id: string }) => m.user_id), [ottoCaller.claims.sub]);
  assertEquals(((await otto.get("/api/v1/credits/limits")).json.data as unknown[]).length, 0);

  // Setting a limit on Acme's Carol from his own workspace: she is not his member.
  const carol = await callerFor("carol@acme.test");
  const limit = await otto.request("PUT", "/api/v1/credits/limits", { user_id: carol.claims.sub, monthly_limit: 0 });
  assertEquals(limit.status, 404);
  const acmeLimits = await db.asService(
    "test:credits",
    (tx) => tx.query("select 1 from public.credit_limits where user_id = $1", [carol.claims.sub]),
  );
  assertEquals(acmeLimits.length, 0);
  // Spending Acme's credits with his own token, and reading them through a user transaction: refused.
  const acmeBalance = await balanceOf(alice.teamId);
  const foreign = { ...ottoCaller, teamId: alice.teamId };
  assertEquals(
    (await refusal(spendCredits(foreign, { action: "ai.write", key: "x" }, () => Promise.resolve())))
      .status,
    403,
  );
  assertEquals(await balanceOf(alice.teamId), acmeBalance);
  const peek = await db.asUser(
    ottoCaller.claims,
    (tx) => tx.query("select * from public.credit_balances where team_id = $1", [alice.teamId]),
  );
  assertEquals(peek.length, 0);
  const grant = db.asUser(
    ottoCaller.claims,
    (tx) => tx.query("select app.grant_credits($1, 100, null)", [alice.teamId]),
  );
  assertEquals((await refusal(grant)).status, 403);
});

Deno.test("parallel spends never overdraw the balance", async () => {
  const { api, caller } = await outsider("para@other.test", "Parallel Co");
  await spendCredits(caller, { action: "ai.proposal", key: "drain", units: 98 }, () => Promise.resolve()); // 10 left
  const results = await Promise.allSettled(
    Array.from(
      { length: 25 },
      (_, i) => spendCredits(caller, { action: "ai.classify", key: `parallel:${i}` }, () => Promise.resolve(i)),
    ),
  );
  const ok = results.filter((r) => r.status === "fulfilled").length;
  const refused = results.filter((r) => r.status === "rejected" && (r.reason as AppError).status === 402).length;
  assertEquals([ok, refused], [10, 15]);
  assertEquals((await api.get("/api/v1/credits")).json.data.balance, 0);
  const [sum] = await db.asService(
    "test:credits",
    (tx) =>
      tx.query<{ total: number }>("select sum(amount)::int as total from public.credit_ledger where team_id = $1", [
        caller.teamId,
      ]),
  );
  assertEquals(Number(sum.total), 0, "the balance is the sum of the ledger");
});
