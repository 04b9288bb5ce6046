// chat:react and chat:pin: members add and take back reactions (one per person and emoji) and pin messages;
// every real change is numbered and broadcast as message.updated, repeats change nothing.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, userIdOf } from "./realtime_helpers.ts";
import { collect, inRoom, newChannel, send } from "./chat_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const aliceId = await userIdOf(server, "alice@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");

Deno.test("chat react: reactions count per emoji with who reacted; repeats and take-backs", async () => {
  const channel = await newChannel(alice, "react-basics", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const message = await send(a.socket, channel, "We won Globex!");
    const updates = collect<{ seq: number; payload: { reactions: unknown[]; change_seq: number } }>(
      a.socket,
      "message.updated",
    );
    const first = await ask(b.socket, "chat:react", { message_id: message.id, emoji: "🎉", on: true });
    assertEquals(first.message.reactions, [{ emoji: "🎉", count: 1, user_ids: [bobId] }]);
    const second = await ask(a.socket, "chat:react", { message_id: message.id, emoji: "🎉", on: true });
    assertEquals(second.message.reactions, [{ emoji: "🎉", count: 2, user_ids: [bobId, aliceId] }]);
    const third = await ask(a.socket, "chat:react", { message_id: message.id, emoji: ":thumbsup:", on: true });
    assertEquals(third.message.reactions.map((r: { emoji: string }) => r.emoji), ["🎉", ":thumbsup:"]);
    // the same reaction again: nothing changes, nothing is numbered
    const repeat = await ask(b.socket, "chat:react", { message_id: message.id, emoji: "🎉", on: true });
    assertEquals(repeat.message.change_seq, third.message.change_seq);
    const off = await ask(b.socket, "chat:react", { message_id: message.id, emoji: "🎉", on: false });
    assertEquals(off.message.reactions[0], { emoji: "🎉", count: 1, user_ids: [aliceId] });
    const offAgain = await ask(b.socket, "chat:react", { message_id: message.id, emoji: "🎉", on: false });
    assertEquals(offAgain.message.change_seq, off.message.change_seq);
    const seen = await updates.until(4);
    assertEquals(seen.map((e) => e.seq), [1, 2, 3, 4].map((n) => message.seq + n));
    assertEquals(seen[3].payload.change_seq, off.message.change_seq);
    // over HTTP, with the flag emoji and a skin tone
    const http = await bob.post(`/api/v1/messages/${message.id}/reactions`, { emoji: "👍🏽", on: true });
    assertEquals(http.status, 200);
    assertEquals(http.json.data.reactions.at(-1), { emoji: "👍🏽", count: 1, user_ids: [bobId] });
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat react: bad emoji, deleted messages and non-members are refused", async () => {
  const channel = await newChannel(alice, "react-refusals", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const c = await inRoom(server.url, carol, `channel:${channel}`); // previewing, not a member
  try {
    const message = await send(a.socket, channel, "react to me");
    for (const emoji of ["", "hello", "<img src=x>", "👍".repeat(40), ":bad code:"]) {
      const reply = await ask(a.socket, "chat:react", { message_id: message.id, emoji, on: true });
      assertEquals(reply.error?.code, "invalid_payload", emoji);
    }
    assertEquals(
      (await ask(a.socket, "chat:react", { message_id: message.id, emoji: "👍" })).error.code,
      "invalid_payload",
    );
    const outsider = await ask(c.socket, "chat:react", { message_id: message.id, emoji: "👍", on: true });
    assertEquals(outsider.error.code, "forbidden");
    await ask(a.socket, "chat:delete", { message_id: message.id });
    const deleted = await ask(a.socket, "chat:react", { message_id: message.id, emoji: "👍", on: true });
    assertEquals(deleted.error.code, "conflict");
    assertEquals((await bob.post(`/api/v1/messages/${message.id}/reactions`, { emoji: 1 })).status, 422);
  } finally {
    a.socket.close();
    c.socket.close();
  }
});

Deno.test("chat pin: members pin and unpin; the channel lists its pins", async () => {
  const channel = await newChannel(alice, "pins", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const rules = await send(a.socket, channel, "Channel rules: be kind");
    const agenda = await send(a.socket, channel, "Agenda for Thursday");
    const updates = collect<{ payload: { id: string; pinned_at: string | null } }>(a.socket, "message.updated");
    const pinned = await ask(b.socket, "chat:pin", { message_id: rules.id, pinned: true });
    assertEquals(pinned.ok, true);
    assert(pinned.message.pinned_at);
    assertEquals(pinned.message.pinned_by, bobId);
    const viaHttp = await alice.post(`/api/v1/messages/${agenda.id}/pin`, { pinned: true });
    assertEquals(viaHttp.status, 200);
    const again = await ask(b.socket, "chat:pin", { message_id: rules.id, pinned: true });
    assertEquals(again.message.change_seq, pinned.message.change_seq);
    const pins = await bob.get(`/api/v1/channels/${channel}/pins`);
    assertEquals(pins.json.data.map((m: { id: string }) => m.id), [agenda.id, rules.id]);
    const unpinned = await ask(a.socket, "chat:pin", { message_id: agenda.id, pinned: false });
    assertEquals([unpinned.message.pinned_at, unpinned.message.pinned_by], [null, null]);
    assertEquals((await bob.get(`/api/v1/channels/${channel}/pins`)).json.data.map((m: { id: string }) => m.id), [
      rules.id,
    ]);
    const events = await updates.until(3);
    assertEquals(events.map((e) => [e.payload.id, e.payload.pinned_at !== null]), [
      [rules.id, true],
      [agenda.id, true],
      [agenda.id, false],
    ]);
    assertEquals((await ask(a.socket, "chat:pin", { message_id: rules.id })).error.code, "invalid_payload");
    // carol is not a member: she can preview the pins of a public channel, not change them
    const c = await inRoom(server.url, carol, `channel:${channel}`);
    try {
      assertEquals((await ask(c.socket, "chat:pin", { message_id: rules.id, pinned: false })).error.code, "forbidden");
      assertEquals((await carol.get(`/api/v1/channels/${channel}/pins`)).json.data.length, 1);
    } finally {
      c.socket.close();
    }
  } finally {
    a.socket.close();
    b.socket.close();
  }
});
