// /companies/lookalikes: companies like the ones the team has won deals with, or (?company=<id>) like one
// company ("Find similar companies" on its page). Read as the user from the stored embeddings: nothing is
// sent to a provider and nothing is charged (lib/search/semantic/similar.ts).
import { AppError } from "../../../lib/errors.ts";
import { parseId } from "../../../lib/ids.ts";
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { EmptyState } from "../../../components/ui/EmptyState.tsx";
import { Icon } from "../../../components/ui/Icon.tsx";
import { Passage } from "../../../components/semantic/AskResults.tsx";
import { sessionCaller } from "../../../lib/caller.ts";
import { type Lookalikes, similarCompanies, wonLookalikes } from "../../../lib/search/semantic/similar.ts";

interface LookalikesPageData {
  companyId: string | null;
  result: Lookalikes | null;
  error: string | null;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const caller = sessionCaller(app.db, session);
    const requested = ctx.url.searchParams.get("company");
    const companyId = requested === null ? null : parseId(requested, "Company");
    try {
      const result = companyId ? await similarCompanies(caller, companyId, 12) : await wonLookalikes(caller, 20);
      if (companyId && result.basis.length === 0) throw new AppError("not_found", "Company not found.");
      return ctx.render<LookalikesPageData>({ companyId, result, error: null });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 503) throw e;
      return ctx.render<LookalikesPageData>({ companyId, result: null, error: e.message });
    }
  },
});

export default define.page<typeof handler>(function LookalikesPage({ data }) {
  const { companyId, result, error } = data;
  const subject = companyId ? result?.basis[0] ?? "this company" : null;
  const title = subject ? `Companies like ${subject}` : "Lookalikes of won customers";
  return (
    <div class="page stack-lg lookalikes-page">
      <Head>
        <title>{title} · Companies · Leadly</title>
      </Head>
      <PageHeader
        breadcrumbs={[
          { label: "Companies", href: "/companies" },
          ...(companyId && subject ? [{ label: subject, href: `/companies/${companyId}` }] : []),
          { label: subject ? "Similar" : "Lookalikes" },
        ]}
        title={title}
        description={subject
          ? "Companies whose profile reads most like this one: industry, size, place and tags."
          : result && result.basis.length
          ? `Companies most like the ${result.basis.length} you have won deals with: ${
            result.basis.slice(0, 5).join(", ")
          }${result.basis.length > 5 ? "…" : ""}`
          : "Companies most like those you have won deals with."}
      />
      {error && <Alert tone="error" title="Lookalikes can't be found here">{error}</Alert>}
      {result && !result.ready && (
        <EmptyState
          icon="sparkles"
          title="Still learning these companies"
          text="Their profiles are being embedded in the background; lookalikes appear within a minute."
        />
      )}
      {result && result.ready && result.basis.length === 0 && (
        <EmptyState
          icon="sparkles"
          title="No won customers yet"
          text="Once a deal with a company reaches a won stage, companies like it are listed here. Open any company and choose “Find similar companies” meanwhile."
        />
      )}
      {result && result.ready && result.basis.length > 0 && result.hits.length === 0 && (
        <EmptyState icon="sparkles" title="No other companies to compare" text="Add more companies first." />
      )}
      {result && result.hits.length > 0 && (
        <section class="ask-results lookalikes-panel" aria-label={title}>
          <ol class="ask-results-list">
            {result.hits.map((hit) => (
              <li key={hit.id}>
                <a class="ask-result" href={hit.url}>
                  <span class="palette-option-icon palette-tone-company" aria-hidden="true">
                    <Icon name="building" />
                  </span>
                  <span class="ask-result-body">
                    <span class="ask-result-head">
                      <span class="palette-option-title">{hit.title}</span>
                      <span class="ask-result-kind muted">{Math.round(hit.score * 100)}% alike</span>
                    </span>
                    {hit.subtitle && <span class="palette-option-subtitle">{hit.subtitle}</span>}
                    <Passage text={hit.passage} highlights={[]} />
                  </span>
                </a>
              </li>
            ))}
          </ol>
          <p class="muted text-sm">
            Compared by {result.provider}
            {result.provider.startsWith("lexical") ? ": shared words in their profiles, not meaning." : "."}
          </p>
        </section>
      )}
    </div>
  );
});
