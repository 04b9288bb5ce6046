// Guessing is limited at every door: the sign-in, two-factor, reset and signup forms and the /auth/v1 API share
// one limiter (lib/auth/throttle.ts) with production numbers (rateLimitFactor 1). A lock holds even for the
// right password or code; codes mailed per address are capped; X-Forwarded-For counts only from our proxies.
import * as OTPAuth from "otpauth";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";

// Clients connect straight to this one: whatever X-Forwarded-For they send is their own claim.
const direct = await startTestServer({ seed: true, rateLimitFactor: 1 });
// This one sits "behind a proxy" on loopback, so X-Forwarded-For tells clients apart, as in production.
const proxied = await startTestServer({ seed: true, rateLimitFactor: 1, trustedProxies: ["127.0.0.1", "::1"] });
Deno.test.afterAll?.(() => Promise.all([direct.close(), proxied.close()]).then(() => {}));

const TOO_MANY = /Too many attempts\. Try again in \d+ seconds\./;
const TOO_MANY_CODES = /Too many codes were requested for this address\. Try again in \d+ minutes\./;

/** A browser at `ip`, as the proxy in front of `proxied` would report it. */
const browserAt = (ip: string) => new WebClient(proxied.url, { "x-forwarded-for": ip });

function otherCode(code: string) {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

Deno.test("POST /login: 5 wrong passwords lock that browser, and then the right one does not work", async () => {
  const web = browserAt("198.51.100.10");
  for (let i = 0; i < 5; i++) {
    const res = await web.post("/login", { email: "alice@acme.test", password: `guess-${i}` });
    assertEquals(res.status, 400, `guess ${i + 1}`);
    assertMatch(res.html, /Wrong email or password/);
  }
  const locked = await web.post("/login", { email: "alice@acme.test", password: "leadly-demo" });
  assertEquals(locked.status, 429);
  assertMatch(locked.html, TOO_MANY);
  assert(!web.cookies.has("leadly-access"), "no session while locked");
  // Alice at her own desk is not locked out by someone else's guessing.
  const elsewhere = await browserAt("198.51.100.11").post("/login", {
    email: "alice@acme.test",
    password: "leadly-demo",
  });
  assertEquals(elsewhere.status, 303);
});

Deno.test("POST /login/mfa: 5 wrong two-factor codes lock, then the right code does not work", async () => {
  const { auth } = proxied.services;
  const signedIn = await auth.signInWithPassword("carol@acme.test", "leadly-demo", {});
  const claims = (await auth.keys.verify(signedIn.access_token))!;
  const factor = await auth.enrollTotp(claims, "Phone");
  const totp = new OTPAuth.TOTP({ secret: factor.totp.secret });
  const challenge = await auth.challenge(claims, factor.id);
  await auth.verifyTotp(claims, factor.id, challenge.id, totp.generate());

  const web = browserAt("198.51.100.20");
  const login = await web.post("/login", { email: "carol@acme.test", password: "leadly-demo" });
  assertMatch(login.location ?? "", /^\/login\/mfa/);
  const near = [-30_000, 0, 30_000].map((offset) => totp.generate({ timestamp: Date.now() + offset }));
  let wrong = "000000";
  while (near.includes(wrong)) wrong = otherCode(wrong);
  for (let i = 0; i < 5; i++) {
    const res = await web.post("/login/mfa", { code: wrong });
    assertEquals(res.status, 422, `guess ${i + 1}`);
  }
  const locked = await web.post("/login/mfa", { code: totp.generate() });
  assertEquals(locked.status, 429);
  assertMatch(locked.html, TOO_MANY);
  const home = await web.get("/");
  assertEquals(home.status, 303, "still not past the two-factor check");
});

Deno.test("POST /reset-password: 5 wrong codes lock; a fresh code from /forgot-password does not help", async () => {
  const web = browserAt("198.51.100.30");
  assertEquals((await web.post("/forgot-password", { email: "bob@acme.test" })).status, 303);
  const first = await proxied.lastCode("bob@acme.test");
  for (let i = 0; i < 5; i++) {
    const res = await web.post("/reset-password", {
      email: "bob@acme.test",
      code: otherCode(first),
      password: "Taken-Over-2026!",
    });
    assertEquals(res.status, 403, `guess ${i + 1}`);
  }
  assertEquals((await web.post("/forgot-password", { email: "bob@acme.test" })).status, 303);
  const fresh = await proxied.lastCode("bob@acme.test");
  const locked = await web.post("/reset-password", {
    email: "bob@acme.test",
    code: fresh,
    password: "Taken-Over-2026!",
  });
  assertEquals(locked.status, 429);
  assertMatch(locked.html, TOO_MANY);
  // The password did not change.
  const session = await proxied.services.auth.signInWithPassword("bob@acme.test", "leadly-demo", {});
  assert(session.access_token);
});

Deno.test("POST /forgot-password: 5 codes an hour per address from any number of addresses, same answer for strangers", async () => {
  const answers: string[] = [];
  for (const email of ["alice@acme.test", "nobody@acme.test"]) {
    for (let i = 0; i < 5; i++) {
      const res = await browserAt(`198.51.100.${100 + i}`).post("/forgot-password", { email });
      assertEquals(res.status, 303, `${email} request ${i + 1}`);
    }
    const capped = await browserAt("198.51.100.199").post("/forgot-password", { email });
    assertEquals(capped.status, 429);
    answers.push(capped.html.match(TOO_MANY_CODES)?.[0] ?? "no cap message");
  }
  assertMatch(answers[0], TOO_MANY_CODES);
  assertEquals(answers[0], answers[1], "the cap does not tell who has an account");
  assertEquals((await proxied.mailbox("alice@acme.test")).filter((m) => /reset/i.test(m.subject)).length, 5);
});

Deno.test("POST /signup/verify: 5 wrong codes lock; resends are capped too", async () => {
  const email = "dana@initech.test";
  const web = browserAt("198.51.100.40");
  const account = await web.post("/signup", { full_name: "Dana", email, password: "Tps-Reports-2026!" });
  assertEquals(account.location, "/signup/company");
  const company = await web.post("/signup/company", { company_name: "Initech", industry: "", job_role: "" });
  assertEquals(company.location, "/signup/verify");
  const first = await proxied.lastCode(email);
  for (let i = 0; i < 5; i++) {
    const res = await web.post("/signup/verify", { code: otherCode(first) });
    assertEquals(res.status, 403, `guess ${i + 1}`);
  }
  const resent = await web.post("/signup/verify", { action: "resend" });
  assertEquals(resent.status, 200);
  const locked = await web.post("/signup/verify", { code: await proxied.lastCode(email) });
  assertEquals(locked.status, 429);
  assertMatch(locked.html, TOO_MANY);
  assert(!web.cookies.has("leadly-access"), "not signed in while locked");
  // Signup mailed code 1 and the resend code 2: three more resends, then the cap.
  for (let i = 0; i < 3; i++) {
    web.headers["x-forwarded-for"] = `198.51.100.${41 + i}`;
    assertEquals((await web.post("/signup/verify", { action: "resend" })).status, 200, `resend ${i + 2}`);
  }
  web.headers["x-forwarded-for"] = "198.51.100.49";
  const capped = await web.post("/signup/verify", { action: "resend" });
  assertEquals(capped.status, 429);
  assertMatch(capped.html, TOO_MANY_CODES);
});

async function api(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${direct.url}/auth/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), json: await res.json() };
}

