// A list's state (filters, search, sort, columns, saved view) and its two text forms: the page URL
// (so reload and back work) and the API query (/api/v1/<resource>?...). Pure: runs on the server,
// in the island and in tests.
import type { FilterDef, ListConfig } from "./columns.ts";

export interface ListState {
  /** API filter parameters, e.g. { industry: "Retail", lead_score_min: "40" }; empty values dropped. */
  filters: Record<string, string>;
  /** "" = the resource's default sort. */
  sort: string;
  /** Chosen columns; empty = defaults. */
  columns: string[];
  /** The saved view these settings came from, if any. */
  view: string;
}

/** The query parameters one filter owns. */
export function filterParams(filter: FilterDef): string[] {
  switch (filter.kind) {
    case "number-range":
      return [`${filter.param}_min`, `${filter.param}_max`];
    case "date-range":
      return [`${filter.param}_after`, `${filter.param}_before`];
    default:
      return [filter.param];
  }
}

/** Every filter parameter the list knows, search ("q") first. */
export function allFilterParams(config: ListConfig): string[] {
  return ["q", ...config.filters.flatMap(filterParams)];
}

const MAX_VALUE = 200;

/** Reads list state from URL query parameters (or a saved view's query object). Unknown keys are ignored. */
export function parseListState(config: ListConfig, params: URLSearchParams | Record<string, unknown>): ListState {
  const get = (key: string): string => {
    const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
    return typeof raw === "string" ? raw.trim().slice(0, MAX_VALUE) : "";
  };
  const filters: Record<string, string> = {};
  for (const key of allFilterParams(config)) {
    const value = get(key);
    if (value) filters[key] = value;
  }
  const sort = get("sort");
  const known = new Set(config.columns.map((c) => c.key));
  const columns = get("columns").split(",").map((c) => c.trim()).filter((c) => known.has(c));
  return { filters, sort: sort === config.defaultSort ? "" : sort, columns, view: get("view") };
}

/** The page URL's query for a state: only what differs from the defaults, in a stable order. */
export function stateToSearch(config: ListConfig, state: ListState): string {
  const params = new URLSearchParams();
  if (state.view) params.set("view", state.view);
  for (const key of allFilterParams(config)) {
    if (state.filters[key]) params.set(key, state.filters[key]);
  }
  if (state.sort && state.sort !== config.defaultSort) params.set("sort", state.sort);
  if (state.columns.length > 0) params.set("columns", state.columns.join(","));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * The API list query for a state. Date-only "before" bounds mean "up to the end of that day", so
 * "created before 2026-11-22" includes records made on the 22nd.
 */
export function apiParams(config: ListConfig, state: ListState, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) {
    if (!value) continue;
    const endOfDay = key.endsWith("_before") && /^\d{4}-\d{2}-\d{2}$/.test(value);
    params.set(key, endOfDay ? `${value}T23:59:59.999Z` : value);
  }
  params.set("sort", state.sort || config.defaultSort);
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  return params;
}

/** A plain object of the same parameters, for listRecords on the server. */
export function apiQuery(config: ListConfig, state: ListState, extra: Record<string, string> = {}) {
  return Object.fromEntries(apiParams(config, state, extra)) as Record<string, string>;
}

/** What a saved view stores in its `query` column: the filters plus the sort. */
export function viewQuery(state: ListState): Record<string, string> {
  return { ...state.filters, ...(state.sort ? { sort: state.sort } : {}) };
}

export function hasFilters(state: ListState): boolean {
  return Object.values(state.filters).some(Boolean);
}

/** Number of filters set, counting a range once (for the phone's "Filters (2)" button). */
export function activeFilterCount(config: ListConfig, state: ListState): number {
  return config.filters.filter((f) => filterParams(f).some((p) => state.filters[p])).length +
    (state.filters.q ? 1 : 0);
}

/** "asc" / "desc" when the list is sorted by `sortKey`, else null. */
export function sortDirection(config: ListConfig, state: ListState, sortKey: string): "asc" | "desc" | null {
  const sort = state.sort || config.defaultSort;
  if (sort === sortKey) return "asc";
  if (sort === `-${sortKey}`) return "desc";
  return null;
}

/** Clicking a header: first click sorts ascending (dates newest first), the next click flips it. */
export function nextSort(config: ListConfig, state: ListState, sortKey: string, kind?: string): string {
  const current = sortDirection(config, state, sortKey);
  if (current === "asc") return `-${sortKey}`;
  if (current === "desc") return sortKey;
  return kind === "date" || kind === "number" ? `-${sortKey}` : sortKey;
}

/** Same filters, sort and columns? (Is the saved view still what the list shows?) */
export function sameState(a: ListState, b: ListState, config: ListConfig): boolean {
  const norm = (s: ListState) => stateToSearch(config, { ...s, view: "" });
  return norm(a) === norm(b);
}
