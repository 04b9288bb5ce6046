// The "Ask" side of /search: the Keyword / Ask toggle (radio buttons in the search form, so it works
// without JavaScript) and the answers, each with the passage that matched and its matching words marked.
import type { ComponentChildren } from "preact";
import { EmptyState } from "../ui/EmptyState.tsx";
import { Icon } from "../ui/Icon.tsx";
import type { IconName } from "../../lib/icons.ts";
import type { SemanticResult } from "../../lib/search/semantic/search.ts";
import { passageParts } from "../../lib/search/semantic/highlight.ts";

const KIND: Record<string, { label: string; icon: IconName }> = {
  contact: { label: "Contact", icon: "user" },
  company: { label: "Company", icon: "building" },
  deal: { label: "Deal", icon: "kanban" },
  note: { label: "Note", icon: "file" },
  message: { label: "Message", icon: "message" },
};

export function SearchModeToggle({ mode }: { mode: "" | "ask" }) {
  return (
    <fieldset class="search-mode">
      <legend class="visually-hidden">Search by</legend>
      <label class="search-mode-option">
        <input type="radio" name="mode" value="" checked={mode !== "ask"} />
        <span>Keyword</span>
      </label>
      <label class="search-mode-option">
        <input type="radio" name="mode" value="ask" checked={mode === "ask"} />
        <span>
          <Icon name="sparkles" /> Ask
        </span>
      </label>
    </fieldset>
  );
}

/** A passage with the words that match the question in <mark> (text nodes only: nothing is parsed as HTML). */
export function Passage({ text, highlights }: { text: string; highlights: [number, number][] }) {
  return (
    <span class="ask-passage">
      {passageParts(text, highlights).map((part, i) => part.match ? <mark key={i}>{part.text}</mark> : part.text)}
    </span>
  );
}

function ProviderNote({ result, children }: { result: SemanticResult; children?: ComponentChildren }) {
  return (
    <p class="ask-provider muted text-sm">
      <Icon name="info" /> {result.lexical
        ? "Offline lexical matching: it finds your words, their forms and close sales terms, not meaning a language model would know. Set OPENAI_API_KEY for model embeddings."
        : `Matched by meaning with ${result.provider}.`}
      {children}
    </p>
  );
}

export function AskResults(
  { question, result, failed }: { question: string; result: SemanticResult | null; failed: boolean },
) {
  if (failed) return null;
  if (!question || !result) {
    return (
      <EmptyState
        icon="sparkles"
        title="Ask your workspace"
        text="Describe what you are looking for in your own words: “who complained about pricing”, “logistics companies in France”, “notes about the renewal”. Contacts, companies, deals, notes and chat messages you can see are searched."
      />
    );
  }
  if (result.hits.length === 0) {
    return (
      <div class="stack">
        <EmptyState
          icon="sparkles"
          title={`Nothing close to “${question}”`}
          text="Try other words, or switch to Keyword for names and emails. New and edited records are searchable within a minute."
        />
        <ProviderNote result={result} />
      </div>
    );
  }
  return (
    <section class="ask-results stack" aria-labelledby="ask-results-title">
      <h2 id="ask-results-title" class="search-results-title">
        Closest matches <span class="muted">{result.hits.length}</span>
      </h2>
      <ol class="ask-results-list">
        {result.hits.map((hit) => {
          const kind = KIND[hit.type];
          return (
            <li key={`${hit.type}:${hit.id}`}>
              <a class="ask-result" href={hit.url}>
                <span class={`palette-option-icon palette-tone-${hit.type}`} aria-hidden="true">
                  <Icon name={kind.icon} />
                </span>
                <span class="ask-result-body">
                  <span class="ask-result-head">
                    <span class="palette-option-title">{hit.title}</span>
                    <span class="ask-result-kind muted">{kind.label}</span>
                  </span>
                  {hit.subtitle && <span class="palette-option-subtitle">{hit.subtitle}</span>}
                  <Passage text={hit.passage} highlights={hit.highlights} />
                </span>
              </a>
            </li>
          );
        })}
      </ol>
      <ProviderNote result={result} />
    </section>
  );
}
