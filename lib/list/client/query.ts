// Changing what the record list shows: filters and search (search debounced), sort, columns, and saved
// views (select, save, update, delete).
import { request } from "../../client/api.ts";
import type { SavedView } from "../../records/saved-views.ts";
import { defaultColumnKeys, visibleColumns } from "../columns.ts";
import { type ListState, nextSort, parseListState, sameState, viewQuery } from "../query.ts";
import { apply } from "./load.ts";
import type { ListUi } from "./state.ts";

const DEBOUNCE_MS = 300;

export function changeFilter(ui: ListUi, param: string, value: string, wait: boolean) {
  const filters = { ...ui.draft.value, [param]: value.trim() ? value : "" };
  if (!filters[param]) delete filters[param];
  ui.draft.value = filters;
  clearTimeout(ui.debounce.current);
  const run = () => {
    const trimmed = Object.fromEntries(
      Object.entries(ui.draft.value).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v),
    );
    const next = { ...ui.state.value, filters: trimmed };
    if (!sameState(next, ui.state.value, ui.config)) apply(ui, next, "push");
  };
  if (wait) ui.debounce.current = setTimeout(run, DEBOUNCE_MS);
  else run();
}

export function clearFilters(ui: ListUi) {
  clearTimeout(ui.debounce.current);
  apply(ui, { ...ui.state.value, filters: {} }, "push");
}

export function sortBy(ui: ListUi, sortKey: string, kind: string) {
  const state = ui.state.value;
  apply(ui, { ...state, sort: nextSort(ui.config, state, sortKey, kind) }, "push");
}

/** Shows or hides a column; back at the defaults the URL names no columns. */
export function toggleColumn(ui: ListUi, key: string) {
  const { config } = ui;
  const state = ui.state.value;
  const shown = new Set(visibleColumns(config, state.columns).map((c) => c.key));
  if (shown.has(key)) shown.delete(key);
  else shown.add(key);
  const keys = config.columns.filter((c) => c.kind !== "name" && shown.has(c.key)).map((c) => c.key);
  const defaults = defaultColumnKeys(config).filter((k) => k !== "name");
  const same = keys.length === defaults.length && keys.every((k, i) => k === defaults[i]);
  apply(ui, { ...state, columns: same ? [] : keys }, "replace", false);
}

export function viewState(ui: ListUi, view: SavedView): ListState {
  return { ...parseListState(ui.config, view.query), columns: view.columns, view: view.id };
}

export function activeView(ui: ListUi): SavedView | null {
  return ui.views.value.find((v) => v.id === ui.state.value.view) ?? null;
}

export function selectView(ui: ListUi, view: SavedView | null) {
  apply(ui, view ? viewState(ui, view) : { filters: {}, sort: "", columns: [], view: "" }, "push");
}

function errorOf(body: unknown): string | undefined {
  return (body as { error?: { message?: string } } | null)?.error?.message;
}

/** Saves the current filters, sort and columns as a view; answers whether it was saved. */
export async function saveView(ui: ListUi, name: string, shared: boolean): Promise<boolean> {
  const state = ui.state.value;
  const res = await request<{ data: SavedView }>("POST", "/api/v1/views", {
    resource: ui.config.resource,
    name,
    query: viewQuery(state),
    columns: state.columns,
    is_shared: shared,
  }, { csrf: ui.props.csrf });
  if (!res.ok || !res.body) {
    ui.error.value = errorOf(res.body) ?? "The view could not be saved.";
    return false;
  }
  const view = res.body.data;
  ui.views.value = [...ui.views.value, view];
  apply(ui, { ...ui.state.value, view: view.id }, "replace", false);
  ui.toast.value = { message: `Saved the view “${view.name}”.` };
  return true;
}

export async function updateView(ui: ListUi) {
  const view = activeView(ui);
  if (!view) return;
  const state = ui.state.value;
  const res = await request<{ data: SavedView }>("PATCH", `/api/v1/views/${view.id}`, {
    query: viewQuery(state),
    columns: state.columns,
  }, { csrf: ui.props.csrf });
  if (!res.ok || !res.body) {
    ui.error.value = errorOf(res.body) ?? "The view could not be updated.";
    return;
  }
  const updated = res.body.data;
  ui.views.value = ui.views.value.map((v) => (v.id === view.id ? updated : v));
  ui.toast.value = { message: `Updated the view “${view.name}”.` };
}

export async function deleteView(ui: ListUi) {
  const view = activeView(ui);
  if (!view) return;
  const res = await request("DELETE", `/api/v1/views/${view.id}`, undefined, { csrf: ui.props.csrf });
  if (!res.ok) {
    ui.error.value = errorOf(res.body) ?? "The view could not be deleted.";
    return;
  }
  ui.views.value = ui.views.value.filter((v) => v.id !== view.id);
  apply(ui, { ...ui.state.value, view: "" }, "replace", false);
  ui.toast.value = { message: `Deleted the view “${view.name}”.` };
}
