// The demo workspace "Acme Sales" that `deno task start` seeds on a fresh embedded database.
import type { Db } from "../db/mod.ts";
import { hashPassword } from "../auth/crypto.ts";
import { claimsForUser, type TeamRole } from "../db/claims.ts";
import { seedDemoCrm } from "./demo-crm.ts";
import { seedDemoChat } from "./demo-chat.ts";
import { seedDemoNotes } from "./demo-notes.ts";

export const DEMO_PASSWORD = "leadly-demo";
export const DEMO_TEAM = "Acme Sales";
export const DEMO_USERS: { email: string; name: string; role: TeamRole; job: string }[] = [
  { email: "alice@acme.test", name: "Alice Martin", role: "owner", job: "Head of Sales" },
  { email: "bob@acme.test", name: "Bob Okafor", role: "manager", job: "Sales Manager" },
  { email: "carol@acme.test", name: "Carol Nguyen", role: "rep", job: "Account Executive" },
];

/**
 * Idempotent: does nothing when the demo owner already exists. Returns whether it seeded.
 * With `records`, the workspace also gets sample companies, contacts, leads, deals, tasks and activity.
 */
export async function seedDemo(db: Db, options: { records?: boolean } = {}): Promise<boolean> {
  // Every start after the first ends here: one query, and no password hashed for nothing (a CPU-heavy hash).
  if (await demoOwnerExists(db)) return false;
  const hash = await hashPassword(DEMO_PASSWORD);
  const created = await db.asService("seed:demo", async (tx) => {
    const existing = await tx.query("select 1 from auth.users where email = $1", [DEMO_USERS[0].email]);
    if (existing.length > 0) return null;
    const ids: Record<string, string> = {};
    const [team] = await tx.query<{ id: string }>(
      "insert into public.teams (name, industry) values ($1, 'Software') returning id",
      [DEMO_TEAM],
    );
    for (const person of DEMO_USERS) {
      const [user] = await tx.query<{ id: string }>(
        `insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
         values ($1, $2, now(), $3, $4) returning id`,
        [
          person.email,
          hash,
          JSON.stringify({ provider: "email", providers: ["email"], team_id: team.id }),
          JSON.stringify({ full_name: person.name, job_role: person.job }),
        ],
      );
      ids[person.email] = user.id;
      await tx.query("insert into public.profiles (id, full_name, job_role) values ($1, $2, $3)", [
        user.id,
        person.name,
        person.job,
      ]);
      await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, $3)", [
        team.id,
        user.id,
        person.role,
      ]);
    }
    return { teamId: team.id, ids };
  });
  if (!created) return false;
  if (options.records) {
    const as = (email: string) => claimsForUser(created.ids[email], email, created.teamId);
    await seedDemoCrm(db, created.teamId, {
      alice: as("alice@acme.test"),
      bob: as("bob@acme.test"),
      carol: as("carol@acme.test"),
    });
  }
  await seedDemoChat(db, created.teamId, created.ids);
  await seedDemoNotes(db, created.teamId, created.ids);
  return true;
}

async function demoOwnerExists(db: Db): Promise<boolean> {
  const rows = await db.asService(
    "seed:demo",
    (tx) => tx.query("select 1 from auth.users where email = $1", [DEMO_USERS[0].email]),
  );
  return rows.length > 0;
}
