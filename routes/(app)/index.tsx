// Home: the team's pipeline at a glance, the user's next tasks, and the first steps for a new workspace.
import { define, type SignedInState } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { PageHeader } from "../../components/ui/PageHeader.tsx";
import { Alert } from "../../components/ui/Alert.tsx";
import { Badge } from "../../components/ui/Badge.tsx";
import { Card } from "../../components/ui/Card.tsx";
import { EmptyState } from "../../components/ui/EmptyState.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { canManageMembers, ROLE_LABELS } from "../../lib/teams.ts";
import { loadDashboard } from "../../lib/dashboard.ts";
import { MoneyBreakdown, MoneyTotal, UnconvertedNote } from "../../components/deals/MoneyTotal.tsx";

function greeting(hour: number) {
  return hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
}

const PRIORITY_TONE = { urgent: "danger", high: "warning", medium: "info", low: "neutral" } as const;

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    return ctx.render(await loadDashboard(app.db, session.claims, session.team.id));
  },
});

export default define.page<typeof handler>(function Dashboard({ data, state, url }) {
  const { session } = state as SignedInState;
  const firstName = session.user.name.split(" ")[0];
  const { pipeline, tasks } = data;
  const biggest = Math.max(1, ...(pipeline?.stages.map((s) => s.money.total) ?? [1]));
  return (
    <div class="page stack-lg">
      <Head>
        <title>Home · {session.team.name} · Leadly</title>
      </Head>
      <PageHeader
        title={`${greeting(new Date().getHours())}, ${firstName}`}
        description={`${session.team.name} · ${ROLE_LABELS[session.team.role]}`}
      />
      {url.searchParams.has("welcome") && (
        <Alert tone="success" title="Your workspace is ready">
          Invite your team, then add your first contacts and deals.
        </Alert>
      )}
      {url.searchParams.has("joined") && <Alert tone="success">Welcome to {session.team.name}!</Alert>}
      {pipeline && pipeline.openCount > 0 && (
        <div class="grid grid-4">
          <div class="stat">
            <span class="stat-label">Open deals</span>
            <span class="stat-value">{pipeline.openCount}</span>
          </div>
          <div class="stat">
            <span class="stat-label">
              In pipeline <MoneyBreakdown summary={pipeline.open} label="How the pipeline total adds up" />
            </span>
            <span class="stat-value">
              <MoneyTotal summary={pipeline.open} />
            </span>
          </div>
          <div class="stat">
            <span class="stat-label">Weighted</span>
            <span class="stat-value">
              <MoneyTotal summary={pipeline.open} weighted />
            </span>
          </div>
          <div class="stat">
            <span class="stat-label">Won</span>
            <span class="stat-value">
              <MoneyTotal summary={pipeline.won} />
            </span>
          </div>
        </div>
      )}
      <div class="grid grid-3">
        <Card title={pipeline ? `${pipeline.name} pipeline` : "Pipeline"} actions={<a href="/deals">Open board</a>}>
          {!pipeline || pipeline.openCount === 0
            ? (
              <EmptyState
                icon="kanban"
                title="No deals yet"
                text="Deals you and your team open show up here with their value by stage."
                action={<Button href="/deals/new" icon="plus">New deal</Button>}
              />
            )
            : (
              <ul class="dash-stages">
                {pipeline.stages.map((stage) => (
                  <li key={stage.id}>
                    <span class="dash-stage-name">{stage.name}</span>
                    <span class="dash-stage-bar">
                      <meter min={0} max={biggest} value={stage.money.total} aria-label={`${stage.name} value`} />
                    </span>
                    <MoneyTotal summary={stage.money} note={false} class="text-sm" />
                    <span class="muted text-sm">{stage.count}</span>
                    <UnconvertedNote summary={stage.money} class="dash-stage-note" />
                  </li>
                ))}
              </ul>
            )}
        </Card>
        <Card title="Your tasks" actions={<a href="/tasks">All tasks</a>}>
          {tasks.length === 0
            ? (
              <EmptyState
                icon="check-square"
                title="Nothing on your plate"
                text="Follow-ups and reminders land here."
              />
            )
            : (
              <ul class="list">
                {tasks.map((task) => (
                  <li key={task.id}>
                    <a class="list-item" href={`/tasks/${task.id}`}>
                      <span class="list-item-body">
                        <span class="list-item-title">{task.title}</span>
                        <span class="list-item-meta">
                          {task.due_at
                            ? new Date(task.due_at).toLocaleString("en", {
                              dateStyle: "medium",
                              timeStyle: task.all_day ? undefined : "short",
                              timeZone: task.due_time_zone,
                            })
                            : "No due date"}
                        </span>
                      </span>
                      <Badge tone={PRIORITY_TONE[task.priority]}>{task.priority}</Badge>
                    </a>
                  </li>
                ))}
              </ul>
            )}
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
