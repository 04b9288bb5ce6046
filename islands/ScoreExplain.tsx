// A lead's or contact's score on its page, with what made it: the rule score, the learned score and the top
// factors ("Industry is Retail +10", "Emails (last year) raises it"). Loaded from /api/v1/scoring after the
// page shows (the score itself is also in the page's fields); computed by the scoring jobs, at most a minute old.
// A new score arrives live: the database announces 'score.changed' on the record's room (the change bus).
import { useEffect, useState } from "preact/hooks";
import { request } from "@/lib/client/api.ts";
import { subscribe } from "@/lib/bus/client/connection.ts";

export interface ScoreExplainProps {
  recordType: "lead" | "contact";
  recordId: string;
}

interface Factor {
  label: string;
  points: number;
  source: "rule" | "model";
}

interface Score {
  score: number;
  rule_score: number;
  learned_score: number | null;
  factors: Factor[];
  computed_at: string;
}

type Loaded = { state: "loading" } | { state: "none" } | { state: "error"; message: string } | {
  state: "ready";
  score: Score;
};

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function FactorRow({ factor }: { factor: Factor }) {
  const up = factor.points > 0;
  return (
    <li class={`score-factor ${up ? "is-up" : "is-down"}`}>
      <span class="score-factor-label">{factor.label}</span>
      <span class="score-factor-points tabular">
        {factor.source === "rule" ? signed(factor.points) : up ? "raises" : "lowers"}
      </span>
    </li>
  );
}

export default function ScoreExplain({ recordType, recordId }: ScoreExplainProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    const path = `/api/v1/scoring/${recordType}s/${encodeURIComponent(recordId)}`;
    request<{ data: Score | null }>("GET", path, undefined, { signal: controller.signal }).then((result) => {
      if (!result.ok) setLoaded({ state: "error", message: result.error ?? "The score could not be loaded." });
      else if (!result.body?.data) setLoaded({ state: "none" });
      else setLoaded({ state: "ready", score: result.body.data });
    }).catch(() => {});
    // Rescored while the page is open: the event carries the new score and factors.
    const unsubscribe = subscribe(`record:${recordType}:${recordId}`, {
      onEvent(event) {
        if (event.type !== "score.changed" || event.record_id !== recordId) return;
        const fresh = event.payload as Score | null;
        if (fresh && typeof fresh.score === "number") setLoaded({ state: "ready", score: fresh });
      },
    });
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, [recordType, recordId]);

  return (
    <section class="card score-explain" aria-label="Lead score" data-state={loaded.state}>
      <header class="card-header">
        <h2 class="card-title">Score</h2>
        {loaded.state === "ready" && (
          <span class="score-value tabular" data-score={loaded.score.score}>{loaded.score.score}</span>
        )}
      </header>
      <div class="card-body stack-sm">
        {loaded.state === "loading" && <p class="muted">Loading the score…</p>}
        {loaded.state === "error" && <p class="muted">{loaded.message}</p>}
        {loaded.state === "none" && (
          <p class="muted">
            Not scored: this workspace has no scoring rules or learned model yet (<a href="/settings/scoring">
              Lead scoring settings
            </a>).
          </p>
        )}
        {loaded.state === "ready" && <ScoreDetails score={loaded.score} />}
      </div>
    </section>
  );
}

function ScoreDetails({ score }: { score: Score }) {
  const rules = score.factors.filter((f) => f.source === "rule");
  const model = score.factors.filter((f) => f.source === "model");
  return (
    <>
      <p class="score-parts muted text-sm">
        Rules {score.rule_score}
        {score.learned_score !== null ? ` · learned ${score.learned_score}` : " · learned score not trained"}
        {` · updated ${new Date(score.computed_at).toLocaleString()}`}
      </p>
      {rules.length > 0 && (
        <ul class="score-factors" aria-label="Rules that apply">
          {rules.map((f) => <FactorRow key={`r${f.label}`} factor={f} />)}
        </ul>
      )}
      {rules.length === 0 && <p class="muted text-sm">No rule applies.</p>}
      {model.length > 0 && (
        <>
          <h3 class="text-sm score-factors-title">What the learned score weighs most</h3>
          <ul class="score-factors" aria-label="Learned factors">
            {model.map((f) => <FactorRow key={`m${f.label}`} factor={f} />)}
          </ul>
        </>
      )}
    </>
  );
}
