// Chat tenancy and privacy: another workspace's member can neither read nor write any chat table, over HTTP,
// over the socket or straight in SQL; a non-member cannot enter a private channel's or a DM's room; tables
// take writes only through the app.chat_* functions.
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, otherTeamMember, socketFor, userIdOf } from "./realtime_helpers.ts";
import { channelNamed, inRoom, send } from "./chat_helpers.ts";
import { claimsFor } from "../helpers/fixtures.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const zoe = await otherTeamMember(server, "zoe@chat-rls.test");
const aliceId = await userIdOf(server, "alice@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");
const zoeId = await userIdOf(server, "zoe@chat-rls.test");
const carolId = await userIdOf(server, "carol@acme.test");

const general = await channelNamed(alice, "general");
const leadership = await channelNamed(alice, "leadership");
const dm = ((await alice.get("/api/v1/channels")).json.data as { id: string; type: string }[]).find((c) =>
  c.type === "dm"
)!;
const a = await inRoom(server.url, alice, `channel:${general.id}`);
const acmeMessage = await send(a.socket, general.id, "Acme internal: Q3 numbers");
a.socket.close();

const TABLES = ["channels", "channel_members", "messages", "message_reactions", "message_mentions"];

Deno.test("rls chat: another workspace sees none of the chat tables in SQL", async () => {
  // a reaction and a mention, so every table has an Acme row
  await server.db.asService("test:rls", async (tx) => {
    await tx.query(
      `insert into public.message_reactions (message_id, team_id, channel_id, user_id, emoji)
       select id, team_id, channel_id, $2, '👍' from public.messages where id = $1`,
      [acmeMessage.id, aliceId],
    );
    await tx.query(
      `insert into public.message_mentions (team_id, message_id, channel_id, mentioned_user_id, mentioned_by)
       select team_id, id, channel_id, $2, sender_id from public.messages where id = $1`,
      [acmeMessage.id, bobId],
    );
  });
  const claims = claimsFor(zoeId, "zoe@chat-rls.test");
  const [acme] = await server.db.asService(
    "test:rls",
    (tx) => tx.query<{ team_id: string }>("select team_id from public.messages where id = $1", [acmeMessage.id]),
  );
  for (const table of TABLES) {
    // zoe's own team has its #general: none of Acme's rows show
    const rows = await server.db.asUser(
      claims,
      (tx) => tx.query(`select * from public.${table} where team_id = $1`, [acme.team_id]),
    );
    assertEquals(rows, [], table);
    // acme's own people do see them
    const theirs = await server.db.asUser(
      claimsFor(aliceId, "alice@acme.test"),
      (tx) => tx.query(`select 1 from public.${table} limit 1`),
    );
    assertEquals(theirs.length, 1, table);
  }
});

Deno.test("rls chat: nobody writes the tables directly, not even in their own channels", async () => {
  const claims = claimsFor(aliceId, "alice@acme.test");
  const attempts = [
    [
      "insert into public.messages (team_id, channel_id, seq, change_seq, client_id, sender_id, body, body_html) " +
      "select team_id, id, 999, 999, gen_random_uuid(), $1, 'forged', '<b>x</b>' from public.channels where id = $2",
      [
        bobId,
        general.id,
      ],
    ],
    ["update public.messages set body = 'rewritten' where id = $1", [acmeMessage.id]],
    ["delete from public.messages where id = $1", [acmeMessage.id]],
    ["update public.channels set last_seq = 0 where id = $1", [general.id]],
    [
      "insert into public.channel_members (channel_id, team_id, user_id) select id, team_id, $1 from public.channels where id = $2",
      [
        carolId,
        leadership.id,
      ],
    ],
    ["update public.channel_members set role = 'admin' where user_id = $1", [aliceId]],
    [
      "insert into public.message_mentions (team_id, message_id, channel_id, mentioned_user_id) select team_id, id, channel_id, $1 from public.messages where id = $2",
      [
        bobId,
        acmeMessage.id,
      ],
    ],
    ["delete from public.message_reactions", []],
  ] as const;
  for (const [sql, params] of attempts) {
    await assertRejects(() => server.db.asUser(claims, (tx) => tx.query(sql, [...params])), sql);
  }
  // one's own read position and mute flag are the exception
  const [own] = await server.db.asUser(claims, (tx) =>
    tx.query<{ muted: boolean }>(
      "update public.channel_members set muted = true where channel_id = $1 and user_id = $2 returning muted",
      [general.id, aliceId],
    ));
  assertEquals(own.muted, true);
  const others = await server.db.asUser(
    claims,
    (tx) => tx.query("update public.channel_members set muted = true where user_id <> $1 returning 1", [aliceId]),
  );
  assertEquals(others, []);
  const [row] = await server.db.asService(
    "test:rls",
    (tx) => tx.query<{ body: string }>("select body from public.messages where id = $1", [acmeMessage.id]),
  );
  assertEquals(row.body, "Acme internal: Q3 numbers");
});

