// Notes are invisible and unwritable to other teams (HTTP, socket and SQL under RLS), and private notes to
// teammates.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, otherTeamMember, socketFor, userIdOf } from "./realtime_helpers.ts";
import { NoteClient } from "./notes_helpers.ts";
import { claimsForUser } from "../../lib/db/claims.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const zoe = await otherTeamMember(server, "zoe@notes-rls.test");

const note = (await alice.post("/api/v1/notes", { title: "Acme secret plan", tags: ["secret"] })).json.data;
await alice.request("PUT", `/api/v1/notes/${note.id}/favorite`, { favorite: true });
await alice.post(`/api/v1/notes/${note.id}/versions`, { label: "v1" });
const editor = await NoteClient.connect(server.url, alice.token, note.id);
editor.type("classified");
await editor.settled();
editor.close();

Deno.test("rls notes: another team cannot read or change notes over HTTP", async () => {
  assertEquals((await zoe.get(`/api/v1/notes/${note.id}`)).status, 404);
  assertEquals((await zoe.get(`/api/v1/notes/${note.id}/html`)).status, 404);
  assertEquals((await zoe.get(`/api/v1/notes/${note.id}/versions`)).status, 404);
  assertEquals((await zoe.patch(`/api/v1/notes/${note.id}`, { title: "pwned" })).status, 404);
  assertEquals((await zoe.delete(`/api/v1/notes/${note.id}`)).status, 404);
  assertEquals((await zoe.request("PUT", `/api/v1/notes/${note.id}/favorite`, { favorite: true })).status, 404);
  assertEquals(
    (await zoe.request("PUT", `/api/v1/notes/${note.id}/shares`, { user_id: crypto.randomUUID() })).status,
    404,
  );
  assertEquals((await zoe.post(`/api/v1/notes`, { template_id: note.id })).status, 404);
  const list = await zoe.get("/api/v1/notes?q=secret");
  assertEquals(list.json.data, []);
  assertEquals((await zoe.get("/api/v1/notes/tags")).json.data, []);
  assertEquals((await zoe.get("/api/v1/note-folders")).json.data, []);
  assertEquals((await alice.get(`/api/v1/notes/${note.id}`)).json.data.title, "Acme secret plan");
});

Deno.test("rls notes: another team cannot open, join, sync or write a note over the socket", async () => {
  const socket = await connected(socketFor(server.url, zoe.token));
  try {
    const open = await ask(socket, "note:open", { note_id: note.id });
    assertEquals(open.ok, false);
    assertEquals(open.error.code, "not_found");
    const join = await ask(socket, "join", { room: `note:${note.id}` });
    assertEquals(join.error.code, "not_found");
    const sync = await ask(socket, "note:sync", { note_id: note.id, data: new Uint8Array([0, 0]) });
    assertEquals(sync.error.code, "forbidden");
    const aw = await ask(socket, "note:awareness", { note_id: note.id, data: new Uint8Array([0]) });
    assertEquals(aw.error.code, "forbidden");
  } finally {
    socket.close();
  }
});

