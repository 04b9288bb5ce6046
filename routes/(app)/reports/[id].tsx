// /reports/:id: a saved report in the builder, with its exports, read-only links and schedules.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { parseId } from "../../../lib/ids.ts";
import { sessionCaller } from "../../../lib/caller.ts";
import { getReport } from "../../../lib/reports/store.ts";
import ReportBuilder from "../../../islands/ReportBuilder.tsx";
import ReportSharing from "../../../islands/ReportSharing.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    // A report this person may not see is the same 404 as one nobody has (RLS decides).
    const report = await getReport(sessionCaller(app.db, session), parseId(ctx.params.id, "Report"));
    return ctx.render({ id: report.id, name: report.name });
  },
});

export default define.page<typeof handler>(function ReportPage({ state, data }) {
  const { session } = state as SignedInState;
  const params = data;
  const canWrite = session.team.role !== "viewer";
  return (
    <div class="page stack reports-page">
      <Head>
        <title>{data.name} · Reports · Leadly</title>
      </Head>
      <PageHeader title={data.name} breadcrumbs={[{ label: "Reports", href: "/reports" }, { label: data.name }]} />
      <ReportBuilder reportId={params.id} userId={session.user.id} canWrite={canWrite} />
      <ReportSharing kind="report" id={params.id} userEmail={session.user.email} />
    </div>
  );
});
