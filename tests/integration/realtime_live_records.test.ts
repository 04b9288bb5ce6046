// Live records: a change made through the JSON API, a page form or an import job reaches teammates' sockets in the
// team room and the record's room (changed field names, who did it, a few display fields), never another
// team's; soft delete reads as record.deleted; a big statement (an import) is one records.bulk_changed event.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import type { RoomEvent } from "../../lib/bus/change-bus.ts";
import { guessMapping } from "../../lib/import/mapping.ts";
import { parseCsv } from "../../lib/import/csv.ts";
import { whenFinished } from "../../lib/import/job.ts";
import { ask, connected, otherTeamMember, socketFor, teamIdOf, userIdOf, within } from "./realtime_helpers.ts";
import type { Socket } from "socket.io-client";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const zoe = await otherTeamMember(server, "zoe@live.test");
const acme = await teamIdOf(server, "alice@acme.test");
const aliceId = await userIdOf(server, "alice@acme.test");

interface LivePayload {
  changed: string[];
  actor_id: string | null;
  [field: string]: unknown;
}
type LiveEvent = RoomEvent & { payload: LivePayload };

/** The first `type` event matching `test`, as it arrives on `socket`. */
function waitFor(socket: Socket, type: string, test: (e: LiveEvent) => boolean) {
  return within(
    new Promise<LiveEvent>((resolve) => {
      const on = (event: LiveEvent) => {
        if (!test(event)) return;
        socket.off(type, on);
        resolve(event);
      };
      socket.on(type, on);
    }),
    `${type} event`,
  );
}

/** Everything `socket` receives, to assert on what did not arrive. */
function recorder(socket: Socket) {
  const seen: LiveEvent[] = [];
  socket.onAny((_name: string, event: LiveEvent) => event?.type && seen.push(event));
  return seen;
}

Deno.test("live records: an API create, update and soft delete reach the team and record rooms, not another team", async () => {
  const teammate = await connected(socketFor(server.url, bob.token));
  const outsider = await connected(socketFor(server.url, zoe.token));
  const leaked = recorder(outsider);
  try {
    const creating = waitFor(
      teammate,
      "record.created",
      (e) => e.record_type === "contact" && e.room === `team:${acme}`,
    );
    const created = await alice.post("/api/v1/contacts", {
      first_name: "Live",
      last_name: "Wire",
      email: "live@wire.test",
    });
    assertEquals(created.status, 201);
    const id = created.json.data.id as string;
    const event = await creating;
    assertEquals(event.record_id, id);
    assertEquals(event.team_id, acme);
    assertEquals(event.payload.actor_id, aliceId);
    assertEquals([event.payload.first_name, event.payload.last_name], ["Live", "Wire"]);

    // On the record's page: the record room has the update with the names of the changed fields.
    assertEquals((await ask(teammate, "join", { room: `record:contact:${id}` })).ok, true);
    const updating = waitFor(teammate, "record.updated", (e) => e.room === `record:contact:${id}`);
    assertEquals((await alice.patch(`/api/v1/contacts/${id}`, { job_title: "CTO", city: "Lyon" })).status, 200);
    const updated = await updating;
    assertEquals(updated.payload.changed, ["city", "job_title"]);
    assertEquals(updated.payload.job_title, "CTO");
    assertEquals(updated.payload.actor_id, aliceId);

    // The timeline entry the update wrote is announced in the contact's room too.
    const timeline = waitFor(
      teammate,
      "record.created",
      (e) => e.record_type === "activity" && e.room === `record:contact:${id}` && e.payload.type === "note",
    );
    assertEquals(
      (await alice.post("/api/v1/activities", {
        record_type: "contact",
        record_id: id,
        type: "note",
        body: "Called, will call back",
      })).status,
      201,
    );
    assertEquals((await timeline).payload.parent_id, id);

    const deleting = waitFor(teammate, "record.deleted", (e) => e.record_id === id && e.room === `team:${acme}`);
    assertEquals((await alice.delete(`/api/v1/contacts/${id}`)).status, 200);
    assert((await deleting).payload.changed.includes("deleted_at"));

    // A refused change publishes nothing; a round trip proves nothing was queued for the outsider.
    const before = server.realtime.bus.lastSeq(`team:${acme}`);
    assertEquals((await zoe.patch(`/api/v1/contacts/${id}`, { city: "Paris" })).status, 404);
    assertEquals((await ask(outsider, "leave", { room: "team:none" })).ok, true);
    assertEquals(server.realtime.bus.lastSeq(`team:${acme}`), before);
    assertEquals(leaked.filter((e) => e.team_id === acme), []);
  } finally {
    teammate.close();
    outsider.close();
  }
});

