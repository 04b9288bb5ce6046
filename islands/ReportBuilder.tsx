// The report builder (/reports/new, /reports/:id): source, filters, groups, measures, comparison and chart
// type on the left, a live preview on the right (POST /api/v1/reports/run, debounced), and save / rename /
// share with the team / delete (with undo) for the report's owner. Others may open a team report, change it
// for themselves and save a copy. Exports, share links and schedules are ReportSharing's.
import { useSignal, useSignalEffect } from "@preact/signals";
import { Icon } from "@/components/ui/Icon.tsx";
import { useEffect, useRef } from "preact/hooks";
import { call } from "@/lib/reports/client/api.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { normalizeCatalog } from "@/lib/reports/client/sources.ts";
import { cleanConfig, defaultConfig } from "@/lib/reports/client/config-edit.ts";
import type { CatalogSource, ReportConfig, ReportResult, SavedReport, Visibility } from "@/lib/reports/client/types.ts";
import { BuilderFields } from "@/components/reports/BuilderFields.tsx";
import { deferCommit, type Deferred, UndoToast } from "@/components/reports/UndoToast.tsx";
import ReportChart from "./ReportChart.tsx";

export interface ReportBuilderProps {
  /** Null for a new report. */
  reportId: string | null;
  userId: string;
  canWrite: boolean;
}

const PREVIEW_DELAY_MS = 300;

