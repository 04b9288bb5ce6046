// Sign-in, sign-out, CSRF and cookie flags over HTTP, the way a browser without JavaScript uses them.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());

Deno.test("pages need a session: visitors go to the login page with the way back", async () => {
  const web = new WebClient(server.url);
  const res = await web.get("/settings/team");
  assertEquals(res.status, 303);
  assertEquals(res.location, "/login?next=%2Fsettings%2Fteam");
});

Deno.test("login sets httpOnly SameSite=Lax session cookies and returns to `next`", async () => {
  const web = new WebClient(server.url);
  await web.get("/login");
  const res = await fetch(`${server.url}/login?next=/settings/profile`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: `leadly-csrf=${web.cookies.get("leadly-csrf")}`, origin: server.url },
    body: new URLSearchParams({
      _csrf: web.cookies.get("leadly-csrf")!,
      email: "bob@acme.test",
      password: "leadly-demo",
    }),
  });
  assertEquals(res.status, 303);
  assertEquals(res.headers.get("location"), "/settings/profile");
  const cookies = res.headers.getSetCookie();
  const access = cookies.find((c) => c.startsWith("leadly-access="))!;
  assertMatch(access, /HttpOnly/);
  assertMatch(access, /SameSite=Lax/);
  assert(!/Secure/.test(access), "no Secure flag over plain http");
  assert(cookies.some((c) => c.startsWith("leadly-refresh=")));
});

Deno.test("login never redirects off-site", async () => {
  const web = new WebClient(server.url);
  await web.get("/login");
  const res = await web.post("/login?next=//evil.test/x", { email: "bob@acme.test", password: "leadly-demo" });
  assertEquals(res.location, "/");
});

Deno.test("wrong password shows a readable error in the form, with status 400", async () => {
  const web = new WebClient(server.url);
  const res = await web.post("/login", { email: "alice@acme.test", password: "nope" });
  assertEquals(res.status, 400);
  assertMatch(res.html, /Wrong email or password/);
  assertMatch(res.html, /value="alice@acme.test"/);
});

Deno.test("form posts without the CSRF token or from another site are refused", async () => {
  const web = new WebClient(server.url);
  await web.login("alice@acme.test");
  const noToken = await web.post("/settings/profile", { full_name: "Mallory" }, { csrf: false });
  assertEquals(noToken.status, 403);
  assertMatch(noToken.html, /expired or came from another site/);
  const crossSite = await web.post("/settings/profile", { full_name: "Mallory" }, { origin: "https://evil.test" });
  assertEquals(crossSite.status, 403);
});

Deno.test("an expired access cookie is refreshed from the refresh cookie", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  web.cookies.set("leadly-access", "expired.or.garbage");
  const res = await web.get("/");
  assertEquals(res.status, 200);
  assert(web.cookies.get("leadly-access") !== "expired.or.garbage", "a new access token was issued");
});

Deno.test("logout ends the session: the old refresh cookie no longer works", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const oldRefresh = web.cookies.get("leadly-refresh")!;
  const out = await web.post("/logout", {});
  assertEquals(out.location, "/login?notice=signed-out");
  assertEquals((await web.get("/")).status, 303);
  const replay = new WebClient(server.url);
  replay.cookies.set("leadly-refresh", oldRefresh);
  assertEquals((await replay.get("/")).status, 303);
});

Deno.test("the dev mailbox is a page and a JSON list, newest first", async () => {
  await server.services.auth.recover("bob@acme.test");
  await server.services.auth.recover("bob@acme.test");
  const list = await server.mailbox("bob@acme.test");
  assert(list.length >= 2);
  assert(list[0].created_at >= list[1].created_at);
  assertEquals(Object.keys(list[0]).sort(), ["created_at", "html", "id", "subject", "text", "to"]);
  const page = await fetch(`${server.url}/dev/mailbox?to=bob@acme.test`);
  assertMatch(await page.text(), /password reset code/);
});

Deno.test("HTML pages carry a CSP with a nonce and security headers", async () => {
  const res = await fetch(`${server.url}/login`);
  const csp = res.headers.get("content-security-policy") ?? "";
  const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
  assert(nonce, csp);
  assert((await res.text()).includes(`nonce="${nonce}"`), "the inline scripts carry the header's nonce");
  assertEquals(res.headers.get("x-content-type-options"), "nosniff");
  assertEquals(res.headers.get("x-frame-options"), "DENY");
});

// Starting time zone (issue 9) ----------------------------------------------------------------------------

const zoneOf = async (email: string) => {
  const [row] = await server.db.asService("test:zone", (tx) =>
    tx.query<{ timezone: string }>(
      "select p.timezone from public.profiles p join auth.users u on u.id = p.id where u.email = $1",
      [email],
    ));
  return row?.timezone ?? null;
};

/** The four signup steps as form posts, with what the browser's hidden field would send. */
async function signUpWithZone(email: string, timeZone: string) {
  const web = new WebClient(server.url);
  await web.get("/signup");
  const account = await web.post("/signup", {
    full_name: "Zoe Zone",
    email,
    password: "Globex-corp-2026",
    time_zone: timeZone,
  });
  assertEquals(account.status, 303, "a bad zone is not a form error");
  assertEquals(account.location, "/signup/company");
  const company = await web.post("/signup/company", { company_name: "Zone Co", industry: "", job_role: "" });
  assertEquals(company.location, "/signup/verify");
  const verified = await web.post("/signup/verify", { code: await server.lastCode(email) });
  assertEquals(verified.status, 303);
  return web;
}

Deno.test("signup: the profile starts in the browser's zone; an unknown zone falls back to UTC", async () => {
  const form = await new WebClient(server.url).get("/signup");
  assertMatch(form.html, /<input type="hidden" name="time_zone"/);
  await signUpWithZone("zoe.berlin@zone.test", "Europe/Berlin");
  assertEquals(await zoneOf("zoe.berlin@zone.test"), "Europe/Berlin");
  const bogus = await signUpWithZone("zoe.mars@zone.test", "Mars/Olympus_Mons");
  assertEquals(await zoneOf("zoe.mars@zone.test"), "UTC");
  assertEquals((await bogus.get("/tasks")).status, 200, "the new workspace works in UTC");
});

Deno.test("invite: an invitee who signs up on the invitation starts in their browser's zone", async () => {
  const alice = new WebClient(server.url);
  await alice.login("alice@acme.test");
  await alice.post("/settings/team", { action: "invite", email: "ivy@acme.test", role: "rep" });
  const [mail] = await server.mailbox("ivy@acme.test");
  const link = new URL(mail.text.match(/https?:\/\/\S+\/invite\/\S+/)![0]).pathname;
  const ivy = new WebClient(server.url);
  const page = await ivy.get(link);
  assertMatch(page.html, /name="time_zone"/);
  const signup = await ivy.post(link, {
    action: "signup",
    full_name: "Ivy Invitee",
    password: "Globex-corp-2026",
    time_zone: "America/New_York",
  });
  // Either the link proves the address and Ivy joins at once, or she confirms a code and accepts.
  if (signup.location?.startsWith("/signup/verify")) {
    const verified = await ivy.post(signup.location, { code: await server.lastCode("ivy@acme.test") });
    assertEquals(verified.location, link);
    // accepting keeps the zone (one already set is never overwritten by the accept form)
    assertEquals((await ivy.post(link, { action: "accept", time_zone: "Asia/Tokyo" })).location, "/?joined=1");
  } else assertEquals(signup.location, "/?joined=1");
  assertEquals(await zoneOf("ivy@acme.test"), "America/New_York");
});
