// Enrichment over HTTP (/functions/v1/enrich) against the fake Hunter, Apollo and company lookup: one contact
// and one company, a list in the background, the cache, provider failures (429, timeout) answered with a clear
// message and refunded, an empty balance, another team's ids (404, never sent to a provider), RLS on the new
// tables, and a list run that continues after a stop without charging twice.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { startFakeEnrichment } from "../fakes/enrichment.ts";
import { claimsForUser, type TeamRole } from "../../lib/db/claims.ts";
import type { Caller } from "../../lib/caller.ts";
import { spendCredits } from "../../lib/credits/spend.ts";
import { continueRun, RUN_BATCH, whenRunFinished } from "../../lib/enrich/runs.ts";
import { setupFor } from "../../lib/enrich/routes.ts";

const fake = await startFakeEnrichment();
const server = await startTestServer({ seed: true });
// The functions read provider settings from the host's services (lib/functions/env.ts): point them at the fakes.
const env = new Map(Object.entries({ ...fake.env(), ENRICH_TIMEOUT_MS: "3000", ENRICH_MX_LOOKUP: "off" }));
/** The same, with a short timeout, for the test of providers that never answer. */
const impatient = new Map([...env, ["ENRICH_TIMEOUT_MS", "300"]]);
const services = server.services as { env?: Map<string, string> };
services.env = env;
Deno.test.afterAll?.(async () => {
  await server.close();
  await fake.close();
});
const db = server.db;
const alice = await ApiClient.signIn(server.url, "alice@acme.test");

async function callerFor(email: string): Promise<Caller> {
  const [row] = await db.asService("test:enrich", (tx) =>
    tx.query<{ id: string; team_id: string; role: TeamRole }>(
      `select u.id, m.team_id, m.role from auth.users u join public.team_members m on m.user_id = u.id
       where u.email = $1 order by m.created_at limit 1`,
      [email],
    ));
  return { db, claims: claimsForUser(row.id, email, row.team_id), teamId: row.team_id, role: row.role };
}

const balance = async (api: ApiClient) => (await api.get("/api/v1/credits")).json.data.balance as number;

async function contact(api: ApiClient, fields: Record<string, unknown>) {
  const res = await api.post("/api/v1/contacts", fields);
  assertEquals(res.status, 201, JSON.stringify(res.json));
  return res.json.data as { id: string };
}

Deno.test("a contact is enriched through the waterfall: source and date per field, typed values kept", async () => {
  const before = await balance(alice);
  const { id } = await contact(alice, {
    first_name: "Ada",
    last_name: "Lovelace",
    email: "ada@analytical-engines.com",
    job_title: "Founder",
  });
  const res = await alice.post(`/functions/v1/enrich/contact/${id}`, {});
  assertEquals(res.status, 200, JSON.stringify(res.json));
  const out = res.json.data;
  assertEquals(out.offline, false);
  assertEquals(out.cached, false);
  assertEquals(out.fields.company_domain.source, "offline");
  assertEquals(out.fields.title.source, "hunter");
  assertEquals(out.fields.title.applied, false, "the typed title stays");
  assert(out.kept.includes("title"));
  assertEquals(out.fields.seniority.source, "apollo");
  assert(out.applied.includes("city") && out.applied.includes("phone"));
  for (const [name, field] of Object.entries(out.fields) as [string, { source: string; fetchedAt: string }][]) {
    assert(field.source && !Number.isNaN(Date.parse(field.fetchedAt)), name);
  }
  assertEquals(out.verification.syntax, true);
  assertEquals(out.verification.deliverability, "deliverable");
  assertEquals(out.credits, { units: 2, cost: 6, replayed: false });
  assertEquals(await balance(alice), before - 6);
  const record = (await alice.get(`/api/v1/contacts/${id}`)).json.data;
  assertEquals(record.job_title, "Founder");
  assert(record.city, "the empty city was filled");
  assertEquals((await alice.get(`/functions/v1/enrich/contact/${id}`)).json.data.fields.city.applied, true);

  // Asked again: every answer comes from the team's cache, no provider hears of it, and it costs half.
  const requests = fake.requests.length;
  const again = await alice.post(`/functions/v1/enrich/contact/${id}`, { overwrite: true });
  assertEquals(again.status, 200);
  assertEquals(fake.requests.length, requests, "the email verdict comes from the cache too");
  assertEquals([again.json.data.cached, again.json.data.credits.units], [true, 1]);
  assertEquals((await alice.get(`/api/v1/contacts/${id}`)).json.data.job_title, out.fields.title.value);
});

