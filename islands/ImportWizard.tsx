// The CSV import wizard: pick a file (the upload starts at once, in parts), check how its columns map
// onto fields with a live preview of the first rows as they will be stored, choose what happens to
// duplicates, then watch the server job's progress and read its report.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { parseCsv } from "../lib/import/csv.ts";
import {
  type ColumnMapping,
  DUPLICATE_KEY,
  type DuplicateMode,
  guessMapping,
  IMPORT_TARGETS,
  type ImportResource,
  mappingProblem,
} from "../lib/import/mapping.ts";
import { useHydrated } from "../lib/web/hydrated.ts";
import { Icon } from "../components/ui/Icon.tsx";

export interface ImportWizardProps {
  resource: ImportResource;
  csrf: string;
  maxBytes: number;
  partBytes: number;
  /** Where the imported records are listed. */
  listHref: string;
}

interface PreviewData {
  fields: { key: string; label: string }[];
  rows: {
    row: number;
    values: Record<string, string>;
    errors: { column: string; message: string }[];
    duplicate: boolean;
  }[];
  problem: string | null;
}

interface Job {
  id: string;
  status: "pending" | "running" | "done" | "failed";
  total_rows: number;
  processed_rows: number;
  created_rows: number;
  updated_rows: number;
  skipped_rows: number;
  error_rows: number;
  companies_created: number;
  errors: { row: number; column: string; field: string; message: string; value?: string }[];
  message: string | null;
}

type Step = "file" | "map" | "run" | "report";
const STEPS: [Step, string][] = [["file", "Upload"], ["map", "Map & preview"], ["run", "Import"], [
  "report",
  "Report",
]];
const SHOWN_ERRORS = 50;

const number = (n: number) => n.toLocaleString("en-US");

async function api<T>(csrf: string, method: string, path: string, body?: unknown, raw?: Blob): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      accept: "application/json",
      "x-csrf-token": csrf,
      ...(raw ? { "content-type": "application/octet-stream" } : body ? { "content-type": "application/json" } : {}),
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(json?.error?.message ?? `The server answered ${res.status}. Please try again.`);
  return json.data as T;
}

