// /leads: the lead list, on the generic list view (filters, saved views, export), with status chips on top
// that count the team's leads per status and link to the list filtered by it.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import RecordList from "../../../islands/RecordList.tsx";
import { type ListPageData, loadListPage } from "../../../utils/list-page.ts";
import { LeadStatusChips } from "../../../components/leads/LeadStatusChips.tsx";
import type { LeadStatus } from "../../../lib/leads/status.ts";
import { leadStatusCounts } from "../../../lib/leads/leads.ts";
import { sessionCaller } from "../../../lib/caller.ts";

interface Data extends ListPageData {
  counts: Partial<Record<LeadStatus, number>>;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const [list, counts] = await Promise.all([
      loadListPage(ctx, "leads"),
      leadStatusCounts(sessionCaller(app.db, session)),
    ]);
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
