// /api/v1/contacts and /api/v1/companies: CRUD, filters, sorting, cursors, tenancy and bad input.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { createPerson } from "../helpers/fixtures.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");

Deno.test("create answers 201 with the record; get, update, delete and restore work", async () => {
  const created = await alice.post("/api/v1/contacts", {
    first_name: "Ada",
    last_name: "Lovelace",
    email: "ADA@analytical.test",
    phones: [{ label: "mobile", value: "+44 20 7946 0000" }],
    tags: ["vip"],
  });
  assertEquals(created.status, 201);
  const contact = created.json.data;
  assertEquals(contact.email, "ada@analytical.test");
  assertEquals(contact.phones, [{ label: "mobile", value: "+44 20 7946 0000" }]);
  assertEquals((await alice.get(`/api/v1/contacts/${contact.id}`)).json.data.last_name, "Lovelace");
  const updated = await alice.patch(`/api/v1/contacts/${contact.id}`, { job_title: "Analyst", lead_score: 80 });
  assertEquals(updated.json.data.job_title, "Analyst");
  assertEquals((await alice.delete(`/api/v1/contacts/${contact.id}`)).status, 200);
  assertEquals((await alice.get(`/api/v1/contacts/${contact.id}`)).status, 404);
  assertEquals((await alice.post(`/api/v1/contacts/${contact.id}/restore`)).json.data.first_name, "Ada");
  assertEquals((await alice.get(`/api/v1/contacts/${contact.id}`)).status, 200);
});

Deno.test("lists filter, sort and page with cursors without gaps or repeats", async () => {
  for (let i = 0; i < 7; i++) {
    await alice.post("/api/v1/contacts", {
      first_name: `Page${i}`,
      last_name: `Tester${String.fromCharCode(97 + i)}`,
      industry: i % 2 ? "Retail" : "Software",
      lead_score: i * 10,
    });
  }
  const seen: string[] = [];
  let cursor: string | null = "";
  while (cursor !== null) {
    const page = await alice.get(`/api/v1/contacts?industry=Retail,Software&sort=last_name&limit=3&cursor=${cursor}`);
    assertEquals(page.status, 200);
    seen.push(...page.json.data.map((c: { last_name: string }) => c.last_name));
    cursor = page.json.next_cursor;
  }
  const testers = seen.filter((n) => n.startsWith("Tester"));
  assertEquals(testers, [...testers].sort());
  assertEquals(new Set(seen).size, seen.length);
  const retail = await alice.get("/api/v1/contacts?industry=Retail&lead_score_min=30");
  assert(
    retail.json.data.every((c: { industry: string; lead_score: number }) =>
      c.industry === "Retail" && c.lead_score >= 30
    ),
  );
  const search = await alice.get("/api/v1/contacts?q=page3");
  assertEquals(search.json.data.map((c: { first_name: string }) => c.first_name), ["Page3"]);
});

Deno.test("bad input is a 4xx with a readable message", async () => {
  const empty = await alice.post("/api/v1/contacts", {});
  assertEquals(empty.status, 422);
  assertMatch(empty.json.error.message, /name or an email/);
  const badEmail = await alice.post("/api/v1/contacts", { first_name: "X", email: "nope" });
  assertEquals(badEmail.status, 422);
  assertMatch(badEmail.json.error.message, /email: Enter a valid email/);
  assertEquals((await alice.post("/api/v1/contacts", "{oops")).status, 400);
  const badSort = await alice.get("/api/v1/contacts?sort=password");
  assertEquals(badSort.status, 422);
  assertMatch(badSort.json.error.message, /You can sort by/);
  assertEquals((await alice.get("/api/v1/contacts?cursor=garbage")).status, 400);
  assertEquals((await alice.get("/api/v1/contacts?lead_score_min=lots")).status, 422);
  assertEquals((await alice.get("/api/v1/contacts/not-a-uuid")).status, 404);
  const badCompany = await alice.post("/api/v1/contacts", { first_name: "X", company_id: crypto.randomUUID() });
  assertEquals(badCompany.status, 404);
  assertMatch(badCompany.json.error.message, /company does not exist/);
});

