// Who may see and change notifications and their settings: only their own person, only in their teams.
// Checked in the database (RLS and grants), over HTTP and over the socket (room user:<other> is refused).
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { claimsFor } from "../helpers/fixtures.ts";
import { ask, connected, otherTeamMember, socketFor, teamIdOf, userIdOf } from "./realtime_helpers.ts";

Deno.test("notifications RLS: other users and other teams can neither read nor write", async (t) => {
  const server = await startTestServer({ seed: true });
  const db = server.db;
  try {
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    const bob = await ApiClient.signIn(server.url, "bob@acme.test");
    const outsider = await otherTeamMember(server, "zed@other.test");
    const ids = {
      alice: await userIdOf(server, "alice@acme.test"),
      bob: await userIdOf(server, "bob@acme.test"),
      zed: await userIdOf(server, "zed@other.test"),
    };
    const teamId = await teamIdOf(server, "alice@acme.test");
    const asBob = claimsFor(ids.bob, "bob@acme.test", teamId);
    const asAlice = claimsFor(ids.alice, "alice@acme.test", teamId);
    const asZed = claimsFor(ids.zed, "zed@other.test");

    const task = await alice.post("/api/v1/tasks", { title: "Private to bob", assignee_id: ids.bob });
    assertEquals(task.status, 201);
    const [bobs] = (await bob.get("/api/v1/notifications")).json.data;
    assert(bobs, "bob has a notification");
    await bob.request("PUT", "/api/v1/notifications/preferences", { preferences: [{ type: "mention", email: false }] });
    await bob.request("PUT", "/api/v1/notifications/settings", { dnd_enabled: true });

    await t.step("database: a teammate and an outsider see none of bob's rows", async () => {
      for (const claims of [asAlice, asZed]) {
        const rows = await db.asUser(claims, async (tx) => ({
          n: await tx.query("select id from public.notifications where user_id = $1", [ids.bob]),
          p: await tx.query("select 1 from public.notification_preferences where user_id = $1", [ids.bob]),
          s: await tx.query("select 1 from public.notification_settings where user_id = $1", [ids.bob]),
          d: await tx.query("select 1 from public.notification_deliveries where user_id = $1", [ids.bob]),
        }));
        assertEquals([rows.n.length, rows.p.length, rows.s.length, rows.d.length], [0, 0, 0, 0]);
      }
      const own = await db.asUser(
        asBob,
        (tx) => tx.query("select id from public.notifications where id = $1", [bobs.id]),
      );
      assertEquals(own.length, 1);
    });

    await t.step("database: nobody writes someone else's rows, or notifications at all", async () => {
      for (const claims of [asAlice, asZed]) {
        const updated = await db.asUser(
          claims,
          (tx) => tx.query("update public.notifications set read_at = now() where id = $1 returning id", [bobs.id]),
        );
        assertEquals(updated.length, 0);
        const prefs = await db.asUser(
          claims,
          (tx) =>
            tx.query("update public.notification_preferences set email = true where user_id = $1 returning 1", [
              ids.bob,
            ]),
        );
        assertEquals(prefs.length, 0);
      }
      // inserting directly, editing the text, or calling the producer is refused even for bob himself
      await assertRejects(() =>
        db.asUser(asBob, (tx) =>
          tx.query(
            "insert into public.notifications (team_id, user_id, type, title) values ($1, $2, 'system', 'fake')",
            [teamId, ids.bob],
          ))
      );
      await assertRejects(() =>
        db.asUser(asBob, (tx) => tx.query("update public.notifications set title = 'edited' where id = $1", [bobs.id]))
      );
      await assertRejects(() =>
        db.asUser(
          asZed,
          (tx) =>
            tx.query("select app.notify($1, $2, 'system', 'spam', null, null, null, null, null)", [teamId, ids.bob]),
        )
      );
      await assertRejects(() =>
        db.asUser(asBob, (tx) => tx.query("update public.notification_settings set last_digest_at = null"))
      );
      await assertRejects(() =>
        db.asUser(asZed, (tx) =>
          tx.query(
            "insert into public.notification_preferences (user_id, team_id, type) values ($1, $2, 'mention')",
            [ids.zed, teamId],
          ))
      );
      await assertRejects(() =>
        db.asUser(asZed, (tx) =>
          tx.query(
            "insert into public.push_subscriptions (user_id, endpoint, p256dh, auth) values ($1, 'https://push.test/x', $2, 'abcdefghijkl')",
            [ids.bob, "x".repeat(40)],
          ))
      );
      await assertRejects(() =>
        db.asUser(asZed, (tx) =>
          tx.query(
            "insert into public.notification_deliveries (notification_id, user_id, channel, status) values ($1, $2, 'email', 'sent')",
            [bobs.id, ids.zed],
          ))
      );
      // an outsider cannot watch this team's deals
      const deal = await alice.post("/api/v1/deals", { name: "Watched deal" });
      await assertRejects(() =>
        db.asUser(
          asZed,
          (tx) =>
            tx.query("insert into public.deal_watchers (team_id, deal_id, user_id) values ($1, $2, $3)", [
              teamId,
              deal.json.data.id,
              ids.zed,
            ]),
        )
      );
      const still = await db.asUser(
        asBob,
        (tx) =>
          tx.query<{ read_at: string | null; title: string }>(
            "select read_at, title from public.notifications where id = $1",
            [
              bobs.id,
            ],
          ),
      );
      assertEquals(still[0].read_at, null);
      assertEquals(still[0].title, bobs.title);
    });

    await t.step("HTTP: someone else's notification is not found, never changed", async () => {
      for (const client of [alice, outsider]) {
        for (const action of ["read", "archive", "unread"]) {
          const res = await client.post(`/api/v1/notifications/${bobs.id}/${action}`);
          assertEquals(res.status, 404, `${action}: ${JSON.stringify(res.json)}`);
          assert(res.json.error.message.includes("not yours"));
        }
        const snooze = await client.post(`/api/v1/notifications/${bobs.id}/snooze`, { minutes: 60 });
        assertEquals(snooze.status, 404);
        const bulk = await client.post("/api/v1/notifications/read", { ids: [bobs.id] });
        assertEquals(bulk.status, 404);
        const list = await client.get("/api/v1/notifications?limit=100");
        assertEquals(list.json.data.some((n: { id: string }) => n.id === bobs.id), false);
      }
      const readAll = await outsider.post("/api/v1/notifications/read-all");
      assertEquals(readAll.status, 200);
      const mine = await bob.get("/api/v1/notifications?filter=unread");
      assert(mine.json.data.some((n: { id: string }) => n.id === bobs.id), "still unread for bob");
      // bad input is a sentence, not a 500
      assertEquals((await bob.post("/api/v1/notifications/not-a-uuid/read")).status, 404);
      assertEquals((await bob.get("/api/v1/notifications?filter=bogus")).status, 422);
      assertEquals((await bob.get("/api/v1/notifications?cursor=garbage")).status, 400);
      const past = await bob.post(`/api/v1/notifications/${bobs.id}/snooze`, { until: "2001-01-01T00:00:00Z" });
      assertEquals(past.status, 422);
      assertEquals((await bob.post(`/api/v1/notifications/${bobs.id}/snooze`, {})).status, 422);
      const tz = await bob.request("PUT", "/api/v1/notifications/settings", { time_zone: "Mars/Olympus" });
      assertEquals(tz.status, 422);
      assert(tz.json.error.message.includes("time zone"));
      const anon = await fetch(`${server.url}/api/v1/notifications`);
      assertEquals(anon.status, 401);
      await anon.body?.cancel();
    });

    await t.step("socket: joining someone else's user room is refused", async () => {
      const zed = await connected(socketFor(server.url, outsider.token));
      const al = await connected(socketFor(server.url, alice.token));
      try {
        for (const socket of [zed, al]) {
          const join = await ask(socket, "join", { room: `user:${ids.bob}` });
          assertEquals(join.ok, false);
          assertEquals(join.error.code, "forbidden");
          const sync = await ask(socket, "sync", { room: `user:${ids.bob}`, since: 0 });
          assertEquals(sync.ok, false);
        }
      } finally {
        zed.close();
        al.close();
      }
    });
  } finally {
    await server.close();
  }
});
