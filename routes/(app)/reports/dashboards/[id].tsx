// /reports/dashboards/:id: one dashboard's grid of widgets, live.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { parseId } from "../../../../lib/ids.ts";
import { sessionCaller } from "../../../../lib/caller.ts";
import { getDashboard } from "../../../../lib/reports/dashboards.ts";
import DashboardGrid from "../../../../islands/DashboardGrid.tsx";
import ReportSharing from "../../../../islands/ReportSharing.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    // A dashboard this person may not see is the same 404 as one nobody has (RLS decides).
    const dashboard = await getDashboard(sessionCaller(app.db, session), parseId(ctx.params.id, "Dashboard"));
    return ctx.render({ id: dashboard.id, name: dashboard.name });
  },
});

export default define.page<typeof handler>(function DashboardPage({ state, data }) {
  const { session } = state as SignedInState;
  return (
    <div class="page stack reports-page dash-page">
      <Head>
        <title>{data.name} · Dashboards · Leadly</title>
      </Head>
      <PageHeader
        title={data.name}
        breadcrumbs={[{ label: "Dashboards", href: "/reports/dashboards" }, { label: data.name }]}
      />
      <DashboardGrid
        dashboardId={data.id}
        userId={session.user.id}
        teamId={session.team.id}
        canWrite={session.team.role !== "viewer"}
      />
      <ReportSharing kind="dashboard" id={data.id} userEmail={session.user.email} />
    </div>
  );
});