Deno.test("another team's records are 404 for every verb; viewers cannot write", async () => {
  const { json } = await alice.post("/api/v1/companies", { name: "Acme Secret Co", domain: "secret.test" });
  const id = json.data.id;
  // A second team's owner, signed in over the API.
  await createPerson(server.db, "zoe@other.test");
  await server.db.asService("test:password", async (tx) => {
    const { hashPassword } = await import("../../lib/auth/crypto.ts");
    await tx.query("update auth.users set encrypted_password = $1 where email = 'zoe@other.test'", [
      await hashPassword("leadly-demo"),
    ]);
  });
  const zoeSignup = await ApiClient.signIn(server.url, "zoe@other.test");
  assertEquals((await zoeSignup.get("/api/v1/companies")).status, 403, "no workspace yet");
  await server.db.asUser(
    { sub: (await zoeSignup.get("/auth/v1/user")).json.id },
    (tx) => tx.query("select app.create_team('Other Co')"),
  );
  const zoe = await ApiClient.signIn(server.url, "zoe@other.test");
  assertEquals((await zoe.get(`/api/v1/companies/${id}`)).status, 404);
  assertEquals((await zoe.patch(`/api/v1/companies/${id}`, { name: "Mine" })).status, 404);
  assertEquals((await zoe.delete(`/api/v1/companies/${id}`)).status, 404);
  assertEquals((await zoe.post(`/api/v1/companies/${id}/restore`)).status, 404);
  assertEquals((await zoe.get("/api/v1/companies?q=secret")).json.data, []);
  assertEquals((await alice.get(`/api/v1/companies/${id}`)).json.data.name, "Acme Secret Co");

  // Carol (rep) may write; a viewer may not.
  const carol = await ApiClient.signIn(server.url, "carol@acme.test");
  assertEquals((await carol.patch(`/api/v1/companies/${id}`, { city: "Paris" })).status, 200);
  assertEquals((await carol.delete(`/api/v1/companies/${id}`)).status, 403, "reps delete only their own");
  await server.db.asService(
    "test:role",
    (tx) =>
      tx.query(
        "update public.team_members set role = 'viewer' where user_id = (select id from auth.users where email = 'carol@acme.test')",
      ),
  );
  const denied = await carol.post("/api/v1/companies", { name: "Viewer Co" });
  assertEquals(denied.status, 403);
  assertEquals((await carol.patch(`/api/v1/companies/${id}`, { city: "Rome" })).status, 403);
  await server.db.asService(
    "test:role",
    (tx) =>
      tx.query(
        "update public.team_members set role = 'rep' where user_id = (select id from auth.users where email = 'carol@acme.test')",
      ),
  );
});

Deno.test("without a session the API is 401; cookie writes need the CSRF header", async () => {
  const res = await fetch(`${server.url}/api/v1/contacts`);
  assertEquals(res.status, 401);
  assertMatch((await res.json()).error.message, /Sign in first/);
  const login = await fetch(`${server.url}/auth/v1/token?grant_type=password`, {
    method: "POST",
    body: JSON.stringify({ email: "bob@acme.test", password: "leadly-demo" }),
  });
  const { access_token } = await login.json();
  const noHeader = await fetch(`${server.url}/api/v1/contacts`, {
    method: "POST",
    headers: { cookie: `leadly-access=${access_token}; leadly-csrf=abc`, "content-type": "application/json" },
    body: JSON.stringify({ first_name: "Via cookie" }),
  });
  assertEquals(noHeader.status, 403);
  await noHeader.body?.cancel();
  const withHeader = await fetch(`${server.url}/api/v1/contacts`, {
    method: "POST",
    headers: {
      cookie: `leadly-access=${access_token}; leadly-csrf=abc`,
      "x-csrf-token": "abc",
      "content-type": "application/json",
    },
    body: JSON.stringify({ first_name: "Via cookie" }),
  });
  assertEquals(withHeader.status, 201);
  await withHeader.body?.cancel();
});

