// Every producer of notifications, through the real API and triggers: task assigned, deal stage changed (owner
// and watchers), lead assigned, invitation accepted, @mentions in notes and comments (and chat messages when
// the chat tables exist). The actor never hears about their own action; preferences turned off mean nothing.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { claimsFor, createPerson } from "../helpers/fixtures.ts";
import { otherTeamMember, teamIdOf, userIdOf } from "./realtime_helpers.ts";
import { WebClient } from "../helpers/web-client.ts";
import { DEMO_TEAM } from "../../lib/seed/demo.ts";

interface N {
  id: string;
  type: string;
  title: string;
  body: string | null;
  url: string | null;
  actor_id: string | null;
  actor_name: string | null;
  record_type: string | null;
  record_id: string | null;
}

async function inbox(client: ApiClient, filter = "all"): Promise<N[]> {
  const res = await client.get(`/api/v1/notifications?filter=${filter}&limit=100`);
  assertEquals(res.status, 200, JSON.stringify(res.json));
  return res.json.data;
}

/** The unread chat counts the app shell rendered (the sidebar's badge). */
function shellCounts(html: string) {
  const match = /data-chat-unread="(\d+)" data-chat-direct="(\d+)"/.exec(html);
  assert(match, "the Chat item has its unread badge");
  return { unread: Number(match[1]), direct: Number(match[2]) };
}

async function rawFor(server: TestServer, userId: string, type: string) {
  return await server.db.asService(
    "test:notifications",
    (tx) =>
      tx.query<{ id: string; in_app: boolean; title: string; record_id: string }>(
        "select id, in_app, title, record_id from public.notifications where user_id = $1 and type = $2 order by created_at",
        [userId, type],
      ),
  );
}

