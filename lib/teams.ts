// Teams (workspaces) and their members. Every query runs as the user, so RLS decides.
import { AppError } from "./errors.ts";
import { z } from "zod";
import type { Claims, TeamRole, UserClaims } from "./db/claims.ts";
import type { Caller } from "./caller.ts";
import type { Db } from "./db/mod.ts";

export const TEAM_ROLES: TeamRole[] = ["owner", "admin", "manager", "rep", "viewer"];
export const MODULES = ["contacts", "companies", "leads", "deals", "tasks", "chat", "notes", "reports"] as const;

export const ROLE_LABELS: Record<TeamRole, string> = {
  owner: "Owner",
  admin: "Admin",
  manager: "Manager",
  rep: "Sales rep",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<TeamRole, string> = {
  owner: "Everything, including billing and deleting the workspace.",
  admin: "Manages members, invitations and workspace settings.",
  manager: "Sees and edits all of the team's records and reports.",
  rep: "Works their own leads, deals and tasks.",
  viewer: "Read-only access.",
};

/** Roles that may manage members and invitations. */
export const canManageMembers = (role: TeamRole | undefined | null) => role === "owner" || role === "admin";

export const teamInput = z.object({
  name: z.string().trim().min(1, "Give the workspace a name.").max(80, "Keep the name under 80 characters."),
  industry: z.string().trim().max(80).optional().default(""),
});

export interface TeamRow {
  id: string;
  name: string;
  industry: string | null;
  modules: string[];
}

export async function createTeam(db: Db, claims: Claims, input: z.infer<typeof teamInput>): Promise<TeamRow> {
  const [team] = await db.asUser(
    claims,
    (tx) =>
      tx.query<TeamRow>("select id, name, industry, modules from app.create_team($1, $2)", [
        input.name,
        input.industry,
      ]),
  );
  return team;
}

export async function updateModules(db: Db, claims: Claims, teamId: string, modules: string[]) {
  const allowed = modules.filter((m) => (MODULES as readonly string[]).includes(m));
  const rows = await db.asUser(
    claims,
    (tx) => tx.query("update public.teams set modules = $2 where id = $1 returning id", [teamId, allowed]),
  );
  if (rows.length === 0) {
    throw new AppError("forbidden", "Only owners and admins can change workspace settings.");
  }
}

/** The workspace's name and industry, as its settings form shows them. */
export async function teamProfile({ db, claims, teamId }: Caller): Promise<{ name: string; industry: string | null }> {
  const [team] = await db.asUser(
    claims,
    (tx) =>
      tx.query<{ name: string; industry: string | null }>("select name, industry from public.teams where id = $1", [
        teamId,
      ]),
  );
  if (!team) throw new AppError("not_found", "That workspace does not exist or you are not in it.");
  return team;
}

/** Whether the user is (still) a member of the team: a socket's or a token's team is a snapshot. */
export async function isTeamMember(db: Db, claims: UserClaims, teamId: string): Promise<boolean> {
  const rows = await db.asUser(
    claims,
    (tx) => tx.query("select 1 from public.team_members where team_id = $1 and user_id = auth.uid()", [teamId]),
  );
  return rows.length > 0;
}

export async function renameTeam(db: Db, claims: Claims, teamId: string, input: z.infer<typeof teamInput>) {
  const rows = await db.asUser(
    claims,
    (tx) =>
      tx.query("update public.teams set name = $2, industry = nullif($3, '') where id = $1 returning id", [
        teamId,
        input.name,
        input.industry,
      ]),
  );
  if (rows.length === 0) {
    throw new AppError("forbidden", "Only owners and admins can change workspace settings.");
  }
}

/**
 * Remembers the team the user works in, in Leadly's own table (whoever issued the token); the caller then lets
 * the auth backend know (embedded tokens name the team and are re-issued: lib/team-session.ts).
 */
export async function setCurrentTeam(db: Db, claims: Claims, teamId: string) {
  const member = await db.asUser(claims, async (tx) => {
    const rows = await tx.query("select 1 from public.team_members where team_id = $1 and user_id = auth.uid()", [
      teamId,
    ]);
    if (rows.length === 0) return false;
    await tx.query(
      `insert into public.current_teams (user_id, team_id) values (auth.uid(), $1)
       on conflict (user_id) do update set team_id = excluded.team_id, updated_at = now()`,
      [teamId],
    );
    return true;
  });
  if (!member) {
    throw new AppError("not_found", "That workspace does not exist or you are not in it.");
  }
}

export interface MemberRow {
  user_id: string;
  email: string;
  full_name: string;
  role: TeamRole;
  created_at: Date;
}

export async function listMembers(db: Db, claims: Claims, teamId: string): Promise<MemberRow[]> {
  return await db.asUser(claims, (tx) =>
    tx.query<MemberRow>(
      `select m.user_id, coalesce(p.full_name, '') as full_name, m.role, m.created_at,
              coalesce(app.member_email(m.team_id, m.user_id), '') as email
       from public.team_members m left join public.profiles p on p.id = m.user_id
       where m.team_id = $1 order by m.created_at, full_name, m.user_id`,
      [teamId],
    ));
}

export const roleInput = z.object({
  role: z.enum(TEAM_ROLES as [TeamRole, ...TeamRole[]], "Pick a role from the list."),
});

export async function changeRole(db: Db, claims: Claims, teamId: string, userId: string, role: TeamRole) {
  const rows = await db.asUser(
    claims,
    (tx) =>
      tx.query("update public.team_members set role = $3 where team_id = $1 and user_id = $2 returning user_id", [
        teamId,
        userId,
        role,
      ]),
  );
  if (rows.length === 0) throw new AppError("forbidden", "Only owners and admins can change roles.");
}

export async function removeMember(db: Db, claims: Claims, teamId: string, userId: string) {
  const rows = await db.asUser(
    claims,
    (tx) =>
      tx.query("delete from public.team_members where team_id = $1 and user_id = $2 returning user_id", [
        teamId,
        userId,
      ]),
  );
  if (rows.length === 0) throw new AppError("forbidden", "Only owners and admins can remove members.");
}
