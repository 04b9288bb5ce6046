// chat:send: committed first, then broadcast to channel:<id> with the channel's database seq; idempotent on
// client_id; sender and timestamps from the server; limits, bad payloads and XSS payloads handled.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, next, userIdOf } from "./realtime_helpers.ts";
import { channelNamed, collect, inRoom, newChannel, send } from "./chat_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const aliceId = await userIdOf(server, "alice@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");
const carolId = await userIdOf(server, "carol@acme.test");

Deno.test("chat send: the message reaches the room with the channel's next seq, and the ack carries it", async () => {
  const channel = await newChannel(alice, "send-basics", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const heard = next<Record<string, unknown>>(b.socket, "message.created");
    const reply = await ask(a.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "Hello **team**",
    });
    assertEquals(reply.ok, true);
    const message = reply.message;
    assertEquals(message.seq, a.lastSeq + 1);
    assertEquals(message.change_seq, message.seq);
    assertEquals(message.sender_id, aliceId);
    assertEquals(message.sender_name, "Alice Martin");
    assertEquals(message.body, "Hello **team**");
    assertEquals(message.body_html, "<p>Hello <strong>team</strong></p>");
    assertEquals(message.reactions, []);
    const event = await heard as { room: string; seq: number; type: string; payload: { id: string } };
    assertEquals(event.room, `channel:${channel}`);
    assertEquals(event.type, "message.created");
    assertEquals(event.seq, message.seq);
    assertEquals(event.payload.id, message.id);
    // the room's numbering is the database's: a new join reports it
    const again = await ask(b.socket, "join", { room: `channel:${channel}` });
    assertEquals(again.last_seq, message.seq);
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat send: the same client_id twice stores and broadcasts one message", async () => {
  const channel = await newChannel(alice, "send-idempotent", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const created = collect<{ seq: number; payload: { id: string; body: string } }>(b.socket, "message.created");
    const clientId = crypto.randomUUID();
    const first = await ask(a.socket, "chat:send", { channel_id: channel, client_id: clientId, body: "once" });
    const second = await ask(a.socket, "chat:send", { channel_id: channel, client_id: clientId, body: "once" });
    // over HTTP too (an offline queue may retry either way)
    const third = await alice.post(`/api/v1/channels/${channel}/messages`, { client_id: clientId, body: "once" });
    assertEquals(third.status, 200);
    assertEquals(second.message.id, first.message.id);
    assertEquals(third.json.data.id, first.message.id);
    assertEquals(second.message.seq, first.message.seq);
    const after = await send(a.socket, channel, "twice");
    // events arrive in order: the one after the retries is the next message, no duplicate in between
    const items = await created.until(2);
    assertEquals(items.map((e) => e.payload.body), ["once", "twice"]);
    assertEquals(after.seq, first.message.seq + 1);
    // reusing a client_id in another channel is refused
    const general = await channelNamed(alice, "general");
    const reused = await ask(a.socket, "chat:send", { channel_id: general.id, client_id: clientId, body: "x" });
    assertEquals(reused.error.code, "conflict");
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat send: a forged sender, seq and timestamps in the payload are ignored", async () => {
  const channel = await newChannel(alice, "send-forged", [bobId, carolId]);
  const c = await inRoom(server.url, carol, `channel:${channel}`);
  try {
    const message = await send(c.socket, channel, "who wrote this?", {
      sender_id: aliceId,
      sender_name: "Alice Martin",
      created_at: "2001-01-01T00:00:00Z",
      seq: 9999,
      change_seq: 9999,
      edited_at: "2001-01-01T00:00:00Z",
      body_html: "<img src=x onerror=alert(1)>",
    });
    assertEquals(message.sender_id, carolId);
    assertEquals(message.sender_name, "Carol Nguyen");
    assert(Math.abs(Date.parse(message.created_at) - Date.now()) < 60_000, "created_at is the server's");
    assertEquals(message.edited_at, null);
    assert(message.seq < 9999);
    assertEquals(message.body_html, "<p>who wrote this?</p>");
    const http = await carol.post(`/api/v1/channels/${channel}/messages`, {
      client_id: crypto.randomUUID(),
      body: "over http",
      sender_id: aliceId,
      created_at: "2001-01-01T00:00:00Z",
    });
    assertEquals(http.status, 201);
    assertEquals(http.json.data.sender_id, carolId);
    assert(Date.parse(http.json.data.created_at) > Date.parse("2020-01-01"));
  } finally {
    c.socket.close();
  }
});

Deno.test("chat send: too long, empty and malformed messages get an error and store nothing", async () => {
  const channel = await newChannel(alice, "send-limits", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const created = collect<{ payload: { body: string } }>(b.socket, "message.created");
    const long = await ask(a.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "x".repeat(4001),
    });
    assertEquals(long.ok, false);
    assertEquals(long.error.code, "too_large");
    assertMatch(long.error.message, /4,000 characters/);
    // exactly 4000 is fine (emoji count as one character each)
    const max = await ask(a.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "👍".repeat(4000),
    });
    assertEquals(max.ok, true);
    const empty = await ask(a.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "  \n ",
    });
    assertEquals(empty.error.code, "invalid_payload");
    for (
      const bad of [
        null,
        "hello",
        { channel_id: channel, body: "no client id" },
        { channel_id: "general", client_id: crypto.randomUUID(), body: "x" },
        { channel_id: channel, client_id: crypto.randomUUID(), body: 42 },
        { channel_id: channel, client_id: crypto.randomUUID(), body: "x", parent_id: "nope" },
      ]
    ) {
      const reply = await ask(a.socket, "chat:send", bad);
      assertEquals(reply.ok, false, JSON.stringify(bad));
      assertEquals(reply.error.code, "invalid_payload", JSON.stringify(bad));
    }
    // without an ack, the refusal comes as an error event
    const error = next<{ code: string; event: string }>(a.socket, "error");
    a.socket.emit("chat:send", { channel_id: channel });
    assertEquals((await error).event, "chat:send");
    const http = await alice.post(`/api/v1/channels/${channel}/messages`, {
      client_id: crypto.randomUUID(),
      body: "y".repeat(4001),
    });
    assertEquals(http.status, 413);
    assertMatch(http.json.error.message, /too long/);
    // an unknown channel and a parent from elsewhere
    const unknown = await ask(a.socket, "chat:send", {
      channel_id: crypto.randomUUID(),
      client_id: crypto.randomUUID(),
      body: "x",
    });
    assertEquals(unknown.error.code, "not_found");
    await send(a.socket, channel, "last");
    const items = await created.until(2);
    assertEquals(items.length, 2);
    assertEquals(items[1].payload.body, "last");
    const history = await alice.get(`/api/v1/channels/${channel}/messages`);
    assertEquals(history.json.data.length, 2);
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat send: only members post; archived channels take no messages", async () => {
  const channel = await newChannel(bob, "send-members", []);
  const c = await inRoom(server.url, carol, `channel:${channel}`); // public: carol may preview it
  try {
    const refused = await ask(c.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "hi",
    });
    assertEquals(refused.error.code, "forbidden");
    assertMatch(refused.error.message, /Join #send-members first/);
    assertEquals((await carol.post(`/api/v1/channels/${channel}/join`)).status, 200);
    await send(c.socket, channel, "joined and posting");
    assertEquals((await bob.patch(`/api/v1/channels/${channel}`, { archived: true })).status, 200);
    const archived = await ask(c.socket, "chat:send", {
      channel_id: channel,
      client_id: crypto.randomUUID(),
      body: "hi",
    });
    assertEquals(archived.error.code, "conflict");
    assertMatch(archived.error.message, /archived/);
  } finally {
    c.socket.close();
  }
});

