// RLS for files, file_versions, file_links and team_storage: in the database per role, and over HTTP and
// the socket for another team's member, who can neither list, read, download nor change anything.
import { assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { createPerson, createTeamWith, type Person, twoTeams } from "../helpers/fixtures.ts";
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

// A contact in each team: files attached to it are the team's (who sees a file follows where it is attached)
const contactOf: Record<string, string> = {};
for (const team of [t.teamA, t.teamB]) {
  const [row] = await db.asService(
    "test:contact",
    (tx) =>
      tx.query<{ id: string }>("insert into public.contacts (team_id, first_name) values ($1, 'Team') returning id", [
        team,
      ]),
  );
  contactOf[team] = row.id;
}

/** A file uploaded by `who`, attached to `attach` (the team's contact by default; null: to nothing). */
async function newFile(
  who: Person,
  team = t.teamA,
  attach: { type: string; id: string } | null = { type: "contact", id: contactOf[team] },
): Promise<string> {
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
    if (attach) {
      await tx.query(
        "insert into public.file_links (team_id, file_id, target_type, target_id) values ($1, $2, $3, $4)",
        [team, id, attach.type, attach.id],
      );
    }
  });
  return id;
}

/** Rows of `id` each table shows `who`: [files, file_versions, file_links]. */
async function visible(who: Person, id: string): Promise<number[]> {
  const counts: number[] = [];
  for (const [table, column] of [["files", "id"], ["file_versions", "file_id"], ["file_links", "file_id"]]) {
    counts.push((await asUser(who, `select 1 from public.${table} where ${column} = $1`, [id])).length);
  }
  return counts;
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

Deno.test("a file attached to nothing yet (a chat upload not sent): only its uploader sees or changes it", async () => {
  const draft = await newFile(t.rep, t.teamA, null);
  assertEquals(await visible(t.rep, draft), [1, 1, 0]);
  for (const who of [t.owner, t.admin, t.manager, t.viewer, t.outsider]) {
    assertEquals(await visible(who, draft), [0, 0, 0], who.email);
  }
  assertEquals(
    (await asUser(t.owner, "update public.files set name = 'x' where id = $1 returning 1", [draft])).length,
    0,
  );
  assertEquals((await asUser(t.owner, "delete from public.files where id = $1 returning 1", [draft])).length, 0);
  // and nobody takes it by attaching it somewhere they can write
  await assertRejects(() =>
    asUser(
      t.manager,
      "insert into public.file_links (team_id, file_id, target_type, target_id) values ($1, $2, 'contact', $3)",
      [t.teamA, draft, contactOf[t.teamA]],
    )
  );
  // attached to the team's contact by its uploader: the team's
  await asUser(
    t.rep,
    "insert into public.file_links (team_id, file_id, target_type, target_id) values ($1, $2, 'contact', $3)",
    [t.teamA, draft, contactOf[t.teamA]],
  );
  for (const who of [t.owner, t.viewer]) assertEquals(await visible(who, draft), [1, 1, 1]);
  assertEquals(await visible(t.outsider, draft), [0, 0, 0]);
});

Deno.test("a private note's file: its rows only for the note's readers; a share opens them, edit rights change them", async () => {
  const [note] = await asUser<{ id: string }>(
    t.manager,
    "insert into public.notes (team_id, title, visibility) values ($1, 'Mine', 'private') returning id",
    [t.teamA],
  );
  const file = await newFile(t.manager, t.teamA, { type: "note", id: note.id });
  assertEquals(await visible(t.manager, file), [1, 1, 1]);
  for (const who of [t.owner, t.admin, t.rep, t.viewer, t.outsider]) {
    assertEquals(await visible(who, file), [0, 0, 0], who.email);
  }
  const rename = (who: Person) =>
    asUser(who, "update public.files set name = 'b.txt' where id = $1 returning id", [file]);
  for (const who of [t.owner, t.rep, t.outsider]) {
    assertEquals((await rename(who)).length, 0, who.email);
    assertEquals((await asUser(who, "delete from public.files where id = $1 returning 1", [file])).length, 0);
    await assertRejects(() =>
      asUser(
        who,
        `insert into public.file_versions (team_id, file_id, version, name, content_type, size, sha256, storage_key)
         values ($1, $2, 2, 'a.txt', 'text/plain', 10, $3, $4)`,
        [t.teamA, file, SHA, `teams/${t.teamA}/${file}/v2-${who.id}`],
      )
    );
  }
  // the rep cannot attach her own upload to the note either: for her it does not exist
  const hers = await newFile(t.rep, t.teamA, null);
  assertMatch(
    (await assertRejects(() =>
      asUser(
        t.rep,
        "insert into public.file_links (team_id, file_id, target_type, target_id) values ($1, $2, 'note', $3)",
        [t.teamA, hers, note.id],
      )
    )).message,
    /does not exist in this workspace/,
  );

  // shared with the rep to view: she reads the rows, changes nothing
  const share = (permission: string) =>
    asUser(
      t.manager,
      `insert into public.note_shares (note_id, team_id, user_id, permission) values ($1, $2, $3, $4)
       on conflict (note_id, user_id) do update set permission = excluded.permission`,
      [note.id, t.teamA, t.rep.id, permission],
    );
  await share("view");
  await asUser(t.manager, "update public.notes set visibility = 'people' where id = $1", [note.id]);
  assertEquals(await visible(t.rep, file), [1, 1, 1]);
  assertEquals(await visible(t.owner, file), [0, 0, 0]);
  assertEquals((await rename(t.rep)).length, 0);
  assertMatch(
    (await assertRejects(() =>
      asUser(
        t.rep,
        "insert into public.file_links (team_id, file_id, target_type, target_id) values ($1, $2, 'contact', $3)",
        [t.teamA, file, contactOf[t.teamA]],
      )
    )).message,
    /You can only attach a file you may change/,
  );
  // to edit: she may rename it
  await share("edit");
  assertEquals((await rename(t.rep)).length, 1);
  assertEquals(await visible(t.outsider, file), [0, 0, 0]);
});

Deno.test("drafts and the purge functions are the system's: closed to people", async () => {
  const draft = await newFile(t.rep, t.teamA, null);
  assertEquals(await asUser(t.rep, "select * from public.file_drafts where file_id = $1", [draft]), []);
  const [row] = await db.asService(
    "test:drafts",
    (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.file_drafts where file_id = $1", [draft]),
  );
  assertEquals(row.n, 1);
  assertEquals(
    (await asUser(t.rep, "delete from public.file_drafts where file_id = $1 returning 1", [draft])).length,
    0,
  );
  for (
    const call of [
      "select app.purge_draft_file($1, now() + interval '1 day')",
      "select app.purge_file($1, now() + interval '1 day')",
      "select app.purge_unstarted_import($1, now() + interval '1 day')",
    ]
  ) {
    assertMatch((await assertRejects(() => asUser(t.owner, call, [draft]))).message, /permission denied/);
  }
  assertEquals(await visible(t.rep, draft), [1, 1, 0]);
});

Deno.test("deleting a team removes its files, attached or not, and their storage row", async () => {
  const founder = await createPerson(db, "founder@c.test");
  const team = await createTeamWith(db, "Team C", [[founder, "owner"]]);
  const [contact] = await asUser<{ id: string }>(
    founder,
    "insert into public.contacts (team_id, first_name) values ($1, 'C') returning id",
    [team],
  );
  await newFile(founder, team, { type: "contact", id: contact.id });
  await newFile(founder, team, null);
  await db.asService("test:team", (tx) => tx.query("delete from public.teams where id = $1", [team]));
  const [left] = await db.asService("test:team", (tx) =>
    tx.query<{ n: number }>(
      `select (select count(*) from public.files where team_id = $1)
            + (select count(*) from public.file_drafts where team_id = $1)
            + (select count(*) from public.team_storage where team_id = $1) as n`,
      [team],
    ));
  assertEquals(Number(left.n), 0);
});

Deno.test("file links: only to the same team's records, only by writers", async () => {
  const file = await newFile(t.rep, t.teamA, null);
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
