// /api/v1/channels and /api/v1/messages over HTTP: the seeded channels, create/browse/join/leave/archive,
// members, direct messages (find or create), history pages, search with filters, pins; bad input is a 4xx.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, next, socketFor, userIdOf } from "./realtime_helpers.ts";
import { type ChannelInfo, channelNamed, inRoom, newChannel } from "./chat_helpers.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const aliceId = await userIdOf(server, "alice@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");
const carolId = await userIdOf(server, "carol@acme.test");

async function post(client: ApiClient, channel: string, body: string, extra: Record<string, unknown> = {}) {
  const res = await client.post(`/api/v1/channels/${channel}/messages`, {
    client_id: crypto.randomUUID(),
    body,
    ...extra,
  });
  assertEquals(res.status, 201, JSON.stringify(res.json));
  return res.json.data;
}

Deno.test("api channels: the demo workspace has #general, #deals, private #leadership and a DM", async () => {
  const mine = (await alice.get("/api/v1/channels")).json.data as (ChannelInfo & { members: { id: string }[] })[];
  const byName = (name: string) => mine.find((c) => c.name === name)!;
  assertEquals(byName("general").type, "public");
  assertEquals(byName("leadership").type, "private");
  const dm = mine.find((c) => c.type === "dm")!;
  assertEquals(dm.members.map((m) => m.id).sort(), [aliceId, bobId].sort());
  assert(byName("general").last_seq >= 3);
  // carol sees the public channels, not the private one or alice and bob's DM
  const hers = (await carol.get("/api/v1/channels")).json.data as ChannelInfo[];
  assertEquals(hers.filter((c) => c.type !== "public").length, 0);
  assert(hers.some((c) => c.name === "general" && c.is_member));
  const history = await carol.get(`/api/v1/channels/${byName("general").id}/messages`);
  assertEquals(history.json.data.length, 3);
  assertEquals(history.json.data.at(-1).sender_name, "Alice Martin");
});

Deno.test("api channels: create, browse, join, leave, topic, rename and archive", async () => {
  const created = await bob.post("/api/v1/channels", {
    name: "  #Deal Desk ",
    topic: "Pricing questions",
    description: "Ask before discounting.",
  });
  assertEquals(created.status, 201);
  const channel = created.json.data;
  assertEquals([channel.name, channel.type, channel.is_member, channel.role, channel.member_count], [
    "deal-desk",
    "public",
    true,
    "admin",
    1,
  ]);
  // carol browses it, joins, and is told about it on her user room
  const listed = (await carol.get("/api/v1/channels")).json.data.find((c: ChannelInfo) => c.id === channel.id);
  assertEquals(listed.is_member, false);
  const joined = await carol.post(`/api/v1/channels/${channel.id}/join`);
  assertEquals([joined.status, joined.json.data.is_member, joined.json.data.member_count], [200, true, 2]);
  assertEquals((await carol.post(`/api/v1/channels/${channel.id}/join`)).status, 200); // twice is fine
  // any member sets the topic; only admins rename and archive
  const topic = await carol.patch(`/api/v1/channels/${channel.id}`, { topic: "Pricing & discounts" });
  assertEquals(topic.json.data.topic, "Pricing & discounts");
  const rename = await carol.patch(`/api/v1/channels/${channel.id}`, { name: "pricing" });
  assertEquals(rename.status, 403);
  assertEquals((await bob.patch(`/api/v1/channels/${channel.id}`, { name: "Pricing" })).json.data.name, "pricing");
  assertEquals((await bob.post("/api/v1/channels", { name: "pricing" })).status, 409);
  assertEquals((await bob.patch(`/api/v1/channels/${channel.id}`, { name: "general" })).status, 409);
  // leaving
  const left = await carol.post(`/api/v1/channels/${channel.id}/leave`);
  assertEquals(left.json.data.left, true);
  assertEquals((await carol.get(`/api/v1/channels/${channel.id}`)).json.data.is_member, false);
  // archive: read-only, no joining, unarchive again
  const archived = await bob.patch(`/api/v1/channels/${channel.id}`, { archived: true });
  assert(archived.json.data.archived_at);
  assertEquals((await carol.post(`/api/v1/channels/${channel.id}/join`)).status, 409);
  assertEquals((await bob.patch(`/api/v1/channels/${channel.id}`, { topic: "x" })).status, 409);
  const restored = await alice.patch(`/api/v1/channels/${channel.id}`, { archived: false });
  assertEquals(restored.status, 403); // alice is not a member of it
  assertEquals((await bob.patch(`/api/v1/channels/${channel.id}`, { archived: false })).json.data.archived_at, null);
});

