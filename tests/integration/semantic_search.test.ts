// Semantic search ("Ask"): /api/v1/search?mode=semantic finds records, notes and messages by the words of a
// question with the passage that matched; another team's records, a private note and a channel one is not
// in never match; the embeddings-refresh job picks up edits; bad input is a 4xx; the embeddings tables
// are closed to other teams and to direct writes; a paid provider is charged "ai.search" credits.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { claimsFor, createPerson } from "../helpers/fixtures.ts";
import { refreshEmbeddings } from "../../lib/search/semantic/refresh.ts";
import { semanticSearch } from "../../lib/search/semantic/search.ts";
import { type EmbeddingProvider, lexicalProvider } from "../../lib/search/semantic/provider.ts";
import { teamBalance } from "../../lib/credits/balance.ts";
import type { Caller } from "../../lib/caller.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const aliceId: string = (await alice.get("/auth/v1/user")).json.id;

interface Hit {
  type: string;
  id: string;
  title: string;
  url: string;
  score: number;
  passage: string;
  highlights: [number, number][];
}

async function ask(client: ApiClient, q: string, extra = ""): Promise<Hit[]> {
  const res = await client.get(`/api/v1/search?mode=semantic&q=${encodeURIComponent(q)}${extra}`);
  assertEquals(res.status, 200, JSON.stringify(res.json));
  assertEquals(res.json.lexical, true, "no key in tests: the offline lexical provider answers");
  assertMatch(res.json.provider, /lexical/);
  return res.json.data;
}

async function created(res: Promise<{ status: number; json: { data: { id: string } } }>): Promise<string> {
  const answer = await res;
  assertEquals(answer.status, 201, JSON.stringify(answer.json));
  return answer.json.data.id;
}

