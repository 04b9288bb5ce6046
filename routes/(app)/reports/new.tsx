// /reports/new: the report builder with a first config (count of deals by stage), not saved yet.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import ReportBuilder from "../../../islands/ReportBuilder.tsx";

export default define.page(function NewReportPage({ state }) {
  const { session } = state as SignedInState;
  return (
    <div class="page stack reports-page">
      <Head>
        <title>New report · Leadly</title>
      </Head>
      <PageHeader title="New report" breadcrumbs={[{ label: "Reports", href: "/reports" }, { label: "New" }]} />
      <ReportBuilder reportId={null} userId={session.user.id} canWrite={session.team.role !== "viewer"} />
    </div>
  );
});
