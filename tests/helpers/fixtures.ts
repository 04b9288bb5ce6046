// Two teams with people in every role, created straight in the database for RLS tests.
import type { Claims, TeamRole } from "../../lib/db/claims.ts";
import type { Db } from "../../lib/db/mod.ts";

export interface Person {
  id: string;
  email: string;
  claims: Claims;
}

export function claimsFor(id: string, email: string, teamId?: string): Claims {
  return {
    sub: id,
    role: "authenticated",
    aud: "authenticated",
    email,
    phone: "",
    app_metadata: { provider: "email", providers: ["email"], team_id: teamId ?? null },
    user_metadata: {},
    aal: "aal1",
    amr: [],
    session_id: crypto.randomUUID(),
    is_anonymous: false,
    iat: 0,
    exp: 0,
    iss: "test",
  };
}

export async function createPerson(db: Db, email: string, name = email.split("@")[0]): Promise<Person> {
  const [user] = await db.asService("test:fixtures", (tx) =>
    tx.query<{ id: string }>(
      "insert into auth.users (email, email_confirmed_at) values ($1, now()) returning id",
      [email],
    ));
  await db.asService(
    "test:fixtures",
    (tx) => tx.query("insert into public.profiles (id, full_name) values ($1, $2)", [user.id, name]),
  );
  return { id: user.id, email, claims: claimsFor(user.id, email) };
}

export async function createTeamWith(db: Db, name: string, members: [Person, TeamRole][]): Promise<string> {
  const [team] = await db.asService(
    "test:fixtures",
    (tx) => tx.query<{ id: string }>("insert into public.teams (name) values ($1) returning id", [name]),
  );
  for (const [person, role] of members) {
    await db.asService(
      "test:fixtures",
      (tx) =>
        tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, $3)", [
          team.id,
          person.id,
          role,
        ]),
    );
    person.claims.app_metadata.team_id ??= team.id;
  }
  return team.id;
}

/** Team A with one person per role, and team B with its own owner: the usual cast of RLS tests. */
export async function twoTeams(db: Db) {
  const people = {
    owner: await createPerson(db, "owner@a.test"),
    admin: await createPerson(db, "admin@a.test"),
    manager: await createPerson(db, "manager@a.test"),
    rep: await createPerson(db, "rep@a.test"),
    viewer: await createPerson(db, "viewer@a.test"),
    outsider: await createPerson(db, "owner@b.test"),
  };
  const teamA = await createTeamWith(db, "Team A", [
    [people.owner, "owner"],
    [people.admin, "admin"],
    [people.manager, "manager"],
    [people.rep, "rep"],
    [people.viewer, "viewer"],
  ]);
  const teamB = await createTeamWith(db, "Team B", [[people.outsider, "owner"]]);
  return { ...people, teamA, teamB };
}
