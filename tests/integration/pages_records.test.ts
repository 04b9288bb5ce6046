// Contact and company pages over plain form posts: create, show, edit, delete with undo, and who may.
import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());

Deno.test("a company and a contact at it, from new to edit to delete and undo", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const company = await web.post("/companies/new", {
    name: "Globex",
    domain: "globex.test",
    size: "51-200",
    tags: "hot, q4",
  });
  assertEquals(company.status, 303);
  const companyUrl = company.location!;
  assertMatch(companyUrl, /^\/companies\/[0-9a-f-]{36}$/);
  const companyId = companyUrl.split("/").pop()!;

  const contact = await web.post("/contacts/new", {
    first_name: "Hank",
    last_name: "Scorpio",
    email: "hank@globex.test",
    company_id: companyId,
    phones: "mobile: +1 555 0100",
    lead_score: "90",
  });
  assertEquals(contact.status, 303);
  const page = await web.get(contact.location!);
  assertMatch(page.html, /Hank Scorpio/);
  assertMatch(page.html, /\+1 555 0100/);
  assertMatch(page.html, /Globex/);
  assertMatch((await web.get(companyUrl)).html, /Hank Scorpio/);

  const edited = await web.post(`${contact.location}/edit`, {
    first_name: "Hank",
    last_name: "Scorpio",
    job_title: "CEO",
    lead_score: "200",
  });
  assertEquals(edited.status, 422);
  assertMatch(edited.html, /Lead score is 0 to 100/);
  assertEquals(
    (await web.post(`${contact.location}/edit`, { first_name: "Hank", job_title: "CEO", lead_score: "95" })).status,
    303,
  );
  assertMatch((await web.get(contact.location!)).html, /CEO at Globex/);

  const deleted = await web.post(contact.location!, { action: "delete" });
  assertEquals(deleted.location, `${contact.location}?deleted`);
  assertMatch((await web.get(deleted.location!)).html, /This contact was deleted/);
  assertEquals((await web.get(contact.location!)).status, 404);
  assertEquals((await web.post(contact.location!, { action: "restore" })).location, contact.location);
  assertEquals((await web.get(contact.location!)).status, 200);
});

Deno.test("bad and foreign ids are 404 pages; bad input keeps what was typed", async () => {
  const web = new WebClient(server.url);
  await web.login("alice@acme.test");
  assertEquals((await web.get("/contacts/not-an-id")).status, 404);
  assertEquals((await web.get(`/companies/${crypto.randomUUID()}`)).status, 404);
  const bad = await web.post("/contacts/new", { first_name: "", last_name: "", email: "" });
  assertEquals(bad.status, 422);
  assertMatch(bad.html, /at least a name or an email/);
  const badEmail = await web.post("/contacts/new", { first_name: "Typed", email: "not-email" });
  assertMatch(badEmail.html, /value="Typed"/);
  assertMatch(badEmail.html, /Enter a valid email/);
});

Deno.test("the home page sums the pipeline and lists the user's open tasks", async () => {
  const web = new WebClient(server.url);
  await web.login("bob@acme.test");
  const empty = await web.get("/");
  assertMatch(empty.html, /No deals yet/);
  await web.post("/deals/new", { name: "Dashboard deal", value: "12000" });
  await server.services.db.asUser(
    (await server.services.auth.keys.verify(web.cookies.get("leadly-access")!))!,
    (tx) =>
      tx.query(
        `insert into public.tasks (team_id, title, assignee_id, owner_id)
         select team_id, 'Call the dashboard', user_id, user_id from public.team_members where user_id = auth.uid()`,
      ),
  );
  const home = await web.get("/");
  assertMatch(home.html, /\$12,000/);
  assertMatch(home.html, /Call the dashboard/);
});
