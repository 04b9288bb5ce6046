// Teams over HTTP: create, switch, invite, accept, change roles, remove; and what other teams can't do.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());

async function signUpVerified(email: string, company?: string) {
  const res = await fetch(`${server.url}/auth/v1/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "Long-Enough-Pass-1!", data: { full_name: email, company_name: company } }),
  });
  assertEquals(res.status, 200);
  await res.body?.cancel();
  await server.services.auth.verifyOtp("signup", email, await server.lastCode(email), {});
  const web = new WebClient(server.url);
  await web.login(email, "Long-Enough-Pass-1!");
  return web;
}

function inviteLink(text: string) {
  return new URL(text.match(/https?:\/\/\S+\/invite\/\S+/)![0]).pathname;
}

Deno.test("invite → accept → role change → remove, all over plain form posts", async () => {
  const alice = new WebClient(server.url);
  await alice.login("alice@acme.test");
  const invited = await alice.post("/settings/team", { action: "invite", email: "erin@acme.test", role: "manager" });
  assertEquals(invited.location, "/settings/team?done=invited");
  const [mail] = await server.mailbox("erin@acme.test");
  assertMatch(mail.subject, /invited you to Acme Sales/);

  const erin = await signUpVerified("erin@acme.test");
  assertEquals((await erin.get("/")).location, "/teams/new", "no team yet");
  const link = inviteLink(mail.text);
  assertMatch((await erin.get(link)).html, /Accept and join Acme Sales/);
  const accepted = await erin.post(link, { action: "accept" });
  assertEquals(accepted.location, "/?joined=1");
  assertMatch((await erin.get("/")).html, /Acme Sales/);
  assertEquals((await erin.post(link, { action: "accept" })).status, 410, "a used link does not work twice");

  const members = await alice.get("/settings/team");
  assertMatch(members.html, /erin@acme\.test/);
  const erinId = (await server.db.asService(
    "test:lookup",
    (tx) => tx.query<{ id: string }>("select id from auth.users where email = 'erin@acme.test'"),
  ))[0].id;
  assertEquals(
    (await alice.post("/settings/team", { action: "role", user_id: erinId, role: "viewer" })).location,
    "/settings/team?done=role",
  );
  // Erin is a viewer now: she cannot invite.
  const denied = await erin.post("/settings/team", { action: "invite", email: "x@acme.test", role: "rep" });
  assertEquals(denied.status, 409);
  assertMatch(denied.html, /permission/);
  assertEquals(
    (await alice.post("/settings/team", { action: "remove", user_id: erinId })).location,
    "/settings/team?done=removed",
  );
  assertEquals((await erin.get("/")).location, "/teams/new", "removed members lose access at once");
});

Deno.test("the emailed link proves the address: sign up from it and you are in, no code, no company step", async () => {
  const alice = new WebClient(server.url);
  await alice.login("alice@acme.test");
  // Someone planted an unverified account on the address first; the link's holder takes it over.
  await fetch(`${server.url}/auth/v1/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "ivy@acme.test", password: "Squatter-Pass-99!", data: { full_name: "Not Ivy" } }),
  }).then((res) => res.body?.cancel());
  await alice.post("/settings/team", { action: "invite", email: "ivy@acme.test", role: "rep" });
  const link = inviteLink((await server.mailbox("ivy@acme.test")).find((m) => /invited you/.test(m.subject))!.text);
  const mailsBefore = (await server.mailbox("ivy@acme.test")).length;

  const ivy = new WebClient(server.url);
  assertMatch((await ivy.get(link)).html, /Create account and join/);
  const joined = await ivy.post(link, {
    action: "signup",
    full_name: "Ivy Chen",
    password: "Ivy-Strong-Pass-2026",
    time_zone: "",
  });
  assertEquals(joined.location, "/?joined=1");
  assertMatch((await ivy.get("/")).html, /Acme Sales · Sales rep/);
  assertEquals((await server.mailbox("ivy@acme.test")).length, mailsBefore, "no verification code was mailed");
  assertMatch((await alice.get("/settings/team")).html, /Ivy Chen/, "her profile carries the name she gave");
  await new WebClient(server.url).login("ivy@acme.test", "Ivy-Strong-Pass-2026");
  const squatter = await new WebClient(server.url).post("/login", {
    email: "ivy@acme.test",
    password: "Squatter-Pass-99!",
  });
  assertEquals(squatter.status, 400, "the planted password no longer works");
});

