// /reports: saved reports (mine and my team's) and the way into the builder.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { InsightsTabs } from "../../../components/reports/InsightsTabs.tsx";
import ReportList from "../../../islands/ReportList.tsx";

export default define.page(function ReportsPage({ state }) {
  const { session } = state as SignedInState;
  const canWrite = session.team.role !== "viewer";
  return (
    <div class="page stack reports-page">
      <Head>
        <title>Reports · Leadly</title>
      </Head>
      <PageHeader
        title="Reports"
        description="Questions about your pipeline, answered as charts and tables."
        actions={canWrite && <Button href="/reports/new" variant="primary" icon="plus">New report</Button>}
      />
      <InsightsTabs current="/reports" />
      <ReportList userId={session.user.id} canWrite={canWrite} />
      <noscript>
        <p class="text-sm muted">Turn on JavaScript to build and read reports.</p>
      </noscript>
    </div>
  );
});
