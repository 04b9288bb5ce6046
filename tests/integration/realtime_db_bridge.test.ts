// Changes notified from inside the database (`pg_notify('leadly_bus', ...)`, as triggers and jobs do) reach
// the change bus after commit, numbered like any other change; a rolled-back notify never arrives.
import { assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import type { RoomEvent } from "../../lib/bus/change-bus.ts";
import { connected, next, socketFor, teamIdOf, userIdOf } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const acme = await teamIdOf(server, "alice@acme.test");
const aliceId = await userIdOf(server, "alice@acme.test");

function notify(change: unknown) {
  return (tx: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) =>
    tx.query("select pg_notify('leadly_bus', $1)", [JSON.stringify(change)]);
}

Deno.test("db bridge: a committed pg_notify reaches the user's room; a rolled-back one does not", async () => {
  const socket = await connected(socketFor(server.url, alice.token));
  try {
    const change = {
      team_id: acme,
      type: "test.pinged",
      record_type: "test",
      record_id: crypto.randomUUID(),
      payload: { n: 1 },
      rooms: [`user:${aliceId}`],
    };
    const events: RoomEvent[] = [];
    socket.on("test.pinged", (event: RoomEvent) => events.push(event));
    await server.db.asService("test:rollback", async (tx) => {
      await notify({ ...change, payload: { n: 0 } })(tx);
      throw new Error("roll back");
    }).catch(() => {});
    const arriving = next<RoomEvent>(socket, "test.pinged");
    await server.db.asService("test:notify", notify(change));
    const event = await arriving;
    assertEquals(event.room, `user:${aliceId}`);
    assertEquals(event.payload, { n: 1 });
    assertEquals(events.map((e) => (e.payload as { n: number }).n), [1]);
  } finally {
    socket.close();
  }
});
