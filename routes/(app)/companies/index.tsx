// /companies: the company list. The first page is rendered on the server (works without JavaScript);
// the RecordList island then takes over filtering, sorting, paging, views and bulk actions.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import RecordList from "../../../islands/RecordList.tsx";
import { type ListPageData, loadListPage } from "../../../utils/list-page.ts";

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<ListPageData>(await loadListPage(ctx, "companies"));
  },
});

export default define.page<typeof handler>(function Companies({ data, state }) {
  const { csrf } = state as SignedInState;
  return (
    <div class="list-page">
      <Head>
        <title>Companies · Leadly</title>
      </Head>
      <PageHeader
        title="Companies"
        description="The accounts your team sells to."
        actions={data.canWrite && (
          <div class="row gap-2">
            <Button href="/companies/lookalikes" variant="ghost" icon="sparkles">Lookalikes</Button>
            <Button href="/companies/import" variant="secondary" icon="upload">Import</Button>
            <Button href="/companies/new" variant="primary" icon="plus">Add company</Button>
          </div>
        )}
      />
      <RecordList {...data} csrf={csrf} />
    </div>
  );
});
