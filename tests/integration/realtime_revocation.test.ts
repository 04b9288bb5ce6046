// Open sockets lose access when their person does: removed from a team, role changed, signed out (this session,
// everywhere), token expired. The server closes them at once (an `error` event with the reason, then
// "io server disconnect"), without waiting for the client to send something; `join` and `sync` re-check team
// membership against the database; a dropped socket of a removed member is not recovered with the events it
// missed; and one person's sockets share a rate limit and a connection cap.
import type { Socket } from "socket.io-client";
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";
import type { Claims } from "../../lib/db/claims.ts";
import { DEFAULT_MAX_CONNECTIONS_PER_USER, DEFAULT_RATE_LIMIT } from "../../realtime/rate-limit.ts";
import { ask, connected, next, refusal, socketFor, teamIdOf, within } from "./realtime_helpers.ts";
import { newChannel, send } from "./chat_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const acme = await teamIdOf(server, "alice@acme.test");
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const aliceWeb = new WebClient(server.url);
await aliceWeb.login("alice@acme.test");

interface Member {
  id: string;
  api: ApiClient;
  /** The team they own themselves, where they still work after leaving Acme. */
  ownTeam: string;
}

/** A new person in Acme with `role` (working in Acme now) who also owns a team of their own, signed in. */
async function acmeMember(email: string, role = "rep"): Promise<Member> {
  const person = await createPerson(server.db, email);
  await server.db.asService(
    "test:password",
    (tx) =>
      hashPassword("leadly-demo").then((hash) =>
        tx.query("update auth.users set encrypted_password = $1 where id = $2", [hash, person.id])
      ),
  );
  const [own] = await server.db.asUser(
    { sub: person.id },
    (tx) => tx.query<{ id: string }>("select id from app.create_team('Own Co')"),
  );
  await server.db.asService("test:member", async (tx) => {
    await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, $3)", [
      acme,
      person.id,
      role,
    ]);
    await tx.query(
      "update auth.users set raw_app_meta_data = raw_app_meta_data || jsonb_build_object('team_id', $2::text) where id = $1",
      [person.id, acme],
    );
  });
  return { id: person.id, api: await ApiClient.signIn(server.url, email), ownTeam: own.id };
}

/** The reason a socket is told, and how it ends: what a client of a revoked person sees. */
function closing(socket: Socket) {
  return {
    error: next<{ code: string; message: string }>(socket, "error"),
    disconnect: next<string>(socket, "disconnect"),
  };
}

/** The first `type` event on `socket` that passes `test`; `seen` keeps every event of that type before it. */
function firstEvent(socket: Socket, type: string, test: (e: RecordEvent) => boolean) {
  const seen: RecordEvent[] = [];
  const found = within(
    new Promise<RecordEvent>((resolve) => {
      const on = (event: RecordEvent) => {
        seen.push(event);
        if (!test(event)) return;
        socket.off(type, on);
        resolve(event);
      };
      socket.on(type, on);
    }),
    `${type} event`,
  );
  return { seen, found };
}

interface RecordEvent {
  room: string;
  team_id: string;
  record_type: string;
  record_id: string;
  payload: Record<string, unknown>;
}

async function newContact(client: ApiClient, email: string): Promise<string> {
  const created = await client.post("/api/v1/contacts", { first_name: "Secret", last_name: "Lead", email });
  assertEquals(created.status, 201, JSON.stringify(created.json));
  return created.json.data.id;
}

Deno.test("revocation: a member removed from a team is disconnected at once and, reconnected, sees nothing of it", async () => {
  const dave = await acmeMember("dave@revoke.test");
  const socket = await connected(socketFor(server.url, dave.api.token));
  let again: Socket | null = null;
  try {
    assertEquals((await ask(socket, "join", { room: `team:${acme}` })).ok, true);
    const closed = closing(socket);
    const removed = await aliceWeb.post("/settings/team", { action: "remove", user_id: dave.id });
    assertEquals(removed.location, "/settings/team?done=removed");
    // Without sending anything: the server closed the socket and said why.
    assertEquals((await closed.error).code, "access_changed");
    assertEquals(await closed.disconnect, "io server disconnect");

    // The same (still valid) token connects again, now to the team Dave still has.
    again = await connected(socketFor(server.url, dave.api.token));
    const join = await ask(again, "join", { room: `team:${acme}` });
    assertEquals(join.ok, false);
    assertEquals(join.error.code, "forbidden");
    // A contact created in Acme, then one in Dave's own team: the second arrives, and nothing of Acme before it.
    const events = firstEvent(
      again,
      "record.created",
      (e) => e.team_id === dave.ownTeam && e.record_type === "contact",
    );
    const secret = await newContact(alice, "secret@acme-revoke.test");
    const mine = await newContact(dave.api, "mine@own-revoke.test");
    assertEquals((await events.found).record_id, mine);
    assertEquals(events.seen.filter((e) => e.team_id === acme || e.record_id === secret), []);
  } finally {
    socket.close();
    again?.close();
  }
});

