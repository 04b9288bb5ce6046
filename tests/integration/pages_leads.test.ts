// The lead pages and API over HTTP, as a browser without JavaScript and an integration use them: create with the
// form, move the status with form POSTs, see a refused move explained in labels, edit in any status, delete only
// New leads, mark lost with a reason, convert to a deal once, override as an owner with a reason, duplicate emails,
// the list; and other workspaces get 404s.
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

/** The forward transition buttons on a lead page ("Mark contacted" ...; "Mark as lost" is its own form). */
const transitions = (html: string) =>
  [...html.matchAll(/>(Mark [a-z ]+)<\/button>/g)].map((m) => m[1]).filter((label) => label !== "Mark as lost");

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
  assertStringIncludes(page.html, `href="/leads/${id}/edit"`, "Edit stays after NEW");
  assert(!page.html.includes('value="delete"'), "no Delete after NEW");
  assertStringIncludes(page.html, "Status: New → Contacted", "the timeline shows the status change in labels");
  assert(!page.html.includes("NEW → CONTACTED"), "no codes in the timeline");
  assertStringIncludes(page.html, 'data-to="CONTACTED"');

  const skip = await carol.post(`/leads/${id}`, { action: "transition", to: "PAID" });
  assertEquals(skip.status, 409);
  assertStringIncludes(skip.html, "A lead in Contacted can only move to Interested, or be marked as lost.");
  const back = await carol.post(`/leads/${id}`, { action: "transition", to: "NEW" });
  assertEquals(back.status, 409);
  // deleting stays for New leads, with the reason
  const del = await carol.post(`/leads/${id}`, { action: "delete" });
  assertEquals(del.status, 409);
  assertStringIncludes(del.html, "Only leads in New can be deleted; this one is Contacted.");

  for (const [to, label] of [["INTERESTED", "Mark proposal sent"], ["PROPOSAL_SENT", "Mark paid"], ["PAID", null]]) {
    assertEquals((await carol.post(`/leads/${id}`, { action: "transition", to: to! })).status, 303);
    const now = await carol.get(`/leads/${id}`);
    assertEquals(transitions(now.html), label ? [label] : [], `after ${to}`);
  }
  const final = await carol.post(`/leads/${id}`, { action: "transition", to: "NEW" });
  assertEquals(final.status, 409);
  assertStringIncludes(final.html, "Paid is final");
  const lost = await carol.post(`/leads/${id}`, { action: "lost", reason: "Too late" });
  assertEquals(lost.status, 409);
  assertStringIncludes(lost.html, "Paid is final: this lead cannot change status.");
});

Deno.test("a Proposal sent lead's info is editable on the page and over the API; deleting a Contacted one is not", async () => {
  const api = await ApiClient.signIn(server.url, "carol@acme.test");
  const id = await createLead(carol, { business_name: "Bright Dental", email: "hi@bright.test" });
  for (const to of ["CONTACTED", "INTERESTED", "PROPOSAL_SENT"]) {
    assertEquals((await api.post(`/api/v1/leads/${id}/transition`, { to })).status, 200);
  }
  const form = await carol.get(`/leads/${id}/edit`);
  assertEquals(form.status, 200);
  assertStringIncludes(form.html, 'name="business_name"');
  const saved = await carol.post(`/leads/${id}/edit`, {
    business_name: "Bright Smiles Dental",
    email: "hello@bright.test",
    value: "2500",
    currency: "eur",
    notes: "Proposal v2 sent",
  });
  assertEquals(saved.status, 303, saved.html.slice(0, 300));
  const page = await carol.get(`/leads/${id}`);
  assertStringIncludes(page.html, "Bright Smiles Dental");
  assertStringIncludes(page.html, "€2,500");
  assertEquals(currentStep(page.html), "PROPOSAL_SENT");

  const patched = await api.patch(`/api/v1/leads/${id}`, { business_name: "Bright Smiles Clinic", value: 3000 });
  assertEquals(patched.status, 200, JSON.stringify(patched.json));
  assertEquals([patched.json.data.business_name, patched.json.data.status], ["Bright Smiles Clinic", "PROPOSAL_SENT"]);
  // status is not a field: it moves only through its actions
  assertEquals((await api.patch(`/api/v1/leads/${id}`, { status: "PAID" })).json.data.status, "PROPOSAL_SENT");

  const contacted = await createLead(carol, { business_name: "Contacted Co" });
  await api.post(`/api/v1/leads/${contacted}/transition`, { to: "CONTACTED" });
  const del = await api.delete(`/api/v1/leads/${contacted}`);
  assertEquals(del.status, 409);
  assertEquals(del.json.error.message, "Only leads in New can be deleted; this one is Contacted.");
  const bulk = await api.post("/api/v1/leads/bulk", { action: "delete", ids: [contacted] });
  assertEquals(bulk.json.data.results[0].ok, false, JSON.stringify(bulk.json));
  assertEquals((await api.get(`/api/v1/leads/${contacted}`)).status, 200, "still there");
  // errors name statuses as people read them; the data keeps the codes
  const skip = await api.post(`/api/v1/leads/${id}/transition`, { to: "NEW" });
  assertEquals(skip.status, 409);
  assertEquals(skip.json.error.message, "A lead in Proposal sent can only move to Paid, or be marked as lost.");
});

