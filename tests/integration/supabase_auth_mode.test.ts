// Supabase Auth mode (SUPABASE_URL): tokens minted exactly as GoTrue mints them (ES256 through the project's JWKS,
// or HS256 with its legacy secret) for users inserted into auth.users as GoTrue would, are accepted by pages, the
// JSON API and the socket; forged, expired, wrong-audience, wrong-issuer and wrong-key tokens are refused in both
// auth modes. Also: the team named at signup, the current team kept by Leadly, the forms going to Supabase Auth,
// and the embedded /auth/v1's QR code and unknown routes as GoTrue answers them.
import { createClient } from "@supabase/supabase-js";
import { generateKeyPair, SignJWT } from "jose";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import { type FakeSupabaseAuth, type FakeUser, startFakeSupabaseAuth } from "../fakes/supabase-auth.ts";
import { ask, connected, refusal, socketFor } from "./realtime_helpers.ts";
import { loadConfig } from "../../fresh.config.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { startServer } from "../../app/server.ts";
import type { Db } from "../../lib/db/mod.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { openPostgres } from "../../lib/db/postgres.ts";
import { postgresBin } from "../helpers/postgres.ts";
import { startSupabaseLike } from "../helpers/supabase-like.ts";

const PASSWORD = "Correct-Horse-42!";
const SEAL_SECRET = "seal-secret-".padEnd(48, "x");
const EMBEDDED_SECRET = "test-secret-".padEnd(48, "x");

