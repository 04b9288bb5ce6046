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