Deno.test("mark as lost: a reason is required, the page and API show it, the list filters Lost", async () => {
  const api = await ApiClient.signIn(server.url, "carol@acme.test");
  const id = await createLead(carol, { business_name: "Quiet Gym", email: "no@quiet.test" });
  await api.post(`/api/v1/leads/${id}/transition`, { to: "CONTACTED" });
  const page = await carol.get(`/leads/${id}`);
  assertStringIncludes(page.html, "Mark as lost");
  const empty = await carol.post(`/leads/${id}`, { action: "lost", reason: "  " });
  assertEquals(empty.status, 422);
  assertStringIncludes(empty.html, "Give a reason for marking this lead as lost.");
  const lost = await carol.post(`/leads/${id}`, { action: "lost", reason: "Not interested: has an in-house trainer" });
  assertEquals([lost.status, lost.location], [303, `/leads/${id}?lost`]);
  const after = await carol.get(lost.location!);
  assertEquals(currentStep(after.html), "LOST");
  assertStringIncludes(after.html, "“Not interested: has an in-house trainer”");
  assertStringIncludes(after.html, "Status: Contacted → Lost");
  assertStringIncludes(after.html, "marked this lead as lost: “Not interested: has an in-house trainer”");
  assertEquals(transitions(after.html), []);
  assert(!after.html.includes(">Mark as lost<"), "Lost is final");
  const list = await carol.get("/leads?status=LOST");
  assertStringIncludes(list.html, "Quiet Gym");
  assertMatch(list.html, /aria-current="page"[^>]*>Lost<span class="chip-count">\d+</);

  // over the API: 422 without a reason, in words; 200 with one; 409 once final
  const other = await createLead(carol, { business_name: "Spice Route" });
  for (const body of [{}, { reason: "" }, { reason: "   " }]) {
    const res = await api.post(`/api/v1/leads/${other}/lost`, body);
    assertEquals(res.status, 422, JSON.stringify(body));
    assertMatch(res.json.error.message, /Give a reason for marking this lead as lost\./);
  }
  const noReason = await api.post(`/api/v1/leads/${other}/transition`, { to: "LOST" });
  assertEquals([noReason.status, noReason.json.error.message], [422, "Give a reason for marking this lead as lost."]);
  const done = await api.post(`/api/v1/leads/${other}/transition`, { to: "LOST", reason: "Closed the shop" });
  assertEquals([done.status, done.json.data.status, done.json.data.lost_reason], [200, "LOST", "Closed the shop"]);
  const again = await api.post(`/api/v1/leads/${other}/lost`, { reason: "Still closed" });
  assertEquals([again.status, again.json.error.message], [409, "Lost is final: this lead cannot change status."]);
  // a lost lead can still be corrected
  assertEquals((await api.patch(`/api/v1/leads/${other}`, { city: "Delhi" })).status, 200);
});

