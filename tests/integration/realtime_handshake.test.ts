// socket.io handshake on the app's own port: tokens, cookies, forged and signed-out tokens, Origin.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, refusal, socketFor, teamIdOf } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const carol = await ApiClient.signIn(server.url, "carol@acme.test");

Deno.test("realtime handshake: a valid token connects over websocket and over polling; Hono still serves pages", async () => {
  for (const transports of [["websocket"], ["polling"]]) {
    const socket = socketFor(server.url, carol.token, { transports });
    try {
      await connected(socket);
      const teamId = await teamIdOf(server, "carol@acme.test");
      const joined = await ask(socket, "join", { room: `team:${teamId}` });
      assertEquals(joined.ok, true, transports.join());
    } finally {
      socket.close();
    }
  }
  const login = await fetch(`${server.url}/login`);
  assertEquals(login.status, 200);
  await login.body?.cancel();
});

Deno.test("realtime handshake: the session cookie works when the Origin is the app's own", async () => {
  const socket = socketFor(server.url, undefined, {
    extraHeaders: { cookie: `leadly-access=${carol.token}`, origin: new URL(server.url).origin },
  });
  try {
    await connected(socket);
  } finally {
    socket.close();
  }
  const noOrigin = await refusal(
    socketFor(server.url, undefined, { extraHeaders: { cookie: `leadly-access=${carol.token}` } }),
  );
  assertEquals(noOrigin.code, "origin_required");
});

Deno.test("realtime handshake: no token, a forged token and a signed-out token get a readable connect_error", async () => {
  const none = await refusal(socketFor(server.url, undefined));
  assertEquals(none.code, "unauthorized");
  assertMatch(none.message, /Sign in first/);

  const [header, body] = carol.token.split(".");
  const forged = await refusal(socketFor(server.url, `${header}.${body}.${"A".repeat(43)}`));
  assertEquals(forged.code, "unauthorized");
  assertMatch(forged.message, /invalid, expired or signed out/);

  const garbage = await refusal(socketFor(server.url, "not-a-jwt"));
  assertEquals(garbage.code, "unauthorized");

  const leaving = await ApiClient.signIn(server.url, "bob@acme.test");
  const before = socketFor(server.url, leaving.token);
  await connected(before);
  before.close();
  assertEquals((await leaving.post("/auth/v1/logout")).status, 204);
  const after = await refusal(socketFor(server.url, leaving.token));
  assertEquals(after.code, "unauthorized");
  assertMatch(after.message, /signed out/);
});

Deno.test("realtime handshake: a foreign Origin is refused even with a valid token", async () => {
  const evil = await refusal(socketFor(server.url, carol.token, { extraHeaders: { origin: "http://evil.test" } }));
  assertEquals(evil.code, "origin_not_allowed");
  assertMatch(evil.message, /evil\.test are not allowed/);
  const own = socketFor(server.url, carol.token, { extraHeaders: { origin: new URL(server.url).origin } });
  try {
    await connected(own);
    assert(own.connected);
  } finally {
    own.close();
  }
});
