// /reports/dashboards: this person's dashboards and the team's (their role's default one is made on the first
// visit), and a new dashboard, empty or from a ready-made template (sales funnel, pipeline, forecast...).
// The owner renames one in place (Enter saves, Escape cancels, focus comes back to the Rename button) and
// deletes one with a few seconds to undo.
import { useSignal } from "@preact/signals";
import { Icon } from "@/components/ui/Icon.tsx";
import { useEffect, useRef } from "preact/hooks";
import { call } from "@/lib/reports/client/api.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import type { Dashboard, DashboardTemplate, Visibility } from "@/lib/reports/client/types.ts";
import { deferCommit, type Deferred, UndoToast } from "@/components/reports/UndoToast.tsx";

export interface DashboardListProps {
  canWrite: boolean;
}

export default function DashboardList(props: DashboardListProps) {
  const hydrated = useHydrated();
  const dashboards = useSignal<Dashboard[] | null>(null);
  const templates = useSignal<DashboardTemplate[]>([]);
  const name = useSignal("");
  const template = useSignal("");
  const visibility = useSignal<Visibility>("private");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const pending = useSignal<{ dashboard: Dashboard; deferred: Deferred } | null>(null);
  const renaming = useSignal<{ id: string; name: string } | null>(null);
  const status = useSignal<string | null>(null);
  const renameInput = useRef<HTMLInputElement>(null);
  /** Where focus goes back to after a rename (the dashboard's Rename button). */
  const returnFocus = (id: string) =>
    setTimeout(() => document.querySelector<HTMLElement>(`[data-rename="${id}"]`)?.focus(), 0);

  useEffect(() => {
    if (renaming.value) renameInput.current?.select();
  }, [renaming.value?.id]);

  const startRename = (dashboard: Dashboard) => {
    error.value = null;
    renaming.value = { id: dashboard.id, name: dashboard.name };
  };

  const cancelRename = () => {
    const id = renaming.value?.id;
    renaming.value = null;
    if (id) returnFocus(id);
  };

  const saveRename = async (event?: Event) => {
    event?.preventDefault();
    const editing = renaming.value;
    if (!editing) return;
    const current = dashboards.value?.find((d) => d.id === editing.id);
    const next = editing.name.trim();
    if (!next) {
      error.value = "Give the dashboard a name.";
      return;
    }
    if (!current || next === current.name) return cancelRename();
    busy.value = true;
    const answer = await call<Dashboard>("PATCH", `/api/v1/dashboards/${editing.id}`, { name: next });
    busy.value = false;
    if (!answer.ok || !answer.body) {
      error.value = answer.error ?? "The dashboard could not be renamed.";
      return;
    }
    dashboards.value = (dashboards.value ?? []).map((d) => d.id === editing.id ? { ...d, name: answer.body!.name } : d);
    status.value = `Renamed to “${answer.body.name}”.`;
    renaming.value = null;
    returnFocus(editing.id);
  };

  useEffect(() => {
    void Promise.all([
      call<Dashboard[]>("GET", "/api/v1/dashboards"),
      call<DashboardTemplate[]>("GET", "/api/v1/dashboard-templates"),
    ]).then(([list, ready]) => {
      if (!list.ok || !list.body) error.value = list.error ?? "The dashboards could not be loaded.";
      else dashboards.value = list.body;
      if (ready.ok && ready.body) templates.value = ready.body;
    });
  }, []);

  const create = async (event: Event) => {
    event.preventDefault();
    const chosen = templates.value.find((t) => (t.id ?? t.key) === template.value);
    const title = name.value.trim() || chosen?.name || "";
    if (!title) {
      error.value = "Give the dashboard a name, or pick a template.";
      return;
    }
    busy.value = true;
    const answer = await call<Dashboard>("POST", "/api/v1/dashboards", {
      name: title,
      visibility: visibility.value,
      ...(template.value ? { fromTemplate: template.value } : {}),
    });
    busy.value = false;
    if (!answer.ok || !answer.body) error.value = answer.error ?? "The dashboard could not be made.";
    else location.assign(`/reports/dashboards/${answer.body.id}`);
  };

  const remove = (dashboard: Dashboard) => {
    pending.value?.deferred.now();
    const deferred = deferCommit(() => {
      pending.value = null;
      void call("DELETE", `/api/v1/dashboards/${dashboard.id}`).then((answer) => {
        if (answer.ok) dashboards.value = (dashboards.value ?? []).filter((d) => d.id !== dashboard.id);
        else error.value = answer.error ?? "The dashboard could not be deleted.";
      });
    });
    pending.value = { dashboard, deferred };
  };

  const shown = (dashboards.value ?? []).filter((d) => d.id !== pending.value?.dashboard.id);
  return (
    <div class="dash-list stack" data-dashboard-list={hydrated && dashboards.value ? "ready" : "loading"}>
      {error.value && <p class="field-error" role="alert">{error.value}</p>}
      <p class="sr-only" role="status">{status.value ?? ""}</p>
      {!dashboards.value && !error.value && <p class="muted" role="status">Loading dashboards…</p>}
      {dashboards.value && (
        <ul class="report-cards">
          {shown.map((d) => (
            <li key={d.id} class="report-card card">
              {renaming.value?.id === d.id
                ? (
                  <form class="dash-rename" onSubmit={saveRename}>
                    <input
                      ref={renameInput}
                      class="input input-sm"
                      name="name"
                      maxLength={120}
                      aria-label={`New name for ${d.name}`}
                      value={renaming.value.name}
                      onInput={(e) => renaming.value = { id: d.id, name: e.currentTarget.value }}
                      onKeyDown={(e) => {
                        if (e.key === "Escape") {
                          e.preventDefault();
                          cancelRename();
                        }
                      }}
                    />
                    <button type="submit" class="btn btn-primary btn-sm" disabled={busy.value}>Save</button>
                    <button type="button" class="btn btn-ghost btn-sm" onClick={cancelRename}>Cancel</button>
                  </form>
                )
                : (
                  <a class="report-card-link" href={`/reports/dashboards/${d.id}`}>
                    <span class="report-card-name">{d.name}</span>
                    <span class="text-sm muted">
                      {d.widgets.length} {d.widgets.length === 1 ? "widget" : "widgets"}
                      {d.is_default ? " · your default" : ""}
                    </span>
                  </a>
                )}
              <span class={`badge ${d.visibility === "team" ? "badge-accent" : "badge-outline"}`}>
                {d.visibility === "team" ? "Team" : "Private"}
              </span>
              {d.mine && props.canWrite && renaming.value?.id !== d.id && (
                <button
                  type="button"
                  class="btn btn-ghost btn-sm"
                  disabled={!hydrated}
                  data-rename={d.id}
                  aria-label={`Rename ${d.name}`}
                  onClick={() => startRename(d)}
                >
                  Rename
                </button>
              )}
              {d.mine && !d.is_default && props.canWrite && (
                <button
                  type="button"
                  class="btn btn-ghost btn-sm"
                  disabled={!hydrated}
                  aria-label={`Delete ${d.name}`}
                  onClick={() => remove(d)}
                >
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.canWrite && (
        <form class="card dash-create" onSubmit={create}>
          <h2 class="report-sharing-title">New dashboard</h2>
          <div class="report-row report-row-wrap">
            <label class="field">
              <span class="field-label">Start from</span>
              <span class="select-wrap">
                <select
                  class="select"
                  name="template"
                  value={template.value}
                  disabled={!hydrated}
                  onChange={(e) => template.value = e.currentTarget.value}
                >
                  <option value="">An empty grid</option>
                  {templates.value.map((t) => <option key={t.id ?? t.key} value={t.id ?? t.key}>{t.name}</option>)}
                </select>
                <Icon name="chevron-down" size="sm" class="select-icon" />
              </span>
            </label>
            <label class="field">
              <span class="field-label">Name</span>
              <input
                class="input"
                name="name"
                maxLength={120}
                placeholder={templates.value.find((t) => (t.id ?? t.key) === template.value)?.name ?? "My dashboard"}
                value={name.value}
                disabled={!hydrated}
                onInput={(e) => name.value = e.currentTarget.value}
              />
            </label>
            <label class="field">
              <span class="field-label">Who can see it</span>
              <span class="select-wrap">
                <select
                  class="select"
                  name="visibility"
                  value={visibility.value}
                  disabled={!hydrated}
                  onChange={(e) => visibility.value = e.currentTarget.value as Visibility}
                >
                  <option value="private">Only me</option>
                  <option value="team">My team</option>
                </select>
                <Icon name="chevron-down" size="sm" class="select-icon" />
              </span>
            </label>
          </div>
          <button type="submit" class="btn btn-primary" disabled={!hydrated || busy.value}>Create dashboard</button>
        </form>
      )}
      {pending.value && (
        <UndoToast
          message={`“${pending.value.dashboard.name}” deleted.`}
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
