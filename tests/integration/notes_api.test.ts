// The notes HTTP API: seeded templates, create from a template, folders, tags, favourites, recent,
// attached to a record, trash, plain-sentence 4xx for bad input, and @mentions notifying once.
import * as Y from "yjs";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { NoteClient } from "./notes_helpers.ts";
import { NOTE_YDOC_FIELD } from "../../lib/notes/schema.ts";
import { userIdOf } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
type Note = { id: string; title: string; tags: string[]; favorite: boolean; folder_id: string | null };

Deno.test("notes api: seeded templates; a note created from one copies its content and tags", async () => {
  const templates = (await alice.get("/api/v1/notes?template=1")).json.data as Note[];
  assertEquals(templates.map((t) => t.title).sort(), ["Discovery call", "QBR"]);
  const discovery = templates.find((t) => t.title === "Discovery call")!;
  const created = await bob.post("/api/v1/notes", { template_id: discovery.id, title: "Call with Globex" });
  assertEquals(created.status, 201);
  assertEquals(created.json.data.title, "Call with Globex");
  assertEquals(created.json.data.tags, ["sales", "template"]);
  assertMatch(created.json.data.html, /Budget, authority, timing/);
  const opened = await NoteClient.connect(server.url, bob.token, created.json.data.id);
  try {
    assertMatch(opened.text(), /Current situation/);
  } finally {
    opened.close();
  }
  // the private seeded note of bob is not alice's to see
  const all = (await alice.get("/api/v1/notes?limit=200")).json.data as Note[];
  assert(!all.some((n) => n.title === "Bob's call prep"));
});

Deno.test("notes api: folders, tags, favourites, recent and record filters", async () => {
  const folder = await alice.post("/api/v1/note-folders", { name: "Accounts" });
  assertEquals(folder.status, 201);
  const sub = await alice.post("/api/v1/note-folders", { name: "Globex", parent_id: folder.json.data.id });
  assertEquals(sub.json.data.parent_id, folder.json.data.id);
  const loop = await alice.request("PATCH", `/api/v1/note-folders/${folder.json.data.id}`, {
    parent_id: sub.json.data.id,
  });
  assertEquals(loop.status, 409, JSON.stringify(loop.json));
  assertMatch(loop.json.error.message, /own subfolders/);
  const n =
    (await alice.post("/api/v1/notes", { title: "Globex notes", folder_id: sub.json.data.id, tags: ["Renewal"] }))
      .json.data as Note;
  assertEquals(n.tags, ["renewal"]);
  assertEquals((await alice.get(`/api/v1/notes?folder_id=${sub.json.data.id}`)).json.data.map((x: Note) => x.id), [
    n.id,
  ]);
  assertEquals((await alice.get("/api/v1/notes?tag=renewal")).json.data.map((x: Note) => x.id), [n.id]);
  assert((await alice.get("/api/v1/notes/tags")).json.data.some((t: { tag: string }) => t.tag === "renewal"));
  await alice.request("PUT", `/api/v1/notes/${n.id}/favorite`, { favorite: true });
  assertEquals((await alice.get("/api/v1/notes?favorite=1")).json.data.map((x: Note) => x.id), [n.id]);
  assertEquals((await bob.get("/api/v1/notes?favorite=1")).json.data, []);
  await bob.get(`/api/v1/notes/${n.id}`);
  assertEquals((await bob.get("/api/v1/notes?recent=1")).json.data[0].id, n.id);
  const renamed = await bob.patch(`/api/v1/notes/${n.id}`, { title: "Globex renewal", tags: ["renewal", "q3"] });
  assertEquals(renamed.status, 200);
  assertEquals(renamed.json.data.tags, ["q3", "renewal"]);
  // the note's open editors hear the new title (note.updated in the note's room)
  const noteEvents = () => server.realtime.bus.since(`note:${n.id}`, 0).events.filter((e) => e.type === "note.updated");
  assertEquals(noteEvents().map((e) => (e.payload as Note).title), ["Globex renewal"]);
  // bob (not the owner, not an admin) cannot change who sees it
  const access = await bob.patch(`/api/v1/notes/${n.id}`, { visibility: "private" });
  assertEquals(access.status, 403);
  assertEquals(noteEvents().length, 1, "a refused edit announces nothing");
  // deleting the folder keeps the note, outside any folder
  assertEquals((await alice.delete(`/api/v1/note-folders/${folder.json.data.id}`)).status, 204);
  assertEquals((await alice.get(`/api/v1/notes/${n.id}`)).json.data.folder_id, null);
  // trash and back
  assertEquals((await alice.delete(`/api/v1/notes/${n.id}`)).status, 204);
  assert(!(await alice.get("/api/v1/notes")).json.data.some((x: Note) => x.id === n.id));
  assertEquals((await alice.get("/api/v1/notes?deleted=1")).json.data.map((x: Note) => x.id), [n.id]);
  assertEquals((await alice.post(`/api/v1/notes/${n.id}/restore`)).status, 200);
});

