// The running or finished import: progress, counts, and (when it stopped) why. Part of the ImportWizard island.
import type { ImportJob } from "../../lib/import/client/api.ts";
import { formatCount as number } from "../../lib/import/client/format.ts";
import { Icon } from "../ui/Icon.tsx";

export function JobProgress({ job, fileName }: { job: ImportJob; fileName: string }) {
  return (
    <section class="card">
      <header class="card-header">
        <div class="stack-xs">
          <h2 class="card-title">
            {job.status === "done"
              ? "Import finished"
              : job.status === "failed"
              ? "Import stopped"
              : `Importing ${fileName}…`}
          </h2>
          <p class="card-description" aria-live="polite">
            {number(job.processed_rows)} of {number(job.total_rows)} rows
          </p>
        </div>
      </header>
      <div class="card-body stack">
        <progress
          class="import-progress"
          max={job.total_rows || 1}
          value={job.processed_rows}
          aria-label="Import progress"
        />
        <dl class="import-counts">
          <div class="import-count">
            <dt>Created</dt>
            <dd class="tabular">{number(job.created_rows)}</dd>
          </div>
          <div class="import-count">
            <dt>Updated</dt>
            <dd class="tabular">{number(job.updated_rows)}</dd>
          </div>
          <div class="import-count">
            <dt>Skipped</dt>
            <dd class="tabular">{number(job.skipped_rows)}</dd>
          </div>
          <div class={`import-count ${job.error_rows ? "is-bad" : ""}`}>
            <dt>With problems</dt>
            <dd class="tabular">{number(job.error_rows)}</dd>
          </div>
        </dl>
        {job.companies_created > 0 && (
          <p class="muted text-sm">{number(job.companies_created)} new companies were added on the way.</p>
        )}
        {job.status === "failed" && job.message && (
          <div class="alert alert-error" role="alert">
            <Icon name="alert" />
            <div class="alert-body">{job.message}</div>
          </div>
        )}
      </div>
    </section>
  );
}
