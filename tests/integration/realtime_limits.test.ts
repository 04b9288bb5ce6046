// Abuse: event floods are rate limited with an error event, bad payloads get error acks; nothing crashes.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, next, socketFor, teamIdOf } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const acme = await teamIdOf(server, "carol@acme.test");

Deno.test("realtime limits: 200 quick joins get a rate_limited error event; the socket stays usable", async () => {
  const socket = await connected(socketFor(server.url, carol.token));
  try {
    const warned = next<{ code: string; message: string }>(socket, "error");
    const replies = await Promise.all(
      Array.from({ length: 200 }, () => ask(socket, "join", { room: `team:${acme}` })),
    );
    const warning = await warned;
    assertEquals(warning.code, "rate_limited");
    assertMatch(warning.message, /Too many events/);
    const limited = replies.filter((r) => r.ok === false);
    assert(limited.length > 100, `only ${limited.length} of 200 were limited`);
    assert(limited.every((r) => r.error.code === "rate_limited"));
    assert(replies.some((r) => r.ok === true));
    // The bucket refills (20/s): retry until a join goes through, without sleeping blindly.
    let reply = await ask(socket, "join", { room: `team:${acme}` });
    for (let i = 0; i < 50 && !reply.ok; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      reply = await ask(socket, "join", { room: `team:${acme}` });
    }
    assertEquals(reply.ok, true);
    assert(socket.connected);
  } finally {
    socket.close();
  }
});

Deno.test("realtime limits: invalid payloads get an error ack (or error event without an ack), never a crash", async () => {
  const socket = await connected(socketFor(server.url, carol.token));
  try {
    for (const payload of [undefined, null, 42, "team:x", [], { room: 7 }, { room: "" }, { room: "x".repeat(500) }]) {
      const reply = await ask(socket, "join", payload);
      assertEquals(reply.ok, false, JSON.stringify(payload));
      assertEquals(reply.error.code, "invalid_payload");
      assertMatch(reply.error.message, /Invalid payload/);
    }
    assertEquals((await ask(socket, "join", { room: `team:${acme}`, extra: 1 })).error.code, "invalid_payload");
    assertEquals((await ask(socket, "sync", { room: `team:${acme}`, since: -1 })).error.code, "invalid_payload");
    assertEquals((await ask(socket, "sync", { room: `team:${acme}`, since: "0" })).error.code, "invalid_payload");
    assertEquals((await ask(socket, "join", { room: "team:not-a-uuid" })).error.code, "invalid_room");

    const errorEvent = next<{ code: string; event: string }>(socket, "error");
    socket.emit("join", { nope: true });
    const error = await errorEvent;
    assertEquals(error.code, "invalid_payload");
    assertEquals(error.event, "join");

    // Unknown events are ignored; the socket still answers.
    socket.emit("no-such-event", { a: 1 });
    assertEquals((await ask(socket, "join", { room: `team:${acme}` })).ok, true);
    assert(socket.connected);
  } finally {
    socket.close();
  }
});