/** Leadly in Supabase Auth mode against the fake project; `db` is also where "GoTrue" writes auth.users. */
async function startSupabaseMode(fake: FakeSupabaseAuth, db: Db, jwtSecret: string | null = null) {
  const dataDir = await Deno.makeTempDir({ prefix: "leadly-supabase-mode-" });
  const config = {
    ...loadConfig({ SUPABASE_URL: fake.url, SUPABASE_ANON_KEY: fake.anonKey }),
    port: 0,
    dataDir,
    seedDemo: false,
    rateLimitFactor: 50,
    jwtSecret,
  };
  const server = await startServer(config, db, createMailer(db, config), SEAL_SECRET);
  return {
    url: server.url,
    async close() {
      await server.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** What GoTrue (as supabase_auth_admin) writes for a user; confirmed users have email_confirmed_at. */
async function insertAuthUser(db: Db, user: FakeUser) {
  await db.asService("test:gotrue", (tx) =>
    tx.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '',
         case when $3 then now() end, '{"provider":"email","providers":["email"]}', $4, now(), now())`,
      [user.id, user.email, user.confirmed, JSON.stringify(user.user_metadata)],
    ));
}

async function teamsOf(db: Db, userId: string) {
  return await db.asService(
    "test:teams",
    (tx) =>
      tx.query<{ id: string; name: string; role: string; modules: string[] }>(
        `select t.id, t.name, m.role, t.modules from public.team_members m join public.teams t on t.id = m.team_id
       where m.user_id = $1 order by t.created_at`,
        [userId],
      ),
  );
}

async function api(url: string, token: string, path = "/api/v1/contacts") {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await res.body?.cancel();
  return res.status;
}

async function page(url: string, token: string, path = "/") {
  const web = new WebClient(url);
  web.cookies.set("leadly-access", token);
  return await web.get(path);
}

/** Accepted everywhere: a page, the JSON API with Bearer, the socket with auth.token and with the cookie. */
async function assertAccepted(url: string, token: string, teamId: string) {
  assertEquals(await api(url, token), 200, "API");
  const home = await page(url, token);
  assertEquals(home.status, 200, "page");
  const socket = await connected(socketFor(url, token));
  try {
    assertEquals((await ask(socket, "join", { room: `team:${teamId}` })).ok, true);
  } finally {
    socket.close();
  }
  const viaCookie = await connected(socketFor(url, undefined, {
    extraHeaders: { cookie: `leadly-access=${token}`, origin: new URL(url).origin },
  }));
  viaCookie.close();
  return home.html;
}

/** Refused everywhere: 401 from the API, the sign-in page for pages, `unauthorized` from the socket. */
async function assertRefused(url: string, token: string, what: string) {
  assertEquals(await api(url, token), 401, `${what}: API`);
  const home = await page(url, token);
  assertEquals(home.status, 303, `${what}: page`);
  assertMatch(home.location ?? "", /^\/login/, `${what}: page`);
  assertEquals((await refusal(socketFor(url, token))).code, "unauthorized", `${what}: socket`);
}

const b64 = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
const payloadOf = (token: string) =>
  JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;

Deno.test("supabase mode (JWKS, ES256): GoTrue's tokens open pages, the API and the socket; bad tokens do not", async () => {
  const fake = await startFakeSupabaseAuth();
  const db = await freshDb();
  const app = await startSupabaseMode(fake, db);
  try {
    const uma = fake.addUser({
      email: "uma@umbrella.test",
      user_metadata: { full_name: "Uma Ruiz", company_name: "Umbrella Corp", job_role: "Founder" },
    });
    await insertAuthUser(db, uma);
    // The trigger on auth.users made the company a team with her as owner.
    const [team, ...more] = await teamsOf(db, uma.id);
    assertEquals([team.name, team.role, more.length], ["Umbrella Corp", "owner", 0]);

    const token = await fake.tokenFor(uma);
    const html = await assertAccepted(app.url, token, team.id);
    assertMatch(html, /Workspace: Umbrella Corp/);
    assertMatch(html, /Uma Ruiz/);

    const now = Math.floor(Date.now() / 1000);
    const claims = fake.claimsOf(uma);
    const [header, body] = token.split(".");
    const stranger = await generateKeyPair("ES256");
    const bad: Record<string, string> = {
      "forged signature": `${header}.${body}.${"A".repeat(86)}`,
      "edited claims": `${header}.${b64({ ...payloadOf(token), sub: crypto.randomUUID() })}.${token.split(".")[2]}`,
      expired: await fake.tokenFor(uma, { iat: now - 7200 }),
      "wrong audience": await fake.mint({ ...claims, aud: "service" }),
      "wrong issuer": await fake.mint({ ...claims, iss: "https://other-project.supabase.co/auth/v1" }),
      "wrong key (same kid)": await fake.tokenFor(uma, { key: stranger.privateKey }),
      "unknown key": await fake.tokenFor(uma, { key: stranger.privateKey, kid: "someone-elses" }),
      "HS256 without a configured secret": await fake.tokenFor(uma, { alg: "HS256", key: new Uint8Array(32) }),
      "alg none": `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...claims, iss: fake.issuer, exp: now + 3600 })}.`,
      "anon key": await fake.mint({ role: "anon" }),
    };
    for (const [what, badToken] of Object.entries(bad)) await assertRefused(app.url, badToken, what);
    // The key set was fetched once and then cached, unknown kids included (jose's cooldown).
    assertEquals(fake.stats.jwksRequests, 1);

    // Leadly serves no /auth/v1 of its own here: GoTrue's JSON 404, pointing at the project.
    const own = await fetch(`${app.url}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: uma.email, password: PASSWORD }),
    });
    assertEquals(own.status, 404);
    const error = await own.json();
    assertEquals([error.code, error.error_code], ["not_found", "not_found"]);
    assertMatch(error.msg, new RegExp(`Supabase Auth at ${fake.url}/auth/v1`));
  } finally {
    await app.close();
    await db.close();
    await fake.close();
  }
});