const XSS = [
  "<script>alert('xss')</script>",
  "<img src=x onerror=alert(1)>",
  "<svg/onload=alert(1)>",
  "<iframe src=javascript:alert(1)></iframe>",
  "[click me](javascript:alert(1))",
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<a href="javascript:alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">styled</div>',
  '"><script>alert(1)</script>',
  "<body onload=alert(1)>",
  '![x](x" onerror="alert(1))',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "`<b>` and ```\n<script>alert(1)</script>\n```",
  "@[<img src=x onerror=alert(1)>](user:00000000-0000-0000-0000-000000000000)",
  "<<script>script>alert(1)<</script>/script>",
  '<a href="&#106;avascript:alert(1)">encoded</a>',
  "[x](JaVaScRiPt:alert(1))",
];

Deno.test("chat send: XSS payloads are stored as written and rendered harmless", async () => {
  const channel = await newChannel(alice, "send-xss", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  const b = await inRoom(server.url, bob, `channel:${channel}`);
  try {
    const heard = collect<{ payload: { body: string; body_html: string } }>(b.socket, "message.created");
    for (const payload of XSS) {
      const message = await send(a.socket, channel, payload);
      assertEquals(message.body, payload);
      const html: string = message.body_html;
      // the only real tags are harmless ones, without event handlers, styles or script URLs
      for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
        assertMatch(tag, /^<(p|br|strong|em|code|pre|a|span|del|ul|ol|li|blockquote)\b/i, `${payload} → ${html}`);
        assert(!/\son[a-z]+\s*=|style\s*=|javascript:|data:/i.test(tag), `${payload} → ${tag}`);
      }
    }
    const items = await heard.until(XSS.length);
    assertEquals(items.map((e) => e.payload.body), XSS);
    const script = items[0].payload.body_html;
    assertEquals(script, "&lt;script&gt;alert('xss')&lt;/script&gt;");
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

Deno.test("chat send: @mentions of members and @channel are stored for notifications", async () => {
  const channel = await newChannel(alice, "send-mentions", [bobId, carolId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  try {
    const named = await send(
      a.socket,
      channel,
      `ping @[Bobby](user:${bobId}) and @[Nobody](user:${crypto.randomUUID()})`,
    );
    assertEquals(named.mentions, [bobId]);
    assertEquals(named.mention_channel, false);
    assertMatch(named.body_html, new RegExp(`<span class="mention" data-user-id="${bobId}">@Bob Okafor</span>`));
    assertMatch(named.body_html, /@Nobody/);
    const everyone = await send(a.socket, channel, "@channel standup in 5, write to alice@channel.test");
    assertEquals(everyone.mention_channel, true);
    const rows = await server.db.asService(
      "test:mentions",
      (tx) =>
        tx.query<{ message_id: string; mentioned_user_id: string; mentioned_by: string; kind: string }>(
          `select message_id, mentioned_user_id, mentioned_by, kind from public.message_mentions
         where channel_id = $1 order by kind desc, mentioned_user_id`,
          [channel],
        ),
    );
    const byMessage = (id: string) => rows.filter((r) => r.message_id === id);
    assertEquals(byMessage(named.id).map((r) => [r.mentioned_user_id, r.kind, r.mentioned_by]), [[
      bobId,
      "user",
      aliceId,
    ]]);
    assertEquals(
      byMessage(everyone.id).map((r) => r.mentioned_user_id).sort(),
      [bobId, carolId].sort(),
    );
    // the sender is never mentioned by their own @channel
    assert(!byMessage(everyone.id).some((r) => r.mentioned_user_id === aliceId));
  } finally {
    a.socket.close();
  }
});

Deno.test("chat send: links to records unfurl into cards the sender can see", async () => {
  const channel = await newChannel(alice, "send-unfurl", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  try {
    const pipelines = await alice.get("/api/v1/pipelines");
    const stage = pipelines.json.data[0].stages.find((s: { name: string }) => s.name === "Proposal") ??
      pipelines.json.data[0].stages[0];
    const deal = await alice.post("/api/v1/deals", { name: "Acme renewal", value: 24000, stage_id: stage.id });
    assertEquals(deal.status, 201);
    const dealId = deal.json.data.id;
    const message = await send(
      a.socket,
      channel,
      `Look at ${
        server.url.replace("127.0.0.1", "localhost")
      }/x and /deals/${dealId} plus /deals/${crypto.randomUUID()}`,
    );
    assertEquals(message.unfurls, [{
      record_type: "deal",
      record_id: dealId,
      title: "Deal: Acme renewal",
      subtitle: `${stage.name} · $24,000`,
      url: `/deals/${dealId}`,
    }]);
    assertMatch(message.body_html, new RegExp(`<a href="/deals/${dealId}">`));
  } finally {
    a.socket.close();
  }
});

Deno.test("chat send: a message is queued for embedding again only when its text changes", async () => {
  const channel = await newChannel(alice, "send-embed-queue", [bobId]);
  const a = await inRoom(server.url, alice, `channel:${channel}`);
  try {
    const message = await send(a.socket, channel, "Text to embed");
    const queued = (tx: { query<T>(sql: string, params: unknown[]): Promise<T[]> }) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from public.embedding_queue where record_kind = 'message' and record_id = $1",
        [message.id],
      ).then(([row]) => row.n);
    const rolledBack = new Error("rolled back");
    // In one transaction that is rolled back, so the embeddings job (every minute) neither sees nor empties it.
    await server.db.asService("test:embed-queue", async (tx) => {
      assertEquals(await queued(tx), 1, "a new message is queued");
      await tx.query("delete from public.embedding_queue where record_kind = 'message' and record_id = $1", [
        message.id,
      ]);
      // a thread reply (reply_count), a reaction or a pin (change_seq, pinned_at): the text is the same
      await tx.query(
        `update public.messages set reply_count = reply_count + 1, change_seq = change_seq + 1, pinned_at = now(),
           pinned_by = sender_id, mentions = '{}' where id = $1`,
        [message.id],
      );
      assertEquals(await queued(tx), 0, "no new text, nothing to embed");
      await tx.query("update public.messages set body = 'Other text', edited_at = now() where id = $1", [message.id]);
      assertEquals(await queued(tx), 1, "an edit is embedded again");
      throw rolledBack;
    }).catch((error) => {
      if (error !== rolledBack) throw error;
    });
  } finally {
    a.socket.close();
  }
});
