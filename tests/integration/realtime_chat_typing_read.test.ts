// chat:typing (to the others in the room, never stored) and chat:read (read receipts: stored, never moving
// back, told to the room); unread and mention counts in the channel list follow them.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, next, otherTeamMember, socketFor, teamIdOf, userIdOf } from "./realtime_helpers.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { type ChannelInfo, collect, inRoom, newChannel, send } from "./chat_helpers.ts";
import { claimsForUser } from "../../lib/db/claims.ts";
import { chatUnread } from "../../lib/chat/unread.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const aliceId = await userIdOf(server, "alice@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");

async function channelOf(client: ApiClient, id: string): Promise<ChannelInfo> {
  const res = await client.get(`/api/v1/channels/${id}`);
  assertEquals(res.status, 200);
  return res.json.data;
}

Deno.test("chat typing: the others in the room see who is typing; the typist does not", async () => {
  const channel = await newChannel(alice, "typing", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const own = collect(a.socket, "chat:typing");
    const heard = next(b.socket, "chat:typing");
    assertEquals(await ask(a.socket, "chat:typing", { channel_id: channel, typing: true }), { ok: true });
    assertEquals(await heard, { channel_id: channel, user_id: aliceId, name: "Alice Martin", typing: true });
    const stopped = next<{ typing: boolean }>(b.socket, "chat:typing");
    a.socket.emit("chat:typing", { channel_id: channel, typing: false }); // without an ack works too
    assertEquals((await stopped).typing, false);
    // anything sent to alice would have arrived before this ack
    await ask(a.socket, "join", { room: `channel:${channel}` });
    assertEquals(own.items, []);
    // typing is not a room event: nothing to replay
    const sync = await ask(b.socket, "sync", { room: `channel:${channel}`, since: 0 });
    assertEquals(sync.events, []);
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat typing: only into a room the socket joined; bad payloads refused", async () => {
  const channel = await newChannel(alice, "typing-refused", [bobId]);
  const socket = await connected(socketFor(server.url, bob.token));
  try {
    const reply = await ask(socket, "chat:typing", { channel_id: channel, typing: true });
    assertEquals(reply.error.code, "forbidden");
    assertEquals((await ask(socket, "chat:typing", { channel_id: channel })).error.code, "invalid_payload");
    assertEquals((await ask(socket, "chat:typing", "typing")).error.code, "invalid_payload");
  } finally {
    socket.close();
  }
});

Deno.test("chat read: receipts are stored, told to the room, and never move back", async () => {
  const channel = await newChannel(alice, "receipts", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    await send(a.socket, channel, "one");
    const two = await send(a.socket, channel, "two @[Bob](user:" + bobId + ")");
    await send(a.socket, channel, "three @channel");
    let mine = await channelOf(bob, channel);
    assertEquals([mine.unread_count, mine.mention_count], [3, 2]);
    // the sender has read what she wrote
    assertEquals((await channelOf(alice, channel)).unread_count, 0);

    const receipt = next(a.socket, "chat:read");
    const reply = await ask(b.socket, "chat:read", { channel_id: channel, seq: two.seq });
    assertEquals(reply, { ok: true, seq: two.seq });
    assertEquals(await receipt, { channel_id: channel, user_id: bobId, seq: two.seq });
    mine = await channelOf(bob, channel);
    assertEquals([mine.last_read_seq, mine.unread_count, mine.mention_count], [two.seq, 1, 1]);
    // backwards is ignored, beyond the channel's last seq is capped
    assertEquals((await ask(b.socket, "chat:read", { channel_id: channel, seq: 1 })).seq, two.seq);
    const capped = await ask(b.socket, "chat:read", { channel_id: channel, seq: 1_000_000 });
    assertEquals(capped.seq, mine.last_seq);
    assertEquals((await channelOf(bob, channel)).unread_count, 0);
    const members = await alice.get(`/api/v1/channels/${channel}/members`);
    const bobRow = members.json.data.find((m: { id: string }) => m.id === bobId);
    assertEquals(bobRow.last_read_seq, mine.last_seq);
    // over HTTP
    await send(a.socket, channel, "four");
    assertEquals((await channelOf(bob, channel)).unread_count, 1);
    const viaHttpReceipt = next(a.socket, "chat:read");
    const http = await bob.post(`/api/v1/channels/${channel}/read`, { seq: mine.last_seq + 1 });
    assertEquals(http.json.data.seq, mine.last_seq + 1);
    assertEquals((await viaHttpReceipt as { seq: number }).seq, mine.last_seq + 1);
    assertEquals((await channelOf(bob, channel)).unread_count, 0);
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat read: non-members and bad payloads are refused", async () => {
  const channel = await newChannel(alice, "receipts-refused", [bobId]);
  const c = await inRoom(server.url, carol, `channel:${channel}`);
  try {
    assertEquals((await ask(c.socket, "chat:read", { channel_id: channel, seq: 1 })).error.code, "forbidden");
    assertEquals((await ask(c.socket, "chat:read", { channel_id: channel, seq: -1 })).error.code, "invalid_payload");
    assertEquals((await ask(c.socket, "chat:read", { channel_id: channel, seq: "1" })).error.code, "invalid_payload");
    assertEquals((await carol.post(`/api/v1/channels/${channel}/read`, { seq: 1.5 })).status, 422);
    const list = await carol.get("/api/v1/channels");
    const preview = list.json.data.find((ch: ChannelInfo) => ch.id === channel);
    assert(preview, "public channels are listed for browsing");
    assertEquals([preview.is_member, preview.unread_count], [false, 0]);
  } finally {
    c.socket.close();
  }
});

Deno.test("chat unread on other pages: a new message hints its people's sockets that are not in its room", async () => {
  const zoe = await otherTeamMember(server, "zoe@unread-hint.test");
  const dm = await alice.post("/api/v1/channels/direct", { user_ids: [bobId] });
  const dmId = dm.json.data.id as string;
  const teamId = await teamIdOf(server, "alice@acme.test");
  const a = await inRoom(server.url, alice, `channel:${dmId}`);
  // bob on Home: a socket in no channel room; bob on the chat: a socket in the DM's room
  const home = await connected(socketFor(server.url, bob.token));
  const inChat = await inRoom(server.url, bob, `channel:${dmId}`);
  const zoeSocket = await connected(socketFor(server.url, zoe.token));
  const chatHints = collect(inChat.socket, "chat:unread");
  const aliceHints = collect(a.socket, "chat:unread");
  const zoeHints = collect(zoeSocket, "chat:unread");
  try {
    const hint = next<Record<string, unknown>>(home, "chat:unread");
    const message = await send(a.socket, dmId, "Ping from the socket");
    assertEquals(await hint, {
      team_id: teamId,
      channel_id: dmId,
      seq: message.seq,
      sender_id: aliceId,
      direct: true,
    });
    // over HTTP too, and for a channel (not direct)
    const channel = await newChannel(alice, "hinted", [bobId]);
    const second = next<Record<string, unknown>>(home, "chat:unread");
    await alice.post(`/api/v1/channels/${channel}/messages`, { client_id: crypto.randomUUID(), body: "hi all" });
    assertEquals([(await second).channel_id, (await second).direct], [channel, false]);
    // anything for the others would have arrived before these acks
    await ask(inChat.socket, "join", { room: `channel:${dmId}` });
    await ask(a.socket, "join", { room: `channel:${dmId}` });
    await ask(zoeSocket, "join", { room: `user:${await userIdOf(server, "zoe@unread-hint.test")}` });
    assertEquals(
      chatHints.items.map((h) => h.channel_id),
      [channel],
      "a page in the DM's room counts the DM itself; it hears of the other channel",
    );
    assertEquals(aliceHints.items, [], "not the sender");
    assertEquals(zoeHints.items, [], "not another team");
  } finally {
    for (const s of [a.socket, home, inChat.socket, zoeSocket]) s.close();
  }
});

Deno.test("chat unread: a muted conversation is no news: no hint, left out of the app shell's badge", async () => {
  const teamId = await teamIdOf(server, "alice@acme.test");
  const bobClaims = claimsForUser(bobId, "bob@acme.test", teamId);
  const muted = await newChannel(alice, "muted-by-bob", [bobId]);
  const other = await newChannel(alice, "heard-by-bob", [bobId]);
  // bob mutes it: his own membership row, as he may
  await server.db.asUser(
    bobClaims,
    (tx) =>
      tx.query("update public.channel_members set muted = true where channel_id = $1 and user_id = auth.uid()", [
        muted,
      ]),
  );
  const before = await chatUnread(server.db, bobClaims, teamId);
  const home = await connected(socketFor(server.url, bob.token));
  const hints = collect(home, "chat:unread");
  try {
    const first = next<{ channel_id: string }>(home, "chat:unread");
    for (const channel of [muted, other]) {
      const sent = await alice.post(`/api/v1/channels/${channel}/messages`, {
        client_id: crypto.randomUUID(),
        body: "news?",
      });
      assertEquals(sent.status, 201);
    }
    // hints go out in order: one for the muted channel would have come first
    assertEquals((await first).channel_id, other);
    assertEquals(hints.items.map((h) => h.channel_id), [other]);
    const after = await chatUnread(server.db, bobClaims, teamId);
    assertEquals(after.unread, before.unread + 1, "only the message in the conversation bob did not mute");
    // the list keeps the muted conversation's own count
    const listed = await channelOf(bob, muted);
    assertEquals([listed.unread_count, (listed as ChannelInfo & { muted: boolean }).muted], [1, true]);
  } finally {
    home.close();
  }
});

Deno.test("#general: every new team has it with all its members, whichever way the team was made", async () => {
  const generalOf = async (teamId: string) =>
    await server.db.asService("test:general", (tx) =>
      tx.query<{ id: string; members: string[] }>(
        `select c.id, array(select user_id::text from public.channel_members m where m.channel_id = c.id
                            order by user_id) as members
         from public.channels c where c.team_id = $1 and c.name = 'general' and c.type = 'public'`,
        [teamId],
      ));
  // embedded signup and the team page: app.create_team as the new owner
  const owner = await createPerson(server.db, "gina@general-team.test", "Gina General");
  const [made] = await server.db.asUser(
    owner.claims,
    (tx) => tx.query<{ id: string }>("select id from app.create_team('General Co')"),
  );
  const [general] = await generalOf(made.id);
  assert(general, "the team has #general");
  assertEquals(general.members, [owner.id]);
  // a later member joins it
  const invitee = await createPerson(server.db, "ivan@general-team.test", "Ivan Invitee");
  await server.db.asService(
    "test:general",
    (tx) =>
      tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'rep')", [
        made.id,
        invitee.id,
      ]),
  );
  assertEquals((await generalOf(made.id))[0].members, [owner.id, invitee.id].sort());
  // and sees it in the channel list as a member
  const listed = await server.db.asUser(
    invitee.claims,
    (tx) => tx.query<{ name: string }>("select name from public.channels where team_id = $1", [made.id]),
  );
  assertEquals(listed.map((c) => c.name), ["general"]);

  // Supabase-style signup: the trigger on auth.users provisions the team of a confirmed user
  const [user] = await server.db.asService("test:general", (tx) =>
    tx.query<{ id: string }>(
      `insert into auth.users (email, email_confirmed_at, raw_user_meta_data)
       values ('sam@general-signup.test', now(), '{"company_name": "Signup Co", "full_name": "Sam Signup"}')
       returning id`,
    ));
  const [team] = await server.db.asService(
    "test:general",
    (tx) => tx.query<{ team_id: string }>("select team_id from public.team_members where user_id = $1", [user.id]),
  );
  assert(team, "the signup trigger made a team");
  assertEquals((await generalOf(team.team_id))[0]?.members, [user.id]);
});