Deno.test("supabase mode (legacy HS256 secret): tokens signed with the project's secret work; other secrets do not", async () => {
  const secret = "super-secret-jwt-token-with-at-least-32-characters-long";
  const fake = await startFakeSupabaseAuth({ jwtSecret: secret });
  const db = await freshDb();
  const app = await startSupabaseMode(fake, db, secret);
  try {
    const vic = fake.addUser({ email: "vic@vandelay.test", user_metadata: { company_name: "Vandelay Industries" } });
    await insertAuthUser(db, vic);
    const [team] = await teamsOf(db, vic.id);
    const token = await fake.tokenFor(vic);
    assertEquals(JSON.parse(atob(token.split(".")[0])).alg, "HS256");
    await assertAccepted(app.url, token, team.id);

    const claims = fake.claimsOf(vic);
    const wrongSecret = new TextEncoder().encode("another-projects-secret-that-is-also-long-enough");
    const bad: Record<string, string> = {
      "wrong secret": await fake.tokenFor(vic, { key: wrongSecret }),
      expired: await fake.tokenFor(vic, { iat: Math.floor(Date.now() / 1000) - 3601, expiresIn: 3600 }),
      "wrong audience": await fake.mint({ ...claims, aud: "anon" }),
      "wrong issuer": await fake.mint({ ...claims, iss: "http://localhost:9999/auth/v1" }),
      "a token Leadly's embedded server would mint": await new SignJWT({ ...claims, iss: `${app.url}/auth/v1` })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt().setExpirationTime("1h")
        .sign(new TextEncoder().encode(SEAL_SECRET)),
    };
    for (const [what, badToken] of Object.entries(bad)) await assertRefused(app.url, badToken, what);
  } finally {
    await app.close();
    await db.close();
    await fake.close();
  }
});

Deno.test("supabase mode: the current team is Leadly's own choice, not a claim in the token", async () => {
  const fake = await startFakeSupabaseAuth();
  const db = await freshDb();
  const app = await startSupabaseMode(fake, db);
  try {
    const wes = fake.addUser({ email: "wes@wayne.test", user_metadata: { company_name: "Wayne Enterprises" } });
    await insertAuthUser(db, wes);
    const [wayne] = await teamsOf(db, wes.id);
    const [acme] = await db.asUser(
      { sub: wes.id },
      (tx) => tx.query<{ id: string }>("select id from app.create_team('Acme Two')"),
    );
    const token = await fake.tokenFor(wes);
    const contactTeam = async (bearer: string) => {
      const res = await new ApiClient(app.url, bearer).post("/api/v1/contacts", { first_name: "Probe" });
      assertEquals(res.status, 201);
      return res.json.data.team_id as string;
    };
    // Nothing chosen yet: the first team by name.
    assertEquals(await contactTeam(token), acme.id);

    // Switching (a page form) is remembered by Leadly; the very same token now works in the other team.
    const web = new WebClient(app.url);
    web.cookies.set("leadly-access", token);
    assertEquals((await web.post("/teams/switch", { team_id: wayne.id })).status, 303);
    assertEquals(await contactTeam(token), wayne.id);
    assertMatch((await web.get("/")).html, /Workspace: Wayne Enterprises/);
    const socket = await connected(socketFor(app.url, token));
    socket.close();

    // app_metadata a Supabase admin could set does not pick the team, and a team the user is not in cannot be.
    const named = await fake.tokenFor(wes, { claims: { app_metadata: { provider: "email", team_id: acme.id } } });
    assertEquals(await contactTeam(named), wayne.id);
    assertEquals((await web.post("/teams/switch", { team_id: crypto.randomUUID() })).status, 404);
    assertEquals(await contactTeam(token), wayne.id);
  } finally {
    await app.close();
    await db.close();
    await fake.close();
  }
});