Deno.test("rls chat: another workspace gets 404s over HTTP and sees nothing in lists or search", async () => {
  const list = await zoe.get("/api/v1/channels");
  assertEquals(list.status, 200);
  assert(!list.json.data.some((c: { id: string }) => [general.id, leadership.id, dm.id].includes(c.id)));
  for (const path of ["", "/messages", "/members", "/pins", `/messages?thread=${acmeMessage.id}`]) {
    assertEquals((await zoe.get(`/api/v1/channels/${general.id}${path}`)).status, 404, path);
  }
  const writes = [
    zoe.post(`/api/v1/channels/${general.id}/messages`, { client_id: crypto.randomUUID(), body: "hi" }),
    zoe.post(`/api/v1/channels/${general.id}/join`),
    zoe.post(`/api/v1/channels/${general.id}/leave`),
    zoe.patch(`/api/v1/channels/${general.id}`, { topic: "hacked" }),
    zoe.post(`/api/v1/channels/${general.id}/members`, { user_ids: [zoeId] }),
    zoe.delete(`/api/v1/channels/${general.id}/members/${aliceId}`),
    zoe.patch(`/api/v1/messages/${acmeMessage.id}`, { body: "hacked" }),
    zoe.delete(`/api/v1/messages/${acmeMessage.id}`),
    zoe.post(`/api/v1/messages/${acmeMessage.id}/reactions`, { emoji: "👎", on: true }),
    zoe.post(`/api/v1/messages/${acmeMessage.id}/pin`, { pinned: true }),
  ];
  for (const res of await Promise.all(writes)) assertEquals(res.status, 404, JSON.stringify(res.json));
  assertEquals((await zoe.post(`/api/v1/channels/${general.id}/read`, { seq: 1 })).status, 404);
  // a DM with someone of another workspace cannot be made
  assertEquals((await zoe.post("/api/v1/channels/direct", { user_ids: [aliceId] })).status, 404);
  assertEquals((await alice.post("/api/v1/channels", { name: "with-zoe", member_ids: [zoeId] })).status, 404);
  assertEquals((await zoe.get("/api/v1/messages/search?q=numbers")).json.data, []);
  assertEquals((await zoe.get(`/api/v1/messages/search?channel_id=${general.id}`)).json.data, []);
  const [row] = await server.db.asService("test:rls", (tx) =>
    tx.query<{ body: string; topic: string }>(
      "select m.body, c.topic from public.messages m join public.channels c on c.id = m.channel_id where m.id = $1",
      [acmeMessage.id],
    ));
  assertEquals(row.body, "Acme internal: Q3 numbers");
  assert(row.topic !== "hacked");
});

Deno.test("rls chat: another workspace can neither join nor write over the socket", async () => {
  const socket = await connected(socketFor(server.url, zoe.token));
  try {
    for (const channel of [general.id, leadership.id, dm.id]) {
      const join = await ask(socket, "join", { room: `channel:${channel}` });
      assertEquals(join.ok, false);
      assertEquals(join.error.code, "not_found");
    }
    const requests: [string, unknown][] = [
      ["chat:send", { channel_id: general.id, client_id: crypto.randomUUID(), body: "hi" }],
      ["chat:edit", { message_id: acmeMessage.id, body: "hacked" }],
      ["chat:delete", { message_id: acmeMessage.id }],
      ["chat:react", { message_id: acmeMessage.id, emoji: "👎", on: true }],
      ["chat:pin", { message_id: acmeMessage.id, pinned: true }],
    ];
    for (const [event, payload] of requests) {
      const reply = await ask(socket, event, payload);
      assertEquals(reply.ok, false, event);
      assertEquals(reply.error.code, "not_found", event);
    }
    assertEquals((await ask(socket, "chat:read", { channel_id: general.id, seq: 1 })).error.code, "not_found");
    assertEquals((await ask(socket, "chat:typing", { channel_id: general.id, typing: true })).error.code, "forbidden");
    assertEquals((await ask(socket, "sync", { room: `channel:${general.id}`, since: 0 })).error.code, "forbidden");
  } finally {
    socket.close();
  }
});

Deno.test("rls chat: teammates outside a private channel or DM cannot enter its room", async () => {
  const socket = await connected(socketFor(server.url, carol.token));
  try {
    for (const channel of [leadership.id, dm.id]) {
      const join = await ask(socket, "join", { room: `channel:${channel}` });
      assertEquals(join.error.code, "not_found");
      const sendReply = await ask(socket, "chat:send", {
        channel_id: channel,
        client_id: crypto.randomUUID(),
        body: "let me in",
      });
      assertEquals(sendReply.error.code, "not_found");
    }
    assertEquals((await carol.get(`/api/v1/channels/${leadership.id}/messages`)).status, 404);
    assertEquals((await carol.get(`/api/v1/channels/${dm.id}/messages`)).status, 404);
    assertEquals((await carol.get(`/api/v1/messages/search?channel_id=${dm.id}`)).json.data, []);
    // but a public channel of her own team she may preview without joining
    const join = await ask(socket, "join", { room: `channel:${general.id}` });
    assertEquals(join.ok, true);
    assertEquals((await ask(socket, "join", { room: "channel:nope" })).error.code, "invalid_room");
    assertEquals((await ask(socket, "join", { room: `channel:${general.id}:x` })).error.code, "invalid_room");
  } finally {
    socket.close();
  }
});
