// Threads: a reply is a message with parent_id (always the thread's first message); the parent's reply count
// and last reply time change with it, as their own numbered message.updated; history lists top-level messages,
// ?thread=<id> the replies oldest first.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, userIdOf } from "./realtime_helpers.ts";
import { collect, inRoom, newChannel, send } from "./chat_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");

type Event = {
  seq: number;
  type: string;
  payload: { id: string; parent_id: string | null; reply_count: number; last_reply_at: string | null };
};

Deno.test("chat threads: a reply is created and its parent's reply count updated, in seq order", async () => {
  const channel = await newChannel(alice, "threads", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const root = await send(a.socket, channel, "Who takes the Globex call?");
    const created = collect<Event>(a.socket, "message.created");
    const updated = collect<Event>(a.socket, "message.updated");
    const reply = await send(b.socket, channel, "I can", { parent_id: root.id });
    assertEquals(reply.parent_id, root.id);
    assertEquals(reply.seq, root.seq + 1);
    const [createdEvent] = await created.until(1);
    const [parentEvent] = await updated.until(1);
    assertEquals(createdEvent.payload.id, reply.id);
    assertEquals(parentEvent.payload.id, root.id);
    assertEquals(parentEvent.seq, reply.seq + 1);
    assertEquals(parentEvent.payload.reply_count, 1);
    assertEquals(
      parentEvent.payload.last_reply_at,
      createdEvent.payload.last_reply_at ?? parentEvent.payload.last_reply_at,
    );
    assert(parentEvent.payload.last_reply_at);

    // replying to a reply joins the same thread
    const nested = await send(a.socket, channel, "Thanks Bob", { parent_id: reply.id });
    assertEquals(nested.parent_id, root.id);
    const events = await updated.until(2);
    assertEquals(events[1].payload.reply_count, 2);

    const thread = await alice.get(`/api/v1/channels/${channel}/messages?thread=${root.id}`);
    assertEquals(thread.status, 200);
    assertEquals(thread.json.root.id, root.id);
    assertEquals(thread.json.data.map((m: { id: string }) => m.id), [reply.id, nested.id]);
    // the channel's history shows the thread's first message only
    const history = await alice.get(`/api/v1/channels/${channel}/messages`);
    assertEquals(history.json.data.map((m: { id: string }) => m.id), [root.id]);
    assertEquals(history.json.data[0].reply_count, 2);
    // replies do not count as unread in the channel list
    const list = await alice.get(`/api/v1/channels/${channel}`);
    assertEquals(list.json.data.unread_count, 0);
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat threads: a parent from another channel, an unknown one or a deleted one is refused", async () => {
  const channel = await newChannel(alice, "threads-refused", [bobId]);
  const other = await newChannel(alice, "threads-other", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  try {
    const elsewhere = await send(a.socket, other, "in the other channel");
    const cross = await ask(a.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "reply",
      parent_id: elsewhere.id,
    });
    assertEquals(cross.error.code, "not_found");
    const unknown = await ask(a.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "reply",
      parent_id: crypto.randomUUID(),
    });
    assertEquals(unknown.error.code, "not_found");
    const root = await send(a.socket, channel, "soon gone");
    await ask(a.socket, "chat:delete", { message_id: root.id });
    const closed = await ask(a.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "reply",
      parent_id: root.id,
    });
    assertEquals(closed.error.code, "conflict");
    assertEquals((await alice.get(`/api/v1/channels/${channel}/messages?thread=nope`)).status, 404);
    assertEquals((await alice.get(`/api/v1/channels/${channel}/messages?thread=${elsewhere.id}`)).status, 404);
  } finally {
    a.socket.close();
  }
});
