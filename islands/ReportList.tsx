// /reports: the saved reports this person may open — their own and those shared with the team — with an
// empty state that leads to the builder, and delete with a few seconds to undo.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { call } from "@/lib/reports/client/api.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { CHART_LABELS } from "@/lib/reports/client/config-edit.ts";
import type { SavedReport } from "@/lib/reports/client/types.ts";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { deferCommit, type Deferred, UndoToast } from "@/components/reports/UndoToast.tsx";

export interface ReportListProps {
  userId: string;
  canWrite: boolean;
}

type Filter = "all" | "mine" | "team";

const ownerOf = (report: SavedReport) => report.owner_id ?? report.ownerId;
const isMine = (report: SavedReport, userId: string) => report.mine ?? ownerOf(report) === userId;

export default function ReportList(props: ReportListProps) {
  const hydrated = useHydrated();
  const reports = useSignal<SavedReport[] | null>(null);
  const error = useSignal<string | null>(null);
  const filter = useSignal<Filter>("all");
  const pending = useSignal<{ report: SavedReport; deferred: Deferred } | null>(null);

  useEffect(() => {
    void call<SavedReport[]>("GET", "/api/v1/reports").then((answer) => {
      if (!answer.ok || !answer.body) error.value = answer.error ?? "The reports could not be loaded.";
      else reports.value = answer.body;
    });
  }, []);

  const remove = (report: SavedReport) => {
    pending.value?.deferred.now();
    const deferred = deferCommit(() => {
      pending.value = null;
      void call("DELETE", `/api/v1/reports/${report.id}`).then((answer) => {
        if (answer.ok) reports.value = (reports.value ?? []).filter((r) => r.id !== report.id);
        else error.value = answer.error ?? "The report could not be deleted.";
      });
    });
    pending.value = { report, deferred };
  };

  if (error.value && !reports.value) return <p class="report-chart-error" role="alert">{error.value}</p>;
  if (!reports.value) return <p class="muted" role="status">Loading reports…</p>;
  const visible = reports.value.filter((r) => r.id !== pending.value?.report.id);
  if (visible.length === 0 && !pending.value) {
    return (
      <EmptyState
        icon="chart"
        title="No reports yet"
        text="Build a report from your deals, leads, contacts, activities or tasks, then add it to a dashboard."
        action={props.canWrite && <a class="btn btn-primary" href="/reports/new">New report</a>}
      />
    );
  }
  const shown = visible.filter((r) => filter.value === "all" || (filter.value === "mine") === isMine(r, props.userId));
  return (
    <div class="report-list stack" data-report-list={hydrated ? "ready" : "loading"}>
      <div class="report-row" role="group" aria-label="Show">
        {(["all", "mine", "team"] as Filter[]).map((f) => (
          <button
            key={f}
            type="button"
            class={`chip${filter.value === f ? " is-active" : ""}`}
            aria-pressed={filter.value === f}
            disabled={!hydrated}
            onClick={() => filter.value = f}
          >
            {f === "all" ? "All" : f === "mine" ? "Mine" : "Shared by teammates"}
          </button>
        ))}
      </div>
      {error.value && <p class="field-error" role="alert">{error.value}</p>}
      <ul class="report-cards">
        {shown.map((report) => (
          <li key={report.id} class="report-card card">
            <a class="report-card-link" href={`/reports/${report.id}`}>
              <span class="report-card-name">{report.name}</span>
              <span class="text-sm muted">
                {report.config?.source} · {CHART_LABELS[report.config?.chart?.type] ?? "Chart"}
              </span>
            </a>
            <span class={`badge ${report.visibility === "team" ? "badge-accent" : "badge-outline"}`}>
              {report.visibility === "team" ? "Team" : "Private"}
            </span>
            {isMine(report, props.userId) && props.canWrite && (
              <button
                type="button"
                class="btn btn-ghost btn-sm"
                disabled={!hydrated}
                aria-label={`Delete ${report.name}`}
                onClick={() => remove(report)}
              >
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      {shown.length === 0 && <p class="muted">Nothing here with this filter.</p>}
      {pending.value && (
        <UndoToast
          message={`“${pending.value.report.name}” deleted.`}
          onUndo={() => {
            pending.value?.deferred.cancel();
            pending.value = null;
          }}
          onDismiss={() => pending.value?.deferred.now()}
        />
      )}
    </div>
  );
}
