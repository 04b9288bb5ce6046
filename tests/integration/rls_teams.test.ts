// RLS for teams, team_members, invitations, profiles and audit_logs: allow and deny, per operation.
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { twoTeams } from "../helpers/fixtures.ts";
import { sha256Hex } from "../../lib/auth/crypto.ts";

const db = await freshDb();
const t = await twoTeams(db);

const asUser = <T>(who: { claims: Parameters<typeof db.asUser>[0] }, sql: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(sql, params));

Deno.test.afterAll?.(() => db.close());

Deno.test("teams: members see only their own team", async () => {
  const seen = await asUser<{ name: string }>(t.rep, "select name from public.teams");
  assertEquals(seen.map((r) => r.name), ["Team A"]);
  const outsider = await asUser<{ name: string }>(t.outsider, "select name from public.teams");
  assertEquals(outsider.map((r) => r.name), ["Team B"]);
});

Deno.test("teams: only owners and admins rename; nobody renames another team", async () => {
  assertEquals(
    (await asUser(t.admin, "update public.teams set name = 'A2' where id = $1 returning id", [t.teamA])).length,
    1,
  );
  assertEquals(
    (await asUser(t.manager, "update public.teams set name = 'A3' where id = $1 returning id", [t.teamA])).length,
    0,
  );
  assertEquals(
    (await asUser(t.outsider, "update public.teams set name = 'B!' where id = $1 returning id", [t.teamA])).length,
    0,
  );
  assertEquals(
    (await asUser(t.owner, "update public.teams set name = 'Team A' where id = $1 returning id", [t.teamA])).length,
    1,
  );
});

Deno.test("teams: direct inserts are refused; app.create_team makes the caller owner", async () => {
  const error = await assertRejects(() => asUser(t.rep, "insert into public.teams (name) values ('Sneaky')"));
  assert(/permission|row-level/.test(error.message));
  const [team] = await asUser<{ id: string }>(t.rep, "select id from app.create_team('Rep Co')");
  const [member] = await asUser<{ role: string }>(t.rep, "select role from public.team_members where team_id = $1", [
    team.id,
  ]);
  assertEquals(member.role, "owner");
  assertEquals((await asUser(t.outsider, "select 1 from public.teams where id = $1", [team.id])).length, 0);
});

Deno.test("teams: only an owner deletes", async () => {
  const [team] = await asUser<{ id: string }>(t.outsider, "select id from app.create_team('Temp')");
  assertEquals((await asUser(t.rep, "delete from public.teams where id = $1 returning id", [team.id])).length, 0);
  assertEquals((await asUser(t.outsider, "delete from public.teams where id = $1 returning id", [team.id])).length, 1);
});

Deno.test("team_members: visible within the team only", async () => {
  assertEquals((await asUser(t.viewer, "select 1 from public.team_members where team_id = $1", [t.teamA])).length, 5);
  assertEquals((await asUser(t.outsider, "select 1 from public.team_members where team_id = $1", [t.teamA])).length, 0);
});

Deno.test("team_members: no direct inserts, even into one's own team", async () => {
  await assertRejects(() =>
    asUser(t.owner, "insert into public.team_members (team_id, user_id, role) values ($1, $2, 'rep')", [
      t.teamA,
      t.outsider.id,
    ])
  );
  await assertRejects(() =>
    asUser(t.outsider, "insert into public.team_members (team_id, user_id, role) values ($1, $2, 'owner')", [
      t.teamA,
      t.outsider.id,
    ])
  );
});

Deno.test("team_members: admins change roles, reps and outsiders cannot, only owners grant owner", async () => {
  const update = (who: typeof t.owner, role: string, user = t.viewer.id, team = t.teamA) =>
    asUser(who, "update public.team_members set role = $3 where team_id = $1 and user_id = $2 returning role", [
      team,
      user,
      role,
    ]);
  assertEquals((await update(t.rep, "admin")).length, 0);
  assertEquals((await update(t.outsider, "admin")).length, 0);
  assertEquals((await update(t.admin, "rep")).length, 1);
  const error = await assertRejects(() => update(t.admin, "owner"));
  assert(/Only an owner/.test(error.message), error.message);
  assertEquals((await update(t.owner, "viewer")).length, 1);
});

Deno.test("team_members: the last owner cannot leave or be demoted", async () => {
  const error = await assertRejects(() =>
    asUser(t.owner, "update public.team_members set role = 'admin' where team_id = $1 and user_id = $2", [
      t.teamA,
      t.owner.id,
    ])
  );
  assert(/at least one owner/.test(error.message));
  await assertRejects(() =>
    asUser(t.owner, "delete from public.team_members where team_id = $1 and user_id = $2", [t.teamA, t.owner.id])
  );
});

