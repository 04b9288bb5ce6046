// Joining rooms: own team and user rooms, records RLS shows in the current team; everything else refused.
import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, otherTeamMember, socketFor, teamIdOf, userIdOf } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const zoe = await otherTeamMember(server, "zoe@rooms.test");
const acme = await teamIdOf(server, "carol@acme.test");
const other = await teamIdOf(server, "zoe@rooms.test");

async function firstStage(client: ApiClient) {
  return (await client.get("/api/v1/pipelines")).json.data[0].stages[0].id as string;
}

async function newDeal(client: ApiClient, name: string) {
  const created = await client.post("/api/v1/deals", { name, value: 1000, stage_id: await firstStage(client) });
  assertEquals(created.status, 201);
  return created.json.data.id as string;
}

Deno.test("realtime rooms: own team, own user and own records may be joined", async () => {
  const socket = await connected(socketFor(server.url, carol.token));
  try {
    const deal = await newDeal(carol, "Rooms renewal");
    // Creating the deal already announced it (record.created) in the team's and the deal's rooms.
    const team = await ask(socket, "join", { room: `team:${acme}` });
    assertEquals(team, { ok: true, room: `team:${acme}`, last_seq: server.realtime.bus.lastSeq(`team:${acme}`) });
    const me = await userIdOf(server, "carol@acme.test");
    assertEquals((await ask(socket, "join", { room: `user:${me}` })).ok, true);
    const joined = await ask(socket, "join", { room: `record:deal:${deal}` });
    assertEquals(joined, {
      ok: true,
      room: `record:deal:${deal}`,
      last_seq: server.realtime.bus.lastSeq(`record:deal:${deal}`),
    });
    assertEquals(await ask(socket, "leave", { room: `record:deal:${deal}` }), {
      ok: true,
      room: `record:deal:${deal}`,
    });
  } finally {
    socket.close();
  }
});

Deno.test("realtime rooms: another team's rooms and records, other users and unknown records are refused", async () => {
  const socket = await connected(socketFor(server.url, carol.token));
  try {
    const theirs = await newDeal(zoe, "Not yours");
    const team = await ask(socket, "join", { room: `team:${other}` });
    assertEquals(team.ok, false);
    assertEquals(team.error.code, "forbidden");
    const record = await ask(socket, "join", { room: `record:deal:${theirs}` });
    assertEquals(record.ok, false);
    assertEquals(record.error.code, "not_found");
    const user = await ask(socket, "join", { room: `user:${await userIdOf(server, "zoe@rooms.test")}` });
    assertEquals(user.error.code, "forbidden");
    const unknown = await ask(socket, "join", { room: `record:deal:${crypto.randomUUID()}` });
    assertEquals(unknown.error.code, "not_found");
    const badType = await ask(socket, "join", { room: `record:invoice:${crypto.randomUUID()}` });
    assertEquals(badType.error.code, "invalid_room");
    assertMatch(badType.error.message, /is not a room/);
    const channel = await ask(socket, "join", { room: `channel:${crypto.randomUUID()}` });
    assertEquals(channel.error.code, "not_found");
    // The refusals did not cost the socket its own rooms.
    assertEquals((await ask(socket, "join", { room: `team:${acme}` })).ok, true);
  } finally {
    socket.close();
  }
});
