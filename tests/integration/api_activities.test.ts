// /api/v1/activities over HTTP: the timeline with filters and keyset pages, logging each kind, system kinds
// refused, other workspaces 404, viewers 403, comments with @mentions stored for teammates only.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");

const [{ team_id: acme }] = await server.db.asService("test:team", (tx) =>
  tx.query<{ team_id: string }>(
    "select m.team_id from public.team_members m join auth.users u on u.id = m.user_id where u.email = 'alice@acme.test'",
  ));

/** A signed-in person with a password, in a team of their own or in Acme with a role. */
async function person(email: string, join?: { team: string; role: string }) {
  const p = await createPerson(server.db, email);
  const hash = await hashPassword("leadly-demo");
  await server.db.asService("test:person", async (tx) => {
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [hash, p.id]);
    if (join) {
      await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, $3)", [
        join.team,
        p.id,
        join.role,
      ]);
    }
  });
  if (!join) await server.db.asUser({ sub: p.id }, (tx) => tx.query("select app.create_team('Other Co')"));
  return { id: p.id, api: await ApiClient.signIn(server.url, email) };
}

type Day = { date: string; items: { id: string; type: string; subject: string | null; actor: { id: string } }[] };
const items = (days: Day[]) => days.flatMap((d) => d.items);

async function newContact(name: string) {
  const res = await carol.post("/api/v1/contacts", { first_name: name, email: `${name.toLowerCase()}@acts.test` });
  assertEquals(res.status, 201);
  return res.json.data.id as string;
}

Deno.test("log each kind; the timeline lists them newest first with the automatic entries", async () => {
  const id = await newContact("Ada");
  const base = { record_type: "contact", record_id: id };
  const note = await carol.post("/api/v1/activities", { ...base, type: "note", body: "Prefers email" });
  assertEquals(note.status, 201);
  assertEquals(note.json.data.type, "note");
  assertEquals(note.json.data.actor.name, "Carol Nguyen");
  const call = await carol.post("/api/v1/activities", {
    ...base,
    type: "call",
    subject: "Discovery call",
    duration_seconds: 900,
    outcome: "connected",
  });
  assertEquals(call.status, 201);
  assertEquals([call.json.data.duration_seconds, call.json.data.outcome], [900, "connected"]);
  const email = await carol.post("/api/v1/activities", { ...base, type: "email", subject: "Pricing", body: "Sent" });
  assertEquals(email.status, 201);
  const meeting = await carol.post("/api/v1/activities", {
    ...base,
    type: "meeting",
    subject: "Demo",
    duration_seconds: 3600,
    outcome: "held",
  });
  assertEquals(meeting.status, 201);
  // wrong outcome for the kind, duration on a note, nothing written
  assertEquals(
    (await carol.post("/api/v1/activities", { ...base, type: "call", subject: "x", outcome: "held" }))
      .status,
    422,
  );
  assertEquals(
    (await carol.post("/api/v1/activities", { ...base, type: "note", body: "x", duration_seconds: 60 }))
      .status,
    422,
  );
  assertEquals((await carol.post("/api/v1/activities", { ...base, type: "note" })).status, 422);

  const { status, json } = await carol.get(`/api/v1/activities?record_type=contact&record_id=${id}&tz=Europe/Berlin`);
  assertEquals(status, 200);
  assertEquals(json.time_zone, "Europe/Berlin");
  const all = items(json.days);
  assertEquals(all.map((i) => i.type), ["meeting", "email", "call", "note", "created"]);
  assertEquals(json.next_cursor, null);
  // the OpenAPI document describes the endpoints
  const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  assert(doc.paths["/api/v1/activities"].post, "POST /activities is documented");
  assert(doc.paths["/api/v1/activities/{id}/comments"].get, "comments are documented");
});

Deno.test("system kinds, actors and unknown fields are refused with 422", async () => {
  const id = await newContact("Sys");
  for (const type of ["field_update", "status_change", "stage_change", "created", "task_completed"]) {
    const res = await carol.post("/api/v1/activities", { record_type: "contact", record_id: id, type, subject: "x" });
    assertEquals(res.status, 422, type);
  }
  const actor = await carol.post("/api/v1/activities", {
    record_type: "contact",
    record_id: id,
    type: "note",
    body: "forged",
    actor_id: crypto.randomUUID(),
  });
  assertEquals(actor.status, 422);
  const system = await carol.post("/api/v1/activities", {
    record_type: "contact",
    record_id: id,
    type: "note",
    body: "forged",
    is_system: true,
  });
  assertEquals(system.status, 422);
});

