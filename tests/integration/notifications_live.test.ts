// Live notifications over socket.io: a new notification reaches its person's sockets (room user:<id>) as
// notification.created, and nobody else's; marking read sends notification.updated with the new count to
// the person's other tabs; in-app turned off means no event; quiet hours never hold the in-app event.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, next, socketFor, teamIdOf, userIdOf } from "./realtime_helpers.ts";
import { runDigest } from "../../lib/notifications/digest.ts";
import type { Mailer, MailMessage } from "../../lib/mail/mailer.ts";

interface Created {
  room: string;
  seq: number;
  type: string;
  team_id: string;
  payload: { id: string; type: string; title: string; body: string; url: string; team_id: string; actor_name: string };
}

Deno.test("live notifications reach only their person", async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const bob = await ApiClient.signIn(server.url, "bob@acme.test");
  const carol = await ApiClient.signIn(server.url, "carol@acme.test");
  const bobId = await userIdOf(server, "bob@acme.test");
  const carolId = await userIdOf(server, "carol@acme.test");
  const teamId = await teamIdOf(server, "alice@acme.test");
  const bobSocket = await connected(socketFor(server.url, bob.token));
  const bobTab2 = await connected(socketFor(server.url, bob.token));
  const carolSocket = await connected(socketFor(server.url, carol.token));
  const aliceSocket = await connected(socketFor(server.url, alice.token));
  const seen: Record<string, Created[]> = { carol: [], alice: [] };
  carolSocket.on("notification.created", (e: Created) => seen.carol.push(e));
  aliceSocket.on("notification.created", (e: Created) => seen.alice.push(e));
  try {
    await t.step("a task assigned to bob: bob's sockets get notification.created, no one else", async () => {
      const event = next<Created>(bobSocket, "notification.created");
      const res = await alice.post("/api/v1/tasks", { title: "Live one", assignee_id: bobId });
      assertEquals(res.status, 201);
      const e = await event;
      assertEquals(e.room, `user:${bobId}`);
      assertEquals(e.team_id, teamId);
      assertEquals(e.payload.type, "task_assigned");
      assertEquals(e.payload.title, "Alice Martin assigned you a task");
      assertEquals(e.payload.body, "Live one");
      assertEquals(e.payload.url, `/tasks/${res.json.data.id}`);
      assertEquals(e.payload.actor_name, "Alice Martin");
      // the marker: carol's next event is her own, so bob's never reached her (events arrive in order)
      const carolsOwn = next<Created>(carolSocket, "notification.created");
      await alice.post("/api/v1/tasks", { title: "For carol", assignee_id: carolId });
      assertEquals((await carolsOwn).payload.body, "For carol");
      assertEquals(seen.carol.map((x) => x.payload.body), ["For carol"]);
      assertEquals(seen.alice.length, 0, "the actor hears nothing");
    });

    await t.step("marking read tells bob's other tab the new count", async () => {
      const list = await bob.get("/api/v1/notifications?filter=unread");
      const unread = list.json.unread_count;
      assert(unread >= 1);
      const updated = next<{ payload: { unread_count: number; action: string; ids: string[] } }>(
        bobTab2,
        "notification.updated",
      );
      const res = await bob.post(`/api/v1/notifications/${list.json.data[0].id}/read`);
      assertEquals(res.status, 200, JSON.stringify(res.json));
      const e = await updated;
      assertEquals(e.payload.action, "read");
      assertEquals(e.payload.unread_count, unread - 1);
      assertEquals(e.payload.ids, [list.json.data[0].id]);
    });

    await t.step("in-app off: no event; quiet hours: the event still comes", async () => {
      await bob.request("PUT", "/api/v1/notifications/preferences", {
        preferences: [{ type: "lead_assigned", in_app: false }],
      });
      await bob.request("PUT", "/api/v1/notifications/settings", {
        dnd_enabled: true,
        dnd_start: "00:00",
        dnd_end: "23:59",
        time_zone: "UTC",
      });
      const got: Created[] = [];
      bobSocket.on("notification.created", (e: Created) => got.push(e));
      const marker = next<Created>(bobSocket, "notification.created");
      await alice.post("/api/v1/leads", { business_name: "Silent lead", owner_id: bobId });
      await alice.post("/api/v1/tasks", { title: "Loud task", assignee_id: bobId });
      assertEquals((await marker).payload.body, "Loud task", "quiet hours do not hold in-app back");
      assertEquals(got.map((e) => e.payload.type), ["task_assigned"], "the lead made no in-app event");
    });

    await t.step("a direct message reaches bob live; quiet hours hold its email, not the bell", async () => {
      const dm = await alice.post("/api/v1/channels/direct", { user_ids: [bobId] });
      const live = next<Created>(bobSocket, "notification.created");
      const sent = await alice.post(`/api/v1/channels/${dm.json.data.id}/messages`, {
        client_id: crypto.randomUUID(),
        body: "Are you around?",
      });
      assertEquals(sent.status, 201);
      const e = await live;
      assertEquals([e.payload.type, e.payload.title, e.payload.body], [
        "direct_message",
        "Alice Martin sent you a message",
        "Are you around?",
      ]);
      assertEquals(seen.alice.filter((x) => x.payload.type === "direct_message").length, 0, "not the sender");
      // bob is in quiet hours (the step before): the digest waits, then carries the message
      const mails: MailMessage[] = [];
      const mailer: Mailer = { transport: "captured", send: (m: MailMessage) => Promise.resolve(void mails.push(m)) };
      const held = await runDigest(server.db, mailer, { publicUrl: server.url });
      assert(held.deferred >= 1);
      assertEquals(mails.filter((m) => m.to === "bob@acme.test").length, 0);
      await bob.request("PUT", "/api/v1/notifications/settings", {
        dnd_enabled: false,
        dnd_start: "00:00",
        dnd_end: "23:59",
        time_zone: "UTC",
      });
      await runDigest(server.db, mailer, { publicUrl: server.url });
      const digest = mails.find((m) => m.to === "bob@acme.test");
      assert(digest?.text.includes("Alice Martin sent you a message"), "the digest names the direct message");
      // bob reads the conversation in chat: the notification is read too, and his other tab's bell hears it
      const updated = next<{ payload: { action: string; ids: string[]; unread_count: number } }>(
        bobTab2,
        "notification.updated",
      );
      const read = await ask(bobSocket, "chat:read", { channel_id: dm.json.data.id, seq: sent.json.data.seq });
      assert(read.ok, JSON.stringify(read));
      const change = (await updated).payload;
      assertEquals([change.action, change.ids], ["read", [e.payload.id]]);
      const unread = await bob.get("/api/v1/notifications?filter=unread");
      assertEquals(unread.json.unread_count, change.unread_count);
      assert(!unread.json.data.some((n: { id: string }) => n.id === e.payload.id));
    });
  } finally {
    for (const s of [bobSocket, bobTab2, carolSocket, aliceSocket]) s.close();
    await server.close();
  }
});
