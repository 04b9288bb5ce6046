// /deals/list: deals as a table, through the generic record list (filters, sort, saved views, export).
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { DealViewSwitch } from "../../../components/deals/DealViewSwitch.tsx";
import RecordList from "../../../islands/RecordList.tsx";
import { type ListPageData, loadListPage } from "../../../lib/list/page.ts";

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<ListPageData>(await loadListPage(ctx, "deals"));
  },
});

export default define.page<typeof handler>(function DealList({ data, state }) {
  const { csrf } = state as SignedInState;
  return (
    <div class="list-page">
      <Head>
        <title>Deals · Leadly</title>
      </Head>
      <PageHeader
        title="Deals"
        description="Every deal of every pipeline, as a list."
        actions={
          <div class="row gap-2">
            <DealViewSwitch current="list" />
            {data.canWrite && <Button href="/deals/new" variant="primary" icon="plus">New deal</Button>}
          </div>
        }
      />
      <RecordList {...data} csrf={csrf} />
    </div>
  );
});
