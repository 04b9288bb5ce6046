// Merging duplicates: chosen fields, unions, related rows moved, the other record soft-deleted, all or
// nothing; permissions; and the merge pages over HTTP.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { twoTeams } from "../helpers/fixtures.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { contactsSpec } from "../../lib/records/contacts.ts";
import { companiesSpec } from "../../lib/records/companies.ts";
import { createRecord, getRecord } from "../../lib/records/records.ts";
import { mergeRecords } from "../../lib/records/merge.ts";
import type { Db } from "../../lib/db/mod.ts";

const db = await freshDb();
Deno.test.afterAll?.(() => db.close());
const people = await twoTeams(db);
const { owner, rep, viewer, outsider, teamA } = people;

const hasTable = async (db: Db, name: string) =>
  (await db.asService(
    "test:check",
    (tx) => tx.query<{ t: string | null }>("select to_regclass($1)::text as t", [name]),
  ))[0]
    .t !== null;

Deno.test("a contact merge keeps the chosen fields, unions the lists and moves tasks and activities", async () => {
  const keep = await createRecord(db, owner.claims, teamA, contactsSpec, {
    first_name: "Grace",
    last_name: "Hopper",
    email: "grace@navy.test",
    phones: JSON.parse('[{"label":"work","value":"+1 555 0100"}]'),
    tags: ["vip"],
    city: null,
  });
  const other = await createRecord(db, owner.claims, teamA, contactsSpec, {
    first_name: "G.",
    last_name: "Hopper",
    email: "ghopper@old.test",
    phones: JSON.parse('[{"label":"mobile","value":"+1 555 0199"},{"label":"work","value":"+1 555 0100"}]'),
    tags: ["pioneer", "vip"],
    city: "Arlington",
    job_title: "Admiral",
  });
  let taskId: string | null = null;
  if (await hasTable(db, "public.tasks")) {
    [{ id: taskId }] = await db.asUser(owner.claims, (tx) =>
      tx.query<{ id: string }>(
        "insert into public.tasks (team_id, title, related_type, related_id) values ($1, 'Call', 'contact', $2) returning id",
        [teamA, other.id],
      ));
  }
  const result = await mergeRecords(db, owner.claims, teamA, "contacts", String(keep.id), String(other.id), {
    email: "other",
    job_title: "other",
  });
  const merged = await getRecord(db, owner.claims, teamA, contactsSpec, String(keep.id));
  assertEquals(merged.first_name, "Grace", "kept by default");
  assertEquals(merged.email, "ghopper@old.test", "chosen");
  assertEquals(merged.job_title, "Admiral", "chosen");
  assertEquals(merged.city, "Arlington", "empty values take the other's by default");
  assertEquals(merged.emails, [{ label: "other", value: "grace@navy.test" }], "the other primary stays as an address");
  assertEquals((merged.phones as { value: string }[]).map((p) => p.value), ["+1 555 0100", "+1 555 0199"]);
  assertEquals(merged.tags, ["vip", "pioneer"]);
  const gone = await getRecord(db, owner.claims, teamA, contactsSpec, String(other.id)).catch((e) => e);
  assertEquals(gone.status, 404, "the other contact is soft-deleted");
  if (taskId) {
    assertEquals(result.moved.tasks, 1);
    const [task] = await db.asUser(
      owner.claims,
      (tx) => tx.query<{ related_id: string }>("select related_id from public.tasks where id = $1", [taskId]),
    );
    assertEquals(task.related_id, keep.id);
  }
  if (await hasTable(db, "public.activities")) {
    const [{ n }] = await db.asService("test:count", (tx) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from public.activities where record_type = 'contact' and record_id = $1",
        [other.id],
      ));
    assertEquals(n, 0, "the timeline moved to the contact that stays");
  }
});