Deno.test("supabase mode: sign-in, refresh, sign-up and sign-out forms go to Supabase Auth", async () => {
  let db: Db | null = null;
  const fake = await startFakeSupabaseAuth({
    onSignup: (user) => insertAuthUser(db!, user),
    onConfirm: async (user) => {
      await db!.asService(
        "test:gotrue",
        (tx) =>
          tx.query("update auth.users set email_confirmed_at = now(), updated_at = now() where id = $1", [user.id]),
      );
    },
  });
  db = await freshDb();
  const app = await startSupabaseMode(fake, db);
  try {
    const xena = fake.addUser({
      email: "xena@xanadu.test",
      password: PASSWORD,
      user_metadata: { company_name: "Xanadu" },
    });
    await insertAuthUser(db, xena);

    const web = new WebClient(app.url);
    const wrong = await web.post("/login", { email: xena.email, password: "Not-Her-Password-1" });
    assertEquals(wrong.status, 400);
    assertMatch(wrong.html, /Wrong email or password/);
    assertEquals((await web.post("/login", { email: xena.email, password: PASSWORD })).status, 303);
    const first = web.cookies.get("leadly-access")!;
    assertEquals(payloadOf(first).iss, fake.issuer, "the cookie holds Supabase's own token");
    assertMatch((await web.get("/")).html, /Workspace: Xanadu/);

    // An expired access token is refreshed with Supabase through the refresh cookie.
    const expired = await fake.tokenFor(xena, { iat: Math.floor(Date.now() / 1000) - 7200 });
    web.cookies.set("leadly-access", expired);
    assertEquals((await web.get("/")).status, 200);
    assert(fake.stats.calls.includes("POST /auth/v1/token?grant_type=refresh_token"));
    const refreshed = web.cookies.get("leadly-access")!;
    assert(refreshed !== expired && Number(payloadOf(refreshed).exp) > Date.now() / 1000);

    // Changing the password proves the current one with Supabase (a sign-in whose session is ended at once).
    const newPassword = "Brand-New-Horse-43!";
    const notHers = await web.post("/settings/security", {
      action: "password",
      current_password: "Not-Her-Password-1",
      password: newPassword,
    });
    assertMatch(notHers.html, /current password is not right/);
    const changed = await web.post("/settings/security", {
      action: "password",
      current_password: PASSWORD,
      password: newPassword,
    });
    assertEquals([changed.status, changed.location], [303, "/settings/security?done=password"]);
    assertEquals(xena.password, newPassword);

    assertEquals((await web.post("/logout", {})).status, 303);
    assert(fake.stats.calls.includes("POST /auth/v1/logout?scope=local"));
    assertEquals(web.cookies.has("leadly-access"), false);

    // Password reset: Supabase mails the code; the recovery session sets the password, then ends everywhere.
    const reset = new WebClient(app.url);
    assertEquals((await reset.post("/forgot-password", { email: xena.email })).status, 303);
    const done = await reset.post("/reset-password", {
      email: xena.email,
      code: fake.codeFor(xena.email)!,
      password: PASSWORD,
    });
    assertEquals([done.status, done.location], [303, "/login?notice=password-reset"]);
    assertEquals(xena.password, PASSWORD);
    assert(fake.stats.calls.includes("POST /auth/v1/logout?scope=global"));
    assertEquals((await reset.post("/login", { email: xena.email, password: PASSWORD })).status, 303);

    // Sign-up: Supabase creates the user, mails the code (not Leadly's dev mailbox), confirms it; the trigger
    // on auth.users makes the company a team at confirmation.
    const signup = new WebClient(app.url);
    const email = "yuri@yoyodyne.test";
    assertEquals((await signup.post("/signup", { full_name: "Yuri Ono", email, password: PASSWORD })).status, 303);
    const company = await signup.post("/signup/company", { company_name: "Yoyodyne", industry: "", job_role: "" });
    assertEquals([company.status, company.location], [303, "/signup/verify"]);
    const [created] = await db.asService(
      "test:ids",
      (tx) => tx.query<{ id: string }>("select id from auth.users where email = $1", [email]),
    );
    assertEquals(await teamsOf(db, created.id), [], "no team before the email is confirmed");
    const verifyPage = await signup.get("/signup/verify");
    assert(!verifyPage.html.includes("dev mailbox"), "codes come from Supabase, not the dev mailbox");
    const verified = await signup.post("/signup/verify", { code: fake.codeFor(email)! });
    assertEquals([verified.status, verified.location], [303, "/signup/preferences"]);
    const teams = await teamsOf(db, created.id);
    assertEquals(teams.map((t) => [t.name, t.role]), [["Yoyodyne", "owner"]]);
    const home = await signup.get("/");
    assertEquals(home.status, 200);
    assertMatch(home.html, /Workspace: Yoyodyne/);
    assertMatch(home.html, /Yuri Ono/);
  } finally {
    await app.close();
    await db.close();
    await fake.close();
  }
});