Deno.test("filters by kind, person and dates; pages with the cursor", async () => {
  const id = await newContact("Paged");
  const base = { record_type: "contact", record_id: id };
  const days = ["2026-11-10T09:00:00Z", "2026-11-11T09:00:00Z", "2026-11-12T09:00:00Z"];
  for (const [i, at] of days.entries()) {
    for (let j = 0; j < 3; j++) {
      const who = j === 0 ? bob : carol;
      const res = await who.post("/api/v1/activities", {
        ...base,
        type: j === 1 ? "call" : "note",
        body: `day ${i} entry ${j}`,
        occurred_at: at.replace("09:00", `09:0${j}`),
      });
      assertEquals(res.status, 201);
    }
  }
  const q = (params: string) => carol.get(`/api/v1/activities?record_type=contact&record_id=${id}&tz=UTC&${params}`);
  const calls = items((await q("types=call")).json.days);
  assertEquals(calls.length, 3);
  assert(calls.every((i) => i.type === "call"));
  const byBob = items((await q(`actor_id=${(await bob.get("/auth/v1/user")).json.id}`)).json.days);
  assertEquals(byBob.length, 3);
  const dated = (await q("from=2026-11-11&to=2026-11-11")).json;
  assertEquals(dated.days.map((d: Day) => d.date), ["2026-11-11"]);
  assertEquals(dated.days[0].items.length, 3);
  assertEquals((await q("types=bogus")).status, 422);
  assertEquals((await q("from=yesterday")).status, 422);

  // pages of 4: a day split across two pages comes back with the same date on both
  const seen: string[] = [];
  const dates: string[] = [];
  let cursor = "";
  let pages = 0;
  do {
    const page = (await q(`types=note,call&to=2026-11-12&limit=4${cursor ? `&cursor=${cursor}` : ""}`)).json;
    seen.push(...items(page.days).map((i) => i.id));
    dates.push(...page.days.map((d: Day) => d.date));
    cursor = page.next_cursor ? encodeURIComponent(page.next_cursor) : "";
    pages++;
  } while (cursor && pages < 10);
  assertEquals(pages, 3);
  assertEquals(seen.length, 9);
  assertEquals(new Set(seen).size, 9, "no entry twice");
  assert(dates.length > 3, "a day continued on the next page");
  assertEquals((await q("cursor=garbage")).status, 400);
});

Deno.test("other workspaces get 404; viewers read but cannot write (403)", async () => {
  const id = await newContact("Private");
  const note =
    (await carol.post("/api/v1/activities", { record_type: "contact", record_id: id, type: "note", body: "hi" }))
      .json.data;
  const zoe = await person("zoe@other.test");
  assertEquals((await zoe.api.get(`/api/v1/activities?record_type=contact&record_id=${id}`)).status, 404);
  assertEquals(
    (await zoe.api.post("/api/v1/activities", { record_type: "contact", record_id: id, type: "note", body: "x" }))
      .status,
    404,
  );
  assertEquals((await zoe.api.delete(`/api/v1/activities/${note.id}`)).status, 404);
  assertEquals((await zoe.api.get(`/api/v1/activities/${note.id}/comments`)).status, 404);
  assertEquals((await zoe.api.post(`/api/v1/activities/${note.id}/comments`, { body: "hello" })).status, 404);
  assertEquals(
    (await alice.get(`/api/v1/activities?record_type=contact&record_id=${crypto.randomUUID()}`)).status,
    404,
  );
  assertEquals((await alice.get(`/api/v1/activities?record_type=planet&record_id=${id}`)).status, 422);

  const vera = await person("vera@acme.test", { team: acme, role: "viewer" });
  assertEquals((await vera.api.get(`/api/v1/activities?record_type=contact&record_id=${id}`)).status, 200);
  const logged = await vera.api.post("/api/v1/activities", {
    record_type: "contact",
    record_id: id,
    type: "note",
    body: "x",
  });
  assertEquals(logged.status, 403);
  assertEquals((await vera.api.post(`/api/v1/activities/${note.id}/comments`, { body: "me too" })).status, 403);
  assertEquals((await vera.api.delete(`/api/v1/activities/${note.id}`)).status, 403);
});

