// Settings → Team members: who is in the workspace, their roles, invitations.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Avatar } from "../../../components/ui/Avatar.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import { Input } from "../../../components/ui/Input.tsx";
import { Select } from "../../../components/ui/Select.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { errorMessage, type FieldErrors, parseWith, readForm } from "../../../lib/forms.ts";
import {
  type InvitationRow,
  invite,
  inviteInput,
  listOpenInvitations,
  revokeInvitation,
} from "../../../lib/invitations.ts";
import {
  canManageMembers,
  changeRole,
  listMembers,
  type MemberRow,
  removeMember,
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  roleInput,
  TEAM_ROLES,
} from "../../../lib/teams.ts";
import type { TeamRole } from "../../../lib/db/claims.ts";

interface Data {
  members: MemberRow[];
  invitations: InvitationRow[];
  notice?: string;
  error?: string;
  inviteValues?: Record<string, string>;
  inviteErrors?: FieldErrors;
}

const NOTICES: Record<string, string> = {
  invited: "Invitation sent.",
  role: "Role updated.",
  removed: "Member removed from the workspace.",
  revoked: "Invitation withdrawn.",
};

function roleOptions(myRole: TeamRole) {
  return TEAM_ROLES.filter((role) => myRole === "owner" || role !== "owner")
    .map((role) => ({ value: role, label: ROLE_LABELS[role] }));
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const manage = canManageMembers(session.team.role);
    return ctx.render<Data>({
      members: await listMembers(app.db, session.claims, session.team.id),
      invitations: manage ? await listOpenInvitations(app.db, session.claims, session.team.id) : [],
      notice: NOTICES[ctx.url.searchParams.get("done") ?? ""],
    });
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const team = session.team.id;
    const { values } = await readForm(ctx.req);
    const again = async (extra: Partial<Data>, status: number) =>
      ctx.render<Data>({
        members: await listMembers(app.db, session.claims, team),
        invitations: canManageMembers(session.team.role) ? await listOpenInvitations(app.db, session.claims, team) : [],
        ...extra,
      }, { status });
    try {
      switch (values.action) {
        case "invite": {
          const form = parseWith(inviteInput, values, values);
          if (!form.ok) return await again({ inviteValues: form.values, inviteErrors: form.errors }, 422);
          await invite(app.db, app.mailer, session.claims, team, form.data, app.config.publicUrl);
          return ctx.redirect("/settings/team?done=invited");
        }
        case "role": {
          const form = parseWith(roleInput, values, values);
          if (!form.ok) return await again({ error: form.errors.role }, 422);
          await changeRole(app.db, session.claims, team, values.user_id ?? "", form.data.role);
          return ctx.redirect("/settings/team?done=role");
        }
        case "remove":
          await removeMember(app.db, session.claims, team, values.user_id ?? "");
          return ctx.redirect(values.user_id === session.user.id ? "/" : "/settings/team?done=removed");
        case "revoke":
          await revokeInvitation(app.db, session.claims, team, values.invitation_id ?? "");
          return ctx.redirect("/settings/team?done=revoked");
      }
      return ctx.redirect("/settings/team");
    } catch (error) {
      const message = errorMessage(error);
      return await again({ error: message, inviteValues: values.action === "invite" ? values : undefined }, 409);
    }
  },
});