Deno.test("the OpenAPI document describes every resource from the same schemas", async () => {
  const doc = (await alice.get("/api/v1/openapi.json")).json;
  assertEquals(doc.openapi, "3.1.0");
  assert(doc.paths["/api/v1/contacts"].get && doc.paths["/api/v1/contacts/{id}"].patch);
  assert(doc.paths["/api/v1/companies"].post);
  assert(doc.components.schemas.ContactCreate.properties.first_name);
  assert(doc.components.schemas.Company.properties.name);
});

/** A second workspace's owner, signed in over the API. */
async function otherTeamOwner(email: string) {
  await createPerson(server.db, email);
  const { hashPassword } = await import("../../lib/auth/crypto.ts");
  const hash = await hashPassword("leadly-demo");
  await server.db.asService(
    "test:password",
    (tx) => tx.query("update auth.users set encrypted_password = $1 where email = $2", [hash, email]),
  );
  const first = await ApiClient.signIn(server.url, email);
  const id = (await first.get("/auth/v1/user")).json.id;
  await server.db.asUser({ sub: id }, (tx) => tx.query("select app.create_team('Bulk Other Co')"));
  return await ApiClient.signIn(server.url, email);
}

Deno.test("bulk: tag, assign, delete and restore three contacts, each in one request", async () => {
  const ids: string[] = [];
  for (const name of ["Bulkone", "Bulktwo", "Bulkthree"]) {
    ids.push((await alice.post("/api/v1/contacts", { first_name: name, tags: ["old"] })).json.data.id);
  }
  const bob = await ApiClient.signIn(server.url, "bob@acme.test");
  const bobId = (await bob.get("/auth/v1/user")).json.id as string;

  const tagged = await alice.post("/api/v1/contacts/bulk", { action: "tag", ids, tag: "q4" });
  assertEquals(tagged.status, 200, JSON.stringify(tagged.json));
  assertEquals([tagged.json.data.done, tagged.json.data.refused], [3, 0]);
  assertEquals(tagged.json.data.results.map((r: { id: string }) => r.id), ids, "one result per id, in order");
  for (const result of tagged.json.data.results) assertEquals(result.record.tags, ["old", "q4"]);
  const again = await alice.post("/api/v1/contacts/bulk", { action: "tag", ids, tag: "q4" });
  assertEquals(again.json.data.results[0].record.tags, ["old", "q4"], "a tag is added once");

  const assigned = await alice.post("/api/v1/contacts/bulk", { action: "assign", ids, owner_id: bobId });
  assertEquals(assigned.json.data.done, 3);
  assertEquals((await alice.get(`/api/v1/contacts/${ids[2]}`)).json.data.owner_id, bobId);

  const untagged = await alice.post("/api/v1/contacts/bulk", { action: "untag", ids: [ids[0]], tag: "old" });
  assertEquals(untagged.json.data.results[0].record.tags, ["q4"]);

  const deleted = await alice.post("/api/v1/contacts/bulk", { action: "delete", ids });
  assertEquals(deleted.json.data.done, 3);
  for (const id of ids) assertEquals((await alice.get(`/api/v1/contacts/${id}`)).status, 404);
  // Undo: the same ids restored in one request.
  const restored = await alice.post("/api/v1/contacts/bulk", { action: "restore", ids });
  assertEquals(restored.json.data.done, 3);
  for (const id of ids) assertEquals((await alice.get(`/api/v1/contacts/${id}`)).status, 200);
  const twice = await alice.post("/api/v1/contacts/bulk", { action: "restore", ids: [ids[0]] });
  assertEquals(twice.json.data.results[0], {
    id: ids[0],
    ok: false,
    status: 409,
    message: "This contact is not deleted.",
  });
});