Deno.test("a company merge repoints the merged company's contacts", async () => {
  const keep = await createRecord(db, owner.claims, teamA, companiesSpec, { name: "Acme", domain: "acme.test" });
  const other = await createRecord(db, owner.claims, teamA, companiesSpec, {
    name: "ACME Inc.",
    domain: null,
    industry: "Rockets",
  });
  const people = [];
  for (const name of ["Wile", "Road"]) {
    people.push(
      await createRecord(db, owner.claims, teamA, contactsSpec, { first_name: name, company_id: String(other.id) }),
    );
  }
  const result = await mergeRecords(db, owner.claims, teamA, "companies", String(keep.id), String(other.id), {
    name: "survivor",
  });
  assertEquals(result.moved.contacts, 2);
  for (const person of people) {
    const contact = await getRecord(db, owner.claims, teamA, contactsSpec, String(person.id));
    assertEquals(contact.company_id, keep.id);
  }
  const merged = await getRecord(db, owner.claims, teamA, companiesSpec, String(keep.id));
  assertEquals([merged.name, merged.domain, merged.industry], ["Acme", "acme.test", "Rockets"]);
});

Deno.test("merging is all or nothing and follows the delete rules; other teams and viewers cannot", async () => {
  const a = await createRecord(db, owner.claims, teamA, contactsSpec, { first_name: "Owned", last_name: "ByOwner" });
  const b = await createRecord(db, owner.claims, teamA, contactsSpec, { first_name: "Also", last_name: "ByOwner" });
  const moved = await createRecord(db, owner.claims, teamA, companiesSpec, { name: "Linked" });
  // A rep may not delete the owner's record, so the merge fails, and nothing of it is kept.
  const denied = await mergeRecords(db, rep.claims, teamA, "contacts", String(a.id), String(b.id), {
    first_name: "other",
  })
    .catch((e) => e);
  assertEquals(denied.status, 403);
  assertEquals((await getRecord(db, owner.claims, teamA, contactsSpec, String(a.id))).first_name, "Owned");
  assertEquals((await getRecord(db, owner.claims, teamA, contactsSpec, String(b.id))).first_name, "Also");
  assert(moved.id);
  const viewerTry = await mergeRecords(db, viewer.claims, teamA, "contacts", String(a.id), String(b.id), {})
    .catch((e) => e);
  assertEquals(viewerTry.status, 403);
  const outsiderTry = await mergeRecords(db, outsider.claims, people.teamB, "contacts", String(a.id), String(b.id), {})
    .catch((e) => e);
  assertEquals(outsiderTry.status, 404);
  const self = await mergeRecords(db, owner.claims, teamA, "contacts", String(a.id), String(a.id), {}).catch((e) => e);
  assertEquals(self.status, 422);
});

Deno.test("the merge pages suggest duplicates, compare, and merge without JavaScript", async () => {
  const server = await startTestServer({ seed: true });
  try {
    const api = await ApiClient.signIn(server.url, "alice@acme.test");
    const one = (await api.post("/api/v1/contacts", { first_name: "Pat", last_name: "Dupe", email: "pat@dupe.test" }))
      .json.data;
    const two = (await api.post("/api/v1/contacts", { first_name: "Pat", last_name: "Dupe", city: "Rome" })).json.data;
    const web = new WebClient(server.url);
    await web.login("alice@acme.test");
    const pick = await web.get(`/contacts/${one.id}/merge`);
    assertEquals(pick.status, 200);
    assertMatch(pick.html, new RegExp(`merge\\?with=${two.id}`));
    const search = await web.get(`/contacts/${one.id}/merge?q=pat`);
    assertMatch(search.html, /Matches for/);
    const compare = await web.get(`/contacts/${one.id}/merge?with=${two.id}`);
    assertMatch(compare.html, /name="keep_city"/);
    const done = await web.post(`/contacts/${one.id}/merge`, { with: two.id, keep_city: "other" });
    assertEquals(done.status, 303);
    assertEquals(done.location, `/contacts/${one.id}?merged`);
    assertEquals((await api.get(`/api/v1/contacts/${one.id}`)).json.data.city, "Rome");
    assertEquals((await api.get(`/api/v1/contacts/${two.id}`)).status, 404);
    const again = await web.post(`/contacts/${one.id}/merge`, { with: two.id });
    assertEquals(again.status, 422);
    assertMatch(again.html, /may have been deleted or merged/);
    const companyPage = await web.get(
      `/companies/${(await api.post("/api/v1/companies", { name: "Solo" })).json.data.id}/merge`,
    );
    assertEquals(companyPage.status, 200);
    assertMatch(companyPage.html, /No likely duplicates/);
  } finally {
    await server.close();
  }
});
