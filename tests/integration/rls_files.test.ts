// RLS for files, file_versions, file_links and team_storage: in the database per role, and over HTTP and
// the socket for another team's member, who can neither list, read, download nor change anything.
import { assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { type Person, twoTeams } from "../helpers/fixtures.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { connected, next, otherTeamMember, socketFor } from "./realtime_helpers.ts";
import { fetchBytes, newDeal, text, upload } from "./files_helpers.ts";

// In the database --------------------------------------------------------------------------------------------
const db = await freshDb();
const t = await twoTeams(db);
const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(async () => {
  await db.close();
  await server.close();
});

const asUser = <T = Record<string, unknown>>(who: Person, sql: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(sql, params));
const rlsRefusal = /row-level security|permission/;
const SHA = "a".repeat(64);

async function newFile(who: Person, team = t.teamA): Promise<string> {
  const id = crypto.randomUUID();
  await db.asUser(who.claims, async (tx) => {
    await tx.query(
      `insert into public.files (id, team_id, name, content_type, size, sha256, storage_key)
       values ($1, $2, 'a.txt', 'text/plain', 10, $3, $4)`,
      [id, team, SHA, `teams/${team}/${id}/v1`],
    );
    await tx.query(
      `insert into public.file_versions (team_id, file_id, version, name, content_type, size, sha256, storage_key)
       values ($1, $2, 1, 'a.txt', 'text/plain', 10, $3, $4)`,
      [team, id, SHA, `teams/${team}/${id}/v1`],
    );
  });
  return id;
}

Deno.test("files: writers upload; viewers and outsiders cannot; nobody uploads in another's name", async () => {
  for (const who of [t.owner, t.admin, t.manager, t.rep]) await newFile(who);
  assertMatch((await assertRejects(() => newFile(t.viewer))).message, rlsRefusal);
  assertMatch((await assertRejects(() => newFile(t.outsider, t.teamA))).message, rlsRefusal);
  assertMatch((await assertRejects(() => newFile(t.rep, t.teamB))).message, rlsRefusal);
  await assertRejects(() =>
    asUser(
      t.rep,
      `insert into public.files (team_id, name, content_type, size, sha256, storage_key, uploaded_by)
       values ($1, 'x', 'text/plain', 1, $2, 'k', $3)`,
      [t.teamA, SHA, t.owner.id],
    )
  );
});

Deno.test("files, versions, links and storage use: members read their team's, nobody the other team's", async () => {
  const a = await newFile(t.rep);
  const b = await newFile(t.outsider, t.teamB);
  for (const table of ["files", "file_versions"]) {
    const column = table === "files" ? "id" : "file_id";
    for (const who of [t.owner, t.viewer, t.rep]) {
      assertEquals((await asUser(who, `select 1 from public.${table} where ${column} = $1`, [a])).length, 1);
      assertEquals((await asUser(who, `select 1 from public.${table} where ${column} = $1`, [b])).length, 0);
    }
    assertEquals((await asUser(t.outsider, `select 1 from public.${table} where ${column} = $1`, [a])).length, 0);
  }
  assertEquals((await asUser(t.viewer, "select 1 from public.team_storage where team_id = $1", [t.teamA])).length, 1);
  assertEquals((await asUser(t.outsider, "select 1 from public.team_storage where team_id = $1", [t.teamA])).length, 0);
  // nobody changes storage use or quota by hand
  assertEquals(
    (await asUser(t.owner, "update public.team_storage set quota_bytes = 1e12 where team_id = $1 returning 1", [
      t.teamA,
    ])).length,
    0,
  );
});

Deno.test("files: writers edit; only the uploader or managers delete, softly or for good", async () => {
  const id = await newFile(t.rep);
  const rename = (who: Person) =>
    asUser(who, "update public.files set name = 'b.txt' where id = $1 returning id", [id]);
  assertEquals((await rename(t.manager)).length, 1);
  assertEquals((await rename(t.viewer)).length, 0);
  assertEquals((await rename(t.outsider)).length, 0);
  const soft = (who: Person) =>
    asUser(who, "update public.files set deleted_at = now() where id = $1 returning id", [id]);
  const other = await newFile(t.owner);
  await assertRejects(() =>
    asUser(t.rep, "update public.files set deleted_at = now() where id = $1 returning id", [other])
  );
  assertEquals((await soft(t.rep)).length, 1);
  const hard = (who: Person, file: string) =>
    asUser(who, "delete from public.files where id = $1 returning id", [file]);
  assertEquals((await hard(t.rep, other)).length, 0);
  assertEquals((await hard(t.outsider, other)).length, 0);
  assertEquals((await hard(t.manager, other)).length, 1);
  await assertRejects(() => asUser(t.owner, "update public.files set team_id = $2 where id = $1", [id, t.teamB]));
});

Deno.test("file links: only to the same team's records, only by writers", async () => {
  const file = await newFile(t.rep);
  const [contact] = await asUser<{ id: string }>(
    t.rep,
    "insert into public.contacts (team_id, first_name) values ($1, 'Lin') returning id",
    [t.teamA],
  );
  const [theirs] = await asUser<{ id: string }>(
    t.outsider,
    "insert into public.contacts (team_id, first_name) values ($1, 'Bo') returning id",
    [t.teamB],
  );
  const link = (who: Person, target: string, team = t.teamA) =>
    asUser(
      who,
      "insert into public.file_links (team_id, file_id, target_type, target_id) values ($1, $2, 'contact', $3)",
      [team, file, target],
    );
  await assertRejects(() => link(t.viewer, contact.id));
  assertMatch((await assertRejects(() => link(t.rep, theirs.id))).message, /does not exist in this workspace/);
  assertMatch(
    (await assertRejects(() => link(t.outsider, theirs.id, t.teamB))).message,
    /does not exist in this workspace/,
  );
  await link(t.rep, contact.id);
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.file_links where file_id = $1", [file])).length,
    0,
  );
});

