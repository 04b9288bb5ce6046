// The lead pages over HTTP, as a browser without JavaScript uses them: create with the form, move the status
// with form POSTs, see a refused move explained, override as an owner with a reason, duplicate emails, the list.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const carol = new WebClient(server.url);
await carol.login("carol@acme.test");
const alice = new WebClient(server.url);
await alice.login("alice@acme.test");

function assertStringIncludes(html: string, text: string, message = `the page says "${text}"`) {
  assert(html.includes(text), message);
}

/** The status the stepper marks as current. */
const currentStep = (html: string) =>
  html.match(/<li([^>]*aria-current="step"[^>]*)>/)?.[1].match(/data-status="(\w+)"/)?.[1];

/** The transition buttons on a lead page ("Mark contacted" ...). */
const transitions = (html: string) => [...html.matchAll(/>(Mark [a-z ]+)<\/button>/g)].map((m) => m[1]);

async function createLead(client: WebClient, fields: Record<string, string>) {
  const res = await client.post("/leads/new", fields);
  assertEquals(res.status, 303, res.html.slice(0, 300));
  return res.location!.split("/").pop()!;
}

Deno.test("create a lead with the form: it starts NEW and offers only the NEW actions", async () => {
  const form = await carol.get("/leads/new");
  assertEquals(form.status, 200);
  for (const name of ["business_name", "contact_name", "email", "phone", "website", "industry", "city", "country"]) {
    assertStringIncludes(form.html, `name="${name}"`);
  }
  assert(!form.html.includes('name="status"'), "status is not a form field");
  const id = await createLead(carol, {
    business_name: "Sharma Dental",
    contact_name: "Dr Sharma",
    email: "dr@sharma.test",
    city: "Jaipur",
    country: "India",
    industry: "Dentist",
    score: "72",
    tags: "dental, hot",
    status: "PAID",
  });
  const page = await carol.get(`/leads/${id}`);
  assertEquals(page.status, 200);
  assertStringIncludes(page.html, "Sharma Dental");
  assertEquals(currentStep(page.html), "NEW");
  assertEquals(transitions(page.html), ["Mark contacted"]);
  assertStringIncludes(page.html, `href="/leads/${id}/edit"`);
  assertStringIncludes(page.html, 'value="delete"');
  assertStringIncludes(page.html, "What happens next");
  assertStringIncludes(page.html, "Send proposal", "a not-allowed action is explained");
  assert(!page.html.includes("Override status"), "reps cannot override");
  assertStringIncludes(page.html, 'data-island="ActivityTimeline"');
  assertStringIncludes(page.html, "created this lead", "the timeline is rendered on the server");

  const list = await carol.get("/leads?status=NEW");
  assertEquals(list.status, 200);
  assertStringIncludes(list.html, "Sharma Dental");
  assertMatch(list.html, /aria-current="page"[^>]*>New<span class="chip-count">\d+</);
});

Deno.test("the forward move is a form POST; an illegal move shows the database's message", async () => {
  const id = await createLead(carol, { business_name: "Gym Bangalore", email: "hi@gym.test" });
  const moved = await carol.post(`/leads/${id}`, { action: "transition", to: "CONTACTED" });
  assertEquals(moved.status, 303);
  assertEquals(moved.location, `/leads/${id}?moved=CONTACTED`);
  const page = await carol.get(moved.location!);
  assertStringIncludes(page.html, "Moved to Contacted.");
  assertEquals(currentStep(page.html), "CONTACTED");
  assertEquals(transitions(page.html), ["Mark interested"]);
  assert(!page.html.includes(`href="/leads/${id}/edit"`), "no Edit after NEW");
  assert(!page.html.includes('value="delete"'), "no Delete after NEW");
  assertStringIncludes(page.html, "Status: NEW → CONTACTED", "the timeline shows the status change");
  assertStringIncludes(page.html, 'data-to="CONTACTED"');

  const skip = await carol.post(`/leads/${id}`, { action: "transition", to: "PAID" });
  assertEquals(skip.status, 409);
  assertStringIncludes(skip.html, "A lead in CONTACTED can only move to INTERESTED.");
  const back = await carol.post(`/leads/${id}`, { action: "transition", to: "NEW" });
  assertEquals(back.status, 409);
  // the edit form is closed after NEW, with the reason
  const edit = await carol.get(`/leads/${id}/edit`);
  assertStringIncludes(edit.html, "can be edited while a lead is New only");
  const posted = await carol.post(`/leads/${id}/edit`, { business_name: "Renamed" });
  assertEquals(posted.status, 409);
  // and so is deleting
  assertEquals((await carol.post(`/leads/${id}`, { action: "delete" })).status, 409);

  for (const [to, label] of [["INTERESTED", "Mark proposal sent"], ["PROPOSAL_SENT", "Mark paid"], ["PAID", null]]) {
    assertEquals((await carol.post(`/leads/${id}`, { action: "transition", to: to! })).status, 303);
    const now = await carol.get(`/leads/${id}`);
    assertEquals(transitions(now.html), label ? [label] : [], `after ${to}`);
  }
  const final = await carol.post(`/leads/${id}`, { action: "transition", to: "NEW" });
  assertEquals(final.status, 409);
  assertStringIncludes(final.html, "PAID is final");
});

