// The CSV import wizard: pick a file (the upload starts at once, in parts), check how its columns map
// onto fields with a live preview of the first rows as they will be stored, choose what happens to
// duplicates, then watch the server job's progress and read its report.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { parseCsv } from "@/lib/import/csv.ts";
import {
  type ColumnMapping,
  type DuplicateMode,
  guessMapping,
  type ImportResource,
  mappingProblem,
} from "@/lib/import/mapping.ts";
import { importCall, type ImportJob as Job, type PreviewData, uploadPart } from "@/lib/import/client/api.ts";
import { formatCount as number } from "@/lib/import/client/format.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { Icon } from "@/components/ui/Icon.tsx";
import { MapStep } from "@/components/import/MapStep.tsx";
import { JobProgress } from "@/components/import/JobProgress.tsx";
import { JobReport } from "@/components/import/JobReport.tsx";

export interface ImportWizardProps {
  resource: ImportResource;
  csrf: string;
  maxBytes: number;
  partBytes: number;
  /** Where the imported records are listed. */
  listHref: string;
}

type Step = "file" | "map" | "run" | "report";
const STEPS: [Step, string][] = [["file", "Upload"], ["map", "Map & preview"], ["run", "Import"], [
  "report",
  "Report",
]];
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

  const problem = mapping.value.length ? mappingProblem(resource, mapping.value) : null;

  async function upload(file: File, run: number) {
    const created = await importCall<{ id: string }>(csrf, "POST", "/api/v1/imports", {
      resource,
      filename: file.name,
      size: file.size,
    });
    if (uploadRun.current !== run) return;
    jobId.value = created.id;
    for (let part = 0; part * props.partBytes < file.size; part++) {
      const blob = file.slice(part * props.partBytes, (part + 1) * props.partBytes);
      const received = await uploadPart(csrf, created.id, part, blob);
      if (uploadRun.current !== run) return;
      uploaded.value = received;
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
      importCall<PreviewData>(csrf, "POST", "/api/v1/imports/preview", {
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
        const current = await importCall<Job>(csrf, "GET", `/api/v1/imports/${jobId.value}`);
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
      job.value = await importCall<Job>(csrf, "POST", `/api/v1/imports/${jobId.value}/start`, {
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
          <MapStep
            resource={resource}
            ready={ready}
            problem={problem}
            fileName={fileName}
            rowCount={rowCount}
            fileSize={fileSize}
            uploaded={uploaded}
            uploadDone={uploadDone}
            sample={sample}
            mapping={mapping}
            duplicates={duplicates}
            preview={preview}
          />

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
        <JobProgress job={job.value} fileName={fileName.value} />
      )}

      {step.value === "report" && job.value && (
        <>
          <JobReport job={job.value} />
          <div class="import-actions">
            <button type="button" class="btn btn-ghost" disabled={!ready} onClick={reset}>Import another file</button>
            <a class="btn btn-primary" href={props.listHref}>Go to {noun}</a>
          </div>
        </>
      )}
    </div>
  );
}
