// The notification jobs, called directly: due-soon/overdue scanner, email digest and web push against a local
// fake push service. Each is idempotent (a second run does nothing), and quiet hours hold email and push back
// while in-app notifications still arrive.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { userIdOf } from "./realtime_helpers.ts";
import { scanDueTasks } from "../../lib/notifications/jobs.ts";
import { runDigest } from "../../lib/notifications/digest.ts";
import { deliverPush } from "../../lib/notifications/push.ts";

const HOUR = 3_600_000;

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A browser-like subscription: a real P-256 key and auth secret, pointing at our fake push service. */
async function fakeSubscription(endpoint: string) {
  const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  return { endpoint, keys: { p256dh: b64url(raw), auth: b64url(crypto.getRandomValues(new Uint8Array(16))) } };
}

interface Received {
  path: string;
  headers: Headers;
  bytes: number;
}

/** A push service on localhost that records what it gets; answers `status` (201 by default). node:http, since
 * the app's server replaces the global Response that Deno.serve would need. */
async function fakePushService() {
  const received: Received[] = [];
  let status = 201;
  const server = createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      received.push({ path: req.url ?? "", headers, bytes: chunks.reduce((n, c) => n + c.length, 0) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    answer(code: number) {
      status = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function notificationsOf(server: TestServer, userId: string, type?: string) {
  return await server.db.asService(
    "test:notifications",
    (tx) =>
      tx.query<{ id: string; type: string; title: string; emailed_at: string | null; pushed_at: string | null }>(
        `select id, type, title, emailed_at, pushed_at from public.notifications
       where user_id = $1 and ($2::text is null or type = $2) order by created_at`,
        [userId, type ?? null],
      ),
  );
}

Deno.test("notification jobs", async (t) => {
  const server = await startTestServer({ seed: true });
  const push = await fakePushService();
  try {
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    const bob = await ApiClient.signIn(server.url, "bob@acme.test");
    const carol = await ApiClient.signIn(server.url, "carol@acme.test");
    const bobId = await userIdOf(server, "bob@acme.test");
    const carolId = await userIdOf(server, "carol@acme.test");
    const now = new Date();
    const task = async (title: string, dueInMs: number, extra: Record<string, unknown> = {}) => {
      const res = await alice.post("/api/v1/tasks", {
        title,
        assignee_id: bobId,
        due_at: new Date(now.getTime() + dueInMs).toISOString(),
        ...extra,
      });
      assertEquals(res.status, 201, JSON.stringify(res.json));
      return res.json.data as { id: string };
    };

    await t.step("due soon and overdue: once per task and due time, however often the scan runs", async () => {
      const soon = await task("Send the proposal", 2 * HOUR);
      const late = await task("Call back Initech", -3 * HOUR);
      await task("Far away", 3 * 24 * HOUR);
      const done = await task("Already done", -2 * HOUR);
      assertEquals((await alice.post(`/api/v1/tasks/${done.id}/complete`)).status, 200);

      assertEquals(await scanDueTasks(server.db, now), 2);
      assertEquals(await scanDueTasks(server.db, now), 0, "a second scan creates nothing");
      const dueSoon = await notificationsOf(server, bobId, "task_due_soon");
      const overdue = await notificationsOf(server, bobId, "task_overdue");
      assertEquals(dueSoon.map((n) => n.title), ["Due soon: Send the proposal"]);
      assertEquals(overdue.map((n) => n.title), ["Overdue: Call back Initech"]);

      // three hours later the first one is overdue too: one more, once
      const later = new Date(now.getTime() + 3 * HOUR);
      assertEquals(await scanDueTasks(server.db, later), 1);
      assertEquals(await scanDueTasks(server.db, later), 0);
      // moving the due date is a new due time: due soon again
      const moved = await alice.patch(`/api/v1/tasks/${late.id}`, {
        due_at: new Date(now.getTime() + 5 * HOUR).toISOString(),
      });
      assertEquals(moved.status, 200, JSON.stringify(moved.json));
      assertEquals(await scanDueTasks(server.db, now), 1);
      const list = await bob.get("/api/v1/notifications?filter=unread&limit=100");
      const ids = list.json.data.filter((n: { record_id: string }) => [soon.id, late.id].includes(n.record_id));
      assert(ids.length >= 4, "bob sees the due notices in his inbox");
    });

    await t.step("digest: one email with what is unread; a second run sends nothing", async () => {
      const before = (await server.mailbox("bob@acme.test")).length;
      const now = new Date();
      const first = await runDigest(server.db, server.services.mailer, { now, publicUrl: "https://crm.example" });
      assert(first.recipients.includes("bob@acme.test"), `bob got a digest: ${JSON.stringify(first)}`);
      const mails = await server.mailbox("bob@acme.test");
      assertEquals(mails.length, before + 1);
      const unemailed = (await notificationsOf(server, bobId)).filter((n) => !n.emailed_at);
      assertEquals(unemailed.length, 0, "everything in the digest is marked emailed");
      const count = (await notificationsOf(server, bobId)).length;
      assert(mails[0].subject.startsWith(`${count} new notification`), mails[0].subject);
      assert(mails[0].text.includes("Due soon: Send the proposal"));
      assert(mails[0].text.includes("https://crm.example/notifications/"));
      assert(!mails[0].html.includes("<script"), "escaped");

      const again = await runDigest(server.db, server.services.mailer, { now, publicUrl: "https://crm.example" });
      assertEquals(again.recipients.includes("bob@acme.test"), false);
      // a new notification within the day waits for the next daily digest, then goes alone
      await alice.post("/api/v1/tasks", { title: "One more thing", assignee_id: bobId });
      const soonAfter = new Date(Date.now() + HOUR);
      const waiting = await runDigest(server.db, server.services.mailer, { now: soonAfter, publicUrl: "x" });
      assertEquals(waiting.recipients.includes("bob@acme.test"), false);
      const nextDay = new Date(Date.now() + 25 * HOUR);
      const daily = await runDigest(server.db, server.services.mailer, { now: nextDay, publicUrl: "x" });
      assert(daily.recipients.includes("bob@acme.test"));
      const [latest] = await server.mailbox("bob@acme.test");
      assertEquals(latest.subject, "1 new notification on Leadly");
      const deliveries = await server.db.asService(
        "test:deliveries",
        (tx) =>
          tx.query("select 1 from public.notification_deliveries where user_id = $1 and channel = 'email'", [bobId]),
      );
      assertEquals(deliveries.length, count + 1);
    });

    await t.step("digest off: no email at all", async () => {
      const res = await carol.request("PUT", "/api/v1/notifications/settings", { digest_frequency: "off" });
      assertEquals(res.status, 200, JSON.stringify(res.json));
      await alice.post("/api/v1/tasks", { title: "For carol", assignee_id: carolId });
      const run = await runDigest(server.db, server.services.mailer, { now: new Date(), publicUrl: "x" });
      assertEquals(run.recipients.includes("carol@acme.test"), false);
      await carol.request("PUT", "/api/v1/notifications/settings", { digest_frequency: "hourly" });
    });

    await t.step("push: sent once to the subscribed browser through the fake push service", async () => {
      const key = await bob.get("/api/v1/notifications/push/key");
      assertEquals(key.status, 200);
      const publicKey: string = key.json.data.public_key;
      assert(/^[A-Za-z0-9_-]{80,90}$/.test(publicKey), "a P-256 public key, base64url");
      assertEquals((await alice.get("/api/v1/notifications/push/key")).json.data.public_key, publicKey);

      const bad = await bob.post("/api/v1/notifications/push/subscriptions", { endpoint: "nope", keys: {} });
      assertEquals(bad.status, 422);
      const sub = await fakeSubscription(`${push.url}/push/bob-browser`);
      const stored = await bob.post("/api/v1/notifications/push/subscriptions", sub);
      assertEquals(stored.status, 201, JSON.stringify(stored.json));

      // older notifications were from before "now": push only what is new
      await server.db.asService(
        "test:push",
        (tx) => tx.query("update public.notifications set pushed_at = now() where user_id = $1", [bobId]),
      );
      const created = await alice.post("/api/v1/tasks", { title: "Push me", assignee_id: bobId });
      assertEquals(created.status, 201);
      const result = await deliverPush(server.db, { now: new Date(Date.now() + 1000), subject: "mailto:ops@x.test" });
      assertEquals(result.sent, 1, JSON.stringify(result));
      assertEquals(push.received.length, 1);
      const [request] = push.received;
      assertEquals(request.path, "/push/bob-browser");
      assertEquals(request.headers.get("content-encoding"), "aes128gcm");
      assert(request.headers.get("authorization")!.startsWith("vapid t="));
      assert(request.headers.get("authorization")!.includes(`k=${publicKey}`), "signed with our VAPID key");
      assert(request.bytes > 100, "an encrypted payload");

      const again = await deliverPush(server.db, { now: new Date(Date.now() + 2000) });
      assertEquals(again.sent, 0);
      assertEquals(push.received.length, 1, "nothing is pushed twice");
      // carol has no subscription: nothing is sent for her
      assertEquals(push.received.filter((r) => r.path.includes("carol")).length, 0);
    });

    await t.step("quiet hours: in-app arrives, email and push wait until they end", async () => {
      const start = new Date(Date.now() - HOUR).toISOString().slice(11, 16);
      const end = new Date(Date.now() + HOUR).toISOString().slice(11, 16);
      const set = await carol.request("PUT", "/api/v1/notifications/settings", {
        dnd_enabled: true,
        dnd_start: start,
        dnd_end: end,
        time_zone: "UTC",
        digest_frequency: "hourly",
      });
      assertEquals(set.status, 200, JSON.stringify(set.json));
      await carol.post("/api/v1/notifications/push/subscriptions", await fakeSubscription(`${push.url}/push/carol`));
      await server.db.asService(
        "test:push",
        (tx) =>
          tx.query("update public.notifications set pushed_at = now(), emailed_at = now() where user_id = $1", [
            carolId,
          ]),
      );
      await alice.post("/api/v1/tasks", { title: "During quiet hours", assignee_id: carolId });
      const inbox = await carol.get("/api/v1/notifications?filter=unread");
      assertEquals(inbox.json.data[0].title, "Alice Martin assigned you a task", "in-app is not held back");

      const at = new Date(Date.now() + 1000);
      const pushed = await deliverPush(server.db, { now: at });
      assertEquals(pushed.deferred >= 1, true, JSON.stringify(pushed));
      assertEquals(push.received.filter((r) => r.path === "/push/carol").length, 0);
      const mailed = await runDigest(server.db, server.services.mailer, { now: at, publicUrl: "x" });
      assertEquals(mailed.recipients.includes("carol@acme.test"), false);
      assert(mailed.deferred >= 1);

      const after = new Date(Date.now() + 2 * HOUR);
      const later = await deliverPush(server.db, { now: after });
      assertEquals(later.sent, 1, JSON.stringify(later));
      assertEquals(push.received.filter((r) => r.path === "/push/carol").length, 1);
      const digest = await runDigest(server.db, server.services.mailer, { now: after, publicUrl: "x" });
      assert(digest.recipients.includes("carol@acme.test"));
    });

    await t.step("a browser that unsubscribed (410) is forgotten", async () => {
      push.answer(410);
      await alice.post("/api/v1/tasks", { title: "Gone browser", assignee_id: bobId });
      const result = await deliverPush(server.db, { now: new Date(Date.now() + 1000) });
      assertEquals(result.expired, 1, JSON.stringify(result));
      const left = await server.db.asService(
        "test:push",
        (tx) => tx.query("select 1 from public.push_subscriptions where user_id = $1", [bobId]),
      );
      assertEquals(left.length, 0);
      const failed = await server.db.asService("test:push", (tx) =>
        tx.query<{ status: string; error: string }>(
          "select status, error from public.notification_deliveries where user_id = $1 and channel = 'push' order by created_at desc limit 1",
          [bobId],
        ));
      assertEquals(failed[0].status, "failed");
      assert(failed[0].error.includes("410"));
      const removed = await carol.request("DELETE", "/api/v1/notifications/push/subscriptions", {
        endpoint: `${push.url}/push/carol`,
      });
      assertEquals(removed.status, 200);
      const missing = await carol.request("DELETE", "/api/v1/notifications/push/subscriptions", {
        endpoint: `${push.url}/push/carol`,
      });
      assertEquals(missing.status, 404);
    });
  } finally {
    await push.close();
    await server.close();
  }
});