Deno.test("convert to deal: page action and API, once; the lead then links to its deal", async () => {
  const api = await ApiClient.signIn(server.url, "carol@acme.test");
  const id = await createLead(carol, {
    business_name: "Kochi Spices Export",
    contact_name: "Anil Menon",
    email: "anil@kochispices.test",
    value: "18000",
    currency: "INR",
  });
  const early = await api.post(`/api/v1/leads/${id}/convert`);
  assertEquals(early.status, 409);
  assertEquals(
    early.json.error.message,
    "Only leads that are Interested, Proposal sent or Paid can be converted to a deal; this one is New.",
  );
  assert(!(await carol.get(`/leads/${id}`)).html.includes('value="convert"'), "not offered before Interested");
  await api.post(`/api/v1/leads/${id}/transition`, { to: "CONTACTED" });
  await api.post(`/api/v1/leads/${id}/transition`, { to: "INTERESTED" });
  assertStringIncludes((await carol.get(`/leads/${id}`)).html, 'value="convert"');

  const converted = await carol.post(`/leads/${id}`, { action: "convert" });
  assertEquals([converted.status, converted.location], [303, `/leads/${id}?converted=new`]);
  const page = await carol.get(converted.location!);
  const dealId = page.html.match(/href="\/deals\/([0-9a-f-]{36})"/)?.[1];
  assert(dealId, "the lead page links to its deal");
  assert(!page.html.includes('value="convert"'), "converted once");
  assertStringIncludes(page.html, "converted this lead to a deal");
  const deal = (await api.get(`/api/v1/deals/${dealId}`)).json.data;
  assertEquals([deal.name, Number(deal.value), deal.currency.trim()], ["Kochi Spices Export", 18000, "INR"]);
  assert(deal.contact_id && deal.company_id);

  const second = await api.post(`/api/v1/leads/${id}/convert`);
  assertEquals(second.status, 200);
  assertEquals([second.json.data.created, second.json.data.deal.id], [false, dealId]);
  assertMatch(second.json.data.message, /already converted/);
  const again = await carol.post(`/leads/${id}`, { action: "convert" });
  assertEquals(again.location, `/leads/${id}?converted=existing`);
  assertStringIncludes((await carol.get(again.location!)).html, "This lead was already converted");
  const deals = await api.get(`/api/v1/deals?q=Kochi`);
  assertEquals(deals.json.data.length, 1);

  // a fresh API convert reports what it made
  const other = await createLead(carol, { business_name: "Api Convert Co", email: "x@apiconvert.test" });
  for (const to of ["CONTACTED", "INTERESTED"]) await api.post(`/api/v1/leads/${other}/transition`, { to });
  const made = await api.post(`/api/v1/leads/${other}/convert`);
  assertEquals([made.status, made.json.data.created, made.json.data.created_contact], [201, true, true]);
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
  // nor can they mark it lost or convert it, on the page or over the API
  const api = await ApiClient.signIn(server.url, "carol@acme.test");
  const interested = await createLead(carol, { business_name: "Secret Interested Lead" });
  for (const to of ["CONTACTED", "INTERESTED"]) await api.post(`/api/v1/leads/${interested}/transition`, { to });
  assertEquals((await other.post(`/leads/${interested}`, { action: "lost", reason: "Mine now" })).status, 404);
  assertEquals((await other.post(`/leads/${interested}`, { action: "convert" })).status, 404);
  const zoeApi = await ApiClient.signIn(server.url, "zoe@leads-other.test");
  for (
    const [path, body] of [["lost", { reason: "Mine now" }], ["convert", {}], ["transition", {
      to: "LOST",
      reason: "x",
    }]]
  ) {
    const res = await zoeApi.post(`/api/v1/leads/${interested}/${path}`, body);
    assertEquals([res.status, res.json.error.message], [404, "Lead not found."], path as string);
  }
  assertEquals((await zoeApi.patch(`/api/v1/leads/${interested}`, { business_name: "Taken" })).status, 404);
  assertEquals((await zoeApi.delete(`/api/v1/leads/${id}`)).status, 404);
  const mine = (await api.get(`/api/v1/leads/${interested}`)).json.data;
  assertEquals([mine.status, mine.deal_id, mine.business_name], ["INTERESTED", null, "Secret Interested Lead"]);

  const deleted = await carol.post(`/leads/${id}`, { action: "delete" });
  assertEquals(deleted.location, `/leads/${id}?deleted`);
  const notice = await carol.get(deleted.location!);
  assertStringIncludes(notice.html, "This lead was deleted");
  assertEquals((await carol.post(`/leads/${id}`, { action: "restore" })).status, 303);
  assertEquals((await carol.get(`/leads/${id}`)).status, 200);
  // the API agrees with the page
  assertEquals((await api.get(`/api/v1/leads/${id}`)).json.data.status, "NEW");
});
