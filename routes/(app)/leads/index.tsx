// /leads: the lead list, on the generic list view (filters, saved views, export), with status chips on top
// that count the team's leads per status and link to the list filtered by it.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import RecordList from "../../../islands/RecordList.tsx";
import { type ListPageData, loadListPage } from "../../../lib/list/page.ts";
import { LeadStatusChips } from "../../../components/leads/LeadStatusChips.tsx";
import { isLeadStatus, type LeadStatus } from "../../../lib/crm/lead-status.ts";

interface Data extends ListPageData {
  counts: Partial<Record<LeadStatus, number>>;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const [list, rows] = await Promise.all([
      loadListPage(ctx, "leads"),
      // one index scan (leads_team_status_idx); cheap enough to run on every list load
      app.db.asUser(session.claims, (tx) =>
        tx.query<{ status: string; count: number }>(
          `select status::text as status, count(*)::int as count from public.leads
           where team_id = $1 and deleted_at is null group by status`,
          [session.team.id],
        )),
    ]);
    const counts: Data["counts"] = {};
    for (const row of rows) if (isLeadStatus(row.status)) counts[row.status] = row.count;
    return ctx.render<Data>({ ...list, counts });
  },
});

export default define.page<typeof handler>(function Leads({ data, state }) {
  const { csrf } = state as SignedInState;
  const { counts, ...list } = data;
  return (
    <div class="list-page">
      <Head>
        <title>Leads · Leadly</title>
      </Head>
      <PageHeader
        title="Leads"
        description="Businesses you are working to win, from first contact to paid."
        actions={data.canWrite && <Button href="/leads/new" variant="primary" icon="plus">Add lead</Button>}
      />
      <LeadStatusChips counts={counts} active={list.state.filters.status ?? ""} />
      <RecordList {...list} csrf={csrf} />
    </div>
  );
});
