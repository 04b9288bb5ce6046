// /deals/list: deals as a table, through the generic record list (filters, sort, saved views, export), under a
// line with the open deals of every pipeline added up in the team's base currency.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { DealViewSwitch } from "../../../components/deals/DealViewSwitch.tsx";
import { MoneyBreakdown, MoneyTotal, UnconvertedNote } from "../../../components/deals/MoneyTotal.tsx";
import RecordList from "../../../islands/RecordList.tsx";
import { type ListPageData, loadListPage } from "../../../utils/list-page.ts";
import { openDealSums } from "../../../lib/deals/deals.ts";
import { type MoneySummary, summarize } from "../../../lib/deals/money.ts";

type Data = ListPageData & { open: MoneySummary };

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const [list, open] = await Promise.all([
      loadListPage(ctx, "deals"),
      openDealSums(app.db, session.claims, session.team.id),
    ]);
    return ctx.render<Data>({ ...list, open: summarize(open.sums, open.money) });
  },
});

export default define.page<typeof handler>(function DealList({ data, state }) {
  const { csrf } = state as SignedInState;
  const { open, ...list } = data;
  return (
    <div class="list-page">
      <Head>
        <title>Deals · Leadly</title>
      </Head>
      <PageHeader
        title="Deals"
        description={
          <span class="deal-summary">
            <span>Every deal of every pipeline.</span>
            <span>
              <strong class="tabular">{open.count}</strong> open: <MoneyTotal summary={open} note={false} />{" "}
              in pipeline, <MoneyTotal summary={open} weighted note={false} /> weighted{" "}
              <UnconvertedNote summary={open} /> <MoneyBreakdown summary={open} label="How the open total adds up" />
            </span>
          </span>
        }
        actions={
          <div class="row gap-2">
            <DealViewSwitch current="list" />
            {list.canWrite && <Button href="/deals/new" variant="primary" icon="plus">New deal</Button>}
          </div>
        }
      />
      <RecordList {...list} csrf={csrf} />
    </div>
  );
});