Deno.test("api channels: private channels, members, add and remove", async () => {
  const created = await alice.post("/api/v1/channels", { name: "secret-plans", type: "private", member_ids: [bobId] });
  assertEquals(created.status, 201);
  const id = created.json.data.id;
  // carol cannot see or join it
  assertEquals((await carol.get(`/api/v1/channels/${id}`)).status, 404);
  assertEquals((await carol.post(`/api/v1/channels/${id}/join`)).status, 404);
  assertEquals((await carol.get(`/api/v1/channels/${id}/messages`)).status, 404);
  // bob adds her; she is told on her user room
  const socket = await connected(socketFor(server.url, carol.token));
  try {
    const told = next<{ channel_id: string; action: string }>(socket, "chat:channel");
    const added = await bob.post(`/api/v1/channels/${id}/members`, { user_ids: [carolId] });
    assertEquals(added.status, 200);
    assertEquals(added.json.added, 1);
    assertEquals(added.json.data.map((m: { id: string }) => m.id).sort(), [aliceId, bobId, carolId].sort());
    assertEquals(await told, { channel_id: id, action: "added", user_ids: [carolId] });
    const members = await carol.get(`/api/v1/channels/${id}/members`);
    assertEquals(members.json.data.find((m: { id: string }) => m.id === aliceId).role, "admin");
  } finally {
    socket.close();
  }
  // carol joins the room, then is removed by the channel admin: her socket leaves the room
  const c = await inRoom(server.url, carol, `channel:${id}`);
  try {
    const removedNotice = next<{ action: string }>(c.socket, "chat:channel");
    assertEquals((await bob.delete(`/api/v1/channels/${id}/members/${carolId}`)).status, 403); // bob is no admin
    const removed = await alice.delete(`/api/v1/channels/${id}/members/${carolId}`);
    assertEquals(removed.json.data.removed, true);
    assertEquals((await removedNotice).action, "removed");
    // after the eviction she no longer hears the channel
    let heard = false;
    c.socket.on("message.created", () => heard = true);
    await post(alice, id, "after carol left");
    const rejoin = await ask(c.socket, "join", { room: `channel:${id}` });
    assertEquals(rejoin.error.code, "not_found");
    assertEquals(heard, false);
  } finally {
    c.socket.close();
  }
  assertEquals((await alice.post(`/api/v1/channels/${id}/members`, { user_ids: [crypto.randomUUID()] })).status, 404);
  assertEquals((await alice.post(`/api/v1/channels/${id}/members`, { user_ids: [] })).status, 422);
});

Deno.test("api channels: direct messages are found or created, and keep their people", async () => {
  const first = await carol.post("/api/v1/channels/direct", { user_ids: [bobId] });
  assertEquals(first.status, 201);
  assertEquals(first.json.data.type, "dm");
  assertEquals(first.json.data.name, "");
  const again = await carol.post("/api/v1/channels/direct", { user_ids: [bobId, carolId] });
  assertEquals(again.status, 200);
  assertEquals(again.json.data.id, first.json.data.id);
  const fromBob = await bob.post("/api/v1/channels/direct", { user_ids: [carolId] });
  assertEquals(fromBob.json.data.id, first.json.data.id);
  const group = await carol.post("/api/v1/channels/direct", { user_ids: [bobId, aliceId] });
  assertEquals([group.status, group.json.data.type, group.json.data.members.length], [201, "group_dm", 3]);
  // alice is not in carol and bob's DM
  assertEquals((await alice.get(`/api/v1/channels/${first.json.data.id}`)).status, 404);
  assertEquals((await carol.post(`/api/v1/channels/${first.json.data.id}/leave`)).status, 409);
  assertEquals(
    (await carol.post(`/api/v1/channels/${group.json.data.id}/members`, { user_ids: [aliceId] })).status,
    409,
  );
  assertEquals((await carol.post("/api/v1/channels/direct", { user_ids: [] })).status, 422);
  assertEquals((await carol.post("/api/v1/channels/direct", { user_ids: [crypto.randomUUID()] })).status, 404);
  assertEquals((await carol.post("/api/v1/channels/direct", { user_ids: ["bob"] })).status, 422);
  assertEquals((await carol.post("/api/v1/channels/direct", { user_ids: [carolId] })).status, 409);
});