Deno.test("live records: an edit through the page form reaches the record's room", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const company = await web.post("/companies/new", { name: "Formed Co", domain: "formed.test" });
  assertEquals(company.status, 303);
  const id = company.location!.split("/").pop()!;
  const teammate = await connected(socketFor(server.url, bob.token));
  try {
    assertEquals((await ask(teammate, "join", { room: `record:company:${id}` })).ok, true);
    const updating = waitFor(teammate, "record.updated", (e) => e.room === `record:company:${id}`);
    const edited = await web.post(`/companies/${id}/edit`, { name: "Formed Company", domain: "formed.test" });
    assertEquals(edited.status, 303);
    const event = await updating;
    assert(event.payload.changed.includes("name"));
    assertEquals(event.payload.name, "Formed Company");
    assertEquals(event.payload.actor_id, await userIdOf(server, "carol@acme.test"));
  } finally {
    teammate.close();
  }
});

Deno.test("live records: a deal move is deal.moved (from the app) and record.updated with the stage", async () => {
  const stages = (await alice.get("/api/v1/pipelines")).json.data[0].stages as { id: string }[];
  const deal = (await alice.post("/api/v1/deals", { name: "Live move", value: 1000, stage_id: stages[0].id })).json
    .data.id as string;
  const teammate = await connected(socketFor(server.url, bob.token));
  try {
    const moved = waitFor(teammate, "deal.moved", (e) => e.record_id === deal);
    const updated = waitFor(
      teammate,
      "record.updated",
      (e) => e.record_id === deal && e.payload.changed.includes("stage_id"),
    );
    assertEquals((await alice.post(`/api/v1/deals/${deal}/move`, { stage_id: stages[1].id })).status, 200);
    assertEquals(((await moved).payload as unknown as { stage_id: string }).stage_id, stages[1].id);
    const event = await updated;
    assertEquals(event.payload.stage_id, stages[1].id);
    assertEquals(event.payload.name, "Live move");
    assertEquals(typeof event.payload.position, "number");
  } finally {
    teammate.close();
  }
});

Deno.test("live records: a long field is cut so the notification stays small", async () => {
  const teammate = await connected(socketFor(server.url, bob.token));
  try {
    const creating = waitFor(
      teammate,
      "record.created",
      (e) => e.record_type === "company" && e.room === `team:${acme}`,
    );
    const long = "N".repeat(190);
    assertEquals((await alice.post("/api/v1/companies", { name: long, description: "d".repeat(5000) })).status, 201);
    const event = await creating;
    assertEquals(event.payload.name, long.slice(0, 120));
    assertEquals("description" in event.payload, false);
    assert(JSON.stringify(event).length < 8000);
  } finally {
    teammate.close();
  }
});

Deno.test("live records: an import is announced in records.bulk_changed events per batch, not one per row", async () => {
  const teammate = await connected(socketFor(server.url, bob.token));
  const outsider = await connected(socketFor(server.url, zoe.token));
  const seen = recorder(teammate);
  const leaked = recorder(outsider);
  try {
    const rows = Array.from({ length: 120 }, (_, i) => `Bulk,Person${i},bulk${i}@import.test`);
    const csv = ["first_name,last_name,email", ...rows].join("\n") + "\n";
    const bytes = new TextEncoder().encode(csv);
    const job = await alice.post("/api/v1/imports", { resource: "contacts", filename: "bulk.csv", size: bytes.length });
    assertEquals(job.status, 201);
    const id = job.json.data.id as string;
    const part = await fetch(`${server.url}/api/v1/imports/${id}/parts/0`, {
      method: "PUT",
      headers: { authorization: `Bearer ${alice.token}`, "content-type": "application/octet-stream" },
      body: bytes,
    });
    assertEquals(part.status, 200);
    await part.body?.cancel();
    const bulk = waitFor(
      teammate,
      "records.bulk_changed",
      (e) => (e.payload as unknown as { record_type: string }).record_type === "contact",
    );
    const started = await alice.post(`/api/v1/imports/${id}/start`, {
      mapping: guessMapping("contacts", parseCsv(csv).header),
      duplicates: "skip",
    });
    assertEquals(started.status, 202, JSON.stringify(started.json));
    await whenFinished(id);
    const event = await bulk;
    assertEquals(event.room, `team:${acme}`);
    const { count, ...rest } = event.payload as unknown as { count: number };
    assertEquals(rest as unknown, { record_type: "contact", actor_id: aliceId, op: "created" });
    // A round trip after the import: everything it sent has arrived.
    await ask(teammate, "presence:list");
    // The import writes in batches of more than 50 rows (lib/import/job.ts): one bulk event each.
    const contactEvents = seen.filter((e) => e.record_type === "contact");
    assert(contactEvents.every((e) => e.type === "records.bulk_changed"), contactEvents.map((e) => e.type).join());
    const counts = contactEvents.map((e) => (e.payload as unknown as { count: number }).count);
    assertEquals(counts[0], count);
    assertEquals(counts.reduce((a, b) => a + b, 0), 120);
    assert(counts.length <= 2 && counts.every((n) => n > 50), `bulk counts ${counts}`);
    assert(seen.filter((e) => e.type === "record.created").length < 10, `${seen.length} events`);
    await ask(outsider, "presence:list");
    assertEquals(leaked.filter((e) => e.team_id === acme), []);
  } finally {
    teammate.close();
    outsider.close();
  }
});
