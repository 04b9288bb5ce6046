// Inviting people into a team by email, and accepting with the link's token.
import { AppError } from "./errors.ts";
import { z } from "zod";
import type { Claims, TeamRole } from "./db/claims.ts";
import { randomToken, sha256Hex } from "./auth/crypto.ts";
import type { Db } from "./db/mod.ts";
import type { Mailer } from "./mail/mailer.ts";
import { invitationMail } from "./mail/templates.ts";
import { ROLE_LABELS, TEAM_ROLES } from "./teams.ts";

export const inviteInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address."),
  role: z.enum(TEAM_ROLES as [TeamRole, ...TeamRole[]], "Pick a role from the list.").default("rep"),
});

export interface InvitationRow {
  id: string;
  email: string;
  role: TeamRole;
  created_at: Date;
  expires_at: Date;
}

export async function invite(
  db: Db,
  mailer: Mailer,
  claims: Claims,
  teamId: string,
  input: z.infer<typeof inviteInput>,
  publicUrl: string,
): Promise<InvitationRow> {
  const token = randomToken(32);
  const { invitation, teamName, inviter } = await db.asUser(claims, async (tx) => {
    const already = await tx.query(
      "select 1 from public.team_members m where m.team_id = $1 and lower(app.member_email($1, m.user_id)) = $2",
      [teamId, input.email],
    );
    if (already.length > 0) throw new AppError("conflict", `${input.email} is already in this workspace.`);
    // A new invitation replaces an open one for the same address, so only one link works.
    await tx.query(
      "update public.invitations set revoked_at = now() where team_id = $1 and lower(email) = $2 and accepted_at is null and revoked_at is null",
      [teamId, input.email],
    );
    const [invitation] = await tx.query<InvitationRow>(
      `insert into public.invitations (team_id, email, role, token_hash, invited_by)
       values ($1, $2, $3, $4, auth.uid()) returning id, email, role, created_at, expires_at`,
      [teamId, input.email, input.role, await sha256Hex(token)],
    );
    const [team] = await tx.query<{ name: string }>("select name from public.teams where id = $1", [teamId]);
    const [me] = await tx.query<{ full_name: string }>("select full_name from public.profiles where id = auth.uid()");
    return { invitation, teamName: team.name, inviter: me?.full_name || claims.email };
  });
  const link = `${publicUrl}/invite/${token}`;
  await mailer.send(invitationMail(input.email, teamName, inviter, ROLE_LABELS[input.role], link));
  return invitation;
}

export async function listOpenInvitations(db: Db, claims: Claims, teamId: string): Promise<InvitationRow[]> {
  return await db.asUser(claims, (tx) =>
    tx.query<InvitationRow>(
      `select id, email, role, created_at, expires_at from public.invitations
       where team_id = $1 and accepted_at is null and revoked_at is null and expires_at > now()
       order by created_at desc`,
      [teamId],
    ));
}

export async function revokeInvitation(db: Db, claims: Claims, teamId: string, invitationId: string) {
  const rows = await db.asUser(claims, (tx) =>
    tx.query(
      "update public.invitations set revoked_at = now() where id = $1 and team_id = $2 and accepted_at is null returning id",
      [invitationId, teamId],
    ));
  if (rows.length === 0) {
    throw new AppError("not_found", "That invitation does not exist or was already used.");
  }
}

export interface InvitationPreview {
  email: string;
  role: TeamRole;
  team_name: string;
  inviter_name: string;
  status: "open" | "accepted" | "expired" | "revoked";
}

/** What the invite page shows before sign-in; only someone holding the link's token can ask. */
export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview | null> {
  const hash = await sha256Hex(token);
  const [row] = await db.asService("invitations:preview", (tx) =>
    tx.query<InvitationPreview>(
      `select i.email, i.role, t.name as team_name, coalesce(p.full_name, '') as inviter_name,
              case when i.revoked_at is not null then 'revoked'
                   when i.accepted_at is not null then 'accepted'
                   when i.expires_at < now() then 'expired' else 'open' end as status
       from public.invitations i join public.teams t on t.id = i.team_id
       left join public.profiles p on p.id = i.invited_by
       where i.token_hash = $1`,
      [hash],
    ));
  return row ?? null;
}

/** Joins the team; the database checks the email matches, the link is open, and marks it used. */
export async function acceptInvitation(db: Db, claims: Claims, token: string): Promise<{ team_id: string }> {
  const hash = await sha256Hex(token);
  const [member] = await db.asUser(
    claims,
    (tx) => tx.query<{ team_id: string }>("select team_id from app.accept_invitation($1)", [hash]),
  );
  return member;
}
