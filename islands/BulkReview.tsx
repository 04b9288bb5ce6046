// A bulk writer run's drafts on a page of their own (/ai/bulk/<id>): the progress while it runs (read again
// every second) and each record's drafts to review, edited and saved on the server as the person types, so
// they are still there after a reload or for a teammate. Model text is shown in inputs, never as HTML.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "@/lib/client/api.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { BulkDraftCard, type BulkDraftView } from "@/components/ai/BulkDraftCard.tsx";
import { BulkRunProgress, type BulkRunView, POLL_MS } from "@/components/ai/BulkRunProgress.tsx";

export interface BulkReviewProps {
  run: BulkRunView;
  drafts: BulkDraftView[];
  csrf: string;
}

export default function BulkReview(props: BulkReviewProps) {
  const hydrated = useHydrated();
  const [run, setRun] = useState(props.run);
  const [drafts, setDrafts] = useState(props.drafts);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (run.status !== "running") return;
    timer.current = setTimeout(async () => {
      const result = await request<{ data: { run: BulkRunView; drafts: BulkDraftView[] } }>(
        "GET",
        `/functions/v1/ai/bulk-write/${run.id}`,
      );
      if (!result.ok || !result.body) return setError(result.error ?? "Could not read the progress.");
      setRun(result.body.data.run);
      setDrafts(result.body.data.drafts);
    }, POLL_MS);
    return () => clearTimeout(timer.current);
  }, [run]);

  return (
    <div class="stack" data-hydrated={hydrated ? "true" : undefined}>
      <BulkRunProgress run={run} />
      {error && <p class="ai-writer-error" role="alert">{error}</p>}
      {drafts.length > 0
        ? (
          <ol class="ai-bulk-results ai-bulk-page-results" aria-label="Drafts per record">
            {drafts.map((draft) => (
              <BulkDraftCard
                key={draft.record_id}
                runId={run.id}
                draft={draft}
                recordType={run.record_type}
                writtenFor={run.settings}
                csrf={props.csrf}
              />
            ))}
          </ol>
        )
        : <p class="muted">No drafts yet.</p>}
    </div>
  );
}
