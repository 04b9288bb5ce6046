// chat:edit and chat:delete: authors edit their own messages ("edited"), authors, channel admins and workspace
// owners/admins delete ("deleted": text gone, row kept); everyone else is refused; each change is numbered.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, next, userIdOf } from "./realtime_helpers.ts";
import { collect, inRoom, newChannel, send } from "./chat_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test"); // owner
const bob = await ApiClient.signIn(server.url, "bob@acme.test"); // manager
const carol = await ApiClient.signIn(server.url, "carol@acme.test"); // rep
const bobId = await userIdOf(server, "bob@acme.test");
const carolId = await userIdOf(server, "carol@acme.test");
const aliceId = await userIdOf(server, "alice@acme.test");

Deno.test("chat edit: the author's edit is numbered, marked edited and broadcast", async () => {
  const channel = await newChannel(alice, "edit-own", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const original = await send(a.socket, channel, "Meeting at 10");
    const updated = next<{ seq: number; type: string; payload: Record<string, unknown> }>(b.socket, "message.updated");
    const reply = await ask(a.socket, "chat:edit", {
      message_id: original.id,
      body: `Meeting at **11** @[B](user:${bobId})`,
    });
    assertEquals(reply.ok, true);
    const edited = reply.message;
    assertEquals(edited.id, original.id);
    assertEquals(edited.seq, original.seq);
    assertEquals(edited.change_seq, original.seq + 1);
    assert(edited.edited_at, "marked edited");
    assertMatch(edited.body_html, /<strong>11<\/strong>/);
    assertEquals(edited.mentions, [bobId]);
    const event = await updated;
    assertEquals(event.type, "message.updated");
    assertEquals(event.seq, edited.change_seq);
    assertEquals(event.payload.body, edited.body);
    // the same text again changes nothing and is not numbered
    const same = await ask(a.socket, "chat:edit", { message_id: original.id, body: edited.body });
    assertEquals(same.message.change_seq, edited.change_seq);
    // over HTTP
    const viaHttp = next<{ seq: number }>(b.socket, "message.updated");
    const http = await alice.patch(`/api/v1/messages/${original.id}`, { body: "Meeting at 12" });
    assertEquals(http.status, 200);
    assertEquals(http.json.data.body_html, "<p>Meeting at 12</p>");
    assertEquals(http.json.data.mentions, []);
    assertEquals((await viaHttp).seq, edited.change_seq + 1);
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat edit/delete: nobody edits someone else's message; a rep cannot delete it", async () => {
  const channel = await newChannel(alice, "edit-others", [bobId, carolId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const c = await inRoom(server.url, carol, `channel:${channel}`);
  try {
    const message = await send(a.socket, channel, "Alice's words");
    const edit = await ask(c.socket, "chat:edit", { message_id: message.id, body: "Carol's words now" });
    assertEquals(edit.ok, false);
    assertEquals(edit.error.code, "forbidden");
    assertMatch(edit.error.message, /Only the author/);
    const del = await ask(c.socket, "chat:delete", { message_id: message.id });
    assertEquals(del.error.code, "forbidden");
    assertEquals((await carol.patch(`/api/v1/messages/${message.id}`, { body: "x" })).status, 403);
    assertEquals((await carol.delete(`/api/v1/messages/${message.id}`)).status, 403);
    // even the workspace owner cannot put words in someone's mouth
    const carols = await send(c.socket, channel, "Carol's own");
    assertEquals(
      (await ask(a.socket, "chat:edit", { message_id: carols.id, body: "edited by alice" })).error.code,
      "forbidden",
    );
    const history = await alice.get(`/api/v1/channels/${channel}/messages`);
    assertEquals(history.json.data.map((m: { body: string }) => m.body), ["Carol's own", "Alice's words"]);
    assertEquals(history.json.data[1].edited_at, null);
    // bad payloads
    assertEquals((await ask(c.socket, "chat:edit", { message_id: "x", body: "y" })).error.code, "invalid_payload");
    assertEquals((await ask(c.socket, "chat:delete", {})).error.code, "invalid_payload");
    const unknown = await ask(c.socket, "chat:delete", { message_id: crypto.randomUUID() });
    assertEquals(unknown.error.code, "not_found");
  } finally {
    a.socket.close();
    c.socket.close();
  }
});

Deno.test("chat delete: the author deletes; the row stays with a deleted marker and no text", async () => {
  const channel = await newChannel(alice, "delete-own", [bobId, carolId]);
  const c = await inRoom(server.url, carol, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const message = await send(c.socket, channel, "oops, wrong channel /deals/" + crypto.randomUUID());
    await ask(b.socket, "chat:react", { message_id: message.id, emoji: "👍", on: true });
    const updates = collect<{ seq: number; payload: Record<string, unknown> }>(b.socket, "message.updated");
    const reply = await ask(c.socket, "chat:delete", { message_id: message.id });
    assertEquals(reply.ok, true);
    const deleted = reply.message;
    assert(deleted.deleted_at);
    assertEquals([deleted.body, deleted.body_html, deleted.reactions, deleted.mentions], ["", "", [], []]);
    const [event] = await updates.until(1);
    assertEquals(event.payload.deleted_at, deleted.deleted_at);
    assertEquals(event.seq, deleted.change_seq);
    // deleting again is a no-op, editing a deleted message is refused
    const again = await ask(c.socket, "chat:delete", { message_id: message.id });
    assertEquals(again.message.change_seq, deleted.change_seq);
    const edit = await ask(c.socket, "chat:edit", { message_id: message.id, body: "back" });
    assertEquals(edit.error.code, "conflict");
    // history keeps its place with the marker
    const history = await carol.get(`/api/v1/channels/${channel}/messages`);
    assertEquals(history.json.data[0].id, message.id);
    assertEquals(history.json.data[0].body, "");
    assert(history.json.data[0].deleted_at);
    // and search no longer finds it
    const search = await carol.get(`/api/v1/messages/search?q=wrong+channel&channel_id=${channel}`);
    assertEquals(search.json.data, []);
  } finally {
    c.socket.close();
    b.socket.close();
  }
});

Deno.test("chat delete: workspace owners/admins and channel admins delete others' messages", async () => {
  // bob (a manager) created the channel, so he is its admin
  const channel = await newChannel(bob, "delete-admins", [aliceId, carolId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  const c = await inRoom(server.url, carol, `channel:${channel}`);
  try {
    const first = await send(c.socket, channel, "spam one");
    const second = await send(c.socket, channel, "spam two");
    const byOwner = await ask(a.socket, "chat:delete", { message_id: first.id });
    assertEquals(byOwner.ok, true);
    const byChannelAdmin = await bob.delete(`/api/v1/messages/${second.id}`);
    assertEquals(byChannelAdmin.status, 200);
    assert(byChannelAdmin.json.data.deleted_at);
    // carol, a plain member, cannot delete the channel admin's message
    const bobs = await send(b.socket, channel, "rules of the channel");
    assertEquals((await ask(c.socket, "chat:delete", { message_id: bobs.id })).error.code, "forbidden");
  } finally {
    a.socket.close();
    b.socket.close();
    c.socket.close();
  }
});