Deno.test("supabase mode: a project without email confirmation signs the new user in at once", async () => {
  let db: Db | null = null;
  const fake = await startFakeSupabaseAuth({ autoconfirm: true, onSignup: (user) => insertAuthUser(db!, user) });
  db = await freshDb();
  const app = await startSupabaseMode(fake, db);
  try {
    const web = new WebClient(app.url);
    const email = "gil@gadget.test";
    assertEquals((await web.post("/signup", { full_name: "Gil", email, password: PASSWORD })).status, 303);
    const company = await web.post("/signup/company", { company_name: "Gadget Co", industry: "", job_role: "" });
    assertEquals([company.status, company.location], [303, "/signup/preferences"]);
    const home = await web.get("/");
    assertEquals(home.status, 200);
    assertMatch(home.html, /Workspace: Gadget Co/);
  } finally {
    await app.close();
    await db.close();
    await fake.close();
  }
});

Deno.test("supabase mode: a verified factor in auth.mfa_factors makes an aal1 token wait for the second factor", async () => {
  const fake = await startFakeSupabaseAuth();
  const db = await freshDb();
  const app = await startSupabaseMode(fake, db);
  try {
    const zoe = fake.addUser({ email: "zoe@zeta.test", user_metadata: { company_name: "Zeta" } });
    await insertAuthUser(db, zoe);
    const [team] = await teamsOf(db, zoe.id);
    // auth.mfa_factors in GoTrue's shape (the embedded database has no such table).
    await db.runScript(`
      create table auth.mfa_factors (
        id uuid primary key default gen_random_uuid(), user_id uuid not null, friendly_name text,
        factor_type text not null default 'totp', status text not null, secret text,
        created_at timestamptz default now(), updated_at timestamptz default now()
      );
      insert into auth.mfa_factors (user_id, status) values ('${zoe.id}', 'verified');`);
    const aal1 = await fake.tokenFor(zoe);
    assertEquals(await api(app.url, aal1), 401);
    const gated = await page(app.url, aal1);
    assertEquals(gated.status, 303);
    assertMatch(gated.location ?? "", /^\/login\/mfa/);
    assertEquals((await refusal(socketFor(app.url, aal1))).code, "mfa_required");
    // Supabase Auth has no recovery codes: the prompt does not offer them.
    const prompt = await page(app.url, aal1, "/login/mfa");
    assertEquals(prompt.status, 200);
    assert(!prompt.html.includes("recovery code"));

    const aal2 = await fake.tokenFor(zoe, { claims: { aal: "aal2" } });
    await assertAccepted(app.url, aal2, team.id);
  } finally {
    await app.close();
    await db.close();
    await fake.close();
  }
});