Deno.test("notes api: notes attached to a record; bad input is a 4xx sentence", async () => {
  const stage = (await alice.get("/api/v1/pipelines")).json.data[0].stages[0].id;
  const deal = (await alice.post("/api/v1/deals", { name: "Notes deal", value: 5, stage_id: stage })).json.data;
  const n = await alice.post("/api/v1/notes", { title: "Deal note", record_type: "deal", record_id: deal.id });
  assertEquals(n.status, 201);
  const list = await alice.get(`/api/v1/notes?record_type=deal&record_id=${deal.id}`);
  assertEquals(list.json.data.map((x: Note) => x.id), [n.json.data.id]);
  const missing = await alice.post("/api/v1/notes", { record_type: "deal", record_id: crypto.randomUUID() });
  assertEquals(missing.status, 404);
  assertMatch(missing.json.error.message, /deal does not exist/);
  const half = await alice.post("/api/v1/notes", { record_type: "deal" });
  assertEquals(half.status, 422);
  const badVisibility = await alice.post("/api/v1/notes", { visibility: "everyone" });
  assertEquals(badVisibility.status, 422);
  assertMatch(badVisibility.json.error.message, /private, team or people/);
  const badContent = await alice.post("/api/v1/notes", { content: { type: "paragraph" } });
  assertEquals(badContent.status, 422);
  assertEquals((await alice.post("/api/v1/notes", "{nope")).status, 400);
  assertEquals((await alice.get("/api/v1/notes/not-a-uuid")).status, 404);
  assertEquals((await alice.get("/api/v1/notes?folder_id=zzz")).status, 422);
  const shareStranger = await alice.request("PUT", `/api/v1/notes/${n.json.data.id}/shares`, {
    user_id: crypto.randomUUID(),
  });
  assertEquals(shareStranger.status, 404);
  assertMatch(shareStranger.json.error.message, /members of this workspace/);
});

Deno.test("notes api: an @mention in a note notifies the person once", async () => {
  const bobId = await userIdOf(server, "bob@acme.test");
  const n = (await alice.post("/api/v1/notes", { title: "Mention test" })).json.data;
  const a = await NoteClient.connect(server.url, alice.token, n.id);
  try {
    const mention = (label: string) => {
      const el = new Y.XmlElement("mention");
      el.setAttribute("id", bobId);
      el.setAttribute("label", label);
      return el;
    };
    a.doc.transact(() => {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [mention("Bob")]);
      a.doc.getXmlFragment(NOTE_YDOC_FIELD).insert(0, [p]);
    });
    await a.settled();
    const docs = server.services.notes;
    await docs.snapshot(docs.loaded(n.id)!);
    a.addParagraph("again");
    await a.settled();
    await docs.snapshot(docs.loaded(n.id)!);
    const rows = await server.db.asService(
      "test",
      (tx) => tx.query<{ user_id: string }>("select user_id from public.note_mentions where note_id = $1", [n.id]),
    );
    assertEquals(rows.map((r) => r.user_id), [bobId]);
    const hasNotify = await server.db.asService("test", (tx) =>
      tx.query<{ ok: boolean }>(
        "select to_regprocedure('app.notify(uuid, uuid, text, text, text, text, uuid, text, uuid, jsonb)') is not null as ok",
      ));
    if (hasNotify[0].ok) {
      const notes = await server.db.asService("test", (tx) =>
        tx.query<{ title: string }>(
          "select title from public.notifications where user_id = $1 and type = 'mention' and url = $2",
          [bobId, `/notes/${n.id}`],
        ));
      assertEquals(notes.length, 1);
      assertMatch(notes[0].title, /mentioned you/);
    }
  } finally {
    a.close();
  }
});