export default function ImportWizard(props: ImportWizardProps) {
  const { resource, csrf } = props;
  const ready = useHydrated();
  const step = useSignal<Step>("file");
  const error = useSignal<string | null>(null);
  const dragging = useSignal(false);
  const fileName = useSignal("");
  const header = useSignal<string[]>([]);
  const sample = useSignal<string[][]>([]);
  const sampleRows = useSignal<number[]>([]);
  const rowCount = useSignal(0);
  const mapping = useSignal<ColumnMapping[]>([]);
  const duplicates = useSignal<DuplicateMode>("skip");
  const uploaded = useSignal(0);
  const fileSize = useSignal(0);
  const uploadDone = useSignal(false);
  const jobId = useSignal<string | null>(null);
  const preview = useSignal<PreviewData | null>(null);
  const job = useSignal<Job | null>(null);
  const starting = useSignal(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const uploadRun = useRef(0);

  const targets = IMPORT_TARGETS[resource];
  const dupKey = DUPLICATE_KEY[resource];
  const problem = mapping.value.length ? mappingProblem(resource, mapping.value) : null;

  async function upload(file: File, run: number) {
    const created = await api<{ id: string }>(csrf, "POST", "/api/v1/imports", {
      resource,
      filename: file.name,
      size: file.size,
    });
    if (uploadRun.current !== run) return;
    jobId.value = created.id;
    for (let part = 0; part * props.partBytes < file.size; part++) {
      const blob = file.slice(part * props.partBytes, (part + 1) * props.partBytes);
      const done = await api<{ received: number }>(
        csrf,
        "PUT",
        `/api/v1/imports/${created.id}/parts/${part}`,
        undefined,
        blob,
      );
      if (uploadRun.current !== run) return;
      uploaded.value = done.received;
    }
    uploadDone.value = true;
  }

  async function choose(file: File | undefined) {
    error.value = null;
    if (!file) return;
    if (file.size > props.maxBytes) {
      const mb = (file.size / 1024 / 1024).toFixed(1);
      error.value = `"${file.name}" is ${mb} MB; imports take files up to ${
        props.maxBytes / 1024 / 1024
      } MB. Split it into smaller files and import each.`;
      return;
    }
    if (file.size === 0) {
      error.value = `"${file.name}" is empty.`;
      return;
    }
    if (!/\.(csv|txt|tsv)$/i.test(file.name) && !/csv|text/.test(file.type)) {
      error.value = `"${file.name}" is not a CSV file. Save the sheet as CSV (comma-separated values) first.`;
      return;
    }
    const text = await file.text();
    const parsed = parseCsv(text);
    if (parsed.header.length === 0 || parsed.header.every((h) => !h)) {
      error.value = "The file has no header row. The first line should name the columns.";
      return;
    }
    if (parsed.rows.length === 0) {
      error.value = "The file has a header but no rows under it.";
      return;
    }
    const run = ++uploadRun.current;
    fileName.value = file.name;
    fileSize.value = file.size;
    header.value = parsed.header;
    sample.value = parsed.rows.slice(0, 10);
    sampleRows.value = parsed.rowNumbers.slice(0, 10);
    rowCount.value = parsed.rows.length;
    mapping.value = guessMapping(resource, parsed.header);
    uploaded.value = 0;
    uploadDone.value = false;
    jobId.value = null;
    step.value = "map";
    upload(file, run).catch((e) => {
      if (uploadRun.current === run) error.value = `The upload failed: ${e.message}`;
    });
  }

  // The preview follows the mapping, a moment after the last change.
  useEffect(() => {
    if (step.value !== "map" || mapping.value.length === 0) return;
    const timer = setTimeout(() => {
      api<PreviewData>(csrf, "POST", "/api/v1/imports/preview", {
        resource,
        mapping: mapping.value,
        rows: sample.value,
        row_numbers: sampleRows.value,
      }).then((data) => preview.value = data).catch((e) => error.value = e.message);
    }, 150);
    return () => clearTimeout(timer);
  }, [mapping.value, step.value]);

  // Progress: poll the job every 500 ms while it runs.
  useEffect(() => {
    if (step.value !== "run" || !jobId.value) return;
    let stopped = false;
    const poll = async () => {
      if (stopped) return;
      try {
        const current = await api<Job>(csrf, "GET", `/api/v1/imports/${jobId.value}`);
        job.value = current;
        if (current.status === "done" || current.status === "failed") {
          step.value = "report";
          return;
        }
      } catch (e) {
        error.value = (e as Error).message;
      }
      setTimeout(poll, 500);
    };
    poll();
    return () => stopped = true;
  }, [step.value]);

  async function start() {
    if (!jobId.value || problem) return;
    starting.value = true;
    error.value = null;
    try {
      job.value = await api<Job>(csrf, "POST", `/api/v1/imports/${jobId.value}/start`, {
        mapping: mapping.value,
        duplicates: duplicates.value,
      });
      step.value = "run";
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      starting.value = false;
    }
  }

  function reset() {
    uploadRun.current++;
    step.value = "file";
    error.value = null;
    preview.value = null;
    job.value = null;
    jobId.value = null;
    mapping.value = [];
    if (inputRef.current) inputRef.current.value = "";
  }

  const setTarget = (index: number, target: string) => {
    mapping.value = mapping.value.map((m, i) => (i === index ? { ...m, target: target || null } : m));
  };

  const current = STEPS.findIndex(([key]) => key === step.value);
  const noun = resource === "contacts" ? "contacts" : "companies";

  return (
    <div class="import stack-lg">
      <ol class="import-steps" aria-label="Import steps">
        {STEPS.map(([key, label], index) => (
          <li
            key={key}
            class={`import-step ${index < current ? "is-done" : index === current ? "is-current" : ""}`}
            aria-current={index === current ? "step" : undefined}
          >
            <span class="import-step-num" aria-hidden="true">
              {index < current ? <Icon name="check" size="sm" /> : index + 1}
            </span>
            <span class="import-step-label">{label}</span>
          </li>
        ))}
      </ol>

      {error.value && (
        <div class="alert alert-error" role="alert">
          <Icon name="alert" />
          <div class="alert-body">{error.value}</div>
        </div>
      )}

      {step.value === "file" && (
        <section class="card">
          <div class="card-body">
            <label
              class={`import-drop ${dragging.value ? "is-dragging" : ""}`}
              onDragOver={(e) => {
                e.preventDefault();
                dragging.value = true;
              }}
              onDragLeave={() => dragging.value = false}
              onDrop={(e) => {
                e.preventDefault();
                dragging.value = false;
                choose(e.dataTransfer?.files[0]);
              }}
            >
              <span class="import-drop-icon">
                <Icon name="upload" size="lg" />
              </span>
              <span class="import-drop-title">Drop a CSV file here, or choose one</span>
              <span class="muted text-sm">
                Up to {props.maxBytes / 1024 / 1024} MB. The first row names the columns; UTF-8, commas or semicolons.
              </span>
              <span class="btn btn-primary">Choose a file</span>
              <input
                ref={inputRef}
                class="visually-hidden"
                type="file"
                accept=".csv,.tsv,.txt,text/csv"
                aria-label="CSV file"
                disabled={!ready}
                onChange={(e) => choose(e.currentTarget.files?.[0])}
              />
            </label>
          </div>
        </section>
      )}

      {step.value === "map" && (
        <>
          <section class="card">
            <header class="card-header">
              <div class="stack-xs">
                <h2 class="card-title">Columns of {fileName.value}</h2>
                <p class="card-description">
                  {number(rowCount.value)}{" "}
                  rows. We guessed where each column goes; change any of them, or choose "Don't import".
                </p>
              </div>
              <div class="import-upload-state" aria-live="polite">
                {uploadDone.value
                  ? (
                    <span class="badge badge-success">
                      <Icon name="check" size="sm" /> Uploaded
                    </span>
                  )
                  : (
                    <span class="row gap-2 text-sm muted">
                      Uploading…
                      <progress class="import-mini-progress" max={fileSize.value} value={uploaded.value} />
                    </span>
                  )}
              </div>
            </header>
            <div class="card-body">
              <div class="import-map" role="table" aria-label="Column mapping">
                <div class="import-map-row import-map-head" role="row">
                  <span role="columnheader">Column in the file</span>
                  <span role="columnheader">First value</span>
                  <span role="columnheader">Import as</span>
                </div>
                {mapping.value.map((m, index) => (
                  <div class="import-map-row" role="row" key={index}>
                    <span class="import-map-column strong" role="cell">{m.column || `Column ${index + 1}`}</span>
                    <span class="import-map-sample muted truncate" role="cell">
                      {sample.value.find((r) => (r[index] ?? "").trim())?.[index] ?? "(empty)"}
                    </span>
                    <span role="cell">
                      <span class="select-wrap">
                        <select
                          class="select"
                          aria-label={`Import "${m.column}" as`}
                          disabled={!ready}
                          onChange={(e) => setTarget(index, e.currentTarget.value)}
                        >
                          <option value="" selected={!m.target}>Don't import</option>
                          {targets.map((t) => (
                            <option key={t.key} value={t.key} selected={m.target === t.key}>
                              {t.label}
                            </option>
                          ))}
                        </select>
                        <Icon name="chevron-down" size="sm" class="select-icon" />
                      </span>
                    </span>
                  </div>
                ))}
              </div>
            </div>
          </section>

          <section class="card">
            <header class="card-header">
              <div class="stack-xs">
                <h2 class="card-title">Duplicates</h2>
                <p class="card-description">
                  When a row has the {dupKey.label} of {resource === "contacts" ? "a contact" : "a company"}{" "}
                  you already have:
                </p>
              </div>
            </header>
            <div class="card-body">
              <div class="import-dupes" role="radiogroup" aria-label="Duplicates">
                {([
                  ["skip", "Skip the row", "Keep what you have; the row is counted as skipped."],
                  ["update", "Update the existing one", "Filled cells overwrite; empty cells never erase anything."],
                  ["create", "Create another", `Import it anyway, as a separate ${resource.slice(0, -1)}.`],
                ] as [DuplicateMode, string, string][]).map(([value, label, hint]) => (
                  <label class={`import-dupe ${duplicates.value === value ? "is-checked" : ""}`} key={value}>
                    <input
                      type="radio"
                      name="duplicates"
                      value={value}
                      checked={duplicates.value === value}
                      disabled={!ready}
                      onChange={() =>
                        duplicates.value = value}
                    />
                    <span class="stack-xs">
                      <span class="strong">{label}</span>
                      <span class="muted text-sm">{hint}</span>
                    </span>
                  </label>
                ))}
              </div>
            </div>
          </section>

          <section class="card card-flush">
            <header class="card-header">
              <div class="stack-xs">
                <h2 class="card-title">Preview</h2>
                <p class="card-description">
                  The first {Math.min(10, rowCount.value)} rows as they will be stored.
                </p>
              </div>
            </header>
            <div class="card-body">
              {problem
                ? <p class="import-problem">{problem}</p>
                : !preview.value
                ? <p class="import-problem muted">Loading the preview…</p>
                : (
                  <div class="table-wrap import-preview">
                    <table class="table table-dense">
                      <thead>
                        <tr>
                          <th class="num">Row</th>
                          {preview.value.fields.map((f) => <th key={f.key}>{f.label}</th>)}
                        </tr>
                      </thead>
                      <tbody>
                        {preview.value.rows.map((r) => (
                          <tr key={r.row} class={r.errors.length ? "import-row-bad" : ""}>
                            <td class="num tabular">{r.row}</td>
                            {r.errors.length
                              ? (
                                <td colSpan={preview.value!.fields.length} class="import-row-errors">
                                  <span class="import-row-error-text">
                                    <Icon name="alert" size="sm" />
                                    {r.errors.map((e) => `${e.column ? `${e.column}: ` : ""}${e.message}`).join(" ")}
                                  </span>
                                </td>
                              )
                              : preview.value!.fields.map((f, i) => (
                                <td key={f.key} class="nowrap">
                                  {r.values[f.key]}
                                  {i === 0 && r.duplicate && (
                                    <span class="badge badge-warning import-dupe-badge">
                                      {duplicates.value === "skip"
                                        ? "exists: skipped"
                                        : duplicates.value === "update"
                                        ? "exists: updates it"
                                        : "exists"}
                                    </span>
                                  )}
                                </td>
                              ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
            </div>
          </section>

          <div class="import-actions">
            <button type="button" class="btn btn-ghost" disabled={!ready} onClick={reset}>Choose another file</button>
            <button
              type="button"
              class="btn btn-primary"
              disabled={!ready || !uploadDone.value || Boolean(problem) || starting.value}
              onClick={start}
            >
              {uploadDone.value ? `Import ${number(rowCount.value)} rows` : "Waiting for the upload…"}
            </button>
          </div>
        </>
      )}

      {(step.value === "run" || step.value === "report") && job.value && (
        <section class="card">
          <header class="card-header">
            <div class="stack-xs">
              <h2 class="card-title">
                {job.value.status === "done"
                  ? "Import finished"
                  : job.value.status === "failed"
                  ? "Import stopped"
                  : `Importing ${fileName.value}…`}
              </h2>
              <p class="card-description" aria-live="polite">
                {number(job.value.processed_rows)} of {number(job.value.total_rows)} rows
              </p>
            </div>
          </header>
          <div class="card-body stack">
            <progress
              class="import-progress"
              max={job.value.total_rows || 1}
              value={job.value.processed_rows}
              aria-label="Import progress"
            />
            <dl class="import-counts">
              <div class="import-count">
                <dt>Created</dt>
                <dd class="tabular">{number(job.value.created_rows)}</dd>
              </div>
              <div class="import-count">
                <dt>Updated</dt>
                <dd class="tabular">{number(job.value.updated_rows)}</dd>
              </div>
              <div class="import-count">
                <dt>Skipped</dt>
                <dd class="tabular">{number(job.value.skipped_rows)}</dd>
              </div>
              <div class={`import-count ${job.value.error_rows ? "is-bad" : ""}`}>
                <dt>With problems</dt>
                <dd class="tabular">{number(job.value.error_rows)}</dd>
              </div>
            </dl>
            {job.value.companies_created > 0 && (
              <p class="muted text-sm">{number(job.value.companies_created)} new companies were added on the way.</p>
            )}
            {job.value.status === "failed" && job.value.message && (
              <div class="alert alert-error" role="alert">
                <Icon name="alert" />
                <div class="alert-body">{job.value.message}</div>
              </div>
            )}
          </div>
        </section>
      )}

      {step.value === "report" && job.value && (
        <>
          {job.value.error_rows > 0
            ? (
              <section class="card card-flush">
                <header class="card-header">
                  <div class="stack-xs">
                    <h2 class="card-title">Rows that were not imported ({number(job.value.error_rows)})</h2>
                    <p class="card-description">
                      Fix them in your file and import it again; rows already imported will count as duplicates.
                    </p>
                  </div>
                  <a class="btn btn-secondary" href={`/api/v1/imports/${job.value.id}/report.csv`} download>
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
                        {job.value.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
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
                  {job.value.errors.length > SHOWN_ERRORS && (
                    <p class="import-more muted text-sm">
                      The first {SHOWN_ERRORS} problems are shown; the report lists{" "}
                      {job.value.errors.length < 1000 ? "all of them" : "the first 1,000"}.
                    </p>
                  )}
                </div>
              </section>
            )
            : job.value.status === "done" && (
              <div class="alert alert-success" role="status">
                <Icon name="check" />
                <div class="alert-body">Every row was imported.</div>
              </div>
            )}
          <div class="import-actions">
            <button type="button" class="btn btn-ghost" disabled={!ready} onClick={reset}>Import another file</button>
            <a class="btn btn-primary" href={props.listHref}>Go to {noun}</a>
          </div>
        </>
      )}
    </div>
  );
}