Deno.test("a company is enriched; bad input and unknown ids get clear 4xx answers", async () => {
  const created = await alice.post("/api/v1/companies", { name: "Globex", website: "https://globex-corp.io" });
  const id = created.json.data.id;
  const res = await alice.post(`/functions/v1/enrich/company/${id}`, {});
  assertEquals(res.status, 200, JSON.stringify(res.json));
  assertEquals(res.json.data.fields.domain.source, "offline");
  assert(res.json.data.fields.industry.value);
  const company = (await alice.get(`/api/v1/companies/${id}`)).json.data;
  assertEquals(company.domain, "globex-corp.io");
  assertEquals(company.name, "Globex", "a typed name is never replaced");
  assert(company.size && company.industry);

  assertEquals((await alice.post(`/functions/v1/enrich/company/${id}`, { overwrite: "yes" })).status, 422);
  assertEquals((await alice.post(`/functions/v1/enrich/company/${id}`, "{nope")).status, 400);
  const missing = await alice.post(`/functions/v1/enrich/company/${crypto.randomUUID()}`, {});
  assertEquals([missing.status, missing.json.error.message], [404, "Company not found."]);
  assertEquals((await alice.post("/functions/v1/enrich/contact/not-an-id", {})).status, 404);
  const list = await alice.post("/functions/v1/enrich/list", { recordType: "deals", ids: [id] });
  assertEquals(list.status, 422);
  assertMatch(list.json.error.message, /recordType is contacts or companies/);
});

Deno.test("every provider rate limited or timing out: a clear message, and the charge is refunded", async () => {
  const { id } = await contact(alice, { first_name: "Grace", last_name: "Hopper", email: "grace@cobol-works.com" });
  const before = await balance(alice);
  fake.modes.hunter = fake.modes.apollo = fake.modes.lookup = "429";
  try {
    const limited = await alice.post(`/functions/v1/enrich/contact/${id}`, {});
    assertEquals(limited.status, 429);
    assertMatch(limited.json.error.message, /Hunter is limiting our requests right now \(429\)/);
    assertMatch(limited.json.error.message, /No credits were charged/);
    assertEquals(await balance(alice), before);
    fake.modes.hunter = fake.modes.apollo = fake.modes.lookup = "hang";
    services.env = impatient;
    const slow = await alice.post(`/functions/v1/enrich/contact/${id}`, {});
    services.env = env;
    assertEquals(slow.status, 504);
    assertMatch(slow.json.error.message, /did not answer within 0.3 s/);
    assertEquals(await balance(alice), before);
    // Nothing was written for the record.
    assertEquals((await alice.get(`/functions/v1/enrich/contact/${id}`)).json.data, null);
  } finally {
    fake.modes.hunter = fake.modes.apollo = fake.modes.lookup = "ok";
    services.env = env;
  }
  // Only one provider down: the others answer, the charge stands, the person is told.
  fake.modes.hunter = "500";
  try {
    const partial = await alice.post(`/functions/v1/enrich/contact/${id}`, {});
    assertEquals(partial.status, 200);
    assertMatch(partial.json.data.warnings[0], /Hunter failed \(500\)/);
  } finally {
    fake.modes.hunter = "ok";
  }
});

Deno.test("a list is enriched in the background with progress", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push(
      (await contact(alice, { first_name: `Lin${i}`, last_name: "Ked", email: `lin${i}@listco-${i % 2}.com` })).id,
    );
  }
  const started = await alice.post("/functions/v1/enrich/list", { recordType: "contacts", ids });
  assertEquals(started.status, 202, JSON.stringify(started.json));
  const runId = started.json.data.id;
  assertEquals(started.json.data.total, 5);
  await whenRunFinished(runId);
  const run = (await alice.get(`/functions/v1/enrich/runs/${runId}`)).json.data;
  assertEquals([run.status, run.processed, run.enriched, run.failed], ["done", 5, 5, 0]);
  assert(run.credits_spent > 0);
  const stored = (await alice.get(`/functions/v1/enrich/contact/${ids[0]}`)).json.data;
  assertEquals(stored.fields.title.source, "hunter", JSON.stringify(stored));
  // A filter selects the list too.
  const byFilter = await alice.post("/functions/v1/enrich/list", { recordType: "contacts", filter: { q: "Ked" } });
  assertEquals([byFilter.status, byFilter.json.data.total], [202, 5]);
  await whenRunFinished(byFilter.json.data.id);
});