Deno.test("api channels: reading a DM over HTTP reads its notifications, as the socket's chat:read does", async () => {
  const dm = await alice.post("/api/v1/channels/direct", { user_ids: [bobId] });
  const dmId = dm.json.data.id as string;
  const message = await post(alice, dmId, "Read me over HTTP");
  const unreadDms = async () => {
    const res = await bob.get("/api/v1/notifications?filter=unread");
    const dms = (res.json.data as { type: string; record_id: string }[]).filter((n) => n.type === "direct_message");
    return { ids: dms.map((n) => n.record_id), count: res.json.unread_count as number };
  };
  assert((await unreadDms()).ids.includes(message.id), "the DM notified bob");
  // bob's other tab: its bell hears the new count
  const tab = await connected(socketFor(server.url, bob.token));
  try {
    const updated = next<{ payload: { action: string; unread_count: number } }>(tab, "notification.updated");
    const receipt = next<{ channel_id: string; user_id: string; seq: number }>(tab, "chat:read");
    const read = await bob.post(`/api/v1/channels/${dmId}/read`, { seq: message.seq });
    assertEquals(read.status, 200, JSON.stringify(read.json));
    assertEquals(
      await receipt,
      { channel_id: dmId, user_id: bobId, seq: message.seq },
      "bob's other tab hears the read",
    );
    const change = (await updated).payload;
    assertEquals(change.action, "read");
    const after = await unreadDms();
    assert(!after.ids.includes(message.id), "read in chat is no news for the bell");
    assertEquals(after.count, change.unread_count);
  } finally {
    tab.close();
  }
});

Deno.test("api channels: history pages backwards with before/limit", async () => {
  const id = await newChannel(alice, "history-pages");
  const sent = [];
  for (let i = 1; i <= 7; i++) sent.push(await post(alice, id, `message ${i}`));
  const page1 = await alice.get(`/api/v1/channels/${id}/messages?limit=3`);
  assertEquals(page1.json.data.map((m: { body: string }) => m.body), ["message 7", "message 6", "message 5"]);
  assertEquals(page1.json.next_before, sent[4].seq);
  const page2 = await alice.get(`/api/v1/channels/${id}/messages?limit=3&before=${page1.json.next_before}`);
  assertEquals(page2.json.data.map((m: { body: string }) => m.body), ["message 4", "message 3", "message 2"]);
  const page3 = await alice.get(`/api/v1/channels/${id}/messages?limit=3&before=${page2.json.next_before}`);
  assertEquals(page3.json.data.map((m: { body: string }) => m.body), ["message 1"]);
  assertEquals(page3.json.next_before, null);
  for (const bad of ["limit=0", "limit=500", "limit=x", "before=-1", "before=1.5"]) {
    const res = await alice.get(`/api/v1/channels/${id}/messages?${bad}`);
    assertEquals(res.status, 422, bad);
    assertMatch(res.json.error.message, /whole number/);
  }
  assertEquals((await alice.get(`/api/v1/channels/not-an-id/messages`)).status, 404);
  assertEquals((await alice.get(`/api/v1/channels/${crypto.randomUUID()}/messages`)).status, 404);
});

