// Home: the team's dashboard. Empty until records exist; it points at the first useful steps.
import { define, type SignedInState } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { PageHeader } from "../../components/ui/PageHeader.tsx";
import { Alert } from "../../components/ui/Alert.tsx";
import { Card } from "../../components/ui/Card.tsx";
import { EmptyState } from "../../components/ui/EmptyState.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { canManageMembers, ROLE_LABELS } from "../../lib/teams.ts";

function greeting(hour: number) {
  return hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
}

export default define.page(function Dashboard({ state, url }) {
  const { session } = state as SignedInState;
  const firstName = session.user.name.split(" ")[0];
  const welcome = url.searchParams.has("welcome");
  return (
    <div class="page stack-lg">
      <Head>
        <title>Home · {session.team.name} · Leadly</title>
      </Head>
      <PageHeader
        title={`${greeting(new Date().getHours())}, ${firstName}`}
        description={`${session.team.name} · ${ROLE_LABELS[session.team.role]}`}
      />
      {welcome && (
        <Alert tone="success" title="Your workspace is ready">
          Invite your team, then add your first contacts and deals.
        </Alert>
      )}
      <div class="grid grid-3">
        <Card title="Pipeline">
          <EmptyState
            icon="kanban"
            title="No deals yet"
            text="Deals you and your team open show up here with their value by stage."
          />
        </Card>
        <Card title="Today's tasks">
          <EmptyState icon="check-square" title="Nothing due today" text="Follow-ups and reminders land here." />
        </Card>
        <Card title="Your team">
          <EmptyState
            icon="users"
            title="Work together, live"
            text="Chat, see who is online, and co-edit deal notes."
            action={canManageMembers(session.team.role)
              ? <Button href="/settings/team" variant="primary" icon="plus">Invite teammates</Button>
              : undefined}
          />
        </Card>
      </div>
    </div>
  );
});
