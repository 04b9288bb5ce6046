// member_presence belongs to its team: another team's member can neither read nor write it, over the database
// (as that user), over HTTP and over the socket; inside a team, a person writes only their own row.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, otherTeamMember, socketFor, teamIdOf, userIdOf } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const zoe = await otherTeamMember(server, "zoe@rls-presence.test");
const acme = await teamIdOf(server, "alice@acme.test");
const other = await teamIdOf(server, "zoe@rls-presence.test");
const aliceId = await userIdOf(server, "alice@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");
const zoeId = await userIdOf(server, "zoe@rls-presence.test");

async function presenceRows(teamId: string) {
  return await server.db.asService(
    "test:presence",
    (tx) =>
      tx.query<{ user_id: string; status: string; custom_status: string | null }>(
        "select user_id, status, custom_status from public.member_presence where team_id = $1",
        [teamId],
      ),
  );
}

const asZoe = <T>(fn: (tx: { query: <R>(sql: string, params?: unknown[]) => Promise<R[]> }) => Promise<T>) =>
  server.db.asUser({ sub: zoeId }, fn as never) as Promise<T>;

Deno.test("rls presence: another team's member cannot read or write it in the database", async () => {
  // Alice has a row (set over HTTP).
  assertEquals(
    (await alice.request("PUT", "/api/v1/presence/me", { status: "busy", custom_status: "Quarter close" })).status,
    200,
  );
  assertEquals(
    (await asZoe((tx) => tx.query("select * from public.member_presence where team_id = $1", [acme]))).length,
    0,
  );
  const insert = await asZoe((tx) =>
    tx.query("insert into public.member_presence (team_id, user_id, status) values ($1, $2, 'online')", [acme, zoeId])
  ).then(() => "inserted", (e: Error) => e.message);
  assert(insert !== "inserted", "an outsider must not insert a presence into another team");
  const forged = await asZoe((tx) =>
    tx.query("insert into public.member_presence (team_id, user_id, status) values ($1, $2, 'online')", [
      other,
      aliceId,
    ])
  ).then(() => "inserted", (e: Error) => e.message);
  assert(forged !== "inserted", "nobody writes a presence for someone else");
  const updated = await asZoe((tx) =>
    tx.query(
      "update public.member_presence set status = 'offline', custom_status = 'hacked' where team_id = $1 returning 1",
      [
        acme,
      ],
    )
  );
  assertEquals(updated.length, 0);
  const deleted = await asZoe((tx) =>
    tx.query("delete from public.member_presence where team_id = $1 returning 1", [acme])
  );
  assertEquals(deleted.length, 0);
  const [row] = (await presenceRows(acme)).filter((r) => r.user_id === aliceId);
  assertEquals([row.status, row.custom_status], ["offline", "Quarter close"]);
});

Deno.test("rls presence: a teammate cannot write someone else's row", async () => {
  const touched = await server.db.asUser(
    { sub: bobId },
    (tx) =>
      tx.query("update public.member_presence set custom_status = 'Bob was here' where user_id = $1 returning 1", [
        aliceId,
      ]),
  );
  assertEquals(touched.length, 0);
  const inserted = await server.db.asUser({ sub: bobId }, (tx) =>
    tx.query(
      "insert into public.member_presence (team_id, user_id, status) values ($1, $2, 'busy') on conflict do nothing returning 1",
      [acme, aliceId],
    )).then(() => "inserted", (e: Error) => e.message);
  assert(inserted !== "inserted");
  // A teammate does read it.
  const seen = await server.db.asUser(
    { sub: bobId },
    (tx) =>
      tx.query<{ custom_status: string }>("select custom_status from public.member_presence where user_id = $1", [
        aliceId,
      ]),
  );
  assertEquals(seen[0]?.custom_status, "Quarter close");
});

Deno.test("rls presence: over HTTP another team sees only its own people and writes only its own row", async () => {
  const theirs = await zoe.get("/api/v1/presence");
  assertEquals(theirs.status, 200);
  const ids = theirs.json.data.map((m: { user_id: string }) => m.user_id);
  assertEquals(ids, [zoeId]);
  const set = await zoe.request("PUT", "/api/v1/presence/me", { status: "away", custom_status: "Lunch" });
  assertEquals(set.status, 200);
  assertEquals((await presenceRows(other)).map((r) => r.user_id), [zoeId]);
  assertEquals((await presenceRows(acme)).some((r) => r.user_id === zoeId), false);
  // Naming someone else or another team is not part of the request.
  const forged = await zoe.request("PUT", "/api/v1/presence/me", { status: "busy", user_id: aliceId, team_id: acme });
  assertEquals(forged.status, 422);
  const tooLong = await zoe.request("PUT", "/api/v1/presence/me", { status: "busy", custom_status: "x".repeat(101) });
  assertEquals(tooLong.status, 422);
  assert(/100 characters/.test(tooLong.json.error.message));
  const ours = (await alice.get("/api/v1/presence")).json.data.map((m: { user_id: string }) => m.user_id);
  assert(ours.includes(aliceId) && !ours.includes(zoeId));
});

Deno.test("rls presence: over the socket another team gets no presence and cannot write Acme's", async () => {
  const socket = await connected(socketFor(server.url, zoe.token));
  try {
    const list = await ask(socket, "presence:list");
    assertEquals(list.members.map((m: { user_id: string }) => m.user_id), [zoeId]);
    // presence:set only ever writes the caller's own row in the caller's team; extra fields are refused.
    const forged = await ask(socket, "presence:set", { status: "busy", team_id: acme });
    assertEquals(forged.error.code, "invalid_payload");
    assertEquals((await ask(socket, "presence:set", { status: "busy", custom_status: "Mine" })).ok, true);
    assertEquals((await presenceRows(acme)).some((r) => r.user_id === zoeId || r.custom_status === "Mine"), false);
    // Joining Acme's team room (to hear its presence.changed) is refused.
    assertEquals((await ask(socket, "join", { room: `team:${acme}` })).error.code, "forbidden");
    assertEquals((await ask(socket, "viewing:start", { room: `record:contact:${crypto.randomUUID()}` })).ok, false);
  } finally {
    socket.close();
  }
});
