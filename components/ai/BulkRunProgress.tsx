// A bulk writer run's progress bar and summary, in the list's dialog (BulkWriter.tsx) and on the review page
// (islands/BulkReview.tsx), and the run as GET /functions/v1/ai/bulk-write/<id> answers it.
import type { BulkRun } from "../../lib/ai/bulk/runs.ts";
import type { WriterOptions } from "../../lib/ai/client/writer-options.ts";

// A type import: no server code reaches the bundle.
export type BulkRunView =
  & Pick<
    BulkRun,
    | "id"
    | "record_type"
    | "status"
    | "provider"
    | "total"
    | "processed"
    | "written"
    | "failed"
    | "credits_spent"
    | "message"
  >
  & { settings: WriterOptions };

/** How often a running run is read again. */
export const POLL_MS = 1000;

export function bulkRunSummary(run: BulkRunView): string {
  if (run.status === "running") return `Writing ${run.processed} of ${run.total}…`;
  const parts = [`${run.written} written`];
  if (run.failed > 0) parts.push(`${run.failed} failed`);
  parts.push(`${run.credits_spent} credits`);
  const head = run.status === "done" ? "Done" : "Stopped";
  return `${head}: ${parts.join(", ")}.${run.message ? ` ${run.message}` : ""}`;
}

export function BulkRunProgress({ run }: { run: BulkRunView }) {
  const percent = run.total > 0 ? Math.round((run.processed / run.total) * 100) : 0;
  return (
    <div class={`ai-bulk-progress is-${run.status}`} role="status" aria-live="polite">
      <progress max={run.total} value={run.processed} aria-label="Writing progress">{percent}%</progress>
      <span class="ai-bulk-summary">{bulkRunSummary(run)}</span>
    </div>
  );
}
