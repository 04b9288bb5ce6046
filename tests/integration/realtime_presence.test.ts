// Presence over sockets: status and custom text reach teammates (and only them), heartbeats turn an idle person
// away, the last closed socket turns them offline with last_seen_at kept, and viewers of a record are announced
// to the record's room and forgotten when their socket closes.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import type { PresenceInfo, ViewersChanged } from "../../lib/presence/protocol.ts";
import { ask, connected, otherTeamMember, socketFor, userIdOf, within } from "./realtime_helpers.ts";
import type { Socket } from "socket.io-client";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const zoe = await otherTeamMember(server, "zoe@presence.test");
const aliceId = await userIdOf(server, "alice@acme.test");
const bobId = await userIdOf(server, "bob@acme.test");

/** The first `presence.changed` about `userId` that satisfies `test`. */
function presenceOf(socket: Socket, userId: string, test: (p: PresenceInfo) => boolean = () => true) {
  return within(
    new Promise<PresenceInfo>((resolve) => {
      const on = (event: PresenceInfo & { payload?: PresenceInfo }) => {
        const info = event.payload ?? event;
        if (info.user_id !== userId || !test(info)) return;
        socket.off("presence.changed", on);
        resolve(info);
      };
      socket.on("presence.changed", on);
    }),
    `presence.changed for ${userId}`,
  );
}

function viewersIn(socket: Socket, room: string, test: (v: ViewersChanged) => boolean) {
  return within(
    new Promise<ViewersChanged>((resolve) => {
      const on = (event: ViewersChanged) => {
        if (event.room !== room || !test(event)) return;
        socket.off("viewers.changed", on);
        resolve(event);
      };
      socket.on("viewers.changed", on);
    }),
    `viewers.changed in ${room}`,
  );
}

Deno.test("presence: status and custom text reach teammates, not another team", async () => {
  const watcher = await connected(socketFor(server.url, bob.token));
  const outsider = await connected(socketFor(server.url, zoe.token));
  let leaked = 0;
  outsider.on("presence.changed", (e: PresenceInfo) => e.user_id === aliceId && leaked++);
  const online = presenceOf(watcher, aliceId, (p) => p.status === "online");
  const me = await connected(socketFor(server.url, alice.token));
  try {
    await online;
    const busy = presenceOf(watcher, aliceId, (p) => p.status === "busy");
    const reply = await ask(me, "presence:set", { status: "busy", custom_status: "  In a demo until 3  " });
    assertEquals(reply.ok, true);
    assertEquals(reply.presence.status, "busy");
    const seen = await busy;
    assertEquals(seen.custom_status, "In a demo until 3");
    assert(seen.last_seen_at);

    const list = await ask(watcher, "presence:list");
    assertEquals(list.ok, true);
    assertEquals(list.me, bobId);
    const a = list.members.find((m: PresenceInfo) => m.user_id === aliceId);
    assertEquals([a.status, a.custom_status], ["busy", "In a demo until 3"]);
    assertEquals(list.members.find((m: PresenceInfo) => m.user_id === bobId).status, "online");
    // Carol has no socket: offline whatever the table says.
    assert(list.members.some((m: PresenceInfo) => m.status === "offline"));

    // Another team's list has none of Acme's people; a round trip proves nothing was queued for the outsider.
    const theirs = await ask(outsider, "presence:list");
    assertEquals(theirs.members.some((m: PresenceInfo) => m.user_id === aliceId), false);
    assertEquals(leaked, 0);

    // Bad input is refused with a sentence, and changes nothing.
    const tooLong = await ask(me, "presence:set", { status: "online", custom_status: "x".repeat(101) });
    assertEquals(tooLong.error.code, "invalid_payload");
    assert(tooLong.error.message.includes("100 characters"));
    assertEquals((await ask(me, "presence:set", { status: "invisible" })).error.code, "invalid_payload");
    assertEquals((await ask(me, "presence:set", { status: "online", user_id: bobId })).error.code, "invalid_payload");
    const again = await ask(watcher, "presence:list");
    assertEquals(again.members.find((m: PresenceInfo) => m.user_id === aliceId).status, "busy");

    // Set over HTTP (scripts, pages without a socket) it reaches teammates too, without the sticky choice.
    const away = presenceOf(watcher, aliceId, (p) => p.status === "away");
    assertEquals((await alice.request("PUT", "/api/v1/presence/me", { status: "away" })).status, 200);
    const heard = await away;
    assertEquals(heard.custom_status, "In a demo until 3");
    assert(!("chosen_status" in heard), "teammates see the status shown, not the choice behind it");

    // Clearing the text keeps the status.
    const cleared = presenceOf(watcher, aliceId, (p) => p.custom_status === null);
    assertEquals((await ask(me, "presence:set", { status: "busy", custom_status: "" })).ok, true);
    assertEquals((await cleared).status, "busy");
    await ask(me, "presence:set", { status: "online", custom_status: null });
  } finally {
    me.close();
    watcher.close();
    outsider.close();
  }
});

