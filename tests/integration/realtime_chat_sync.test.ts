// Reconnecting: `join` reports the channel's last seq from the database and `sync {room, since}` returns
// exactly what changed after `since` (new messages as message.created, changed ones as message.updated, in
// their current state), complete, in seq order.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, socketFor, userIdOf } from "./realtime_helpers.ts";
import { collect, inRoom, newChannel, send } from "./chat_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");

type Event = { room: string; seq: number; type: string; payload: { id: string; body: string; change_seq: number } };

Deno.test("chat sync: after a reconnect, sync since N returns exactly the missed changes", async () => {
  const channel = await newChannel(alice, "sync-missed", [bobId]);
  const room = `channel:${channel}`;
  const a = await inRoom(server.url, alice, room);
  let b = await inRoom(server.url, bob, room);
  try {
    const live = collect<Event>(b.socket, "message.created");
    const before = await send(a.socket, channel, "seen live");
    const seen = await live.until(1);
    const lastSeen = seen[0].seq;
    assertEquals(lastSeen, before.seq);
    b.socket.close();

    // while bob is away: three new messages, an edit and a reaction on the one he saw, a reaction on a new one
    const one = await send(a.socket, channel, "missed one");
    const two = await send(a.socket, channel, "missed two");
    const three = await send(a.socket, channel, "missed three");
    await ask(a.socket, "chat:edit", { message_id: before.id, body: "seen live (edited)" });
    await ask(a.socket, "chat:react", { message_id: two.id, emoji: "👀", on: true });

    b = await inRoom(server.url, bob, room);
    assertEquals(b.lastSeq, lastSeen + 5);
    const sync = await ask(b.socket, "sync", { room, since: lastSeen });
    assertEquals(sync.ok, true);
    assertEquals(sync.complete, true);
    assertEquals(sync.last_seq, lastSeen + 5);
    const events = sync.events as Event[];
    // one event per message, in its current state, ordered by the seq of its latest change
    assertEquals(events.map((e) => [e.type, e.payload.id]), [
      ["message.created", one.id],
      ["message.created", three.id],
      ["message.updated", before.id],
      ["message.created", two.id],
    ]);
    assertEquals(events.map((e) => e.seq), [lastSeen + 1, lastSeen + 3, lastSeen + 4, lastSeen + 5]);
    assert(events.every((e) => e.room === room && e.seq === e.payload.change_seq));
    assertEquals(events[2].payload.body, "seen live (edited)");
    // nothing twice: from the newest seq there is nothing more
    const none = await ask(b.socket, "sync", { room, since: sync.last_seq });
    assertEquals([none.events, none.complete], [[], true]);
    // a sync from 0 is the whole channel
    const all = await ask(b.socket, "sync", { room, since: 0 });
    assertEquals(all.events.length, 4);
    assertEquals(three.seq, lastSeen + 3);
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat sync: only for a joined room; bad requests refused", async () => {
  const channel = await newChannel(alice, "sync-refused", [bobId]);
  const socket = await connected(socketFor(server.url, bob.token));
  try {
    const refused = await ask(socket, "sync", { room: `channel:${channel}`, since: 0 });
    assertEquals(refused.error.code, "forbidden");
    assertEquals((await ask(socket, "sync", { room: `channel:${channel}`, since: -1 })).error.code, "invalid_payload");
    const join = await ask(socket, "join", { room: `channel:${channel.toUpperCase()}` });
    assertEquals(join.room, `channel:${channel}`);
    assertEquals((await ask(socket, "sync", { room: `channel:${channel}`, since: 0 })).ok, true);
  } finally {
    socket.close();
  }
});

Deno.test("chat sync: messages sent over HTTP arrive live and replay the same way", async () => {
  const channel = await newChannel(alice, "sync-http", [bobId]);
  const room = `channel:${channel}`;
  const b = await inRoom(server.url, bob, room);
  try {
    const live = collect<Event>(b.socket, "message.created");
    const posted = await alice.post(`/api/v1/channels/${channel}/messages`, {
      client_id: crypto.randomUUID(),
      body: "from the API",
    });
    assertEquals(posted.status, 201);
    const [event] = await live.until(1);
    assertEquals([event.seq, event.payload.id], [posted.json.data.seq, posted.json.data.id]);
    const sync = await ask(b.socket, "sync", { room, since: b.lastSeq });
    assertEquals(sync.events.map((e: Event) => e.payload.id), [posted.json.data.id]);
  } finally {
    b.socket.close();
  }
});