Deno.test("revocation: after a global logout the open socket is closed and stores no chat message", async () => {
  const erin = await acmeMember("erin@revoke.test");
  const channel = await newChannel(alice, "revoke-logout", [erin.id]);
  const socket = await connected(socketFor(server.url, erin.api.token));
  try {
    assertEquals((await ask(socket, "join", { room: `channel:${channel}` })).ok, true);
    await send(socket, channel, "before signing out");
    const closed = closing(socket);
    const body = `after signing out ${crypto.randomUUID()}`;
    assertEquals((await erin.api.post("/auth/v1/logout?scope=global")).status, 204);
    // What a client still sends as the logout completes must not be stored (its ack fails or never comes).
    const late = socket.connected
      ? ask(socket, "chat:send", { channel_id: channel, client_id: crypto.randomUUID(), body }).catch((e) => e)
      : null;
    assertEquals((await closed.error).code, "session_ended");
    assertEquals(await closed.disconnect, "io server disconnect");
    if (late) assert((await late)?.ok !== true, "a message was stored after the logout");
    const stored = await server.db.asService(
      "test:messages",
      (tx) => tx.query("select 1 from public.messages where body = $1", [body]),
    );
    assertEquals(stored.length, 0);
    assertEquals((await refusal(socketFor(server.url, erin.api.token))).code, "unauthorized");
  } finally {
    socket.close();
  }
});

Deno.test("revocation: a local logout closes only that session's sockets; a password change closes the others", async () => {
  const fay = await acmeMember("fay@revoke.test");
  const laptop = fay.api;
  const phone = await ApiClient.signIn(server.url, "fay@revoke.test");
  const tablet = await ApiClient.signIn(server.url, "fay@revoke.test");
  const onLaptop = await connected(socketFor(server.url, laptop.token));
  const onPhone = await connected(socketFor(server.url, phone.token));
  const onTablet = await connected(socketFor(server.url, tablet.token));
  try {
    const phoneClosed = closing(onPhone);
    assertEquals((await phone.post("/auth/v1/logout")).status, 204);
    assertEquals((await phoneClosed.error).code, "session_ended");
    await phoneClosed.disconnect;

    // A new password ends every other session (the tablet's), not the one that changed it.
    const tabletClosed = closing(onTablet);
    const changed = await laptop.request("PUT", "/auth/v1/user", { password: "Another-pass-2026!" });
    assertEquals(changed.status, 200, JSON.stringify(changed.json));
    assertEquals((await tabletClosed.error).code, "session_ended");
    await tabletClosed.disconnect;
    // The laptop's socket still works.
    assertEquals((await ask(onLaptop, "join", { room: `team:${acme}` })).ok, true);
    assert(onLaptop.connected);
  } finally {
    for (const s of [onLaptop, onPhone, onTablet]) s.close();
  }
});

Deno.test("revocation: a token's socket is closed when the token expires, without sending anything", async () => {
  const gus = await acmeMember("gus@revoke.test");
  // The same session's claims, signed to expire two seconds from now.
  const { iat: _iat, exp: _exp, iss: _iss, ...claims } = (await server.services.auth.keys.verify(gus.api.token))!;
  const now = Math.floor(Date.now() / 1000);
  const token = await server.services.auth.keys.sign(claims as Omit<Claims, "iat" | "exp" | "iss">, now - 3600 + 2);
  const exp = (await server.services.auth.keys.verify(token))!.exp;
  const socket = await connected(socketFor(server.url, token));
  try {
    const closed = closing(socket);
    const error = await closed.error;
    assertEquals(error.code, "token_expired");
    assertEquals(await closed.disconnect, "io server disconnect");
    assert(Date.now() >= exp * 1000, "closed before the token expired");
  } finally {
    socket.close();
  }
});

Deno.test("revocation: a role change closes the member's sockets; reconnected, they carry the new role", async () => {
  const hal = await acmeMember("hal@revoke.test", "manager");
  const socket = await connected(socketFor(server.url, hal.api.token));
  let again: Socket | null = null;
  try {
    const closed = closing(socket);
    const changed = await aliceWeb.post("/settings/team", { action: "role", user_id: hal.id, role: "viewer" });
    assertEquals(changed.location, "/settings/team?done=role");
    assertEquals((await closed.error).code, "access_changed");
    assertEquals(await closed.disconnect, "io server disconnect");

    again = await connected(socketFor(server.url, hal.api.token));
    const onServer = server.realtime.io.of("/").sockets.get(again.id!);
    assertEquals(onServer?.data.user.role, "viewer");
    assertEquals(onServer?.data.user.teamId, acme);
    // and works as the viewer it now is
    assertEquals((await ask(again, "join", { room: `team:${acme}` })).ok, true);
  } finally {
    socket.close();
    again?.close();
  }
});