Deno.test("another team: its ids are 404, nothing of them reaches a provider, the tables are closed to it", async () => {
  const email = "otto@enrich-other.test";
  const signup = await fetch(`${server.url}/auth/v1/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email,
      password: "Long-Enough-Pass-1!",
      data: { full_name: "Otto", company_name: "Other" },
    }),
  });
  assertEquals(signup.status, 200);
  await signup.body?.cancel();
  await server.services.auth.verifyOtp("signup", email, await server.lastCode(email), {});
  const otto = await ApiClient.signIn(server.url, email, "Long-Enough-Pass-1!");
  const secret = await contact(alice, { first_name: "Secret", last_name: "Person", email: "secret@hidden-co.com" });
  await alice.post(`/functions/v1/enrich/contact/${secret.id}`, {});
  const run = await alice.post("/functions/v1/enrich/list", { recordType: "contacts", ids: [secret.id] });
  await whenRunFinished(run.json.data.id);

  const requests = fake.requests.length;
  assertEquals((await otto.post(`/functions/v1/enrich/contact/${secret.id}`, {})).status, 404);
  assertEquals((await otto.get(`/functions/v1/enrich/contact/${secret.id}`)).status, 404);
  assertEquals((await otto.get(`/functions/v1/enrich/runs/${run.json.data.id}`)).status, 404);
  const list = await otto.post("/functions/v1/enrich/list", { recordType: "contacts", ids: [secret.id] });
  assertEquals(list.status, 404);
  assertEquals(fake.requests.length, requests, "no provider was asked anything");
  assert(!JSON.stringify(fake.requests.slice(requests)).includes("hidden-co"));

  // Straight at the database as Otto: nothing of Alice's team to read, nothing to write into it.
  const ottoCaller = await callerFor(email);
  const aliceCaller = await callerFor("alice@acme.test");
  const seen = await db.asUser(ottoCaller.claims, async (tx) => [
    (await tx.query("select 1 from public.record_enrichments where team_id = $1", [aliceCaller.teamId])).length,
    (await tx.query("select 1 from public.enrichment_cache where team_id = $1", [aliceCaller.teamId])).length,
    (await tx.query("select 1 from public.enrichment_runs where team_id = $1", [aliceCaller.teamId])).length,
  ]);
  assertEquals(seen, [0, 0, 0]);
  const write = await db.asUser(ottoCaller.claims, (tx) =>
    tx.query(
      "insert into public.record_enrichments (team_id, contact_id) values ($1, $2)",
      [aliceCaller.teamId, secret.id],
    )).then(() => "written", () => "refused");
  assertEquals(write, "refused");
  const poison = await db.asUser(ottoCaller.claims, (tx) =>
    tx.query(
      `insert into public.enrichment_cache (team_id, lookup_key, answer, found, expires_at)
       values ($1, 'hunter:person:x', '{}', true, now() + interval '1 day')`,
      [aliceCaller.teamId],
    )).then(() => "written", () => "refused");
  assertEquals(poison, "refused");
  const moved = await db.asUser(
    ottoCaller.claims,
    (tx) =>
      tx.query("update public.enrichment_runs set processed = 0 where team_id = $1 returning id", [aliceCaller.teamId]),
  );
  assertEquals(moved.length, 0);

  // And an empty balance is a 402 with a sentence, before any provider call.
  await spendCredits(ottoCaller, { action: "ai.proposal", key: "drain", units: 100 }, () => Promise.resolve());
  const own = await contact(otto, { first_name: "Own", email: "own@somewhere-else.com" });
  const broke = await otto.post(`/functions/v1/enrich/contact/${own.id}`, {});
  assertEquals(broke.status, 402);
  assertMatch(broke.json.error.message, /credits/);
  assertEquals(fake.requests.length, requests);
});

Deno.test("a list run continues after a stop from its last committed batch, never charging twice", async () => {
  const aliceCaller = await callerFor("alice@acme.test");
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    ids.push((await contact(alice, { first_name: `Re${i}`, email: `re${i}@resume-co.com` })).id);
  }
  const [run] = await db.asUser(aliceCaller.claims, (tx) =>
    tx.query<{ id: string }>(
      `insert into public.enrichment_runs (team_id, created_by, record_type, record_ids, total)
       values ($1, $2, 'contacts', $3::uuid[], 6) returning id`,
      [aliceCaller.teamId, aliceCaller.claims.sub, ids],
    ));
  const charges = async () =>
    (await db.asService("test:enrich", (tx) =>
      tx.query<{ key: string }>(
        "select idempotency_key as key from public.credit_ledger where kind = 'charge' and idempotency_key like $1",
        [`%:${run.id}:%`],
      ))).map((r) => r.key);
  const progress = async () =>
    (await db.asService("test:enrich", (tx) =>
      tx.query<{ status: string; processed: number }>(
        "select status, processed from public.enrichment_runs where id = $1",
        [run.id],
      )))[0];
  const setup = setupFor(env);
  const size = RUN_BATCH.size;
  RUN_BATCH.size = 2;
  try {
    await continueRun(db, setup, run.id, { maxBatches: 1 });
    assertEquals(await progress(), { status: "running", processed: 2 });
    assertEquals(await charges(), [`enrich.contact:${run.id}:0`], "one charge per committed batch");
    // The "restart": it carries on from record 3.
    await continueRun(db, setup, run.id);
    assertEquals(await progress(), { status: "done", processed: 6 });
    assertEquals((await charges()).sort(), [0, 2, 4].map((at) => `enrich.contact:${run.id}:${at}`));
    // A batch done again (as after a crash between the charges and the commit) is not charged again.
    await db.asService(
      "test:enrich",
      (tx) => tx.query("update public.enrichment_runs set status = 'running', processed = 4 where id = $1", [run.id]),
    );
    await continueRun(db, setup, run.id);
    assertEquals(await progress(), { status: "done", processed: 6 });
    assertEquals((await charges()).length, 3, "the batch done again was not charged again");
  } finally {
    RUN_BATCH.size = size;
  }
});

Deno.test("a stopping process ends a list run after the records in progress and hands it back to the queue", async () => {
  const { enrichJobs } = await import("../../lib/enrich/jobs.ts");
  const { registerQueue, unregisterQueue } = await import("../../lib/jobs/registry.ts");
  const aliceCaller = await callerFor("alice@acme.test");
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    ids.push((await contact(alice, { first_name: `St${i}`, email: `st${i}@stopping-co.com` })).id);
  }
  const [run] = await db.asUser(aliceCaller.claims, (tx) =>
    tx.query<{ id: string }>(
      `insert into public.enrichment_runs (team_id, created_by, record_type, record_ids, total)
       values ($1, $2, 'contacts', $3::uuid[], 6) returning id`,
      [aliceCaller.teamId, aliceCaller.claims.sub, ids],
    ));
  const progress = async () =>
    (await db.asService("test:enrich", (tx) =>
      tx.query<{ status: string; processed: number; enriched: number }>(
        "select status, processed, enriched from public.enrichment_runs where id = $1",
        [run.id],
      )))[0];
  const sent: { name: string; data: unknown; key?: string }[] = [];
  const queue = {
    send: (name: string, data?: object | null, options?: { singletonKey?: string }) => {
      sent.push({ name, data, key: options?.singletonKey });
      return Promise.resolve("job");
    },
    stop: () => Promise.resolve(),
  };
  // The process begins to stop as soon as the first provider request of the run goes out.
  const stopping = new AbortController();
  const push = fake.requests.push;
  fake.requests.push = (...items) => {
    stopping.abort();
    return push.apply(fake.requests, items);
  };
  const job = enrichJobs(db)[0];
  const { size, concurrency } = RUN_BATCH;
  Object.assign(RUN_BATCH, { size: 6, concurrency: 2 });
  registerQueue(db, queue);
  try {
    await job.run({ runId: run.id, teamId: aliceCaller.teamId }, {
      retryCount: 0,
      retryLimit: 3,
      stopping: stopping.signal,
    });
    const stopped = await progress();
    assertEquals(stopped.status, "running", "the run stays running, to be resumed");
    assert(stopped.processed >= 1 && stopped.processed <= RUN_BATCH.concurrency, JSON.stringify(stopped));
    assertEquals(stopped.enriched, stopped.processed, "the records in progress were committed");
    assertEquals(sent, [{ name: "enrich-run", data: { runId: run.id, teamId: aliceCaller.teamId }, key: run.id }]);
  } finally {
    fake.requests.push = push;
    unregisterQueue(db, queue);
    Object.assign(RUN_BATCH, { size, concurrency });
  }
  // The next process carries on after the committed records: every record enriched once, one charge per batch.
  await continueRun(db, setupFor(env), run.id);
  assertEquals((await progress()).status, "done");
  assertEquals((await progress()).enriched, 6);
  const keys = (await db.asService("test:enrich", (tx) =>
    tx.query<{ key: string }>(
      "select idempotency_key as key from public.credit_ledger where kind = 'charge' and idempotency_key like $1",
      [`%:${run.id}:%`],
    ))).map((r) => r.key);
  assertEquals(keys.length, new Set(keys).size);
  assertEquals(keys.length, 2, "the stopped batch and the rest");
});