Deno.test("/auth/v1/token: a rotated X-Forwarded-For does not reset the count; the right password waits", async () => {
  for (let i = 0; i < 5; i++) {
    const res = await api(
      "/token?grant_type=password",
      { email: "alice@acme.test", password: `guess-${i}` },
      { "x-forwarded-for": `203.0.113.${i}` },
    );
    assertEquals(res.status, 400, `guess ${i + 1}`);
  }
  const locked = await api(
    "/token?grant_type=password",
    { email: "alice@acme.test", password: "leadly-demo" },
    { "x-forwarded-for": "203.0.113.99" },
  );
  assertEquals(locked.status, 429);
  assertEquals(locked.json.error_code, "over_request_rate_limit");
  assertMatch(locked.json.msg, TOO_MANY);
  assert(Number(locked.retryAfter) > 0, "Retry-After says when");
  assertEquals(locked.json.access_token, undefined);
  // Another account from the same machine is not held by Alice's lock.
  const bob = await api("/token?grant_type=password", { email: "bob@acme.test", password: "leadly-demo" });
  assertEquals(bob.status, 200);
});

Deno.test("/auth/v1/recover: a rotated X-Forwarded-For does not get past the limit", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) {
    const res = await api("/recover", { email: "nobody@acme.test" }, { "x-forwarded-for": `203.0.113.${50 + i}` });
    statuses.push(res.status);
  }
  assertEquals(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
});