function MemberRowView(
  { member, me, myRole, csrf }: { member: MemberRow; me: string; myRole: TeamRole; csrf: string },
) {
  const manage = canManageMembers(myRole) && (myRole === "owner" || member.role !== "owner");
  const isMe = member.user_id === me;
  const name = member.full_name || member.email;
  return (
    <tr>
      <td class="member-cell-name">
        <div class="cell-primary">
          <Avatar name={name} size="sm" userId={member.user_id} />
          <div class="cell-primary-text">
            <strong class="cell-primary-title">
              {name}
              {isMe && (
                <>
                  {" "}
                  <span class="muted">(you)</span>
                </>
              )}
            </strong>
            <span class="cell-primary-sub">{member.email}</span>
          </div>
        </div>
      </td>
      <td class="member-cell-role">
        {manage && !isMe
          ? (
            <form method="post" action="/settings/team" class="role-form row gap-1">
              <CsrfField token={csrf} />
              <input type="hidden" name="action" value="role" />
              <input type="hidden" name="user_id" value={member.user_id} />
              <Select
                name="role"
                size="sm"
                aria-label={`Role of ${name}`}
                options={roleOptions(myRole)}
                value={member.role}
              />
              <Button type="submit" size="sm" variant="secondary">Save</Button>
            </form>
          )
          : <Badge tone={member.role === "owner" ? "accent" : "neutral"}>{ROLE_LABELS[member.role]}</Badge>}
      </td>
      <td class="member-cell-actions text-right">
        {(manage || isMe) && (
          <details class="confirm">
            <summary class="btn btn-ghost btn-sm">{isMe ? "Leave" : "Remove"}</summary>
            <form method="post" action="/settings/team" class="confirm-panel stack-sm">
              <CsrfField token={csrf} />
              <input type="hidden" name="action" value="remove" />
              <input type="hidden" name="user_id" value={member.user_id} />
              <p class="text-sm">
                {isMe
                  ? "Leave this workspace? You will lose access to its records."
                  : `Remove ${name}? They lose access at once.`}
              </p>
              <Button type="submit" size="sm" variant="danger">{isMe ? "Leave workspace" : "Remove member"}</Button>
            </form>
          </details>
        )}
      </td>
    </tr>
  );
}

export default define.page<typeof handler>(function TeamSettings({ data, state, url }) {
  const { session, csrf } = state as SignedInState;
  const myRole = session.team.role;
  const manage = canManageMembers(myRole);
  return (
    <SettingsLayout
      path={url.pathname}
      title="Team members"
      description={`People in ${session.team.name} and what they can do.`}
    >
      <Head>
        <title>Team members · Settings · Leadly</title>
      </Head>
      {data.notice && <Alert tone="success">{data.notice}</Alert>}
      {data.error && <Alert tone="error">{data.error}</Alert>}

      {manage && (
        <Card title="Invite people" description="They get an email with a link that works for 7 days.">
          <form method="post" action="/settings/team" class="form invite-form">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value="invite" />
            <Input
              label="Email"
              name="email"
              type="email"
              required
              placeholder="name@company.com"
              value={data.inviteValues?.email ?? ""}
              error={data.inviteErrors?.email}
            />
            <Select
              label="Role"
              name="role"
              options={roleOptions(myRole)}
              value={data.inviteValues?.role ?? "rep"}
              error={data.inviteErrors?.role}
            />
            <Button type="submit" variant="primary" icon="mail">Send invite</Button>
          </form>
          <details class="role-help">
            <summary>What can each role do?</summary>
            <dl>
              {TEAM_ROLES.map((role) => (
                <div key={role}>
                  <dt>{ROLE_LABELS[role]}</dt>
                  <dd class="muted">{ROLE_DESCRIPTIONS[role]}</dd>
                </div>
              ))}
            </dl>
          </details>
        </Card>
      )}

      <Card title={`Members (${data.members.length})`} flush>
        <div class="table-wrap table-wrap-visible">
          <table class="table members-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th class="text-right">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.members.map((member) => (
                <MemberRowView key={member.user_id} member={member} me={session.user.id} myRole={myRole} csrf={csrf} />
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      {manage && data.invitations.length > 0 && (
        <Card title="Pending invitations" flush>
          <div class="table-wrap">
            <table class="table invites-table">
              <tbody>
                {data.invitations.map((inv) => (
                  <tr key={inv.id}>
                    <td class="invite-cell-email">{inv.email}</td>
                    <td class="invite-cell-role">
                      <Badge>{ROLE_LABELS[inv.role]}</Badge>
                    </td>
                    <td class="invite-cell-expires muted text-sm">
                      Expires {new Date(inv.expires_at).toLocaleDateString("en")}
                    </td>
                    <td class="invite-cell-actions text-right">
                      <form method="post" action="/settings/team">
                        <CsrfField token={csrf} />
                        <input type="hidden" name="action" value="revoke" />
                        <input type="hidden" name="invitation_id" value={inv.id} />
                        <Button type="submit" size="sm" variant="ghost">Withdraw</Button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </SettingsLayout>
  );
});
