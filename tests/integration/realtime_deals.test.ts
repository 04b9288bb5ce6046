// deal.moved over sockets: published after a committed move, to the team's and the deal's rooms only,
// numbered per room, replayed by `sync` after a reconnect, and the same whether the deal page or the API moved it.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import type { RoomEvent } from "../../lib/bus/change-bus.ts";
import { ask, connected, next, otherTeamMember, socketFor, teamIdOf, within } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const zoe = await otherTeamMember(server, "zoe@deals.test");
const acme = await teamIdOf(server, "carol@acme.test");
const stages = (await carol.get("/api/v1/pipelines")).json.data[0].stages as { id: string; name: string }[];

async function newDeal(name: string) {
  const created = await carol.post("/api/v1/deals", { name, value: 5000, stage_id: stages[0].id });
  assertEquals(created.status, 201);
  return created.json.data.id as string;
}

Deno.test("realtime deals: a move over the API reaches a teammate's socket, not another team's", async () => {
  const deal = await newDeal("Live move");
  const teammate = await connected(socketFor(server.url, alice.token));
  const outsider = await connected(socketFor(server.url, zoe.token));
  try {
    let leaked = false;
    outsider.on("deal.moved", () => leaked = true);
    const arriving = next<RoomEvent>(teammate, "deal.moved");
    const moved = await carol.post(`/api/v1/deals/${deal}/move`, { stage_id: stages[1].id });
    assertEquals(moved.status, 200);
    const event = await arriving;
    assertEquals(event.room, `team:${acme}`);
    assertEquals(event.type, "deal.moved");
    assertEquals(event.record_type, "deal");
    assertEquals(event.record_id, deal);
    assertEquals((event.payload as { stage_id: string }).stage_id, stages[1].id);
    assert(event.seq >= 1);
    // The outsider is connected on the same server; a round trip after the emit proves nothing was queued.
    assertEquals((await ask(outsider, "leave", { room: "team:none" })).ok, true);
    assertEquals(leaked, false);
    // A refused move publishes nothing.
    const before = server.realtime.bus.lastSeq(`team:${acme}`);
    assertEquals((await zoe.post(`/api/v1/deals/${deal}/move`, { stage_id: stages[2].id })).status, 404);
    assertEquals(server.realtime.bus.lastSeq(`team:${acme}`), before);
  } finally {
    teammate.close();
    outsider.close();
  }
});

Deno.test("realtime deals: a move on the deal page sends the same events as a move through the API", async () => {
  const page = new WebClient(server.url);
  await page.login("carol@acme.test");
  const socket = await connected(socketFor(server.url, alice.token));
  /** The events the deal's room hears from `move`, as "type record_type", in the order they arrive. */
  async function eventsOf(deal: string, move: () => Promise<void>): Promise<string[]> {
    const room = `record:deal:${deal}`;
    assertEquals((await ask(socket, "join", { room })).ok, true);
    const seen: string[] = [];
    let markerArrived!: () => void;
    const marker = new Promise<void>((resolve) => markerArrived = resolve);
    const listener = (_name: string, event: RoomEvent) => {
      if (event?.room !== room) return;
      const changed = (event.payload as { changed?: string[] } | null)?.changed;
      if (event.type === "record.updated" && event.record_id === deal && changed?.join() === "name") markerArrived();
      else seen.push(`${event.type} ${event.record_type}`);
    };
    socket.onAny(listener);
    try {
      await move();
      // A rename after the move: the database announces changes in commit order, so everything the move
      // caused arrived before it.
      assertEquals((await carol.patch(`/api/v1/deals/${deal}`, { name: `${deal} renamed` })).status, 200);
      await within(marker, "the rename after the move");
      return seen;
    } finally {
      socket.offAny(listener);
    }
  }
  try {
    const onPage = await newDeal("Moved on the page");
    const byPage = await eventsOf(onPage, async () => {
      const posted = await page.post(`/deals/${onPage}`, { action: "move", stage_id: stages[1].id });
      assertEquals(posted.status, 303);
    });
    const overApi = await newDeal("Moved over the API");
    const byApi = await eventsOf(overApi, async () => {
      assertEquals((await carol.post(`/api/v1/deals/${overApi}/move`, { stage_id: stages[1].id })).status, 200);
    });
    assert(byApi.includes("deal.moved deal"), `the API's move sends deal.moved: ${byApi.join(", ")}`);
    assertEquals(byPage, byApi);
  } finally {
    socket.close();
  }
});

