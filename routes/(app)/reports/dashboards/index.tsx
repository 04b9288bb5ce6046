// /reports/dashboards: the dashboards this person may open, and new ones from templates.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { InsightsTabs } from "../../../../components/reports/InsightsTabs.tsx";
import DashboardList from "../../../../islands/DashboardList.tsx";

export default define.page(function DashboardsPage({ state }) {
  const { session } = state as SignedInState;
  return (
    <div class="page stack reports-page">
      <Head>
        <title>Dashboards · Leadly</title>
      </Head>
      <PageHeader title="Dashboards" description="Your pipeline at a glance, updated live as your team works." />
      <InsightsTabs current="/reports/dashboards" />
      <DashboardList canWrite={session.team.role !== "viewer"} />
      <noscript>
        <p class="text-sm muted">Turn on JavaScript to see dashboards.</p>
      </noscript>
    </div>
  );
});