Deno.test("delete: own entries, managers any; not someone else's as a rep", async () => {
  const id = await newContact("Deleting");
  const base = { record_type: "contact", record_id: id, type: "note" };
  const mine = (await carol.post("/api/v1/activities", { ...base, body: "mine" })).json.data;
  const bobs = (await bob.post("/api/v1/activities", { ...base, body: "bob's" })).json.data;
  assertEquals(mine.can_delete, true);
  assertEquals((await carol.delete(`/api/v1/activities/${bobs.id}`)).status, 403);
  assertEquals((await carol.delete(`/api/v1/activities/${mine.id}`)).status, 200);
  assertEquals((await carol.delete(`/api/v1/activities/${mine.id}`)).status, 404);
  assertEquals((await bob.delete(`/api/v1/activities/${bobs.id}`)).status, 200);
  const left = items((await carol.get(`/api/v1/activities?record_type=contact&record_id=${id}`)).json.days);
  assertEquals(left.map((i) => i.type), ["created"]);
});

Deno.test("comments: @mentions of teammates become tokens and are stored; others stay text", async () => {
  const id = await newContact("Thread");
  const note =
    (await carol.post("/api/v1/activities", { record_type: "contact", record_id: id, type: "note", body: "x" }))
      .json.data;
  await person("stranger@other2.test");
  const posted = await carol.post(`/api/v1/activities/${note.id}/comments`, {
    body: "Ask @bob and @stranger about <b>this</b>",
  });
  assertEquals(posted.status, 201);
  const comment = posted.json.data;
  const bobId = (await bob.get("/auth/v1/user")).json.id;
  assertEquals(comment.mentioned_user_ids, [bobId]);
  assertEquals(comment.tokens.filter((t: { type: string }) => t.type === "mention"), [
    { type: "mention", text: "@bob", userId: bobId },
  ]);
  assert(comment.tokens.some((t: { text: string }) => t.text.includes("@stranger")), "a non-member stays text");
  assertEquals(comment.body.includes("<b>"), false, "markup is stripped to text");
  const [{ count }] = await server.db.asService("test:mentions", (tx) =>
    tx.query<{ count: number }>(
      "select count(*)::int as count from public.activity_mentions where comment_id = $1",
      [comment.id],
    ));
  assertEquals(count, 1);

  const thread = await alice.get(`/api/v1/activities/${note.id}/comments`);
  assertEquals(thread.json.data.map((c: { id: string }) => c.id), [comment.id]);
  const listed = items((await carol.get(`/api/v1/activities?record_type=contact&record_id=${id}`)).json.days);
  assertEquals((listed.find((i) => i.id === note.id) as unknown as { comment_count: number }).comment_count, 1);

  const edited = await carol.patch(`/api/v1/activities/comments/${comment.id}`, { body: "Ask @alice instead" });
  assertEquals(edited.status, 200);
  assertEquals(edited.json.data.tokens[1].text, "@alice");
  assertEquals((await bob.patch(`/api/v1/activities/comments/${comment.id}`, { body: "mine now" })).status, 403);
  assertEquals((await carol.post(`/api/v1/activities/${note.id}/comments`, { body: "   " })).status, 422);
  assertEquals((await carol.delete(`/api/v1/activities/comments/${comment.id}`)).status, 200);
  assertEquals((await alice.get(`/api/v1/activities/${note.id}/comments`)).json.data, []);

  const mentionable = (await carol.get("/api/v1/activities/mentionable")).json.data as { handle: string }[];
  for (const handle of ["alice", "bob", "carol"]) assert(mentionable.some((m) => m.handle === handle), handle);
  assert(!mentionable.some((m) => m.handle === "stranger"), "only teammates");
  assertMatch(JSON.stringify(mentionable), /Bob Okafor/);
});