Deno.test("invitations: admins invite and see them; reps, outsiders and wrong inviters cannot", async () => {
  const insert = (who: typeof t.owner, team: string, role = "rep", by = who.id) =>
    asUser(
      who,
      "insert into public.invitations (team_id, email, role, token_hash, invited_by) values ($1, $2, $3, $4, $5) returning id",
      [
        team,
        `new-${crypto.randomUUID()}@x.test`,
        role,
        crypto.randomUUID(),
        by,
      ],
    );
  assertEquals((await insert(t.admin, t.teamA)).length, 1);
  await assertRejects(() => insert(t.rep, t.teamA));
  await assertRejects(() => insert(t.outsider, t.teamA));
  await assertRejects(() => insert(t.admin, t.teamA, "owner"), "admins cannot invite owners");
  await assertRejects(() => insert(t.admin, t.teamA, "rep", t.owner.id), "cannot forge the inviter");
  assert((await asUser(t.admin, "select 1 from public.invitations where team_id = $1", [t.teamA])).length >= 1);
  assertEquals((await asUser(t.rep, "select 1 from public.invitations where team_id = $1", [t.teamA])).length, 0);
  assertEquals((await asUser(t.outsider, "select 1 from public.invitations where team_id = $1", [t.teamA])).length, 0);
  assertEquals(
    (await asUser(t.outsider, "update public.invitations set role = 'admin' where team_id = $1 returning id", [
      t.teamA,
    ])).length,
    0,
  );
  assertEquals(
    (await asUser(t.outsider, "delete from public.invitations where team_id = $1 returning id", [t.teamA])).length,
    0,
  );
});

Deno.test("invitations: only the invited email can accept, once", async () => {
  const hash = await sha256Hex("token-for-outsider");
  await asUser(
    t.admin,
    "insert into public.invitations (team_id, email, role, token_hash, invited_by) values ($1, $2, 'viewer', $3, $4)",
    [
      t.teamA,
      t.outsider.email,
      hash,
      t.admin.id,
    ],
  );
  const wrong = await assertRejects(() => asUser(t.rep, "select app.accept_invitation($1)", [hash]));
  assert(/another email/.test(wrong.message));
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.invitations where token_hash = $1", [hash])).length,
    1,
    "invitee sees it",
  );
  await asUser(t.outsider, "select app.accept_invitation($1)", [hash]);
  assertEquals((await asUser(t.outsider, "select 1 from public.teams where id = $1", [t.teamA])).length, 1);
  const again = await assertRejects(() => asUser(t.outsider, "select app.accept_invitation($1)", [hash]));
  assert(/already used/.test(again.message));
  await asUser(t.outsider, "delete from public.team_members where team_id = $1 and user_id = auth.uid()", [t.teamA]);
});

Deno.test("profiles: teammates read, only the owner writes; strangers see nothing", async () => {
  assertEquals((await asUser(t.rep, "select 1 from public.profiles where id = $1", [t.owner.id])).length, 1);
  assertEquals((await asUser(t.outsider, "select 1 from public.profiles where id = $1", [t.owner.id])).length, 0);
  assertEquals(
    (await asUser(t.rep, "update public.profiles set full_name = 'X' where id = $1 returning id", [t.owner.id])).length,
    0,
  );
  assertEquals(
    (await asUser(t.rep, "update public.profiles set full_name = 'Rep' where id = $1 returning id", [t.rep.id])).length,
    1,
  );
  await assertRejects(() =>
    asUser(t.rep, "insert into public.profiles (id, full_name) values ($1, 'Fake')", [t.outsider.id])
  );
});

Deno.test("audit_logs: written by triggers, readable by owners and admins of that team only", async () => {
  await asUser(t.owner, "update public.teams set industry = 'Audited' where id = $1", [t.teamA]);
  const rows = await asUser<{ actor_id: string; action: string }>(
    t.admin,
    "select actor_id, action from public.audit_logs where team_id = $1 and table_name = 'teams' order by id desc limit 1",
    [t.teamA],
  );
  assertEquals(rows[0], { actor_id: t.owner.id, action: "UPDATE" });
  assertEquals((await asUser(t.rep, "select 1 from public.audit_logs where team_id = $1", [t.teamA])).length, 0);
  assertEquals((await asUser(t.outsider, "select 1 from public.audit_logs where team_id = $1", [t.teamA])).length, 0);
  await assertRejects(() =>
    asUser(t.owner, "insert into public.audit_logs (team_id, table_name, action) values ($1, 'x', 'INSERT')", [t.teamA])
  );
  await assertRejects(() => asUser(t.owner, "delete from public.audit_logs"));
});

Deno.test("private schemas: users cannot read auth.users or the auth server's tables", async () => {
  await assertRejects(() => asUser(t.owner, "select * from auth.users"));
  await assertRejects(() => asUser(t.owner, "select * from identity.sessions"));
  await assertRejects(() => asUser(t.owner, "select * from identity.mail_outbox"));
  const [mine] = await asUser<{ email: string }>(t.rep, "select app.member_email($1, $2) as email", [
    t.teamA,
    t.owner.id,
  ]);
  assertEquals(mine.email, t.owner.email);
  const [theirs] = await asUser<{ email: string | null }>(t.outsider, "select app.member_email($1, $2) as email", [
    t.teamA,
    t.owner.id,
  ]);
  assertEquals(theirs.email, null);
});