Deno.test("embedded mode: forged, expired, wrong-audience, wrong-issuer and wrong-key tokens are refused", async () => {
  const server = await startTestServer({ seed: true });
  try {
    const carol = await ApiClient.signIn(server.url, "carol@acme.test");
    const { iat: _iat, exp: _exp, ...claims } = payloadOf(carol.token);
    const [teamRow] = await server.db.asService("test:ids", (tx) =>
      tx.query<{ team_id: string }>(
        "select m.team_id from public.team_members m join auth.users u on u.id = m.user_id where u.email = $1",
        ["carol@acme.test"],
      ));
    const secret = new TextEncoder().encode(EMBEDDED_SECRET);
    const sign = (payload: Record<string, unknown>, key: Uint8Array = secret, iat = Math.floor(Date.now() / 1000)) =>
      new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt(iat)
        .setExpirationTime(iat + 3600).sign(key);
    // The same claims signed again the way the server does are fine: what follows fails for its one change only.
    await assertAccepted(server.url, await sign(claims), teamRow.team_id);

    const [header, body] = carol.token.split(".");
    const bad: Record<string, string> = {
      "forged signature": `${header}.${body}.${"A".repeat(43)}`,
      expired: await sign(claims, secret, Math.floor(Date.now() / 1000) - 7200),
      "wrong audience": await sign({ ...claims, aud: "anon" }),
      "wrong issuer": await sign({ ...claims, iss: "https://abcd.supabase.co/auth/v1" }),
      "no issuer": await sign({ ...claims, iss: undefined }),
      "wrong key": await sign(claims, new TextEncoder().encode("another-secret-".padEnd(48, "y"))),
      "alg none": `${b64({ alg: "none", typ: "JWT" })}.${body}.`,
    };
    for (const [what, token] of Object.entries(bad)) await assertRefused(server.url, token, what);
  } finally {
    await server.close();
  }
});

Deno.test("embedded /auth/v1: unbuilt routes answer GoTrue's JSON 404; mfa.enroll's QR code is GoTrue's raw SVG", async () => {
  const server = await startTestServer({ seed: true });
  try {
    for (
      const [method, path] of [["GET", "/auth/v1/admin/users"], ["POST", "/auth/v1/magiclink"], ["GET", "/auth/v1"]]
    ) {
      const res = await fetch(`${server.url}${path}`, { method, headers: { accept: "text/html" } });
      assertEquals(res.status, 404, path);
      assertMatch(res.headers.get("content-type") ?? "", /application\/json/, path);
      const error = await res.json();
      assertEquals([error.code, error.error_code], ["not_found", "not_found"], path);
      assertMatch(error.msg, /in the auth API/);
    }

    // The raw API returns the SVG; supabase-js prefixes it once, and the result is an image a browser can show.
    const carol = await ApiClient.signIn(server.url, "carol@acme.test");
    const raw = await carol.post("/auth/v1/factors", { factor_type: "totp", friendly_name: "Raw" });
    assertEquals(raw.status, 200);
    assertMatch(raw.json.totp.qr_code, /^<svg /);
    const supabase = createClient(server.url, "anon-key-not-checked", {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    });
    assertEquals(
      (await supabase.auth.signInWithPassword({ email: "bob@acme.test", password: "leadly-demo" })).error,
      null,
    );
    const enrolled = await supabase.auth.mfa.enroll({ factorType: "totp", friendlyName: "Phone" });
    assertEquals(enrolled.error, null);
    const qr = enrolled.data!.totp!.qr_code;
    assertMatch(qr, /^data:image\/svg\+xml;utf-8,<svg /);
    assert(!qr.includes("#"), "a # would end the data: URL");

    // The settings page encodes the SVG into its own data: URL (once).
    const web = new WebClient(server.url);
    await web.login("alice@acme.test");
    const enroll = await web.post("/settings/security", { action: "enroll" });
    assertEquals(enroll.status, 200);
    assertMatch(enroll.html, /<img src="data:image\/svg\+xml;utf-8,%3Csvg%20[^"]*"[^>]*class="qr-code"/);
  } finally {
    await server.close();
  }
});