Deno.test("an invitee who signs in from the login page on their own still lands on the invitation", async () => {
  const alice = new WebClient(server.url);
  await alice.login("alice@acme.test");
  await alice.post("/settings/team", { action: "invite", email: "jo@acme.test", role: "rep" });
  const link = inviteLink((await server.mailbox("jo@acme.test"))[0].text);
  const jo = await signUpVerified("jo@acme.test");
  const visitor = new WebClient(server.url);
  await visitor.get(link);
  // Halfway: jo leaves the invitation and signs in from the plain login page.
  const signedIn = await visitor.login("jo@acme.test", "Long-Enough-Pass-1!");
  assertEquals(signedIn.location, link);
  assertEquals((await visitor.get("/teams/new")).location, link, "not the create-your-workspace step");
  assertEquals((await visitor.post(link, { action: "accept" })).location, "/?joined=1");
  assertEquals((await visitor.get("/teams/new")).status, 200, "the invitation is forgotten once used");
  await jo.get("/");
});

Deno.test("an invitation for someone else's email cannot be accepted", async () => {
  const alice = new WebClient(server.url);
  await alice.login("alice@acme.test");
  await alice.post("/settings/team", { action: "invite", email: "frank@acme.test", role: "rep" });
  const link = inviteLink((await server.mailbox("frank@acme.test"))[0].text);
  const carolFromOtherTeam = await signUpVerified("grace@umbrella.test", "Umbrella");
  const res = await carolFromOtherTeam.post(link, { action: "accept" });
  assertEquals(res.status, 409);
  assertMatch(res.html, /another email address/);
});

Deno.test("another team's member sees nothing of Acme and cannot switch into it", async () => {
  const outsider = await signUpVerified("hank@initech.test", "Initech");
  const team = await outsider.get("/settings/team");
  assertMatch(team.html, /hank@initech\.test/);
  assert(!/acme\.test/.test(team.html), "no Acme member is listed");
  const acmeId = (await server.db.asService(
    "test:lookup",
    (tx) => tx.query<{ id: string }>("select id from public.teams where name = 'Acme Sales'"),
  ))[0].id;
  const sw = await outsider.post("/teams/switch", { team_id: acmeId });
  assertEquals(sw.status, 404);
  assert(!/Acme Sales/.test((await outsider.get("/")).html));
  // Acting on Acme's members by id only ever touches the outsider's own team, where they are not.
  const aliceId = (await server.db.asService(
    "test:lookup",
    (tx) => tx.query<{ id: string }>("select id from auth.users where email = 'alice@acme.test'"),
  ))[0].id;
  const remove = await outsider.post("/settings/team", { action: "remove", user_id: aliceId });
  assertEquals(remove.status, 409);
  const still = await server.db.asService(
    "test:lookup",
    (tx) => tx.query("select 1 from public.team_members where user_id = $1", [aliceId]),
  );
  assertEquals(still.length, 1);
});

Deno.test("create a second workspace and switch between them", async () => {
  const alice = new WebClient(server.url);
  await alice.login("alice@acme.test");
  const created = await alice.post("/teams/new", { name: "Acme EMEA", industry: "Software" });
  assertEquals(created.location, "/?welcome=1");
  assertMatch((await alice.get("/")).html, /Acme EMEA · Owner/);
  const acmeId = (await server.db.asService(
    "test:lookup",
    (tx) => tx.query<{ id: string }>("select id from public.teams where name = 'Acme Sales'"),
  ))[0].id;
  assertEquals((await alice.post("/teams/switch", { team_id: acmeId })).location, "/");
  assertMatch((await alice.get("/")).html, /Acme Sales · Owner/);
  const bad = await alice.post("/teams/switch", { team_id: "not-a-uuid" });
  assertEquals(bad.status, 422);
});

Deno.test("bad form input is a 422 with the message next to the field, nothing half-written", async () => {
  const alice = new WebClient(server.url);
  await alice.login("alice@acme.test");
  const res = await alice.post("/teams/new", { name: "   " });
  assertEquals(res.status, 422);
  assertMatch(res.html, /Give the workspace a name/);
  const invite = await alice.post("/settings/team", { action: "invite", email: "not-an-email", role: "rep" });
  assertEquals(invite.status, 422);
  assertMatch(invite.html, /valid email/);
  const role = await alice.post("/settings/team", { action: "invite", email: "ok@acme.test", role: "emperor" });
  assertEquals(role.status, 422);
});