Deno.test("bulk: another team's ids are not found and never touched; refusals are per id", async () => {
  const mine = (await alice.post("/api/v1/contacts", { first_name: "Alices", last_name: "Own" })).json.data.id;
  const yara = await otherTeamOwner("yara@bulk-other.test");
  const theirs =
    (await yara.post("/api/v1/contacts", { first_name: "Yaras", last_name: "Own", tags: [] })).json.data.id;
  const nobody = crypto.randomUUID();

  const res = await alice.post("/api/v1/contacts/bulk", { action: "tag", ids: [mine, theirs, nobody], tag: "grab" });
  assertEquals(res.status, 200);
  const byId = Object.fromEntries(res.json.data.results.map((r: { id: string }) => [r.id, r]));
  assertEquals(byId[mine].ok, true);
  assertEquals(byId[theirs], { id: theirs, ok: false, status: 404, message: "Contact not found." });
  assertEquals(byId[nobody], { id: nobody, ok: false, status: 404, message: "Contact not found." });
  const deleted = await alice.post("/api/v1/contacts/bulk", { action: "delete", ids: [theirs] });
  assertEquals([deleted.json.data.done, deleted.json.data.refused], [0, 1]);
  const untouched = (await yara.get(`/api/v1/contacts/${theirs}`)).json.data;
  assertEquals(
    [untouched.tags, untouched.updated_at],
    [[], untouched.created_at],
    "the other team's record is as it was",
  );

  // Carol (rep) may delete only what she owns: hers goes, Alice's stays, in the same request.
  const carol = await ApiClient.signIn(server.url, "carol@acme.test");
  const hers = (await carol.post("/api/v1/contacts", { first_name: "Carols", last_name: "Own" })).json.data.id;
  const mixed = await carol.post("/api/v1/contacts/bulk", { action: "delete", ids: [hers, mine] });
  const results = Object.fromEntries(mixed.json.data.results.map((r: { id: string }) => [r.id, r]));
  assertEquals(results[hers].ok, true);
  assertEquals([results[mine].ok, results[mine].status], [false, 403]);
  assertMatch(results[mine].message, /managers, admins, owners or the record's owner/);
  assertEquals((await alice.get(`/api/v1/contacts/${mine}`)).status, 200, "the refused one is untouched");
  assertEquals((await alice.get(`/api/v1/contacts/${hers}`)).status, 404);
});

Deno.test("bulk: bad input is a 422 that says what is wrong; companies, leads and deals have it too", async () => {
  const bad = async (body: unknown) => {
    const res = await alice.post("/api/v1/contacts/bulk", body);
    assertEquals(res.status, 422, JSON.stringify(res.json));
    return res.json.error.message as string;
  };
  assertMatch(await bad({ action: "explode", ids: [crypto.randomUUID()] }), /action is one of delete, restore/);
  assertMatch(await bad({ action: "delete", ids: [] }), /Select at least one record/);
  assertMatch(await bad({ action: "delete", ids: ["1; drop table"] }), /record ids/);
  assertMatch(await bad({ action: "tag", ids: [crypto.randomUUID()], tag: " " }), /Type a tag/);
  assertMatch(await bad({ action: "delete", ids: Array.from({ length: 1001 }, () => crypto.randomUUID()) }), /1000/);

  const company = (await alice.post("/api/v1/companies", { name: "Bulk Co" })).json.data.id;
  const lead = (await alice.post("/api/v1/leads", { business_name: "Bulk Lead" })).json.data.id;
  const deal = (await alice.post("/api/v1/deals", { name: "Bulk Deal" })).json.data.id;
  for (const [resource, id] of [["companies", company], ["leads", lead], ["deals", deal]]) {
    const res = await alice.post(`/api/v1/${resource}/bulk`, { action: "tag", ids: [id], tag: "bulk" });
    assertEquals(res.status, 200, `${resource}: ${JSON.stringify(res.json)}`);
    assertEquals(res.json.data.results[0].record.tags, ["bulk"], resource);
  }
  // Leads past NEW may not be deleted: that one is refused with the rule's reason, the NEW one goes.
  const contacted = (await alice.post("/api/v1/leads", { business_name: "Bulk Contacted" })).json.data.id;
  assertEquals((await alice.post(`/api/v1/leads/${contacted}/transition`, { to: "CONTACTED" })).status, 200);
  const removed = await alice.post("/api/v1/leads/bulk", { action: "delete", ids: [lead, contacted] });
  assertEquals(removed.status, 200);
  const [newOne, pastNew] = removed.json.data.results;
  assertEquals([newOne.id, newOne.ok], [lead, true]);
  assertEquals([pastNew.id, pastNew.ok], [contacted, false]);
  assert(pastNew.status >= 400 && pastNew.status < 500 && pastNew.message.length > 0, JSON.stringify(pastNew));
  assertEquals((await alice.get(`/api/v1/leads/${contacted}`)).status, 200, "the refused lead is untouched");
});

Deno.test("API edges: unknown paths are a JSON 404; writes without credentials a 401; bad input the error shape", async () => {
  const auth = { authorization: `Bearer ${alice.token}` };
  const unknown = [
    ["GET", "/api/v1/nope"],
    ["POST", "/api/v1/nope/deeper"],
    ["DELETE", "/api/v1/contacts/a/b/c"],
    ["PATCH", "/api/v1/openapi.json/x"],
    ["GET", "/api/v1"],
  ];
  for (const [method, path] of unknown) {
    const res = await fetch(`${server.url}${path}`, { method, headers: auth });
    assertEquals(res.status, 404, `${method} ${path}`);
    assertMatch(res.headers.get("content-type") ?? "", /application\/json/);
    const { error } = await res.json();
    assertEquals(error.code, "not_found", `${method} ${path}`);
    assert(error.message.length > 5);
  }
  // No cookie session and no token: nothing a forged request could use, so not the CSRF layer's 403 but a 401,
  // and before any input is read (a broken body does not make it a 400 or 422).
  const id = crypto.randomUUID();
  const anonymous = [
    ["POST", "/api/v1/contacts", '{"first_name":5}'],
    ["PATCH", `/api/v1/contacts/${id}`, "{}"],
    ["DELETE", `/api/v1/deals/${id}`, undefined],
    ["POST", "/api/v1/pipelines", "not json"],
    ["PUT", "/api/v1/exchange-rates/base", '{"base_currency":"EUR"}'],
  ];
  for (const [method, path, body] of anonymous) {
    const res = await fetch(`${server.url}${path}`, {
      method: method!,
      headers: { "content-type": "application/json" },
      body,
    });
    assertEquals(res.status, 401, `${method} ${path}`);
    assertEquals((await res.json()).error.code, "unauthorized");
  }
  // The validators' one hook: a 422 naming the field; a body not sent as JSON is a 415, broken JSON a 400.
  const invalid = await alice.post("/api/v1/contacts", { first_name: 5 });
  assertEquals(invalid.status, 422);
  assertEquals(invalid.json.error.code, "validation_failed");
  assertMatch(invalid.json.error.message, /^first_name: /);
  const badQuery = await alice.get("/api/v1/messages/search?q=hello&limit=500");
  assertEquals(badQuery.status, 422);
  assertEquals(badQuery.json.error, {
    code: "validation_failed",
    message: "limit: must be a whole number from 1 to 200.",
  });
  const text = await fetch(`${server.url}/api/v1/contacts`, {
    method: "POST",
    headers: { ...auth, "content-type": "text/plain" },
    body: '{"first_name":"Plain"}',
  });
  assertEquals(text.status, 415);
  assertEquals((await text.json()).error.code, "unsupported_media_type");
  const broken = await alice.post("/api/v1/contacts", '{"first_name":');
  assertEquals(broken.status, 400);
  assertEquals(broken.json.error.code, "bad_request");
});

Deno.test("the API reference page renders the document on the server, without scripts from elsewhere", async () => {
  const res = await fetch(`${server.url}/api/v1/docs`);
  assertEquals(res.status, 200);
  const html = await res.text();
  assertMatch(html, /<h1>Leadly API reference<\/h1>/);
  for (
    const path of ["/api/v1/pipelines/{id}/stages/{stageId}", "/api/v1/exchange-rates/base", "/api/v1/deals/{id}/move"]
  ) {
    assert(html.includes(path), `${path} is listed`);
  }
  assert(html.includes('id="postDealsByIdMove"'), "operations are anchored by operationId");
  assert(!/<script[^>]+src="https?:/.test(html) && !/<link[^>]+href="https?:/.test(html), "nothing from a CDN");
  const settings = await fetch(`${server.url}/settings/profile`, {
    headers: { cookie: `leadly-access=${alice.token}` },
  });
  assert((await settings.text()).includes('href="/api/v1/docs"'), "linked from the settings");
});
