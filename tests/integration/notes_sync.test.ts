// Co-editing a note over socket.io: editors converge, everything acknowledged is stored, viewers cannot
// write, bad updates are refused with an error (and the socket keeps working), awareness is relayed.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { NoteClient, until } from "./notes_helpers.ts";
import { loadNote } from "../../lib/notes/store.ts";
import { docToJSON, sameContent } from "../../lib/notes/content.ts";
import { next, within } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");

async function newNote(client: ApiClient, body: Record<string, unknown> = {}) {
  const res = await client.post("/api/v1/notes", { title: "Sync test", ...body });
  assertEquals(res.status, 201, JSON.stringify(res.json));
  return res.json.data.id as string;
}

async function storedJson(id: string) {
  const loaded = await loadNote(server.db, id);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, loaded!.update);
  return docToJSON(doc);
}

function updateMessage(update: Uint8Array) {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

Deno.test("notes sync: two editors typing at once converge, and what was acknowledged is in Postgres", async () => {
  const id = await newNote(alice);
  const a = await NoteClient.connect(server.url, alice.token, id);
  const b = await NoteClient.connect(server.url, bob.token, id);
  try {
    assertEquals(a.permission, "edit");
    assertEquals(b.permission, "edit");
    for (let i = 0; i < 5; i++) {
      a.addParagraph(`alice ${i}`);
      b.addParagraph(`bob ${i}`);
    }
    await Promise.all([a.settled(), b.settled()]);
    const done = () => a.text().split("\n").length === 11 && b.text().split("\n").length === 11;
    await until(a, done, "alice sees every paragraph");
    await until(b, done, "bob sees every paragraph");
    assertEquals(a.text(), b.text());
    assert(sameContent(a.json(), b.json()));
    assertEquals(a.refusals, []);
    // acknowledged = stored: a fresh load from the database has all of it
    assert(sameContent(await storedJson(id), a.json()), "stored document equals the editors' document");
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("notes sync: a viewer sees live edits but their update is refused and not applied", async () => {
  const id = await newNote(alice, { visibility: "team", team_permission: "view" });
  const a = await NoteClient.connect(server.url, alice.token, id);
  const b = await NoteClient.connect(server.url, bob.token, id);
  try {
    assertEquals(b.permission, "view");
    a.type("Only alice writes");
    await a.settled();
    await until(b, () => b.text().includes("Only alice writes"), "the viewer sees the edit");
    b.addParagraph("bob sneaks in");
    await b.settled();
    assertEquals(b.refusals.length, 1);
    assertEquals(b.refusals[0].error?.code, "forbidden");
    assertMatch(b.refusals[0].error!.message, /view this note but not edit/);
    const live = server.services.notes.loaded(id)!;
    assert(!docToJSON(live.doc).content!.some((n) => JSON.stringify(n).includes("bob sneaks in")));
    assert(!a.text().includes("bob sneaks in"));
    assert(!JSON.stringify(await storedJson(id)).includes("bob sneaks in"));
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("notes sync: garbage and oversized updates give errors, not crashes; the socket keeps working", async () => {
  const id = await newNote(alice);
  const a = await NoteClient.connect(server.url, alice.token, id);
  try {
    const garbage = await a.ask("note:sync", { note_id: id, data: new Uint8Array([2, 5, 1, 2, 3]) });
    assertEquals(garbage.ok, false);
    assertEquals(garbage.error?.code, "bad_update");
    const random = await a.ask("note:sync", { note_id: id, data: crypto.getRandomValues(new Uint8Array(200)) });
    assertEquals(random.ok, false);
    const big = new Y.Doc();
    big.getXmlFragment("default").insert(0, [new Y.XmlText("x".repeat(300 * 1024))]);
    const tooLarge = await a.ask("note:sync", { note_id: id, data: updateMessage(Y.encodeStateAsUpdate(big)) });
    assertEquals(tooLarge.ok, false);
    assertEquals(tooLarge.error?.code, "too_large");
    assertMatch(tooLarge.error!.message, /256 KB/);
    const notBinary = await a.ask("note:sync", { note_id: id, data: "hello" });
    assertEquals(notBinary.error?.code, "invalid_payload");
    const noAck = next<{ code: string; event: string }>(a.socket, "error");
    a.socket.emit("note:sync", { note_id: id, data: new Uint8Array([9, 9, 9]) });
    assertEquals((await noAck).code, "bad_update");
    // still editing fine
    a.type("still here");
    await a.settled();
    assertEquals(a.refusals, []);
    assertMatch(JSON.stringify(await storedJson(id)), /still here/);
  } finally {
    a.close();
  }
});

Deno.test("notes sync: awareness (cursor name and colour) is relayed to the others and removed on leave", async () => {
  const id = await newNote(alice);
  const a = await NoteClient.connect(server.url, alice.token, id);
  const b = await NoteClient.connect(server.url, bob.token, id);
  try {
    const seen = next(b.socket, "note:awareness");
    a.awareness.setLocalState({ user: { name: "Alice", color: "#f00" } });
    const { encodeAwarenessUpdate } = await import("y-protocols/awareness");
    const ack = await a.ask("note:awareness", {
      note_id: id,
      data: encodeAwarenessUpdate(a.awareness, [a.doc.clientID]),
    });
    assertEquals(ack.ok, true);
    await seen;
    assertEquals((b.awareness.getStates().get(a.doc.clientID) as { user: { name: string } }).user.name, "Alice");
    const gone = next(b.socket, "note:awareness");
    assertEquals((await a.ask("note:close", { note_id: id })).ok, true);
    await gone;
    assertEquals(b.awareness.getStates().has(a.doc.clientID), false);
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("notes sync: a flood of cursor updates is thinned out, but never edits, joins or a leaving cursor", async () => {
  const id = await newNote(alice);
  const a = await NoteClient.connect(server.url, alice.token, id);
  const b = await NoteClient.connect(server.url, bob.token, id);
  try {
    const { encodeAwarenessUpdate } = await import("y-protocols/awareness");
    const cursor = (i: number) => {
      a.awareness.setLocalState({ user: { name: "Alice", color: "#f00" }, cursor: i });
      return { note_id: id, data: encodeAwarenessUpdate(a.awareness, [a.doc.clientID]) };
    };
    // 100 cursor moves and 100 keystrokes at once, far past every bucket
    const moves = Array.from({ length: 100 }, (_, i) => a.ask("note:awareness", cursor(i)));
    for (let i = 0; i < 100; i++) a.type(String(i % 10));
    const acks = await Promise.all(moves);
    const limited = acks.filter((r) => !r.ok);
    assert(limited.length > 0, "some cursor updates were limited");
    assert(limited.every((r) => r.error?.code === "rate_limited"), JSON.stringify(limited[0]));
    await a.settled();
    assertEquals(a.refusals, [], "no edit was refused");
    await until(b, () => b.text().length === 100, "every keystroke reaches bob");
    assertEquals((await storedJson(id)).content?.[0]?.content?.[0]?.text, a.text());
    // Cursors did not use up the socket's tokens for everything else.
    assertEquals((await a.ask("join", { room: `note:${id}` })).ok, true);
    // Leaving always goes through, even with the cursor bucket empty.
    for (let i = 0; i < 40; i++) await a.ask("note:awareness", cursor(1000 + i));
    const gone = next(b.socket, "note:awareness");
    a.awareness.setLocalState(null);
    const leave = await a.ask("note:awareness", {
      note_id: id,
      data: encodeAwarenessUpdate(a.awareness, [a.doc.clientID]),
    });
    assertEquals(leave.ok, true);
    await gone;
    assertEquals(b.awareness.getStates().has(a.doc.clientID), false);
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("notes sync: offline edits merge on reconnect through the step 1 / step 2 exchange", async () => {
  const id = await newNote(alice);
  const a = await NoteClient.connect(server.url, alice.token, id);
  const b = await NoteClient.connect(server.url, bob.token, id);
  try {
    a.pause();
    a.addParagraph("written offline");
    b.addParagraph("written online");
    await b.settled();
    await until(a, () => a.text().includes("written online"), "online edit reaches the offline-editing client");
    a.resume();
    // reconnect: open again; the server's step 1 makes the client send what it lacks
    const reopened = await a.open();
    assertEquals(reopened.ok, true);
    await until(b, () => b.text().includes("written offline"), "offline edit reaches the other editor");
    assert(sameContent(a.json(), b.json()));
    assert(sameContent(await storedJson(id), b.json()));
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("notes sync: the HTML snapshot follows the live document and feeds search", async () => {
  const id = await newNote(alice, { title: "Snapshot note" });
  const a = await NoteClient.connect(server.url, alice.token, id);
  try {
    a.type("Quarterly pineapple review");
    await a.settled();
    const html = await alice.get(`/api/v1/notes/${id}/html`);
    assertEquals(html.status, 200);
    assertMatch(html.json.data.html, /<p>Quarterly pineapple review<\/p>/);
    const live = server.services.notes.loaded(id)!;
    await within(server.services.notes.snapshot(live), "snapshot");
    const found = await alice.get(`/api/v1/notes?q=pineapple`);
    assertEquals(found.json.data.map((n: { id: string }) => n.id), [id]);
  } finally {
    a.close();
  }
});