Deno.test("presence: idle heartbeats make a person away, activity brings them back, busy stays busy", async () => {
  const watcher = await connected(socketFor(server.url, bob.token));
  const carolId = await userIdOf(server, "carol@acme.test");
  const online = presenceOf(watcher, carolId, (p) => p.status === "online");
  const me = await connected(socketFor(server.url, carol.token));
  try {
    await online;
    const away = presenceOf(watcher, carolId, (p) => p.status === "away");
    assertEquals((await ask(me, "presence:heartbeat", { idle: true })).status, "away");
    await away;
    const back = presenceOf(watcher, carolId, (p) => p.status === "online");
    assertEquals((await ask(me, "presence:heartbeat", { idle: false })).status, "online");
    await back;
    // An idle tab does not make someone away while another tab of theirs is active.
    const second = await connected(socketFor(server.url, carol.token));
    try {
      assertEquals((await ask(second, "presence:heartbeat", { idle: true })).status, "online");
    } finally {
      second.close();
    }
    await ask(me, "presence:set", { status: "busy" });
    assertEquals((await ask(me, "presence:heartbeat", { idle: true })).status, "busy");
    assertEquals((await ask(me, "presence:heartbeat")).ok, true);
    assertEquals((await ask(me, "presence:heartbeat", { idle: "yes" })).error.code, "invalid_payload");
    await ask(me, "presence:set", { status: "online" });
  } finally {
    me.close();
    watcher.close();
  }
});

Deno.test("presence: offline only when the last socket closes; last_seen_at is kept", async () => {
  const watcher = await connected(socketFor(server.url, bob.token));
  const first = await connected(socketFor(server.url, alice.token));
  const second = await connected(socketFor(server.url, alice.token));
  try {
    let offline = 0;
    watcher.on("presence.changed", (p: PresenceInfo) => p.user_id === aliceId && p.status === "offline" && offline++);
    first.close();
    // Still connected through `second`: the list says online, and no offline event came.
    const list = await ask(watcher, "presence:list");
    assertEquals(list.members.find((m: PresenceInfo) => m.user_id === aliceId).status, "online");
    const gone = presenceOf(watcher, aliceId, (p) => p.status === "offline");
    second.close();
    const seen = await gone;
    assert(seen.last_seen_at && Date.parse(seen.last_seen_at) > Date.now() - 60_000);
    assertEquals(offline, 1);
    const [row] = await server.db.asService("test:presence", (tx) =>
      tx.query<{ status: string; last_seen_at: Date }>(
        "select status, last_seen_at from public.member_presence where user_id = $1",
        [aliceId],
      ));
    assertEquals(row.status, "offline");
    assert(row.last_seen_at);
    const after = await ask(watcher, "presence:list");
    assertEquals(after.members.find((m: PresenceInfo) => m.user_id === aliceId).status, "offline");
  } finally {
    first.close();
    second.close();
    watcher.close();
  }
});

Deno.test("viewers: who has a record open is told to its room, and forgotten on disconnect", async () => {
  const contact = await alice.post("/api/v1/contacts", { first_name: "Viewed", last_name: "Person" });
  assertEquals(contact.status, 201);
  const room = `record:contact:${contact.json.data.id}`;
  const a = await connected(socketFor(server.url, alice.token));
  const b = await connected(socketFor(server.url, bob.token));
  const z = await connected(socketFor(server.url, zoe.token));
  try {
    const started = await ask(a, "viewing:start", { room });
    assertEquals(started.ok, true);
    assertEquals(started.viewers.map((v: { user_id: string }) => v.user_id), [aliceId]);
    const both = viewersIn(a, room, (v) => v.viewers.length === 2);
    const reply = await ask(b, "viewing:start", { room });
    assertEquals(reply.viewers.length, 2);
    const names = (await both).viewers.map((v) => v.name);
    assertEquals(names.length, 2);
    assert(names.every((n) => n && n !== "Teammate"), names.join());

    // Another team cannot view (or learn about) the record; a made-up room is refused with a sentence.
    const refused = await ask(z, "viewing:start", { room });
    assertEquals(refused.ok, false);
    assert(["not_found", "forbidden"].includes(refused.error.code));
    assertEquals((await ask(z, "viewing:start", { room: `team:${crypto.randomUUID()}` })).error.code, "invalid_room");
    assertEquals((await ask(z, "viewing:start", { room: 42 })).error.code, "invalid_payload");

    const stopped = viewersIn(a, room, (v) => v.viewers.length === 1);
    assertEquals((await ask(b, "viewing:stop", { room })).ok, true);
    assertEquals((await stopped).viewers[0].user_id, aliceId);

    await ask(b, "viewing:start", { room });
    const left = viewersIn(a, room, (v) => v.viewers.length === 1);
    b.close();
    assertEquals((await left).viewers[0].user_id, aliceId);
  } finally {
    a.close();
    b.close();
    z.close();
  }
});
