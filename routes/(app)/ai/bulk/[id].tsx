// /ai/bulk/<id>: a bulk writer run's drafts as a page (islands/BulkReview.tsx), so a person's reviewed and
// edited drafts can be found again after the list's dialog is closed or the page reloaded. Read as the user
// (RLS): another team's run is the 404 page.
import { define, type SignedInState } from "../../../../utils.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { sessionCaller } from "../../../../lib/caller.ts";
import { getBulkRun } from "../../../../lib/ai/bulk/runs.ts";
import BulkReview from "../../../../islands/BulkReview.tsx";
import type { BulkRunView } from "../../../../components/ai/BulkRunProgress.tsx";
import type { BulkDraftView } from "../../../../components/ai/BulkDraftCard.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const { app, session } = ctx.state as SignedInState;
    return ctx.render(await getBulkRun(sessionCaller(app.db, session), ctx.params.id));
  },
});

export default define.page<typeof handler>(function BulkReviewPage({ data, state }) {
  const { run, drafts } = data;
  const noun = run.record_type === "lead" ? "leads" : "contacts";
  const title = `AI drafts for ${run.total} ${run.total === 1 ? run.record_type : noun}`;
  return (
    <div class="page stack-lg ai-bulk-page">
      <Head>
        <title>{title} · Leadly</title>
      </Head>
      <PageHeader
        title={title}
        description={`Written ${
          new Date(run.created_at).toLocaleString("en-GB", {
            timeZone: "UTC",
            dateStyle: "medium",
            timeStyle: "short",
          })
        } UTC by ${
          run.provider === "offline" ? "the offline template writer" : run.provider
        }. Edits are saved as you type.`}
        breadcrumbs={[{ label: noun[0].toUpperCase() + noun.slice(1), href: `/${noun}` }, { label: "AI drafts" }]}
      />
      <BulkReview
        run={run as unknown as BulkRunView}
        drafts={drafts as BulkDraftView[]}
        csrf={(state as SignedInState & { csrf: string }).csrf}
      />
    </div>
  );
});