Deno.test("owners override with a reason; the history says who, from → to and why", async () => {
  const id = await createLead(carol, { business_name: "Cafe Mumbai", email: "chai@cafe.test" });
  const page = await alice.get(`/leads/${id}`);
  assertStringIncludes(page.html, "Override status");
  const short = await alice.post(`/leads/${id}`, { action: "override", to: "INTERESTED", reason: "no" });
  assertEquals(short.status, 422);
  assertStringIncludes(short.html, "at least 5 characters");
  const forged = await carol.post(`/leads/${id}`, {
    action: "override",
    to: "PAID",
    reason: "Paid in cash, honest",
  });
  assertEquals(forged.status, 403);
  const done = await alice.post(`/leads/${id}`, {
    action: "override",
    to: "INTERESTED",
    reason: "Replied on WhatsApp",
  });
  assertEquals(done.status, 303);
  const after = await alice.get(done.location!);
  assertStringIncludes(after.html, "Status overridden to Interested.");
  assertEquals(currentStep(after.html), "INTERESTED");
  assertStringIncludes(after.html, "Override</span>");
  assertStringIncludes(after.html, "“Replied on WhatsApp”");
  assertStringIncludes(after.html, "Alice Martin");
  assertEquals(transitions(after.html), ["Mark proposal sent"]);
});

Deno.test("a duplicate email is shown next to the email field", async () => {
  await createLead(carol, { business_name: "Original", email: "same@dup.test" });
  const dup = await carol.post("/leads/new", { business_name: "Copy", email: "SAME@dup.test" });
  assertEquals(dup.status, 409);
  assertMatch(dup.html, /name="email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="email"/);
  assertStringIncludes(dup.html, "A lead with this email already exists in this workspace.");
  assertStringIncludes(dup.html, 'value="Copy"', "the form keeps what was typed");
  const invalid = await carol.post("/leads/new", { business_name: "", score: "140" });
  assertEquals(invalid.status, 422);
});

Deno.test("another workspace's lead is a 404; a deleted lead offers undo", async () => {
  const id = await createLead(carol, { business_name: "Secret Lead" });
  const zoe = await createPerson(server.db, "zoe@leads-other.test");
  const hash = await hashPassword("leadly-demo");
  await server.db.asService(
    "test:password",
    (tx) => tx.query("update auth.users set encrypted_password = $1 where id = $2", [hash, zoe.id]),
  );
  await server.db.asUser({ sub: zoe.id }, (tx) => tx.query("select app.create_team('Other Co')"));
  const other = new WebClient(server.url);
  await other.login("zoe@leads-other.test");
  assertEquals((await other.get(`/leads/${id}`)).status, 404);
  assertEquals((await other.get(`/leads/${id}/edit`)).status, 404);
  assertEquals((await other.post(`/leads/${id}`, { action: "transition", to: "CONTACTED" })).status, 404);
  assert(!(await other.get("/leads")).html.includes("Secret Lead"));

  const deleted = await carol.post(`/leads/${id}`, { action: "delete" });
  assertEquals(deleted.location, `/leads/${id}?deleted`);
  const notice = await carol.get(deleted.location!);
  assertStringIncludes(notice.html, "This lead was deleted");
  assertEquals((await carol.post(`/leads/${id}`, { action: "restore" })).status, 303);
  assertEquals((await carol.get(`/leads/${id}`)).status, 200);
  // the API agrees with the page
  const api = await ApiClient.signIn(server.url, "carol@acme.test");
  assertEquals((await api.get(`/api/v1/leads/${id}`)).json.data.status, "NEW");
});