/** A server-rendered page, signed in with the client's token. */
async function page(client: ApiClient, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${client.token}` } });
  return { status: res.status, text: await res.text() };
}

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

/** A second workspace's owner, signed in over the API. */
async function otherTeamOwner(email: string, teamName: string): Promise<ApiClient> {
  await createPerson(server.db, email);
  const { hashPassword } = await import("../../lib/auth/crypto.ts");
  const hash = await hashPassword("leadly-demo");
  await server.db.asService(
    "test:password",
    (tx) => tx.query("update auth.users set encrypted_password = $1 where email = $2", [hash, email]),
  );
  const first = await ApiClient.signIn(server.url, email);
  const id = (await first.get("/auth/v1/user")).json.id;
  await server.db.asUser({ sub: id }, (tx) => tx.query("select app.create_team($1)", [teamName]));
  return await ApiClient.signIn(server.url, email);
}

// The cast: Alice's workspace, a second team, a private note and a private channel without Alice.
const zoe = await otherTeamOwner("zoe@semantic.test", "Zoe Freight");
const freightCo = await created(alice.post("/api/v1/companies", {
  name: "Quayside Haulage",
  industry: "Logistics",
  city: "Rotterdam",
  tags: ["freight", "warehousing"],
}));
const lookalike = await created(alice.post("/api/v1/companies", {
  name: "Harbourline Transport",
  industry: "Logistics",
  city: "Antwerp",
  tags: ["freight", "shipping"],
}));
await created(alice.post("/api/v1/companies", { name: "Petalsoft", industry: "Software", city: "Lisbon" }));
const zoeCo = await created(zoe.post("/api/v1/companies", {
  name: "Zoe Freight Forwarding",
  industry: "Logistics",
  tags: ["freight", "warehousing"],
}));
const teamNote = await created(alice.post("/api/v1/notes", {
  title: "Call with Quayside",
  visibility: "team",
  content: doc("Their CFO is worried about our pricing and asked for a discount before the renewal."),
}));
const privateNote = await created(bob.post("/api/v1/notes", {
  title: "Bob's private thoughts",
  visibility: "private",
  content: doc("Secret pricing concerns: the budget is too expensive for Marzipan Ltd."),
}));
// Notes in German and French: their words are stemmed in their own language too.
const germanNote = await created(alice.post("/api/v1/notes", {
  title: "Besuch in Hamburg",
  visibility: "team",
  content: doc("Die Lagerhäuser am Hafen sind voll, und wir brauchen die Verträge noch vor dem Sommer."),
}));
const frenchNote = await created(alice.post("/api/v1/notes", {
  title: "Compte rendu",
  visibility: "team",
  content: doc("Nous avons parlé des entrepôts et des réunions trimestrielles avec le directeur financier."),
}));
const privateChannel = await created(bob.post("/api/v1/channels", { name: "semantic-secret", type: "private" }));
const hiddenMessage = await created(bob.post(`/api/v1/channels/${privateChannel}/messages`, {
  client_id: crypto.randomUUID(),
  body: "Marzipan budget is too expensive, they want a discount",
}));
await refreshEmbeddings(server.db);

Deno.test("ask finds records, notes and messages by the words of a question, with the matching passage", async () => {
  const hits = await ask(alice, "which customers complained the price is too expensive?");
  const note = hits.find((h) => h.id === teamNote);
  assert(note, `the team note answers: ${JSON.stringify(hits.map((h) => h.title))}`);
  assertEquals(note.type, "note");
  assertEquals(note.url, `/notes/${teamNote}`);
  assertMatch(note.passage, /worried about our pricing/);
  const marked = note.highlights.map(([s, e]) => note.passage.slice(s, e).toLowerCase());
  assert(marked.includes("pricing") && marked.includes("discount"), `price words marked: ${marked}`);
  for (let i = 1; i < hits.length; i++) assert(hits[i - 1].score >= hits[i].score, "best first");

  const companies = await ask(alice, "freight haulage firms", "&types=company");
  assertEquals(companies[0].id, freightCo);
  assert(companies.every((h) => h.type === "company"));
  assertEquals(companies.some((h) => h.id === zoeCo), false, "another team's company never matches");
});

Deno.test("a private note, a channel one is not in and another team's records never match", async () => {
  const hits = await ask(alice, "Marzipan budget too expensive discount", "&limit=50");
  const ids = hits.map((h) => h.id);
  assertEquals(ids.includes(privateNote), false, "Bob's private note");
  assertEquals(ids.includes(hiddenMessage), false, "a message in a channel Alice is not in");
  // Bob sees both: the passages exist, only Alice may not see them.
  const bobs = (await ask(bob, "Marzipan budget too expensive discount", "&limit=50")).map((h) => h.id);
  assert(bobs.includes(privateNote) && bobs.includes(hiddenMessage), "Bob finds his own note and channel");
  const zoes = (await ask(zoe, "freight warehousing logistics", "&limit=50")).map((h) => h.id);
  assertEquals(zoes, [zoeCo], "Zoe finds only her own team's company");
});

Deno.test("embeddings refresh after an edit, and a deleted record stops matching", async () => {
  const edited = await alice.patch(`/api/v1/companies/${lookalike}`, { tags: ["geothermal", "drilling"] });
  assertEquals(edited.status, 200, JSON.stringify(edited.json));
  const before = (await ask(alice, "geothermal drilling")).map((h) => h.id);
  assertEquals(before.includes(lookalike), false, "not before the job ran");
  const stopping = await refreshEmbeddings(server.db, { signal: AbortSignal.abort() });
  assertEquals(stopping.embedded, 0, "a stopping process embeds nothing more; the queue keeps the edit");
  const result = await refreshEmbeddings(server.db);
  assert(result.embedded >= 1, JSON.stringify(result));
  assertEquals((await refreshEmbeddings(server.db)).embedded, 0, "nothing left: idempotent");
  assertEquals((await ask(alice, "geothermal drilling"))[0]?.id, lookalike);

  const deleted = await alice.delete(`/api/v1/companies/${lookalike}`);
  assert(deleted.status < 300, JSON.stringify(deleted.json));
  await refreshEmbeddings(server.db);
  assertEquals((await ask(alice, "geothermal drilling")).map((h) => h.id).includes(lookalike), false);
  assertEquals((await alice.post(`/api/v1/companies/${lookalike}/restore`, {})).status, 200);
  await refreshEmbeddings(server.db);
});

Deno.test("bad input is a clear 4xx, never a 500", async () => {
  const cases: [string, number, RegExp][] = [
    ["mode=semantic", 422, /question/],
    ["mode=semantic&q=%20%20", 422, /question/],
    [`mode=semantic&q=${"a".repeat(201)}`, 422, /200 characters/],
    ["mode=semantic&q=hi&types=tasks", 422, /not "tasks"/],
    ["mode=semantic&q=hi&limit=500", 422, /limit/],
    ["mode=telepathy&q=hi", 422, /keyword.*semantic/],
    ["mode=semantic&q=%21%21%21", 422, /real words/],
  ];
  for (const [query, status, message] of cases) {
    const res = await alice.get(`/api/v1/search?${query}`);
    assertEquals(res.status, status, `${query}: ${JSON.stringify(res.json)}`);
    assertMatch(res.json.error.message, message);
  }
  const anonymous = await fetch(`${server.url}/api/v1/search?mode=semantic&q=pricing`);
  assertEquals(anonymous.status, 401);
  await anonymous.body?.cancel();
  const keyword = await alice.get("/api/v1/search?mode=keyword&q=quayside");
  assertEquals(keyword.json.data[0].id, freightCo, "mode=keyword is the plain search");
});

Deno.test("the embeddings tables: another team reads none of them and nobody writes them directly", async () => {
  const zoeId: string = (await zoe.get("/auth/v1/user")).json.id;
  await server.db.asUser({ sub: zoeId }, async (tx) => {
    const rows = await tx.query("select record_id from public.embeddings where record_id = $1", [freightCo]);
    assertEquals(rows, []);
  });
  await assertRejects(() =>
    server.db.asUser({ sub: zoeId }, (tx) =>
      tx.query(
        `insert into public.embeddings (team_id, record_kind, record_id, chunk, passage, content_hash, model, dims, embedding)
         select team_id, record_kind, record_id, 9, 'x', 'x', 'm', dims, embedding from public.embeddings limit 1`,
      ))
  );
  await assertRejects(() =>
    server.db.asUser({ sub: aliceId }, (tx) => tx.query("update public.embeddings set passage = 'x'"))
  );
  // The passages' own policy (not only the title lookup): Alice reads none of Bob's private ones, Bob does.
  const hidden = "select distinct record_id from public.embeddings where record_id = any ($1::uuid[])";
  const aliceSees = await server.db.asUser({ sub: aliceId }, (tx) => tx.query(hidden, [[privateNote, hiddenMessage]]));
  assertEquals(aliceSees, []);
  const bobId: string = (await bob.get("/auth/v1/user")).json.id;
  const bobSees = await server.db.asUser({ sub: bobId }, (tx) => tx.query(hidden, [[privateNote, hiddenMessage]]));
  assertEquals(bobSees.length, 2);
  await assertRejects(() =>
    server.db.asUser({ sub: aliceId }, (tx) => tx.query("select * from public.embedding_queue"))
  );
  await assertRejects(() =>
    server.db.asUser(
      { sub: zoeId },
      (tx) =>
        tx.query("insert into public.embedding_queue (record_kind, record_id, team_id) values ('company', $1, $1)", [
          zoeId,
        ]),
    )
  );
});

Deno.test("the keyword half (app.keyword_passages, owner's rights) returns only passages the caller may see", async () => {
  const zoeId: string = (await zoe.get("/auth/v1/user")).json.id;
  const bobId: string = (await bob.get("/auth/v1/user")).json.id;
  const probe = (sub: string, word: string) =>
    server.db.asUser({ sub }, async (tx) =>
      (await tx.query<{ record_id: string }>(
        `select record_id from app.keyword_passages(array[$1]::text[], '{1}',
           'lexical-v1', 384, '{contact,company,deal,note,message}', $2, 100, 50)`,
        [word, `[${new Array(384).fill(0).join(",")}]`],
      )).map((row) => row.record_id));
  const aliceMarzipan = await probe(aliceId, "marzipan");
  assertEquals(aliceMarzipan.includes(privateNote), false, "Bob's private note");
  assertEquals(aliceMarzipan.includes(hiddenMessage), false, "a channel Alice is not in");
  const bobMarzipan = await probe(bobId, "marzipan");
  assert(bobMarzipan.includes(privateNote) && bobMarzipan.includes(hiddenMessage), "Bob's own passages match");
  assertEquals(await probe(zoeId, "marzipan"), [], "another team's note and message never match");
  assert((await probe(aliceId, "quayside")).includes(freightCo), "a word in the record's name matches");
  assertEquals(await probe(zoeId, "quayside"), [], "another team's passages never match");
  assertEquals(await probe(zoeId, "warehousing"), [zoeCo], "only Zoe's own company");

  // The same rule is the policy's: app.passage_source_visible decides for notes and messages in both.
  const visible = (sub: string, kind: string, id: string) =>
    server.db.asUser(
      { sub },
      async (tx) =>
        (await tx.query<{ ok: boolean }>("select app.passage_source_visible($1, $2) as ok", [kind, id]))[0].ok,
    );
  assertEquals(await visible(aliceId, "note", privateNote), false);
  assertEquals(await visible(aliceId, "message", hiddenMessage), false);
  assertEquals(await visible(zoeId, "note", teamNote), false, "another team's note");
  assertEquals(await visible(bobId, "note", privateNote), true);
  assertEquals(await visible(bobId, "message", hiddenMessage), true);
  assertEquals(await visible(aliceId, "note", teamNote), true);
  const policyRows = (sub: string) =>
    server.db.asUser({ sub }, async (tx) =>
      (await tx.query<{ record_id: string }>(
        "select distinct record_id from public.embeddings where record_id = any ($1::uuid[])",
        [[privateNote, hiddenMessage, teamNote]],
      )).map((row) => row.record_id).sort());
  assertEquals(await policyRows(aliceId), [teamNote]);
  assertEquals(await policyRows(bobId), [privateNote, hiddenMessage, teamNote].sort());
  assertEquals(await policyRows(zoeId), []);
});

Deno.test("a German or French note is found by another form of its words", async () => {
  const zoeId: string = (await zoe.get("/auth/v1/user")).json.id;
  const probe = (sub: string, word: string) =>
    server.db.asUser({ sub }, async (tx) =>
      (await tx.query<{ record_id: string }>(
        `select record_id from app.keyword_passages(array[$1]::text[], '{1}',
           'lexical-v1', 384, '{note}', $2, 100, 50)`,
        [word, `[${new Array(384).fill(0).join(",")}]`],
      )).map((row) => row.record_id));
  // "Lagerhäuser" and "Verträge" in the note; singular forms in the question (German stems, umlauts and all)
  assert((await probe(aliceId, "Lagerhaus")).includes(germanNote), "Lagerhaus finds Lagerhäuser");
  assert((await probe(aliceId, "vertrag")).includes(germanNote), "Vertrag finds Verträge");
  // "entrepôts", "réunions" in the note: French stems, with or without accents in the question
  assert((await probe(aliceId, "entrepôt")).includes(frenchNote), "entrepôt finds entrepôts");
  assert((await probe(aliceId, "réunion")).includes(frenchNote), "réunion finds réunions");
  assertEquals(await probe(zoeId, "Lagerhaus"), [], "still only one's own team");
  const hits = await ask(alice, "Lagerhaus Vertrag");
  assertEquals(hits[0]?.id, germanNote, JSON.stringify(hits.map((h) => h.title)));
});

Deno.test("the Ask box on /search shows passages with the match marked; lookalike pages list companies", async () => {
  const search = await page(alice, `/search?mode=ask&q=${encodeURIComponent("worried about pricing")}`);
  assertEquals(search.status, 200);
  assertMatch(search.text, /value="ask" checked/);
  assertMatch(search.text, /Call with Quayside/);
  assertMatch(search.text, /<mark>pricing<\/mark>/);
  assertMatch(search.text, /lexical/i);
  const bad = await page(alice, `/search?mode=ask&q=${"a".repeat(201)}`);
  assertEquals(bad.status, 200);
  assertMatch(bad.text, /200 characters/);

  const similar = await page(alice, `/companies/lookalikes?company=${freightCo}`);
  assertEquals(similar.status, 200);
  assertMatch(similar.text, /Companies like Quayside Haulage/);
  assert(similar.text.indexOf("Harbourline") < similar.text.indexOf("Petalsoft"), "the other logistics firm first");
  assertEquals(similar.text.includes("Zoe Freight"), false);
  assertEquals((await page(alice, `/companies/lookalikes?company=${zoeCo}`)).status, 404);
  assertEquals((await page(alice, "/companies/lookalikes?company=nope")).status, 404);
  assertEquals((await page(alice, "/companies/lookalikes")).status, 200);
  const companyPage = await page(alice, `/companies/${freightCo}`);
  assertMatch(companyPage.text, /Find similar companies/);
});

Deno.test("a paid provider charges one ai.search credit per question; the offline one is free", async () => {
  const [member] = await server.db.asService(
    "test:team",
    (tx) => tx.query<{ team_id: string }>("select team_id from public.team_members where user_id = $1", [aliceId]),
  );
  const caller: Caller = {
    db: server.db,
    claims: claimsFor(aliceId, "alice@acme.test", member.team_id),
    teamId: member.team_id,
    role: "owner",
  };
  // Same vectors as the stored lexical ones, so the search still finds them, but billed as a paid model.
  const paid: EmbeddingProvider = { ...lexicalProvider(), paid: true };
  const before = (await teamBalance(caller)).balance;
  await semanticSearch(caller, { q: "pricing", types: [], limit: 5 }, lexicalProvider());
  assertEquals((await teamBalance(caller)).balance, before, "offline is free");
  const result = await semanticSearch(caller, { q: "pricing", types: [], limit: 5 }, paid);
  assert(result.hits.length > 0);
  assertEquals((await teamBalance(caller)).balance, before - 1);
  const failing: EmbeddingProvider = { ...paid, embed: () => Promise.reject(new Error("provider down")) };
  await assertRejects(() => semanticSearch(caller, { q: "pricing", types: [], limit: 5 }, failing));
  assertEquals((await teamBalance(caller)).balance, before - 1, "refunded when the provider fails");
});
