import { assert, assertEquals } from "../helpers/assert.ts";
import { memoryStore, newClientId, Outbox, type SendResult } from "../../lib/chat/client/outbox.ts";
import type { OutboxItem } from "../../lib/chat/client/types.ts";
import { msg } from "./chat_ui_fixtures.ts";

/** A fake server: idempotent on client_id like chat:send, and switchable offline. */
function fakeServer() {
  const stored = new Map<string, string>();
  const calls: string[] = [];
  let online = true;
  const send = (item: OutboxItem): Promise<SendResult> => {
    calls.push(item.client_id);
    if (!online) return Promise.resolve({ ok: false, retry: true, error: "offline" });
    if (item.body.length > 10) return Promise.resolve({ ok: false, retry: false, error: "Too long." });
    if (!stored.has(item.client_id)) stored.set(item.client_id, item.body);
    return Promise.resolve({ ok: true, message: msg(stored.size, { client_id: item.client_id }) });
  };
  return { stored, calls, send, setOnline: (v: boolean) => (online = v) };
}

Deno.test("outbox: queued while offline, sent on reconnect, each exactly once, in order", async () => {
  const server = fakeServer();
  const store = memoryStore();
  const outbox = new Outbox(store, server.send);
  server.setOnline(false);
  for (const body of ["one", "two", "three"]) {
    outbox.add({ client_id: newClientId(), channel_id: "c1", body, parent_id: null });
    await outbox.flush();
  }
  assertEquals(outbox.items().map((i) => i.body), ["one", "two", "three"], "still queued");
  assertEquals(server.stored.size, 0);
  server.setOnline(true);
  await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]); // reconnect storms
  assertEquals([...server.stored.values()], ["one", "two", "three"]);
  assertEquals(outbox.items(), []);
  const sentOnline = server.calls.slice(-3);
  assertEquals(new Set(sentOnline).size, 3, "no item sent twice once online");
});

Deno.test("outbox: survives a reload (stored), and a resend after a lost ack is idempotent", async () => {
  const server = fakeServer();
  const store = memoryStore();
  const id = newClientId();
  // First page: the send reached the server but the ack was lost (timeout).
  const first = new Outbox(store, async (item) => {
    await server.send(item);
    return { ok: false, retry: true, error: "timeout" };
  });
  first.add({ client_id: id, channel_id: "c1", body: "hello", parent_id: null });
  await first.flush();
  assertEquals(store.load().length, 1);
  // After a reload, a new page sends it again with the same client_id.
  const second = new Outbox(store, server.send);
  await second.flush();
  assertEquals(server.stored.size, 1, "stored once");
  assertEquals(store.load(), []);
  assert(second.wasConfirmed(id));
});

Deno.test("outbox: a refused message is marked failed, the rest still go; retry and remove", async () => {
  const server = fakeServer();
  const outbox = new Outbox(memoryStore(), server.send);
  let changes = 0;
  outbox.onChange(() => changes++);
  outbox.add({ client_id: "a", channel_id: "c1", body: "much too long", parent_id: null });
  outbox.add({ client_id: "b", channel_id: "c1", body: "fine", parent_id: null });
  await outbox.flush();
  assertEquals(outbox.items().map((i) => [i.client_id, i.error]), [["a", "Too long."]]);
  assertEquals([...server.stored.values()], ["fine"]);
  await outbox.flush();
  assertEquals(server.calls.filter((c) => c === "a").length, 1, "a failed item waits for the person");
  outbox.retry("a");
  assertEquals(outbox.items()[0].error, undefined);
  outbox.remove("a");
  assertEquals(outbox.items(), []);
  assert(changes >= 4);
});

Deno.test("outbox: an item another tab already delivered is not sent again", async () => {
  const server = fakeServer();
  const store = memoryStore();
  const outbox = new Outbox(store, (item) => {
    // The other tab confirms and removes "b" while "a" is being sent.
    if (item.client_id === "a") store.save(store.load().filter((i) => i.client_id !== "b"));
    return server.send(item);
  });
  outbox.add({ client_id: "a", channel_id: "c1", body: "a", parent_id: null });
  outbox.add({ client_id: "b", channel_id: "c1", body: "b", parent_id: null });
  await outbox.flush();
  assertEquals(server.calls, ["a"]);
});

Deno.test("client ids are v4 uuids", () => {
  const id = newClientId();
  assert(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), id);
  assert(newClientId() !== id);
});
