// Attacks on accounts, as an attacker who knows a password, an email address or nothing at all would run
// them: two-factor bypass with an aal1 session, pre-registering a victim's email, reading the dev mailbox from
// afar, SMTP failures that tell accounts apart, another team's people as owners, missing security headers.
import * as OTPAuth from "otpauth";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { freshDb } from "../helpers/template.ts";
import { loadConfig } from "../../fresh.config.ts";
import { createApp } from "../../app/services.ts";
import { otherTeamMember, userIdOf } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());

async function auth(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${server.url}/auth/v1${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // deno-lint-ignore no-explicit-any
  return { status: res.status, json: text ? JSON.parse(text) as any : null, headers: res.headers };
}

async function signIn(email: string, password = "leadly-demo") {
  const res = await auth("POST", "/token?grant_type=password", { email, password });
  assertEquals(res.status, 200, `sign-in as ${email}: ${JSON.stringify(res.json)}`);
  return res.json.access_token as string;
}

/** Enrols and verifies a TOTP factor with `token`; returns the factor, its generator and the aal2 token. */
async function turnOnTwoFactor(token: string) {
  const enrolled = await auth("POST", "/factors", { factor_type: "totp" }, token);
  assertEquals(enrolled.status, 200);
  const totp = new OTPAuth.TOTP({ secret: enrolled.json.totp.secret });
  const challenge = await auth("POST", `/factors/${enrolled.json.id}/challenge`, {}, token);
  const verified = await auth(
    "POST",
    `/factors/${enrolled.json.id}/verify`,
    { challenge_id: challenge.json.id, code: totp.generate() },
    token,
  );
  assertEquals(verified.status, 200);
  return { factorId: enrolled.json.id as string, totp, aal2Token: verified.json.access_token as string };
}

Deno.test("a password alone cannot enrol, verify or delete factors once two-factor is on", async () => {
  const victim = await signIn("carol@acme.test");
  const { factorId } = await turnOnTwoFactor(victim);

  // The attacker knows the password only: an aal1 session.
  const attacker = await signIn("carol@acme.test");
  const enrol = await auth("POST", "/factors", { factor_type: "totp", friendly_name: "Mine" }, attacker);
  assertEquals(enrol.status, 403);
  assertEquals(enrol.json.code, "insufficient_aal");
  const remove = await auth("DELETE", `/factors/${factorId}`, undefined, attacker);
  assertEquals(remove.status, 403);
  const password = await auth("PUT", "/user", { password: "Attacker-Owns-1t!" }, attacker);
  assertEquals(password.status, 403);

  // The victim's factor is untouched and still the only one.
  const user = await auth("GET", "/user", undefined, victim);
  assertEquals(user.json.factors.map((f: { id: string; status: string }) => [f.id, f.status]), [[
    factorId,
    "verified",
  ]]);
  const claims = JSON.parse(atob(attacker.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  assertEquals(claims.aal, "aal1");
});

Deno.test("a factor enrolled before the owner's is verified cannot lift an aal1 session later", async () => {
  const email = "erin.mfa@acme.test";
  await otherTeamMember(server, email);
  // The attacker, with the password only, starts a set-up first and keeps it pending.
  const attacker = await signIn(email);
  const pending = await auth("POST", "/factors", { factor_type: "totp" }, attacker);
  assertEquals(pending.status, 200);
  const attackerTotp = new OTPAuth.TOTP({ secret: pending.json.totp.secret });

  // The owner turns on two-factor on a session of their own (their set-up replaces the pending one).
  const owner = await signIn(email);
  await turnOnTwoFactor(owner);

  const challenge = await auth("POST", `/factors/${pending.json.id}/challenge`, {}, attacker);
  assert(challenge.status === 403 || challenge.status === 404, `challenge answered ${challenge.status}`);
  const verify = await auth(
    "POST",
    `/factors/${pending.json.id}/verify`,
    { challenge_id: crypto.randomUUID(), code: attackerTotp.generate() },
    attacker,
  );
  assert(verify.status === 403 || verify.status === 404, `verify answered ${verify.status}`);
  assert(!verify.json.access_token, "no token for the attacker");
});

Deno.test("the owner with aal2 can still add a second factor and remove the first", async () => {
  const email = "frank.mfa@acme.test";
  await otherTeamMember(server, email);
  const first = await turnOnTwoFactor(await signIn(email));
  const second = await turnOnTwoFactor(first.aal2Token);
  assertEquals((await auth("DELETE", `/factors/${first.factorId}`, undefined, second.aal2Token)).status, 200);
});

async function signUp(email: string, password: string) {
  const res = await auth("POST", "/signup", { email, password });
  assertEquals(res.status, 200, JSON.stringify(res.json));
}

async function codes(email: string): Promise<string[]> {
  // newest first
  return (await server.mailbox(email)).map((mail) => mail.subject.match(/\b(\d{6})\b/)![1]);
}

Deno.test("signing up again with an unverified email never sets the password the victim verifies", async (t) => {
  await t.step("attacker signs up after the victim", async () => {
    const email = "victim1@globex.test";
    await signUp(email, "Victims-0wn-Pass!");
    await signUp(email, "Attackers-Pass-99!");
    const [, victimsCode] = await codes(email);
    assertEquals((await auth("POST", "/verify", { type: "signup", email, token: victimsCode })).status, 200);
    assertEquals(
      (await auth("POST", "/token?grant_type=password", { email, password: "Attackers-Pass-99!" })).status,
      400,
    );
    await signIn(email, "Victims-0wn-Pass!");
  });
  await t.step("attacker pre-registers the victim's email", async () => {
    const email = "victim2@globex.test";
    await signUp(email, "Attackers-Pass-99!");
    await signUp(email, "Victims-0wn-Pass!");
    const [victimsCode] = await codes(email);
    assertEquals((await auth("POST", "/verify", { type: "signup", email, token: victimsCode })).status, 200);
    assertEquals(
      (await auth("POST", "/token?grant_type=password", { email, password: "Attackers-Pass-99!" })).status,
      400,
    );
    await signIn(email, "Victims-0wn-Pass!");
    // The other signup's code is void once one verified the email.
    const [, attackersCode] = await codes(email);
    assertEquals((await auth("POST", "/verify", { type: "signup", email, token: attackersCode })).status, 403);
  });
});

Deno.test("the dev mailbox answers this machine only, never a relayed or remote request", async () => {
  assertEquals((await fetch(`${server.url}/dev/mailbox.json?to=alice@acme.test`)).status, 200);
  for (const header of ["x-forwarded-for", "forwarded", "x-real-ip"]) {
    const relayed = await fetch(`${server.url}/dev/mailbox.json?to=alice@acme.test`, {
      headers: { [header]: header === "forwarded" ? "for=203.0.113.7" : "203.0.113.7" },
    });
    assertEquals(relayed.status, 404, `with ${header}`);
    await relayed.body?.cancel();
    const page = await fetch(`${server.url}/dev/mailbox`, { headers: { [header]: "203.0.113.7" } });
    assertEquals(page.status, 404);
    await page.body?.cancel();
  }
  // From another interface of this machine, as a stranger on the network would connect.
  const external = Deno.networkInterfaces().find((i) => i.family === "IPv4" && !i.address.startsWith("127."));
  if (external) {
    const port = new URL(server.url).port;
    const remote = await fetch(`http://${external.address}:${port}/dev/mailbox.json?to=alice@acme.test`);
    assertEquals(remote.status, 404);
    await remote.body?.cancel();
  }
});

Deno.test("auth and mailbox answers carry the security headers", async () => {
  const settings = await auth("GET", "/settings");
  assertEquals(settings.headers.get("x-content-type-options"), "nosniff");
  assertEquals(settings.headers.get("x-frame-options"), "DENY");
  assertMatch(settings.headers.get("content-security-policy") ?? "", /default-src 'none'/);
  const mailbox = await fetch(`${server.url}/dev/mailbox`);
  await mailbox.body?.cancel();
  assertEquals(mailbox.headers.get("x-frame-options"), "DENY");
  assertMatch(mailbox.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
});

Deno.test("on https: HSTS everywhere and no dev mailbox; when mail fails, the answers do not tell accounts apart", async () => {
  const db = await freshDb();
  try {
    const config = { ...loadConfig({}), publicUrl: "https://crm.example.test", seedDemo: false };
    const failingMail = { transport: "captured" as const, send: () => Promise.reject(new Error("SMTP is down")) };
    const { root } = createApp(config, db, failingMail, "test-secret-".padEnd(48, "x"));
    const request = (path: string, body?: unknown) =>
      root.fetch(
        new Request(`https://crm.example.test${path}`, {
          method: body ? "POST" : "GET",
          headers: { "content-type": "application/json" },
          body: body ? JSON.stringify(body) : undefined,
        }),
      );

    const settings = await request("/auth/v1/settings");
    assertMatch(settings.headers.get("strict-transport-security") ?? "", /max-age=\d{7,}/);
    assertEquals((await request("/dev/mailbox.json")).status, 404);

    const signup = await request("/auth/v1/signup", { email: "new@x.test", password: "Mail-Is-D0wn-Now!" });
    assertEquals(signup.status, 200);
    const known = await request("/auth/v1/recover", { email: "new@x.test" });
    const unknown = await request("/auth/v1/recover", { email: "nobody@x.test" });
    assertEquals([known.status, await known.text()], [unknown.status, await unknown.text()]);
    assertEquals(known.status, 200);
  } finally {
    await db.close();
  }
});

Deno.test("another team's people cannot be made owners or assignees", async () => {
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const outsider = await otherTeamMember(server, "olga@initech.test");
  const aliceId = await userIdOf(server, "alice@acme.test");
  const olgaId = await userIdOf(server, "olga@initech.test");

  const contact = await outsider.post("/api/v1/contacts", { first_name: "Own", last_name: "Goal", owner_id: aliceId });
  assertEquals(contact.status, 404, JSON.stringify(contact.json));
  assertMatch(contact.json.error.message, /not a member/);
  const mine = await alice.post("/api/v1/contacts", { first_name: "Kept", last_name: "Safe" });
  assertEquals(mine.status, 201);
  const reassign = await alice.patch(`/api/v1/contacts/${mine.json.data.id}`, { owner_id: olgaId });
  assertEquals(reassign.status, 404);
  const task = await outsider.post("/api/v1/tasks", { title: "Spy", assignee_id: aliceId });
  assertEquals(task.status, 404, JSON.stringify(task.json));
  // Their own people still work.
  assertEquals((await alice.patch(`/api/v1/contacts/${mine.json.data.id}`, { owner_id: aliceId })).status, 200);
});