// Over HTTP and the socket --------------------------------------------------------------------------------
Deno.test("another team's member can neither list, read, download nor change files over HTTP", async () => {
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const mallory = await otherTeamMember(server, "mallory@evil.test");
  const deal = await newDeal(alice);
  const created = await upload(alice, text("secret pricing"), {
    name: "pricing.txt",
    fields: { target_type: "deal", target_id: deal },
  });
  const id = created.json.id;

  const list = await mallory.get(`/api/v1/files?target_type=deal&target_id=${deal}`);
  assertEquals(list.status, 200);
  assertEquals(list.json.data, []);
  assertEquals((await mallory.get(`/api/v1/files/${id}`)).status, 404);
  assertEquals((await mallory.get(`/api/v1/files/${id}/versions`)).status, 404);
  const download = await fetchBytes(mallory, `/api/v1/files/${id}/download`);
  assertEquals(download.status, 404);
  assertEquals(new TextDecoder().decode(download.bytes).includes("secret"), false);
  assertEquals((await fetchBytes(mallory, `/api/v1/files/${id}/download?v=1`)).status, 404);
  assertEquals((await fetchBytes(mallory, `/api/v1/files/${id}/preview`)).status, 404);

  assertEquals((await mallory.patch(`/api/v1/files/${id}`, { name: "pwned.txt" })).status, 404);
  assertEquals((await mallory.delete(`/api/v1/files/${id}`)).status, 404);
  assertEquals((await mallory.post(`/api/v1/files/${id}/restore`)).status, 404);
  assertEquals((await upload(mallory, text("overwrite"), {}, `/api/v1/files/${id}/versions`)).status, 404);
  assertEquals((await mallory.post(`/api/v1/files/${id}/links`, { target_type: "deal", target_id: deal })).status, 404);
  assertEquals((await mallory.delete(`/api/v1/files/${id}/links/deal/${deal}`)).status, 404);
  // attaching a new upload to Acme's deal is refused and stores nothing
  const attach = await upload(mallory, text("spam"), { fields: { target_type: "deal", target_id: deal } });
  assertEquals(attach.status, 404);

  // and Alice's file is untouched
  const still = await alice.get(`/api/v1/files/${id}`);
  assertEquals([still.json.data.name, still.json.data.version, still.json.data.deleted_at], ["pricing.txt", 1, null]);
  assertEquals((await fetchBytes(alice, `/api/v1/files/${id}/download`)).bytes, text("secret pricing"));
});

Deno.test("another team's member neither joins the deal's room nor hears its file events", async () => {
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const eve = await otherTeamMember(server, "eve@evil.test");
  const deal = await newDeal(alice);
  const socket = socketFor(server.url, eve.token);
  try {
    await connected(socket);
    const join = await socket.timeout(5000).emitWithAck("join", { room: `record:deal:${deal}` });
    assertEquals(join.ok, false);
    const heard: string[] = [];
    socket.on("file.created", (event: { payload: { id: string } }) => heard.push(event.payload.id));
    const aliceUpload = await upload(alice, text("acme only"), { fields: { target_type: "deal", target_id: deal } });
    assertEquals(aliceUpload.status, 201);
    // Eve's own upload in her team is the marker: her socket hears that one, after Alice's would have come
    const eveDeal = await newDeal(eve, "Eve's deal");
    assertEquals((await socket.timeout(5000).emitWithAck("join", { room: `record:deal:${eveDeal}` })).ok, true);
    const marker = next(socket, "file.created");
    const eveUpload = await upload(eve, text("eve's"), { fields: { target_type: "deal", target_id: eveDeal } });
    await marker;
    assertEquals(heard, [eveUpload.json.id]);
  } finally {
    socket.close();
  }
});