Deno.test("signup teams: a confirmed auth.users row naming a company gets one team; embedded signup not two", async () => {
  const db = await freshDb();
  try {
    const user = (email: string, meta: Record<string, unknown>, confirmed = true): FakeUser => ({
      id: crypto.randomUUID(),
      email,
      password: "",
      confirmed,
      user_metadata: meta,
      app_metadata: {},
    });
    const direct = user("ann@annex.test", {
      company_name: "  Annex  ",
      industry: "Software",
      modules: ["deals", "chat", "bogus"],
    });
    await insertAuthUser(db, direct);
    const [annex, ...none] = await teamsOf(db, direct.id);
    assertEquals([annex.name, annex.role, annex.modules, none.length], ["Annex", "owner", ["deals", "chat"], 0]);

    const later = user("ben@bend.test", { company_name: "Bend" }, false);
    await insertAuthUser(db, later);
    assertEquals(await teamsOf(db, later.id), []);
    const confirm = () =>
      db.asService(
        "test:gotrue",
        (tx) => tx.query("update auth.users set email_confirmed_at = now() where id = $1", [later.id]),
      );
    await confirm();
    await confirm();
    assertEquals((await teamsOf(db, later.id)).map((t) => t.name), ["Bend"]);

    const invitee = user("cat@cove.test", { full_name: "Cat" });
    await insertAuthUser(db, invitee);
    assertEquals(await teamsOf(db, invitee.id), []);
  } finally {
    await db.close();
  }

  const server = await startTestServer();
  try {
    const supabase = createClient(server.url, "anon-key-not-checked", {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    });
    const email = "dora@dune.test";
    const signup = await supabase.auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { full_name: "Dora", company_name: "Dune" } },
    });
    assertEquals(signup.error, null);
    const verified = await supabase.auth.verifyOtp({ email, token: await server.lastCode(email), type: "signup" });
    assertEquals(verified.error, null);
    const teams = await teamsOf(server.db, verified.data.user!.id);
    assertEquals(teams.map((t) => [t.name, t.role]), [["Dune", "owner"]]);
    assertEquals(verified.data.user!.app_metadata.team_id, teams[0].id);
  } finally {
    await server.close();
  }
});

Deno.test({
  name: "supabase-like Postgres: GoTrue's own role inserting and confirming users fires the team trigger",
  ignore: postgresBin() === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const pg = await startSupabaseLike();
    try {
      const { superuserUrl, deployUrl } = await pg.createDatabase("auth_mode");
      const db = openPostgres(deployUrl, 2);
      try {
        await migrate(db);
        const [confirmed, later] = [crypto.randomUUID(), crypto.randomUUID()];
        // As GoTrue writes them: as supabase_auth_admin, which owns auth.users and nothing of Leadly's.
        const gotrue = await pg.psql(
          superuserUrl,
          "-c",
          `set role supabase_auth_admin;
           insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
             raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
           values ('00000000-0000-0000-0000-000000000000', '${confirmed}', 'authenticated', 'authenticated',
             'eve@evergreen.test', '', now(), '{"provider":"email","providers":["email"]}',
             '{"full_name":"Eve","company_name":"Evergreen"}', now(), now()),
           ('00000000-0000-0000-0000-000000000000', '${later}', 'authenticated', 'authenticated',
             'fay@fjord.test', '', null, '{"provider":"email","providers":["email"]}',
             '{"company_name":"Fjord"}', now(), now());
           update auth.users set email_confirmed_at = now() where id = '${later}';`,
        );
        assertEquals(gotrue.code, 0, gotrue.stderr);
        assert(!gotrue.stderr.includes("could not create the team"), gotrue.stderr);
        assertEquals((await teamsOf(db, confirmed)).map((t) => [t.name, t.role]), [["Evergreen", "owner"]]);
        assertEquals((await teamsOf(db, later)).map((t) => [t.name, t.role]), [["Fjord", "owner"]]);
        const [{ yes }] = await db.asService(
          "test:supabase-like",
          (tx) => tx.query<{ yes: boolean }>("select app.has_verified_mfa_factor($1) as yes", [confirmed]),
        );
        assertEquals(yes, false, "no auth.mfa_factors here: nobody owes a second factor");
      } finally {
        await db.close();
      }
    } finally {
      await pg.stop();
    }
  },
});