Deno.test("rls notes: under RLS another team reads no row of any notes table and cannot insert", async () => {
  const zoeId = await userIdOf(server, "zoe@notes-rls.test");
  const [{ team_id: zoeTeam }] = await server.db.asService(
    "test",
    (tx) => tx.query<{ team_id: string }>("select team_id from public.team_members where user_id = $1", [zoeId]),
  );
  const claims = claimsForUser(zoeId, "zoe@notes-rls.test", zoeTeam);
  const tables = [
    "notes",
    "note_updates",
    "note_state",
    "note_versions",
    "note_shares",
    "note_tags",
    "note_favorites",
    "note_views",
    "note_folders",
    "note_mentions",
  ];
  for (const table of tables) {
    const rows = await server.db.asUser(claims, (tx) => tx.query(`select * from public.${table}`));
    assertEquals(rows.length, 0, `${table} is invisible to another team`);
  }
  const refused = async (sql: string, params: unknown[]) => {
    try {
      await server.db.asUser(claims, (tx) => tx.query(sql, params));
      return false;
    } catch {
      return true;
    }
  };
  assert(
    await refused("insert into public.note_updates (note_id, update, user_id) values ($1, $2, $3)", [
      note.id,
      new Uint8Array([0, 0]),
      zoeId,
    ]),
  );
  assert(await refused("insert into public.note_tags (note_id, tag) values ($1, 'x')", [note.id]));
  assert(await refused("insert into public.note_shares (note_id, user_id) values ($1, $2)", [note.id, zoeId]));
  assert(await refused("insert into public.note_favorites (note_id) values ($1)", [note.id]));
  assert(
    await refused("insert into public.note_versions (note_id, number, state, content_json) values ($1, 99, $2, '{}')", [
      note.id,
      new Uint8Array([0]),
    ]),
  );
  assert(
    await refused("insert into public.note_state (note_id, team_id, state) values ($1, $2, $3)", [
      note.id,
      zoeTeam,
      new Uint8Array([0]),
    ]),
  );
  const updated = await server.db.asUser(
    claims,
    (tx) => tx.query("update public.notes set title = 'pwned' where id = $1 returning id", [note.id]),
  );
  assertEquals(updated.length, 0);
  const deleted = await server.db.asUser(
    claims,
    (tx) => tx.query("delete from public.note_updates where note_id = $1 returning seq", [note.id]),
  );
  assertEquals(deleted.length, 0);
});

Deno.test("rls notes: a private note is the owner's alone; sharing gives view, then edit", async () => {
  const priv = (await alice.post("/api/v1/notes", { title: "Alice private", visibility: "private" })).json.data;
  assertEquals((await bob.get(`/api/v1/notes/${priv.id}`)).status, 404);
  assert(!(await bob.get("/api/v1/notes")).json.data.some((n: { id: string }) => n.id === priv.id));
  const refused = await NoteClient.connect(server.url, bob.token, priv.id, { open: false });
  try {
    assertEquals((await refused.open()).error?.code, "not_found");
  } finally {
    refused.close();
  }
  const bobId = await userIdOf(server, "bob@acme.test");
  const shared = await alice.request("PUT", `/api/v1/notes/${priv.id}/shares`, { user_id: bobId, permission: "view" });
  assertEquals(shared.status, 200);
  const got = await bob.get(`/api/v1/notes/${priv.id}`);
  assertEquals(got.json.data.permission, "view");
  assertEquals(got.json.data.visibility, "people");
  assert((await bob.get("/api/v1/notes?shared=1")).json.data.some((n: { id: string }) => n.id === priv.id));
  // bob may not re-share or delete it
  assertEquals(
    (await bob.request("PUT", `/api/v1/notes/${priv.id}/shares`, { user_id: bobId, permission: "edit" })).status,
    403,
  );
  assertEquals((await bob.delete(`/api/v1/notes/${priv.id}`)).status, 403);
  // live: an open viewer is told when they may edit
  const b = await NoteClient.connect(server.url, bob.token, priv.id);
  try {
    assertEquals(b.permission, "view");
    const told = new Promise((resolve) => b.socket.once("note:permission", resolve));
    await alice.request("PUT", `/api/v1/notes/${priv.id}/shares`, { user_id: bobId, permission: "edit" });
    assertEquals(await told, { note_id: priv.id, permission: "edit" });
    b.type("now bob edits");
    await b.settled();
    assertEquals(b.refusals, []);
    const removed = new Promise((resolve) => b.socket.once("note:permission", resolve));
    await alice.delete(`/api/v1/notes/${priv.id}/shares/${bobId}`);
    assertEquals(await removed, { note_id: priv.id, permission: null });
    b.type(" and more");
    await b.settled();
    const refusals: { error?: { code: string } }[] = [...b.refusals];
    assertEquals(refusals[0]?.error?.code, "forbidden");
  } finally {
    b.close();
  }
});
