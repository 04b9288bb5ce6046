// The wizard's second step: where each column of the file goes, what happens to duplicates, and a preview of
// the first rows as they will be stored. Part of the ImportWizard island, which owns the signals.
import type { Signal } from "@preact/signals";
import {
  type ColumnMapping,
  DUPLICATE_KEY,
  type DuplicateMode,
  IMPORT_TARGETS,
  type ImportResource,
} from "../../lib/import/mapping.ts";
import type { PreviewData } from "../../lib/import/client/api.ts";
import { formatCount as number } from "../../lib/import/client/format.ts";
import { Icon } from "../ui/Icon.tsx";

export interface MapStepProps {
  resource: ImportResource;
  ready: boolean;
  problem: string | null;
  fileName: Signal<string>;
  rowCount: Signal<number>;
  fileSize: Signal<number>;
  uploaded: Signal<number>;
  uploadDone: Signal<boolean>;
  sample: Signal<string[][]>;
  mapping: Signal<ColumnMapping[]>;
  duplicates: Signal<DuplicateMode>;
  preview: Signal<PreviewData | null>;
}

export function MapStep(props: MapStepProps) {
  const { resource, ready, problem, fileName, rowCount, fileSize, uploaded, uploadDone, sample, mapping } = props;
  const { duplicates, preview } = props;
  const targets = IMPORT_TARGETS[resource];
  const dupKey = DUPLICATE_KEY[resource];
  const setTarget = (index: number, target: string) => {
    mapping.value = mapping.value.map((m, i) => (i === index ? { ...m, target: target || null } : m));
  };
  return (
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
    </>
  );
}