Deno.test("revocation: join and sync re-check membership in the database, even if the notice never came", async () => {
  const ida = await acmeMember("ida@revoke.test");
  const contact = await newContact(alice, "watched@acme-revoke.test");
  const socket = await connected(socketFor(server.url, ida.api.token));
  try {
    assertEquals((await ask(socket, "join", { room: `record:contact:${contact}` })).ok, true);
    assertEquals((await ask(socket, "sync", { room: `team:${acme}`, since: 0 })).ok, true);
    // Removed with the announcing trigger switched off (as if this process missed the notification): the
    // socket stays open, but the handshake's snapshot no longer counts.
    await server.db.asService("test:silent-removal", async (tx) => {
      await tx.query("alter table public.team_members disable trigger team_members_access_removed");
      await tx.query("delete from public.team_members where team_id = $1 and user_id = $2", [acme, ida.id]);
      await tx.query("alter table public.team_members enable trigger team_members_access_removed");
    });
    assert(socket.connected);
    const sync = await ask(socket, "sync", { room: `team:${acme}`, since: 0 });
    assertEquals(sync.ok, false);
    assertEquals(sync.error.code, "forbidden");
    assertEquals(sync.events, undefined);
    const recordSync = await ask(socket, "sync", { room: `record:contact:${contact}`, since: 0 });
    assertEquals(recordSync.ok, false);
    assertEquals(recordSync.error.code, "not_found");
    const join = await ask(socket, "join", { room: `team:${acme}` });
    assertEquals(join.ok, false);
    assertEquals(join.error.code, "forbidden");
  } finally {
    socket.close();
  }
});

Deno.test("revocation: a dropped socket of a removed member is not recovered with the events it missed", async () => {
  const jo = await acmeMember("jo@revoke.test");
  const socket = socketFor(server.url, jo.api.token);
  try {
    await connected(socket);
    // One room event first, so the client has an offset to recover from.
    const first = firstEvent(socket, "record.created", (e) => e.team_id === acme);
    await newContact(alice, "before-drop@acme-revoke.test");
    await first.found;
    const onServer = server.realtime.io.of("/").sockets.get(socket.id!)!;
    const dropped = new Promise<string>((resolve) => onServer.once("disconnect", resolve));
    socket.io.engine.close();
    assertEquals(await dropped, "transport close");

    assertEquals(
      (await aliceWeb.post("/settings/team", { action: "remove", user_id: jo.id })).location,
      "/settings/team?done=removed",
    );
    const missed = await newContact(alice, "while-away@acme-revoke.test");
    const events = firstEvent(socket, "record.created", (e) => e.team_id === jo.ownTeam && e.record_type === "contact");
    socket.connect();
    await connected(socket);
    assertEquals(socket.recovered, false);
    const mine = await newContact(jo.api, "mine-after@own-revoke.test");
    assertEquals((await events.found).record_id, mine);
    assertEquals(events.seen.filter((e) => e.team_id === acme || e.record_id === missed), []);
  } finally {
    socket.close();
  }
});

Deno.test("revocation: one person holds at most the connection cap; the next handshake is refused", async () => {
  const kit = await acmeMember("kit@revoke.test");
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < DEFAULT_MAX_CONNECTIONS_PER_USER; i++) {
      sockets.push(await connected(socketFor(server.url, kit.api.token)));
    }
    const refused = await refusal(socketFor(server.url, kit.api.token));
    assertEquals(refused.code, "too_many_connections");
    // Someone else is not affected.
    const other = await connected(socketFor(server.url, alice.token));
    other.close();
    // One closed, one may open again.
    const onServer = server.realtime.io.of("/").sockets.get(sockets[0].id!)!;
    const released = new Promise((resolve) => onServer.once("disconnect", resolve));
    sockets[0].close();
    await released;
    sockets[0] = await connected(socketFor(server.url, kit.api.token));
  } finally {
    for (const s of sockets) s.close();
  }
});

Deno.test("revocation: one person's sockets share a rate limit, each staying under its own", async () => {
  const lee = await acmeMember("lee@revoke.test");
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < 8; i++) sockets.push(await connected(socketFor(server.url, lee.api.token)));
    // Each socket stays under its own burst (40); together they send far more than one person's (200).
    const perSocket = DEFAULT_RATE_LIMIT.capacity - 5;
    const replies = await Promise.all(
      sockets.flatMap((s) => Array.from({ length: perSocket }, () => ask(s, "leave", { room: "record:deal:none" }))),
    );
    const limited = replies.filter((r) => r.ok === false);
    assert(limited.length >= 30, `only ${limited.length} of ${replies.length} were limited`);
    assert(limited.every((r) => r.error.code === "rate_limited"));
    // Another person's socket is not slowed down by it.
    const other = await connected(socketFor(server.url, alice.token));
    try {
      assertEquals((await ask(other, "leave", { room: "record:deal:none" })).ok, true);
    } finally {
      other.close();
    }
  } finally {
    for (const s of sockets) s.close();
  }
});