Deno.test("realtime deals: seq increases per room; the record room has its own numbering", async () => {
  const deal = await newDeal("Numbered");
  const socket = await connected(socketFor(server.url, alice.token));
  try {
    // The deal's creation (record.created, from the database) is already numbered in its room.
    const base = (await ask(socket, "join", { room: `record:deal:${deal}` })).last_seq;
    const seen: RoomEvent[] = [];
    socket.on("deal.moved", (e: RoomEvent) => seen.push(e));
    const allArrived = new Promise<void>((resolve) => socket.on("deal.moved", () => seen.length === 6 && resolve()));
    for (const stage of [stages[1], stages[2], stages[3]]) {
      await carol.post(`/api/v1/deals/${deal}/move`, { stage_id: stage.id });
    }
    await within(allArrived, "six deal.moved events");
    // record.updated and timeline entries share the rooms: the moves' numbers increase, after the join's.
    const recordSeqs = seen.filter((e) => e.room === `record:deal:${deal}`).map((e) => e.seq);
    assertEquals(recordSeqs.length, 3);
    assert(base < recordSeqs[0] && recordSeqs[0] < recordSeqs[1] && recordSeqs[1] < recordSeqs[2]);
    const teamSeqs = seen.filter((e) => e.room === `team:${acme}`).map((e) => e.seq);
    assertEquals(teamSeqs.length, 3);
    assert(teamSeqs[0] < teamSeqs[1] && teamSeqs[1] < teamSeqs[2]);
  } finally {
    socket.close();
  }
});

Deno.test("realtime deals: after a reconnect, sync returns exactly the missed events", async () => {
  const deal = await newDeal("Offline");
  const room = `record:deal:${deal}`;
  const first = await connected(socketFor(server.url, alice.token));
  assertEquals((await ask(first, "join", { room })).ok, true);
  // The socket is in the team room and the deal's room: one event each.
  const arrived = new Promise<RoomEvent>((resolve) =>
    first.on("deal.moved", (e: RoomEvent) => e.room === room && resolve(e))
  );
  await carol.post(`/api/v1/deals/${deal}/move`, { stage_id: stages[1].id });
  const lastSeen = (await within(arrived, "deal.moved in the record room")).seq;
  first.close();

  // Two moves while the client is away.
  await carol.post(`/api/v1/deals/${deal}/move`, { stage_id: stages[2].id });
  await carol.post(`/api/v1/deals/${deal}/move`, { stage_id: stages[3].id });

  const again = await connected(socketFor(server.url, alice.token));
  try {
    const refused = await ask(again, "sync", { room, since: lastSeen });
    assertEquals(refused.error.code, "forbidden");
    const lastSeq = (await ask(again, "join", { room })).last_seq;
    const missed = await ask(again, "sync", { room, since: lastSeen });
    assertEquals(missed.ok, true);
    assertEquals(missed.complete, true);
    // Everything after lastSeen, in order, up to the room's newest: the two moves among the live record events.
    const seqs = missed.events.map((e: RoomEvent) => e.seq);
    assert(seqs.every((seq: number, i: number) => seq > lastSeen && (i === 0 || seq > seqs[i - 1])));
    assert(seqs[seqs.length - 1] >= lastSeq);
    const moves = missed.events.filter((e: RoomEvent) => e.type === "deal.moved");
    assertEquals(moves.map((e: RoomEvent) => (e.payload as { stage_id: string }).stage_id), [
      stages[2].id,
      stages[3].id,
    ]);
    assertEquals((await ask(again, "sync", { room, since: seqs[seqs.length - 1] })).events, []);
  } finally {
    again.close();
  }
});

Deno.test("realtime deals: the bus keeps the last 500 events per room and says when a client is too far behind", () => {
  const bus = server.realtime.bus;
  const team = crypto.randomUUID();
  const record = crypto.randomUUID();
  for (let i = 0; i < 510; i++) {
    bus.publish({ team_id: team, type: "record.updated", record_type: "deal", record_id: record, payload: { i } });
  }
  const all = bus.since(`team:${team}`, 0);
  assertEquals(all.events.length, 500);
  assertEquals(all.events[0].seq, 11);
  assertEquals(all.complete, false);
  assertEquals(bus.since(`team:${team}`, 10).complete, true);
  assertEquals(bus.since(`team:${team}`, 505).events.length, 5);
});
