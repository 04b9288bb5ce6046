// The finished import's report: the rows that were not imported (the first 50, and a CSV of them all), or
// "Every row was imported." Part of the ImportWizard island.
import type { ImportJob } from "../../lib/import/client/api.ts";
import { formatCount as number } from "../../lib/import/client/format.ts";
import { Icon } from "../ui/Icon.tsx";

const SHOWN_ERRORS = 50;

export function JobReport({ job }: { job: ImportJob }) {
  return (
    <>
      {job.error_rows > 0
        ? (
          <section class="card card-flush">
            <header class="card-header">
              <div class="stack-xs">
                <h2 class="card-title">Rows that were not imported ({number(job.error_rows)})</h2>
                <p class="card-description">
                  Fix them in your file and import it again; rows already imported will count as duplicates.
                </p>
              </div>
              <a class="btn btn-secondary" href={`/api/v1/imports/${job.id}/report.csv`} download>
                <Icon name="download" /> Download report
              </a>
            </header>
            <div class="card-body">
              <div class="table-wrap">
                <table class="table table-dense import-report">
                  <thead>
                    <tr>
                      <th class="num">Row</th>
                      <th>Column</th>
                      <th>Value</th>
                      <th>Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {job.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                      <tr key={i}>
                        <td class="num tabular">{e.row}</td>
                        <td class="nowrap">{e.column || "—"}</td>
                        <td class="import-report-value">{e.value ?? ""}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {job.errors.length > SHOWN_ERRORS && (
                <p class="import-more muted text-sm">
                  The first {SHOWN_ERRORS} problems are shown; the report lists{" "}
                  {job.errors.length < 1000 ? "all of them" : "the first 1,000"}.
                </p>
              )}
            </div>
          </section>
        )
        : job.status === "done" && (
          <div class="alert alert-success" role="status">
            <Icon name="check" />
            <div class="alert-body">Every row was imported.</div>
          </div>
        )}
    </>
  );
}
