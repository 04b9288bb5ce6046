// "Enrich" in a contact or company list's bulk bar (components/list/BulkBar.tsx, inside the RecordList
// island): starts a background run over the selected rows (POST /functions/v1/enrich/list) and shows its
// progress as a bar, read from /functions/v1/enrich/runs/<id> every second until it ends, with the outcome
// or the reason it stopped (no credits, a provider down).
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../lib/client/api.ts";
import type { ListUi } from "../../lib/list/client/state.ts";

interface Run {
  id: string;
  status: "running" | "done" | "failed";
  total: number;
  processed: number;
  enriched: number;
  failed: number;
  skipped: number;
  credits_spent: number;
  errors: { id: string; message: string }[];
  message: string | null;
}

const POLL_MS = 1000;

function summary(run: Run): string {
  if (run.status === "running") return `Enriching ${run.processed} of ${run.total}…`;
  const parts = [`${run.enriched} enriched`];
  if (run.failed > 0) parts.push(`${run.failed} failed`);
  if (run.skipped > 0) parts.push(`${run.skipped} skipped`);
  parts.push(`${run.credits_spent} credits`);
  const head = run.status === "done" ? "Enrichment done" : "Enrichment stopped";
  const why = run.message ?? (run.failed > 0 ? run.errors[0]?.message : null);
  return `${head}: ${parts.join(", ")}.${why ? ` ${why}` : ""}`;
}

export function BulkEnrich({ ui }: { ui: ListUi }) {
  const resource = ui.config.resource;
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (resource !== "contacts" && resource !== "companies") return null;

  const poll = (id: string) => {
    timer.current = setTimeout(async () => {
      const result = await request<{ data: Run }>("GET", `/functions/v1/enrich/runs/${id}`);
      if (!result.ok || !result.body) {
        setError(result.error ?? "Could not read the progress.");
        return;
      }
      setRun(result.body.data);
      if (result.body.data.status === "running") poll(id);
    }, POLL_MS);
  };

  async function start() {
    const selected = ui.selected.value;
    const ids = ui.rows.value.filter((r) => selected.has(r.id)).map((r) => r.id);
    if (ids.length === 0) return;
    setError(null);
    clearTimeout(timer.current);
    const result = await request<{ data: Run }>("POST", "/functions/v1/enrich/list", { recordType: resource, ids }, {
      csrf: ui.props.csrf,
    });
    if (!result.ok || !result.body) {
      setError(result.error ?? "The enrichment could not start.");
      return;
    }
    setRun(result.body.data);
    if (result.body.data.status === "running") poll(result.body.data.id);
  }

  const running = run?.status === "running";
  const percent = run && run.total > 0 ? Math.round((run.processed / run.total) * 100) : 0;
  return (
    <span class="bulk-enrich">
      <button
        type="button"
        class="btn btn-secondary btn-sm"
        onClick={start}
        disabled={ui.busy.value || running}
        title="Look up work email, phone, title, company details and social links (costs credits)"
      >
        Enrich
      </button>
      {run && (
        <span class={`bulk-enrich-progress is-${run.status}`} role="status" aria-live="polite">
          <progress max={run.total} value={run.processed} aria-label="Enrichment progress">{percent}%</progress>
          <span class="bulk-enrich-text">{summary(run)}</span>
        </span>
      )}
      {error && <span class="bulk-enrich-error" role="alert">{error}</span>}
    </span>
  );
}
