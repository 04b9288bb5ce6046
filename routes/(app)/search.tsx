// /search?q=…&type=company: every match in the workspace on one server-rendered page. It is what the
// header search links to without JavaScript, and the palette's "See all results".
import { AppError } from "../../lib/errors.ts";
import { define, type SignedInState } from "../../utils.ts";
import { Head } from "../../lib/web/head.tsx";
import { PageHeader } from "../../components/ui/PageHeader.tsx";
import { Alert } from "../../components/ui/Alert.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { EmptyState } from "../../components/ui/EmptyState.tsx";
import { Icon } from "../../components/ui/Icon.tsx";
import { Tabs } from "../../components/ui/Tabs.tsx";
import {
  availableSearchTypes,
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  SEARCH_TYPES,
  type SearchHit,
  searchRecords,
} from "../../lib/records/search.ts";
import { groupHits, typeMeta } from "../../lib/palette/model.ts";
import { sessionCaller } from "../../lib/caller.ts";
import { MAX_QUESTION_LENGTH, parseSemanticParams, semanticSearch } from "../../lib/search/semantic/search.ts";
import type { SemanticResult } from "../../lib/search/semantic/search.ts";
import { AskResults, SearchModeToggle } from "../../components/semantic/AskResults.tsx";

interface SearchPageData {
  q: string;
  type: string;
  types: string[];
  hits: SearchHit[];
  error: string | null;
  /** "ask": semantic search by meaning (lib/search/semantic/); "": keyword search. */
  mode: "" | "ask";
  ask: SemanticResult | null;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { app, session } = ctx.state as SignedInState;
    const q = ctx.url.searchParams.get("q") ?? "";
    const requested = ctx.url.searchParams.get("type") ?? "";
    const type = SEARCH_TYPES.includes(requested) ? requested : "";
    if (ctx.url.searchParams.get("mode") === "ask") {
      const page: SearchPageData = { q, type: "", types: [], hits: [], error: null, mode: "ask", ask: null };
      if (!q.trim()) return ctx.render(page);
      try {
        page.ask = await semanticSearch(sessionCaller(app.db, session), parseSemanticParams({ q, limit: "20" }));
      } catch (e) {
        // 402 (no credits), 422 (bad question), 429/502/503/504 (provider, no pgvector): said on the page
        if (!(e instanceof AppError) || e.status < 402 || e.status === 403 || e.status === 404) throw e;
        page.error = e.message;
      }
      return ctx.render(page);
    }
    const types = await availableSearchTypes(app.db, session.claims);
    let hits: SearchHit[] = [];
    let error: string | null = null;
    try {
      hits = await searchRecords(app.db, session.claims, session.team.id, {
        q,
        types: type ? [type] : [],
        limit: MAX_SEARCH_LIMIT,
      });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      error = e.message;
    }
    return ctx.render({ q, type, types, hits, error, mode: "", ask: null } satisfies SearchPageData);
  },
});

export default define.page<typeof handler>(function SearchPage({ data, state }) {
  const { session } = state as SignedInState;
  const { q, type, types, hits, error, mode, ask } = data;
  const trimmed = q.trim();
  const href = (t: string) => `/search?q=${encodeURIComponent(trimmed)}${t ? `&type=${t}` : ""}`;
  const groups = groupHits(hits, MAX_SEARCH_LIMIT);
  return (
    <div class="page stack-lg search-page">
      <Head>
        <title>{trimmed ? `“${trimmed}” · Search` : "Search"} · {session.team.name} · Leadly</title>
      </Head>
      <PageHeader
        title="Search"
        description={`Contacts, companies and everything else in ${session.team.name}.`}
      />
      <form method="get" action="/search" role="search" class="search-page-form">
        <label for="search-page-q" class="visually-hidden">Search the workspace</label>
        <div class="search-page-field">
          <Icon name="search" />
          <input
            id="search-page-q"
            class="input"
            type="search"
            name="q"
            value={q}
            maxLength={mode === "ask" ? MAX_QUESTION_LENGTH : MAX_QUERY_LENGTH}
            placeholder={mode === "ask"
              ? "Ask by meaning: customers worried about price…"
              : "Search contacts, companies, deals…"}
            autofocus={!trimmed}
          />
        </div>
        {type && <input type="hidden" name="type" value={type} />}
        <Button type="submit" variant="primary">{mode === "ask" ? "Ask" : "Search"}</Button>
        <SearchModeToggle mode={mode} />
      </form>
      {error && <Alert tone="error" title="That search can't run">{error}</Alert>}
      {mode === "ask"
        ? <AskResults question={trimmed} result={ask} failed={error !== null} />
        : trimmed && !error && (
          <Tabs
            label="Record types"
            current={href(type)}
            items={[
              { href: href(""), label: "All" },
              ...types.map((t) => ({ href: href(t), label: typeMeta(t).label })),
            ]}
          />
        )}
      {mode === "ask" ? null : !trimmed
        ? (
          <EmptyState
            icon="search"
            title="Find anything in your workspace"
            text="Type part of a name, email or domain: “acm sal” finds “Acme Sales”. Press Ctrl K anywhere to search without leaving the page."
          />
        )
        : !error && hits.length === 0
        ? (
          <EmptyState
            icon="search"
            title={`No results for “${trimmed}”`}
            text="Check the spelling or try fewer words."
          />
        )
        : (
          groups.map((group) => (
            <section key={group.id} class="search-results" aria-labelledby={`results-${group.id}`}>
              <h2 id={`results-${group.id}`} class="search-results-title">
                {group.label} <span class="muted">{group.options.length}</span>
              </h2>
              <ul class="search-results-list">
                {group.options.map((option) =>
                  option.kind === "record" && (
                    <li key={option.key}>
                      <a class="search-result" href={option.hit.url}>
                        <span class={`palette-option-icon palette-tone-${option.hit.type}`} aria-hidden="true">
                          <Icon name={typeMeta(option.hit.type).icon} />
                        </span>
                        <span class="palette-option-text">
                          <span class="palette-option-title">{option.hit.title}</span>
                          {option.hit.subtitle && <span class="palette-option-subtitle">{option.hit.subtitle}</span>}
                        </span>
                        <Icon name="chevron-right" class="search-result-chevron" />
                      </a>
                    </li>
                  )
                )}
              </ul>
            </section>
          ))
        )}
      {hits.length === MAX_SEARCH_LIMIT && (
        <p class="muted text-sm">Showing the best {MAX_SEARCH_LIMIT} matches. Add a word to narrow them down.</p>
      )}
    </div>
  );
});
