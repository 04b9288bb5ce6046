// /auth/v1 over HTTP: every bad input gets a clear 4xx, never a 500; sessions end when they should.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/auth/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: res.status === 204 ? null : await res.json() };
}

const signIn = (email: string, password = "leadly-demo") => post("/token?grant_type=password", { email, password });

Deno.test("malformed JSON and missing fields are 4xx with a readable message", async () => {
  const bad = await post("/signup", "{not json");
  assertEquals(bad.status, 400);
  assertEquals(bad.json.msg, "The request body is not valid JSON.");
  const missing = await post("/signup", { email: "x@y.test" });
  assertEquals(missing.status, 422);
  assertMatch(missing.json.error.message, /password/);
  const notEmail = await post("/signup", { email: "nope", password: "Str0ng-Password!" });
  assertEquals(notEmail.status, 422);
  assertMatch(notEmail.json.msg, /valid email/);
});

Deno.test("oversized bodies are refused with 413", async () => {
  const huge = await post("/signup", { email: "big@x.test", password: "x".repeat(2 * 1024 * 1024) });
  assertEquals(huge.status, 413);
  assertMatch(huge.json.error?.message ?? huge.json.msg, /too large/);
});

Deno.test("weak passwords are refused with the rules they miss", async () => {
  const weak = await post("/signup", { email: "weak@x.test", password: "password" });
  assertEquals(weak.status, 422);
  assertEquals(weak.json.error_code, "weak_password");
  assertMatch(weak.json.msg, /stronger password/);
});

Deno.test("a confirmed email cannot sign up again", async () => {
  const dup = await post("/signup", { email: "ALICE@acme.test", password: "Another-Str0ng-pass!" });
  assertEquals(dup.status, 422);
  assertEquals(dup.json.error_code, "user_already_exists");
});

Deno.test("wrong password and unknown user get the same answer", async () => {
  const wrong = await signIn("alice@acme.test", "not-her-password");
  const unknown = await signIn("nobody@acme.test", "whatever-it-is");
  assertEquals(wrong.status, 400);
  assertEquals(wrong.json, unknown.json);
  assertEquals(wrong.json.msg, "Wrong email or password.");
});

Deno.test("verification codes: wrong, reused and malformed codes are refused", async () => {
  const email = "erin@initech.test";
  assertEquals((await post("/signup", { email, password: "Tps-Reports-2026!" })).status, 200);
  const code = await server.lastCode(email);
  const wrong = await post("/verify", { type: "signup", email, token: code === "123456" ? "654321" : "123456" });
  assertEquals(wrong.status, 403);
  assertEquals(wrong.json.error_code, "otp_expired");
  const malformed = await post("/verify", { type: "signup", email, token: "12ab" });
  assertEquals(malformed.status, 422);
  assertEquals((await post("/verify", { type: "signup", email, token: code })).status, 200);
  assertEquals((await post("/verify", { type: "signup", email, token: code })).status, 403);
});

Deno.test("five wrong guesses burn the code", async () => {
  const email = "frank@initech.test";
  await post("/signup", { email, password: "Tps-Reports-2026!" });
  const code = await server.lastCode(email);
  const other = code === "000000" ? "111111" : "000000";
  for (let i = 0; i < 5; i++) await post("/verify", { type: "signup", email, token: other });
  assertEquals((await post("/verify", { type: "signup", email, token: code })).status, 403);
});

Deno.test("refresh tokens rotate; replaying an old one later ends the session", async () => {
  const first = (await signIn("bob@acme.test")).json;
  const second = (await post("/token?grant_type=refresh_token", { refresh_token: first.refresh_token })).json;
  assert(second.access_token);
  // within the reuse interval the old token still works (two tabs refreshing at once)
  assertEquals((await post("/token?grant_type=refresh_token", { refresh_token: first.refresh_token })).status, 200);
  const unknown = await post("/token?grant_type=refresh_token", { refresh_token: "made-up" });
  assertEquals(unknown.status, 400);
  assertMatch(unknown.json.msg, /session has ended/);
  const grant = await post("/token?grant_type=magic", {});
  assertEquals(grant.status, 400);
});

Deno.test("logout ends the session at once for its access token", async () => {
  const session = (await signIn("carol@acme.test")).json;
  const auth = { authorization: `Bearer ${session.access_token}` };
  assertEquals((await fetch(`${server.url}/auth/v1/user`, { headers: auth })).status, 200);
  assertEquals((await post("/logout", {}, auth)).status, 204);
  const after = await fetch(`${server.url}/auth/v1/user`, { headers: auth });
  assertEquals(after.status, 401);
  await after.body?.cancel();
  assertEquals((await post("/token?grant_type=refresh_token", { refresh_token: session.refresh_token })).status, 400);
});

Deno.test("password recovery: code by mail, then a new password; unknown emails look the same", async () => {
  assertEquals((await post("/recover", { email: "nobody@acme.test" })).status, 200);
  assertEquals((await post("/recover", { email: "bob@acme.test" })).status, 200);
  const code = await server.lastCode("bob@acme.test");
  const session = (await post("/verify", { type: "recovery", email: "bob@acme.test", token: code })).json;
  const res = await fetch(`${server.url}/auth/v1/user`, {
    method: "PUT",
    headers: { authorization: `Bearer ${session.access_token}`, "content-type": "application/json" },
    body: JSON.stringify({ password: "Brand-New-Passw0rd!" }),
  });
  assertEquals(res.status, 200);
  await res.body?.cancel();
  assertEquals((await signIn("bob@acme.test")).status, 400);
  assertEquals((await signIn("bob@acme.test", "Brand-New-Passw0rd!")).status, 200);
});

Deno.test("GET /user without a token is 401, with a forged token too", async () => {
  const none = await fetch(`${server.url}/auth/v1/user`);
  assertEquals(none.status, 401);
  await none.body?.cancel();
  const forged = await fetch(`${server.url}/auth/v1/user`, { headers: { authorization: "Bearer a.b.c" } });
  assertEquals(forged.status, 401);
  assertMatch((await forged.json()).msg, /not signed in/);
});