Deno.test("api messages: full-text search with channel and person filters", async () => {
  const id = await newChannel(alice, "search-here", [bobId, carolId]);
  const other = await newChannel(bob, "search-there", [carolId]);
  await post(alice, id, "The Umbrella renewal needs **legal** review");
  await post(bob, id, "Legal said the renewals look fine");
  await post(bob, other, "Unrelated: lunch order");
  await post(carol, other, "Another renewal question about Stark");
  const all = await carol.get("/api/v1/messages/search?q=renewal");
  assertEquals(all.status, 200);
  const bodies = all.json.data.map((m: { body: string }) => m.body);
  assert(bodies.includes("The Umbrella renewal needs **legal** review"));
  assert(bodies.includes("Legal said the renewals look fine"), "stemmed: renewals");
  assert(!bodies.includes("Unrelated: lunch order"));
  assertEquals(all.json.data.find((m: { body: string }) => m.body.startsWith("Another")).channel_name, "search-there");
  const inChannel = await carol.get(`/api/v1/messages/search?q=renewal&channel_id=${id}`);
  assertEquals(inChannel.json.data.length, 2);
  const byBob = await carol.get(`/api/v1/messages/search?q=renewal&sender_id=${bobId}`);
  assertEquals(byBob.json.data.map((m: { body: string }) => m.body), ["Legal said the renewals look fine"]);
  const everythingByBob = await carol.get(`/api/v1/messages/search?sender_id=${bobId}&channel_id=${other}`);
  assertEquals(everythingByBob.json.data.map((m: { body: string }) => m.body), ["Unrelated: lunch order"]);
  const phrase = await carol.get(`/api/v1/messages/search?q=${encodeURIComponent('"legal review"')}`);
  assertEquals(phrase.json.data.length, 1);
  // private channels stay private in search
  const secret = await alice.post("/api/v1/channels", { name: "search-secret", type: "private" });
  await post(alice, secret.json.data.id, "renewal strategy for the board");
  assert(!(await carol.get("/api/v1/messages/search?q=strategy")).json.data.length);
  assertEquals((await alice.get("/api/v1/messages/search?q=strategy")).json.data.length, 1);
  assertEquals((await carol.get("/api/v1/messages/search?q=")).status, 422);
  assertEquals((await carol.get("/api/v1/messages/search?q=x&channel_id=nope")).status, 422);
  assertEquals((await carol.get("/api/v1/messages/search?q=x&limit=0")).status, 422);
  // odd query text is not an error
  assertEquals((await carol.get(`/api/v1/messages/search?q=${encodeURIComponent("&|!:*'(\"")}`)).status, 200);
});

Deno.test("api channels: bad input is a 4xx with a sentence", async () => {
  const cases: [Promise<{ status: number; json: { error?: { message: string } } }>, number][] = [
    [alice.post("/api/v1/channels", {}), 422],
    [alice.post("/api/v1/channels", { name: "   " }), 422],
    [alice.post("/api/v1/channels", { name: "x".repeat(81) }), 422],
    [alice.post("/api/v1/channels", { name: "ok-name", type: "dm" }), 422],
    [alice.post("/api/v1/channels", { name: "ok-name", member_ids: ["nope"] }), 422],
    [alice.post("/api/v1/channels", { name: "ok-name", topic: "t".repeat(251) }), 422],
    [alice.post("/api/v1/channels", "{not json"), 400],
    [alice.patch(`/api/v1/channels/${crypto.randomUUID()}`, { topic: "x" }), 404],
    [alice.patch(`/api/v1/channels/${(await channelNamed(alice, "general")).id}`, {}), 422],
    [alice.post(`/api/v1/channels/${(await channelNamed(alice, "general")).id}/messages`, { body: "no id" }), 422],
    [
      alice.post(`/api/v1/channels/${(await channelNamed(alice, "general")).id}/messages`, {
        client_id: crypto.randomUUID(),
        body: "",
      }),
      422,
    ],
    [alice.patch(`/api/v1/messages/${crypto.randomUUID()}`, { body: "x" }), 404],
    [alice.delete("/api/v1/messages/nope"), 404],
    // a channel nobody has (or another workspace's) is a 404 like everywhere else, not "not a member"
    [alice.post(`/api/v1/channels/${crypto.randomUUID()}/read`, { seq: 1 }), 404],
  ];
  for (const [request, status] of cases) {
    const res = await request;
    assertEquals(res.status, status, JSON.stringify(res.json));
    assert(res.json?.error?.message && res.json.error.message.length > 5, JSON.stringify(res.json));
  }
});

Deno.test("api channels: viewers chat in their channels but cannot create channels", async () => {
  const viewer = await createPerson(server.db, "vera@acme.test", "Vera Viewer");
  const general = await channelNamed(alice, "general");
  await server.db.asService("test:viewer", async (tx) => {
    const [team] = await tx.query<{ team_id: string }>(
      "select team_id from public.channels where id = $1",
      [general.id],
    );
    await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'viewer')", [
      team.team_id,
      viewer.id,
    ]);
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [
      await hashPassword("leadly-demo"),
      viewer.id,
    ]);
  });
  const vera = await ApiClient.signIn(server.url, "vera@acme.test");
  const refused = await vera.post("/api/v1/channels", { name: "vera-room" });
  assertEquals(refused.status, 403);
  assertMatch(refused.json.error.message, /Viewers cannot create channels/);
  assertEquals((await vera.post(`/api/v1/channels/${general.id}/join`)).status, 200);
  const message = await post(vera, general.id, "Hi all, Vera from finance");
  assertEquals(message.sender_name, "Vera Viewer");
  assertEquals((await vera.post("/api/v1/channels/direct", { user_ids: [aliceId] })).status, 201);
});