Deno.test("notification producers", async (t) => {
  const server = await startTestServer({ seed: true });
  try {
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    const bob = await ApiClient.signIn(server.url, "bob@acme.test");
    const carol = await ApiClient.signIn(server.url, "carol@acme.test");
    const ids = {
      alice: await userIdOf(server, "alice@acme.test"),
      bob: await userIdOf(server, "bob@acme.test"),
      carol: await userIdOf(server, "carol@acme.test"),
    };
    const teamId = await teamIdOf(server, "alice@acme.test");

    await t.step("task assigned: the assignee hears, the person who assigned does not", async () => {
      const res = await alice.post("/api/v1/tasks", { title: "Call Globex back", assignee_id: ids.bob });
      assertEquals(res.status, 201, JSON.stringify(res.json));
      const task = res.json.data;
      const [n] = (await inbox(bob)).filter((x) => x.type === "task_assigned" && x.record_id === task.id);
      assert(n, "bob got task_assigned");
      assertEquals(n.title, "Alice Martin assigned you a task");
      assertEquals(n.body, "Call Globex back");
      assertEquals(n.url, `/tasks/${task.id}`);
      assertEquals(n.actor_id, ids.alice);
      assertEquals(n.actor_name, "Alice Martin");
      assertEquals((await inbox(alice)).filter((x) => x.record_id === task.id).length, 0);

      // assigning to yourself, or saving without changing the assignee, makes nothing
      const own = await alice.post("/api/v1/tasks", { title: "My own", assignee_id: ids.alice });
      assertEquals((await rawFor(server, ids.alice, "task_assigned")).length, 0);
      const edit = await alice.patch(`/api/v1/tasks/${task.id}`, { title: "Call Globex back today" });
      assertEquals(edit.status, 200, JSON.stringify(edit.json));
      assertEquals((await rawFor(server, ids.bob, "task_assigned")).length, 1);
      // handing it over to carol notifies carol
      await alice.patch(`/api/v1/tasks/${task.id}`, { assignee_id: ids.carol });
      assertEquals((await rawFor(server, ids.carol, "task_assigned")).map((r) => r.record_id), [task.id]);
      assertEquals(own.status, 201);
    });

    await t.step("deal stage changed: owner and watchers hear it, the mover does not", async () => {
      const board = await alice.get("/api/v1/deals/board/default");
      const stages: { id: string; name: string }[] = board.json.data.stages;
      const created = await alice.post("/api/v1/deals", { name: "Acme renewal", value: 1000, owner_id: ids.bob });
      assertEquals(created.status, 201, JSON.stringify(created.json));
      const deal = created.json.data;
      const watch = await carol.request("PUT", `/api/v1/notifications/watch/deals/${deal.id}`);
      assertEquals(watch.status, 200, JSON.stringify(watch.json));
      // alice watches too, but she moves it herself
      await alice.request("PUT", `/api/v1/notifications/watch/deals/${deal.id}`);
      const to = stages[1];
      const moved = await alice.post(`/api/v1/deals/${deal.id}/move`, { stage_id: to.id });
      assertEquals(moved.status, 200, JSON.stringify(moved.json));
      for (const client of [bob, carol]) {
        const [n] = (await inbox(client)).filter((x) => x.type === "deal_stage_changed" && x.record_id === deal.id);
        assert(n, "owner and watcher got the stage change");
        assertEquals(n.title, `Acme renewal moved to ${to.name}`);
        assertEquals(n.body, `Alice Martin moved it from ${stages[0].name} to ${to.name}.`);
        assertEquals(n.url, `/deals/${deal.id}`);
      }
      assertEquals((await rawFor(server, ids.alice, "deal_stage_changed")).length, 0);
      // carol stops watching: the next move reaches bob only
      await carol.delete(`/api/v1/notifications/watch/deals/${deal.id}`);
      await alice.post(`/api/v1/deals/${deal.id}/move`, { stage_id: stages[2].id });
      assertEquals((await rawFor(server, ids.bob, "deal_stage_changed")).length, 2);
      assertEquals((await rawFor(server, ids.carol, "deal_stage_changed")).length, 1);
      // watching a deal that does not exist is a 404, not a 500
      const missing = await carol.request("PUT", `/api/v1/notifications/watch/deals/${crypto.randomUUID()}`);
      assertEquals(missing.status, 404);
    });

    await t.step("lead assigned: a lead created for bob, then handed to carol", async () => {
      const res = await alice.post("/api/v1/leads", { business_name: "Initech", owner_id: ids.bob });
      assertEquals(res.status, 201, JSON.stringify(res.json));
      const lead = res.json.data;
      const [n] = (await inbox(bob)).filter((x) => x.type === "lead_assigned" && x.record_id === lead.id);
      assert(n);
      assertEquals(n.title, "Alice Martin assigned you a lead");
      assertEquals(n.url, `/leads/${lead.id}`);
      const mine = await alice.post("/api/v1/leads", { business_name: "Own lead" });
      assertEquals(mine.status, 201);
      assertEquals((await rawFor(server, ids.alice, "lead_assigned")).length, 0);
      await alice.patch(`/api/v1/leads/${lead.id}`, { owner_id: ids.carol });
      assertEquals((await rawFor(server, ids.carol, "lead_assigned")).map((r) => r.record_id), [lead.id]);
    });

    await t.step("invitation accepted: the inviter hears who joined", async () => {
      const dana = await createPerson(server.db, "dana@elsewhere.test", "Dana Scully");
      const token = "token-" + crypto.randomUUID();
      const hash = Array.from(
        new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token))),
      ).map((b) => b.toString(16).padStart(2, "0")).join("");
      await server.db.asService("test:invite", (tx) =>
        tx.query(
          "insert into public.invitations (team_id, email, role, token_hash, invited_by) values ($1, $2, 'rep', $3, $4)",
          [teamId, dana.email, hash, ids.bob],
        ));
      await server.db.asUser(
        claimsFor(dana.id, dana.email),
        (tx) => tx.query("select team_id from app.accept_invitation($1)", [hash]),
      );
      const [n] = (await inbox(bob)).filter((x) => x.type === "invite_accepted");
      assert(n, "bob, who invited, got invite_accepted");
      assertEquals(n.title, "Dana Scully accepted your invitation");
      assertEquals(n.body, `They joined ${DEMO_TEAM} as rep.`);
      assertEquals(n.url, "/settings/team");
      assertEquals((await rawFor(server, ids.alice, "invite_accepted")).length, 0);
    });

    await t.step("mentions in a note and in a comment; notified_at is set; self-mention is quiet", async () => {
      const companies = await alice.post("/api/v1/companies", { name: "Hooli" });
      const companyId = companies.json.data.id;
      const note = await bob.post("/api/v1/activities", {
        record_type: "company",
        record_id: companyId,
        type: "note",
        body: "Budget approved. @alice can you join? @bob note to self",
      });
      assertEquals(note.status, 201, JSON.stringify(note.json));
      const activityId = note.json.data.id;
      const [n] = (await inbox(alice)).filter((x) => x.type === "mention");
      assert(n, "alice was mentioned");
      assertEquals(n.title, "Bob Okafor mentioned you in a note");
      assertEquals(n.url, `/companies/${companyId}#activity-${activityId}`);
      assert(n.body!.startsWith("Budget approved."));
      assertEquals((await rawFor(server, ids.bob, "mention")).length, 0);

      const comment = await alice.post(`/api/v1/activities/${activityId}/comments`, { body: "Sure @carol, join too" });
      assertEquals(comment.status, 201, JSON.stringify(comment.json));
      const [c] = (await inbox(carol)).filter((x) => x.type === "mention");
      assertEquals(c.title, "Alice Martin mentioned you in a comment");
      assertEquals(c.body, "Sure @carol, join too");

      const pending = await server.db.asService(
        "test:mentions",
        (tx) => tx.query("select id from public.activity_mentions where notified_at is null"),
      );
      assertEquals(pending.length, 0, "every mention is marked notified");
    });

    await t.step("chat mentions (when the chat tables exist)", async () => {
      const [exists] = await server.db.asService("test:chat", (tx) =>
        tx.query<{ ok: boolean }>(
          `select to_regclass('public.message_mentions') is not null
             and exists (select 1 from pg_trigger where tgname = 'message_mentions_notify') as ok`,
        ));
      const [table] = await server.db.asService(
        "test:chat",
        (tx) => tx.query<{ ok: boolean }>("select to_regclass('public.message_mentions') is not null as ok"),
      );
      // the trigger exists exactly when the table does
      assertEquals(exists.ok, table.ok);
      if (!table.ok) return;
      const channel = await alice.post("/api/v1/channels", {
        name: "notif-test",
        type: "public",
        member_ids: [ids.bob],
      });
      if (channel.status !== 201) {
        console.warn(`chat API not ready (${channel.status}); chat mention step skipped`);
        return;
      }
      const sent = await alice.post(`/api/v1/channels/${channel.json.data.id}/messages`, {
        client_id: crypto.randomUUID(),
        body: `Hi @[Bob Okafor](user:${ids.bob}) look at this`,
      });
      assertEquals(sent.status, 201, JSON.stringify(sent.json));
      const [n] = (await inbox(bob)).filter((x) => x.type === "mention" && x.record_type === "message");
      assert(n, "bob got the chat mention");
      assertEquals(n.title, "Alice Martin mentioned you in #notif-test");
      assertEquals(n.body, "Hi @Bob Okafor look at this");
    });

    await t.step("direct messages: one notification per message, for the others in it only", async () => {
      const zoe = await otherTeamMember(server, "zoe@dm-notify.test");
      const zoeId = await userIdOf(server, "zoe@dm-notify.test");
      const dm = await alice.post("/api/v1/channels/direct", { user_ids: [ids.bob] });
      assertEquals(dm.status < 300, true, JSON.stringify(dm.json));
      const dmId = dm.json.data.id as string;
      const clientId = crypto.randomUUID();
      const body = { client_id: clientId, body: "Bob, the **Globex** contract is back" };
      const sent = await alice.post(`/api/v1/channels/${dmId}/messages`, body);
      assertEquals(sent.status, 201, JSON.stringify(sent.json));
      const messageId = sent.json.data.id as string;
      // sent again (a retry): still one message and one notification
      await alice.post(`/api/v1/channels/${dmId}/messages`, body);
      const mine = (await inbox(bob)).filter((x) => x.type === "direct_message" && x.record_id === messageId);
      assertEquals(mine.length, 1);
      assertEquals(mine[0].title, "Alice Martin sent you a message");
      assertEquals(mine[0].body, "Bob, the **Globex** contract is back");
      assertEquals(mine[0].url, `/chat/${dmId}?message=${messageId}`);
      assertEquals(mine[0].actor_id, ids.alice);
      assertEquals((await rawFor(server, ids.bob, "direct_message")).length, 1);
      assertEquals((await rawFor(server, ids.alice, "direct_message")).length, 0, "not the sender");
      assertEquals((await rawFor(server, ids.carol, "direct_message")).length, 0, "not someone outside the DM");
      assertEquals((await rawFor(server, zoeId, "direct_message")).length, 0, "not another team");
      assertEquals((await inbox(zoe)).length, 0);
      // bob's answer notifies alice
      await bob.post(`/api/v1/channels/${dmId}/messages`, { client_id: crypto.randomUUID(), body: "On it" });
      assertEquals((await rawFor(server, ids.alice, "direct_message")).length, 1);
    });

    await t.step("group messages: everyone else hears; a mention there is one mention, not two", async () => {
      const group = await alice.post("/api/v1/channels/direct", { user_ids: [ids.bob, ids.carol] });
      const groupId = group.json.data.id as string;
      const before = {
        bob: await rawFor(server, ids.bob, "direct_message"),
        carol: await rawFor(server, ids.carol, "direct_message"),
      };
      const sent = await alice.post(`/api/v1/channels/${groupId}/messages`, {
        client_id: crypto.randomUUID(),
        body: `@[Bob Okafor](user:${ids.bob}) and Carol: lunch?`,
      });
      assertEquals(sent.status, 201, JSON.stringify(sent.json));
      const messageId = sent.json.data.id;
      const carolGot = (await rawFor(server, ids.carol, "direct_message")).filter((n) => n.record_id === messageId);
      assertEquals(carolGot.length, 1);
      assertEquals(carolGot[0].title, "Alice Martin wrote in your group conversation");
      assertEquals(
        (await rawFor(server, ids.bob, "direct_message")).length,
        before.bob.length,
        "bob: the mention only",
      );
      const bobs = (await inbox(bob)).filter((x) => x.record_id === messageId);
      assertEquals(bobs.map((x) => x.type), ["mention"]);
      assertEquals(before.carol.length + 1, (await rawFor(server, ids.carol, "direct_message")).length);
    });

    await t.step("direct messages honour preferences and muting", async () => {
      const dm = await alice.post("/api/v1/channels/direct", { user_ids: [ids.bob] });
      const dmId = dm.json.data.id as string;
      const off = await bob.request("PUT", "/api/v1/notifications/preferences", {
        preferences: [{ type: "direct_message", in_app: false, email: false, push: false }],
      });
      assertEquals(off.status, 200, JSON.stringify(off.json));
      const before = (await rawFor(server, ids.bob, "direct_message")).length;
      await alice.post(`/api/v1/channels/${dmId}/messages`, { client_id: crypto.randomUUID(), body: "quiet?" });
      assertEquals((await rawFor(server, ids.bob, "direct_message")).length, before);
      // email and push only: kept for the digest and push, not in the bell
      await bob.request("PUT", "/api/v1/notifications/preferences", {
        preferences: [{ type: "direct_message", in_app: false, email: true, push: true }],
      });
      await alice.post(`/api/v1/channels/${dmId}/messages`, { client_id: crypto.randomUUID(), body: "by mail" });
      const rows = await rawFor(server, ids.bob, "direct_message");
      assertEquals([rows.length, rows[rows.length - 1].in_app], [before + 1, false]);
      const prefs = (await bob.get("/api/v1/notifications/preferences")).json.data;
      assert(prefs.some((p: { type: string; label: string }) => p.type === "direct_message" && p.label));
      await bob.request("PUT", "/api/v1/notifications/preferences", {
        preferences: [{ type: "direct_message", in_app: true, email: true, push: true }],
      });
      // a muted conversation stays quiet
      await server.db.asUser(
        claimsFor(ids.bob, "bob@acme.test"),
        (tx) =>
          tx.query("update public.channel_members set muted = true where channel_id = $1 and user_id = $2", [
            dmId,
            ids.bob,
          ]),
      );
      await alice.post(`/api/v1/channels/${dmId}/messages`, { client_id: crypto.randomUUID(), body: "muted" });
      assertEquals((await rawFor(server, ids.bob, "direct_message")).length, before + 1);
      await server.db.asUser(
        claimsFor(ids.bob, "bob@acme.test"),
        (tx) =>
          tx.query("update public.channel_members set muted = false where channel_id = $1 and user_id = $2", [
            dmId,
            ids.bob,
          ]),
      );
    });

    await t.step("bob's unread chat is in the HTML of every page, DMs counted apart", async () => {
      const web = new WebClient(server.url);
      await web.login("bob@acme.test");
      const dm = await alice.post("/api/v1/channels/direct", { user_ids: [ids.bob] });
      const dmId = dm.json.data.id as string;
      // bob reads everything first, so the counts below are exactly alice's two messages
      for (
        const c of (await bob.get("/api/v1/channels")).json.data as {
          id: string;
          is_member: boolean;
          last_seq: number;
        }[]
      ) {
        if (c.is_member && c.last_seq > 0) await bob.post(`/api/v1/channels/${c.id}/read`, { seq: c.last_seq });
      }
      const empty = await web.get("/");
      assertEquals(shellCounts(empty.html), { unread: 0, direct: 0 });
      for (const text of ["Are you free at 3?", "It is about the Initech renewal"]) {
        const res = await alice.post(`/api/v1/channels/${dmId}/messages`, {
          client_id: crypto.randomUUID(),
          body: text,
        });
        assertEquals(res.status, 201);
      }
      const home = await web.get("/");
      assertEquals(home.status, 200);
      assertEquals(shellCounts(home.html), { unread: 2, direct: 2 });
      assert(home.html.includes("2 unread messages, 2 in direct messages"), "read out to screen readers");
      // a thread reply in a channel counts as unread too (not as a direct message)
      const general = (await bob.get("/api/v1/channels")).json.data.find((c: { name: string }) => c.name === "general");
      const root = await alice.post(`/api/v1/channels/${general.id}/messages`, {
        client_id: crypto.randomUUID(),
        body: "Thread",
      });
      await bob.post(`/api/v1/channels/${general.id}/read`, { seq: root.json.data.seq });
      const reply = await alice.post(`/api/v1/channels/${general.id}/messages`, {
        client_id: crypto.randomUUID(),
        body: "A reply in the thread",
        parent_id: root.json.data.id,
      });
      assertEquals(reply.status, 201, JSON.stringify(reply.json));
      const listed = (await bob.get("/api/v1/channels")).json.data.find((c: { id: string }) => c.id === general.id);
      assertEquals(listed.unread_count, 1);
      assertEquals(shellCounts((await web.get("/deals")).html), { unread: 3, direct: 2 });
    });

    await t.step("preferences: all channels off → nothing; only in-app off → kept for email, hidden", async () => {
      const off = await bob.request("PUT", "/api/v1/notifications/preferences", {
        preferences: [{ type: "lead_assigned", in_app: false, email: false, push: false }],
      });
      assertEquals(off.status, 200, JSON.stringify(off.json));
      const before = (await rawFor(server, ids.bob, "lead_assigned")).length;
      await alice.post("/api/v1/leads", { business_name: "Quiet lead", owner_id: ids.bob });
      assertEquals((await rawFor(server, ids.bob, "lead_assigned")).length, before);

      await bob.request("PUT", "/api/v1/notifications/preferences", {
        preferences: [{ type: "lead_assigned", email: true }],
      });
      const lead = await alice.post("/api/v1/leads", { business_name: "Email-only lead", owner_id: ids.bob });
      const rows = await rawFor(server, ids.bob, "lead_assigned");
      assertEquals(rows.length, before + 1);
      assertEquals(rows[rows.length - 1].in_app, false);
      assertEquals((await inbox(bob)).filter((x) => x.record_id === lead.json.data.id).length, 0);

      const prefs = await bob.get("/api/v1/notifications/preferences");
      const lp = prefs.json.data.find((p: { type: string }) => p.type === "lead_assigned");
      assertEquals([lp.in_app, lp.email, lp.push, lp.sms], [false, true, false, false]);
      const bad = await bob.request("PUT", "/api/v1/notifications/preferences", {
        preferences: [{ type: "weather", in_app: true }],
      });
      assertEquals(bad.status, 422);
      assert(bad.json.error.message.includes("type is one of"));
    });
  } finally {
    await server.close();
  }
});