export default function ReportBuilder(props: ReportBuilderProps) {
  const hydrated = useHydrated();
  const catalog = useSignal<CatalogSource[]>([]);
  const config = useSignal<ReportConfig | null>(null);
  const saved = useSignal<SavedReport | null>(null);
  const name = useSignal("");
  const visibility = useSignal<Visibility>("private");
  const result = useSignal<ReportResult | null>(null);
  const previewError = useSignal<string | null>(null);
  const status = useSignal<{ text: string; error?: boolean } | null>(null);
  const busy = useSignal(false);
  const deleting = useSignal<Deferred | null>(null);
  const runSeq = useRef(0);

  // The catalogue and, for a saved report, the report itself.
  useEffect(() => {
    void (async () => {
      const [sources, report] = await Promise.all([
        call("GET", "/api/v1/reports/sources"),
        props.reportId ? call<SavedReport>("GET", `/api/v1/reports/${props.reportId}`) : Promise.resolve(null),
      ]);
      const failed = !sources.ok ? sources : report && !report.ok ? report : null;
      if (failed) {
        status.value = { text: failed.error ?? "The report builder could not load.", error: true };
        return;
      }
      catalog.value = normalizeCatalog(sources.body);
      const loaded = report?.body;
      // Just saved as a new report (the builder moved to its page): say so once.
      if (new URLSearchParams(location.search).has("saved")) {
        status.value = { text: "Saved." };
        history.replaceState(null, "", location.pathname);
      }
      if (loaded) {
        saved.value = loaded;
        name.value = loaded.name;
        visibility.value = loaded.visibility;
        config.value = loaded.config;
      } else {
        config.value = defaultConfig(catalog.value.find((s) => s.name === "deals") ?? catalog.value[0]);
      }
    })();
  }, []);

  // Preview: run the config a moment after the last change; only the newest answer is shown.
  useSignalEffect(() => {
    const current = config.value;
    if (!current) return;
    const seq = ++runSeq.current;
    const timer = setTimeout(async () => {
      const answer = await call<ReportResult>("POST", "/api/v1/reports/run", { config: cleanConfig(current) });
      if (seq !== runSeq.current) return;
      previewError.value = answer.ok ? null : answer.error;
      result.value = answer.ok ? answer.body : null;
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  });

  const owner = saved.value ? saved.value.mine ?? (saved.value.owner_id === props.userId) : true;
  const canSave = hydrated && props.canWrite && !busy.value && config.value !== null;

  const save = async (asCopy: boolean) => {
    const trimmed = name.value.trim();
    if (!trimmed) {
      status.value = { text: "Give the report a name.", error: true };
      return;
    }
    busy.value = true;
    const body = { name: trimmed, config: cleanConfig(config.value!), visibility: visibility.value };
    const existing = saved.value && owner && !asCopy ? saved.value : null;
    const answer = existing
      ? await call<SavedReport>("PATCH", `/api/v1/reports/${existing.id}`, body)
      : await call<SavedReport>("POST", "/api/v1/reports", body);
    busy.value = false;
    if (!answer.ok) {
      status.value = { text: answer.error ?? "The report could not be saved.", error: true };
      return;
    }
    const report = answer.body;
    if (!existing && report) {
      // A new report has its own page, where exports, links and schedules live.
      location.assign(`/reports/${report.id}?saved=1`);
      return;
    }
    if (report) saved.value = report;
    status.value = { text: "Saved." };
  };

  const remove = () => {
    const report = saved.value;
    if (!report) return;
    deleting.value = deferCommit(() => {
      void call("DELETE", `/api/v1/reports/${report.id}`).then((answer) => {
        if (answer.ok) location.assign("/reports");
        else {
          deleting.value = null;
          status.value = { text: answer.error ?? "The report could not be deleted.", error: true };
        }
      });
    });
  };

  if (!config.value) {
    return (
      <div class="report-builder">
        <p class={status.value?.error ? "report-chart-error" : "muted"} role="status">
          {status.value?.text ?? "Loading the report builder…"}
        </p>
      </div>
    );
  }
  const type = config.value.chart.type;
  const title = name.value.trim() || "Untitled report";
  return (
    <div class="report-builder" data-report-builder={hydrated ? "ready" : "loading"}>
      <form
        class="report-meta card"
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <div class="report-meta-fields">
          <label class="field">
            <span class="field-label">Report name</span>
            <input
              class="input"
              name="name"
              maxLength={120}
              required
              disabled={!hydrated || !props.canWrite}
              value={name.value}
              placeholder="e.g. Won deals by month"
              onInput={(e) => name.value = e.currentTarget.value}
            />
          </label>
          <label class="field">
            <span class="field-label">Who can see it</span>
            <span class="select-wrap">
              <select
                class="select"
                name="visibility"
                disabled={!hydrated || !props.canWrite || !owner}
                value={visibility.value}
                onChange={(e) => visibility.value = e.currentTarget.value as Visibility}
              >
                <option value="private">Only me</option>
                <option value="team">My team</option>
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
          </label>
        </div>
        <div class="report-meta-actions">
          {owner
            ? <button type="submit" class="btn btn-primary" disabled={!canSave}>Save report</button>
            : (
              <button type="button" class="btn btn-primary" disabled={!canSave} onClick={() => void save(true)}>
                Save a copy
              </button>
            )}
          {saved.value && owner && (
            <button type="button" class="btn btn-secondary" disabled={!canSave || !!deleting.value} onClick={remove}>
              Delete
            </button>
          )}
        </div>
        {status.value && (
          <p
            class={status.value.error ? "field-error" : "text-sm muted"}
            role={status.value.error ? "alert" : "status"}
          >
            {status.value.text}
          </p>
        )}
      </form>
      <div class="report-builder-body">
        <section class="report-builder-controls card" aria-label="Report settings">
          <BuilderFields
            config={config.value}
            onChange={(next) => config.value = next}
            catalog={catalog.value}
            disabled={!hydrated}
          />
        </section>
        <section class="report-preview card" aria-label="Preview" aria-busy={result.value === null}>
          <h2 class="report-preview-title">{title}</h2>
          <ReportChart result={result.value} type={type} title={title} error={previewError.value} />
        </section>
      </div>
      {deleting.value && (
        <UndoToast
          message={`“${saved.value?.name}” will be deleted.`}
          onUndo={() => {
            deleting.value?.cancel();
            deleting.value = null;
          }}
          onDismiss={() => deleting.value?.now()}
        />
      )}
    </div>
  );
}
