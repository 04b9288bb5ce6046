// A record list (contacts, companies; later leads and deals) that takes over the server-rendered first
// page: live filters and search mirrored into the URL, sortable headers, a column chooser, saved views,
// keyset-paginated infinite scroll (pages are appended, only loaded rows are rendered), bulk select
// with delete (undoable), assign owner and add tag (each one request to /api/v1/<resource>/bulk), and
// CSV/XLSX export of the whole filtered list, in the shown columns or with every field.
// Live: rows a teammate changes are read again in place, deleted rows disappear, and new ones are offered
// with a "N new — show" banner rather than pushed under the reader's cursor.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ListPageData } from "../lib/list/page.ts";
import type { SavedView } from "../lib/crm/saved-views.ts";
import { defaultColumnKeys, LIST_CONFIGS, type ListRow, visibleColumns } from "../lib/list/columns.ts";
import {
  activeFilterCount,
  apiParams,
  hasFilters,
  type ListState,
  nextSort,
  parseListState,
  sameState,
  sortDirection,
  stateToSearch,
  viewQuery,
} from "../lib/list/query.ts";
import { useHydrated } from "../lib/web/hydrated.ts";
import { realtime } from "../lib/realtime-client/connection.ts";
import { FilterPanel } from "../components/list/FilterPanel.tsx";
import { ListTable, type SortHeader } from "../components/list/ListTable.tsx";
import { ViewTabs } from "../components/list/ViewTabs.tsx";
import { Alert } from "../components/ui/Alert.tsx";
import { Button } from "../components/ui/Button.tsx";
import { EmptyState } from "../components/ui/EmptyState.tsx";
import { Icon } from "../components/ui/Icon.tsx";
import { cx } from "../components/ui/cx.ts";

export interface RecordListProps extends ListPageData {
  csrf: string;
}

interface Toast {
  message: string;
  /** Rows removed by a bulk delete, with where they were, for "Undo". */
  undo?: { row: ListRow; index: number }[];
}

const PAGE_SIZE = "50";
const DEBOUNCE_MS = 300;
const TOAST_MS = 10_000;
/** As lib/list/bulk.ts allows in one request. */
const MAX_BULK_IDS = 1000;
const RECORD_TYPES: Record<string, string> = {
  contacts: "contact",
  companies: "company",
  leads: "lead",
  deals: "deal",
};
const LIVE_EVENTS = ["record.created", "record.updated", "record.deleted", "records.bulk_changed"];

interface LiveEvent {
  room?: string;
  type: string;
  record_type: string;
  record_id: string;
  payload?: { actor_id?: string | null; restored?: boolean; record_type?: string };
}

function capitalize(text: string) {
  return text[0].toUpperCase() + text.slice(1);
}

function plural(count: number, config: { singular: string; plural: string }) {
  return `${count} ${count === 1 ? config.singular : config.plural}`;
}

interface BulkOutcome {
  ok: { id: string; body: { data?: ListRow } }[];
  failed: string[];
  /** The first refusal's sentence, or why the request failed. */
  message: string;
}

type BulkResult = { id: string; ok: true; record: ListRow } | { id: string; ok: false; message: string };

/**
 * One POST /api/v1/<resource>/bulk for all the ids (lib/list/bulk.ts): permitted ids are changed in one
 * transaction, refused ones come back with a reason.
 */
async function bulkRequest(
  send: (method: string, path: string, body?: unknown) => Promise<Response>,
  resource: string,
  ids: string[],
  action: Record<string, unknown>,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { ok: [], failed: [], message: "" };
  for (let start = 0; start < ids.length; start += MAX_BULK_IDS) {
    const chunk = ids.slice(start, start + MAX_BULK_IDS);
    try {
      const res = await send("POST", `/api/v1/${resource}/bulk`, { ...action, ids: chunk });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        outcome.failed.push(...chunk);
        outcome.message ||= body?.error?.message ?? `The server answered ${res.status}.`;
        continue;
      }
      for (const result of (body.data?.results ?? []) as BulkResult[]) {
        if (result.ok) outcome.ok.push({ id: result.id, body: { data: result.record } });
        else {
          outcome.failed.push(result.id);
          outcome.message ||= result.message;
        }
      }
    } catch {
      outcome.failed.push(...chunk);
      outcome.message ||= "Could not reach the server.";
    }
  }
  return outcome;
}

export default function RecordList(props: RecordListProps) {
  const config = LIST_CONFIGS[props.resource];
  const base = `/${config.resource}`;
  const formId = `${config.resource}-filters`;
  const hydrated = useHydrated();

  const [state, setState] = useState<ListState>(props.state);
  const [draft, setDraft] = useState<Record<string, string>>(props.state.filters);
  const [rows, setRows] = useState<ListRow[]>(props.rows);
  const [nextCursor, setNextCursor] = useState<string | null>(props.nextCursor);
  const [loading, setLoading] = useState<"first" | "more" | null>(null);
  const [error, setError] = useState<string | null>(props.error);
  const [views, setViews] = useState<SavedView[]>(props.views);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [toast, setToast] = useState<Toast | null>(null);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tagDraft, setTagDraft] = useState("");
  /** Rows a bulk action of this island is changing right now (their live events are its own echo). */
  const ownChanges = useRef(new Set<string>());
  /** Created by teammates since the list was loaded (shown on demand), or too much changed to follow. */
  const [fresh, setFresh] = useState<{ created: number; stale: boolean }>({ created: 0, stale: false });

  // Latest values for callbacks that must stay stable (memoised rows, timers, observers).
  const live = useRef({ state, draft, rows, nextCursor, loading });
  live.current = { state, draft, rows, nextCursor, loading };
  const request = useRef<{ seq: number; abort?: AbortController }>({ seq: 0 });
  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const anchor = useRef<number | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const saveMenu = useRef<HTMLDetailsElement>(null);

  const ownerNames = useMemo(() => Object.fromEntries(props.members.map((m) => [m.id, m.name])), [props.members]);
  const columns = useMemo(() => visibleColumns(config, state.columns), [config, state.columns]);
  const activeView = views.find((v) => v.id === state.view) ?? null;
  const viewState = (view: SavedView): ListState => ({
    ...parseListState(config, view.query),
    columns: view.columns,
    view: view.id,
  });
  const modified = activeView ? !sameState(state, viewState(activeView), config) : false;

  // ---- loading -------------------------------------------------------------------------------------

  const load = useCallback(async (next: ListState, mode: "first" | "more") => {
    const seq = ++request.current.seq;
    request.current.abort?.abort();
    const abort = new AbortController();
    request.current.abort = abort;
    setLoading(mode);
    if (mode === "first") {
      setError(null);
      setFresh({ created: 0, stale: false });
    }
    const cursor = mode === "more" ? live.current.nextCursor ?? "" : "";
    try {
      const res = await fetch(`/api/v1/${config.resource}?${apiParams(config, next, { limit: PAGE_SIZE, cursor })}`, {
        signal: abort.signal,
        headers: { accept: "application/json" },
      });
      const body = await res.json().catch(() => null);
      if (seq !== request.current.seq) return;
      if (!res.ok) {
        setError(body?.error?.message ?? `The list could not be loaded (${res.status}).`);
        if (mode === "first") setRows([]);
        setNextCursor(null);
        return;
      }
      setRows(mode === "more" ? [...live.current.rows, ...body.data] : body.data);
      setNextCursor(body.next_cursor);
    } catch (caught) {
      if (seq !== request.current.seq || (caught as Error).name === "AbortError") return;
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      if (seq === request.current.seq) setLoading(null);
    }
  }, [config]);

  /** Shows `next`: state, URL (a history entry or not), and, unless only columns changed, fresh data. */
  const apply = useCallback((next: ListState, history: "push" | "replace", reload = true) => {
    live.current.state = next;
    setState(next);
    setDraft(next.filters);
    live.current.draft = next.filters;
    const url = `${base}${stateToSearch(config, next)}`;
    if (history === "push" && url !== location.pathname + location.search) globalThis.history.pushState(null, "", url);
    else globalThis.history.replaceState(null, "", url);
    if (reload) {
      setSelected(new Set());
      anchor.current = null;
      load(next, "first");
    }
  }, [base, config, load]);

  // Back/forward: the URL is the state.
  useEffect(() => {
    const onPop = () => {
      const next = parseListState(config, new URLSearchParams(location.search));
      live.current.state = next;
      setState(next);
      setDraft(next.filters);
      load(next, "first");
    };
    addEventListener("popstate", onPop);
    // A no-JS "Load more" link left ?cursor= in the URL: the island lists from the start of that page on.
    if (new URLSearchParams(location.search).has("cursor")) {
      globalThis.history.replaceState(null, "", `${base}${stateToSearch(config, live.current.state)}`);
    }
    return () => removeEventListener("popstate", onPop);
  }, [base, config, load]);

  const loadMore = useCallback(() => {
    const { nextCursor, loading, state } = live.current;
    if (nextCursor && !loading) load(state, "more");
  }, [load]);

  // Infinite scroll: load the next page when the end of the list comes near.
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hydrated) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    }, { rootMargin: "800px 0px" });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hydrated, loadMore, nextCursor]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  // ---- live changes --------------------------------------------------------------------------------

  const flashRow = (id: string) =>
    requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`tr.list-row[data-id="${id}"]`);
      if (!row) return;
      row.classList.remove("live-flash");
      void row.offsetWidth;
      row.classList.add("live-flash");
      row.addEventListener("animationend", () => row.classList.remove("live-flash"), { once: true });
    });

  const refreshRow = useCallback(async (id: string) => {
    const res = await fetch(`/api/v1/${config.resource}/${id}`, { headers: { accept: "application/json" } })
      .catch(() => null);
    if (!res) return;
    const body = await res.json().catch(() => null);
    const list = live.current.rows;
    if (res.status === 404) {
      if (list.some((r) => r.id === id)) setRows(list.filter((r) => r.id !== id));
      return;
    }
    if (!res.ok || !body?.data) return;
    if (!list.some((r) => r.id === id)) return;
    setRows(list.map((r) => r.id === id ? body.data : r));
    flashRow(id);
  }, [config]);

  // The socket is in the team's room from the start: its record events are all a list needs.
  useEffect(() => {
    if (!hydrated) return;
    const recordType = RECORD_TYPES[config.resource];
    const socket = realtime();
    const onChange = (event: LiveEvent) => {
      // Each change also goes to the record's own room: count it once, from the team room.
      if (!event?.room?.startsWith("team:")) return;
      if (event.type === "records.bulk_changed") {
        if (event.payload?.record_type === recordType) setFresh((f) => ({ ...f, stale: true }));
        return;
      }
      if (event.record_type !== recordType) return;
      const id = event.record_id;
      if (ownChanges.current.has(id)) return;
      const shown = live.current.rows.some((r) => r.id === id);
      if (event.type === "record.deleted") {
        if (!shown) return;
        setRows(live.current.rows.filter((r) => r.id !== id));
        setSelected((previous) => {
          if (!previous.has(id)) return previous;
          const next = new Set(previous);
          next.delete(id);
          return next;
        });
      } else if (event.type === "record.created") {
        // Our own undo puts rows back itself.
        if (shown || (event.payload?.restored && event.payload.actor_id === props.userId)) return;
        setFresh((f) => ({ ...f, created: f.created + 1 }));
      } else if (event.type === "record.updated" && shown) {
        void refreshRow(id);
      }
    };
    // Events missed while disconnected are not replayed here: offer a reload instead.
    let wasConnected = socket.connected;
    const onConnect = () => {
      if (wasConnected && !socket.recovered) setFresh((f) => ({ ...f, stale: true }));
      wasConnected = true;
    };
    for (const type of LIVE_EVENTS) socket.on(type, onChange);
    socket.on("connect", onConnect);
    return () => {
      for (const type of LIVE_EVENTS) socket.off(type, onChange);
      socket.off("connect", onConnect);
    };
  }, [hydrated, config, refreshRow, props.userId]);

  const showFresh = () => {
    setFresh({ created: 0, stale: false });
    load(live.current.state, "first");
  };

  // ---- filters, search, sort, columns -------------------------------------------------------------

  const changeFilter = (param: string, value: string, wait: boolean) => {
    const filters = { ...live.current.draft, [param]: value.trim() ? value : "" };
    if (!filters[param]) delete filters[param];
    live.current.draft = filters;
    setDraft(filters);
    clearTimeout(debounce.current);
    const run = () => {
      const trimmed = Object.fromEntries(
        Object.entries(live.current.draft).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v),
      );
      const next = { ...live.current.state, filters: trimmed };
      if (!sameState(next, live.current.state, config)) apply(next, "push");
    };
    if (wait) debounce.current = setTimeout(run, DEBOUNCE_MS);
    else run();
  };

  const clearFilters = () => {
    clearTimeout(debounce.current);
    apply({ ...live.current.state, filters: {} }, "push");
  };

  const onSort = (sortKey: string, kind: string, event: MouseEvent) => {
    if (!hydrated) return;
    event.preventDefault();
    apply({ ...live.current.state, sort: nextSort(config, live.current.state, sortKey, kind) }, "push");
  };

  const sorts: Record<string, SortHeader> = {};
  for (const column of config.columns) {
    if (!column.sort) continue;
    sorts[column.sort] = {
      direction: sortDirection(config, state, column.sort),
      href: `${base}${stateToSearch(config, { ...state, sort: nextSort(config, state, column.sort, column.kind) })}`,
    };
  }

  const toggleColumn = (key: string) => {
    const shown = new Set(columns.map((c) => c.key));
    if (shown.has(key)) shown.delete(key);
    else shown.add(key);
    const keys = config.columns.filter((c) => c.kind !== "name" && shown.has(c.key)).map((c) => c.key);
    const defaults = defaultColumnKeys(config).filter((k) => k !== "name");
    const same = keys.length === defaults.length && keys.every((k, i) => k === defaults[i]);
    apply({ ...state, columns: same ? [] : keys }, "replace", false);
  };

  // ---- selection and bulk actions -----------------------------------------------------------------

  const onToggle = useCallback((id: string, index: number, shift: boolean) => {
    setSelected((previous) => {
      const next = new Set(previous);
      const on = !previous.has(id);
      const list = live.current.rows;
      if (shift && anchor.current !== null && anchor.current < list.length) {
        const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
        for (let i = from; i <= to; i++) on ? next.add(list[i].id) : next.delete(list[i].id);
      } else if (on) next.add(id);
      else next.delete(id);
      return next;
    });
    anchor.current = index;
  }, []);

  const allSelected = rows.length > 0 && selected.size >= rows.length && rows.every((r) => selected.has(r.id));
  const onToggleAll = useCallback(() => {
    setSelected((previous) => {
      const list = live.current.rows;
      const all = list.length > 0 && list.every((r) => previous.has(r.id));
      return all ? new Set() : new Set(list.map((r) => r.id));
    });
    anchor.current = null;
  }, []);

  const onOpen = useCallback((id: string) => {
    location.assign(`${base}/${id}`);
  }, [base]);

  const send = (method: string, path: string, body?: unknown) =>
    fetch(path, {
      method,
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": props.csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const bulk = async (label: string, action: Record<string, unknown>) => {
    const ids = rows.filter((r) => selected.has(r.id)).map((r) => r.id);
    if (ids.length === 0) return null;
    setBusy(true);
    setError(null);
    // Our own changes come back as live events too: this island applies them itself (with undo).
    for (const id of ids) ownChanges.current.add(id);
    const result = await bulkRequest(send, config.resource, ids, action);
    setTimeout(() => ids.forEach((id) => ownChanges.current.delete(id)), 500);
    setBusy(false);
    if (result.failed.length > 0) {
      setError(`${plural(result.failed.length, config)} could not be ${label}: ${result.message}`);
    }
    return result;
  };

  const bulkDelete = async () => {
    const result = await bulk("deleted", { action: "delete" });
    if (!result || result.ok.length === 0) return;
    const gone = new Set(result.ok.map((r) => r.id));
    const removed = live.current.rows.map((row, index) => ({ row, index })).filter(({ row }) => gone.has(row.id));
    setRows(live.current.rows.filter((r) => !gone.has(r.id)));
    setSelected(new Set([...selected].filter((id) => !gone.has(id))));
    anchor.current = null;
    setToast({ message: `Deleted ${plural(removed.length, config)}.`, undo: removed });
  };

  const undoDelete = async (removed: { row: ListRow; index: number }[]) => {
    setToast(null);
    setBusy(true);
    const ids = removed.map((r) => r.row.id);
    for (const id of ids) ownChanges.current.add(id);
    const result = await bulkRequest(send, config.resource, ids, { action: "restore" });
    setTimeout(() => ids.forEach((id) => ownChanges.current.delete(id)), 500);
    setBusy(false);
    const back = new Set(result.ok.map((r) => r.id));
    const list = [...live.current.rows];
    for (const { row, index } of removed) {
      if (back.has(row.id) && !list.some((r) => r.id === row.id)) list.splice(Math.min(index, list.length), 0, row);
    }
    setRows(list);
    if (result.failed.length > 0) setError(`${plural(result.failed.length, config)} could not be restored.`);
    else setToast({ message: `Restored ${plural(back.size, config)}.` });
  };

  const replaceRows = (updated: { id: string; body: { data?: ListRow } }[]) => {
    const byId = new Map(updated.filter((u) => u.body.data).map((u) => [u.id, u.body.data!]));
    setRows(live.current.rows.map((r) => byId.get(r.id) ?? r));
  };

  const assignOwner = async (ownerId: string) => {
    if (!ownerId) return;
    const result = await bulk("reassigned", { action: "assign", owner_id: ownerId });
    if (!result) return;
    replaceRows(result.ok);
    if (result.ok.length) {
      setToast({ message: `Assigned ${plural(result.ok.length, config)} to ${ownerNames[ownerId]}.` });
    }
  };

  const addTag = async () => {
    const tag = tagDraft.trim();
    if (!tag) return;
    const result = await bulk("tagged", { action: "tag", tag });
    if (!result) return;
    replaceRows(result.ok);
    setTagDraft("");
    if (result.ok.length) setToast({ message: `Tagged ${plural(result.ok.length, config)} “${tag}”.` });
  };

  // ---- saved views ----------------------------------------------------------------------------------

  const selectView = (view: SavedView | null, event: MouseEvent) => {
    if (!hydrated) return;
    event.preventDefault();
    apply(view ? viewState(view) : { filters: {}, sort: "", columns: [], view: "" }, "push");
  };

  const saveView = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const res = await send("POST", "/api/v1/views", {
      resource: config.resource,
      name: String(data.get("name") ?? ""),
      query: viewQuery(state),
      columns: state.columns,
      is_shared: data.get("is_shared") === "on",
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setError(body?.error?.message ?? "The view could not be saved.");
      return;
    }
    const view = body.data as SavedView;
    setViews([...views, view]);
    form.reset();
    if (saveMenu.current) saveMenu.current.open = false;
    apply({ ...state, view: view.id }, "replace", false);
    setToast({ message: `Saved the view “${view.name}”.` });
  };

  const updateView = async () => {
    if (!activeView) return;
    const res = await send("PATCH", `/api/v1/views/${activeView.id}`, {
      query: viewQuery(state),
      columns: state.columns,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) return setError(body?.error?.message ?? "The view could not be updated.");
    setViews(views.map((v) => (v.id === activeView.id ? body.data : v)));
    setToast({ message: `Updated the view “${activeView.name}”.` });
  };

  const deleteView = async () => {
    if (!activeView) return;
    const res = await send("DELETE", `/api/v1/views/${activeView.id}`);
    const body = await res.json().catch(() => null);
    if (!res.ok) return setError(body?.error?.message ?? "The view could not be deleted.");
    setViews(views.filter((v) => v.id !== activeView.id));
    apply({ ...state, view: "" }, "replace", false);
    setToast({ message: `Deleted the view “${activeView.name}”.` });
  };

  // ---- render ---------------------------------------------------------------------------------------

  const filtered = hasFilters(state);
  const filterCount = activeFilterCount(config, state);
  const exportSearch = new URLSearchParams(stateToSearch(config, { ...state, view: "" }).slice(1));
  const exportHref = (format: string, allFields = false) => {
    const params = new URLSearchParams(exportSearch);
    params.set("format", format);
    if (allFields) {
      // Every field in the importer's column names, so the file imports again as it is.
      params.delete("columns");
      params.set("fields", "all");
    }
    return `${base}/export?${params}`;
  };
  const selectedCount = rows.filter((r) => selected.has(r.id)).length;
  const mine = activeView && activeView.owner_id === props.userId;
  const firstLoad = loading === "first";
  const empty = rows.length === 0 && !firstLoad;

  return (
    <div
      class={cx("record-list", filtersOpen && "filters-open")}
      data-hydrated={hydrated ? "true" : undefined}
      aria-busy={loading ? "true" : "false"}
    >
      <ViewTabs
        allLabel={`All ${config.plural}`}
        basePath={base}
        views={views}
        active={state.view}
        modified={modified}
        userId={props.userId}
        onSelect={selectView}
      />

      <div class="list-layout">
        <div class="list-toolbar">
          <label class="list-search">
            <Icon name="search" class="list-search-icon" />
            <span class="visually-hidden">Search {config.plural}</span>
            <input
              type="search"
              name="q"
              form={formId}
              class="input"
              placeholder={`Search ${config.plural}…`}
              value={draft.q ?? ""}
              onInput={(event) => changeFilter("q", (event.target as HTMLInputElement).value, true)}
              autocomplete="off"
            />
          </label>
          <div class="list-toolbar-actions">
            <button
              type="button"
              class="btn btn-secondary list-filter-toggle"
              aria-expanded={filtersOpen ? "true" : "false"}
              aria-controls={`${formId}-panel`}
              disabled={!hydrated}
              onClick={() => setFiltersOpen(!filtersOpen)}
            >
              <Icon name="selector" />
              Filters
              {filterCount > 0 && <span class="tab-count">{filterCount}</span>}
            </button>

            <details class="menu list-menu">
              <summary class={cx("btn btn-secondary", !hydrated && "is-inert")} aria-disabled={!hydrated}>
                <Icon name="kanban" />
                <span class="desktop-only">Columns</span>
                <span class="visually-hidden">(choose columns)</span>
              </summary>
              <div class="menu-panel menu-panel-end list-columns-panel">
                <p class="menu-label">Columns shown</p>
                {config.columns.filter((c) => c.kind !== "name").map((column) => (
                  <label key={column.key} class="menu-item list-column-option">
                    <input
                      type="checkbox"
                      checked={columns.some((c) =>
                        c.key === column.key
                      )}
                      disabled={!hydrated}
                      onChange={() => toggleColumn(column.key)}
                    />
                    {column.label}
                  </label>
                ))}
              </div>
            </details>

            <details class="menu list-menu">
              <summary class="btn btn-secondary">
                <Icon name="download" />
                <span class="desktop-only">Export</span>
                <span class="visually-hidden">(download this list)</span>
              </summary>
              <div class="menu-panel menu-panel-end">
                <p class="menu-label">Every {config.singular} matching these filters, shown columns</p>
                <a class="menu-item" href={exportHref("csv")} download>
                  <Icon name="file" />
                  CSV
                  <span class="menu-item-end">.csv</span>
                </a>
                <a class="menu-item" href={exportHref("xlsx")} download>
                  <Icon name="file" />
                  Excel
                  <span class="menu-item-end">.xlsx</span>
                </a>
                <p class="menu-label">All fields, ready to import again</p>
                <a class="menu-item" href={exportHref("csv", true)} download data-export="all-fields">
                  <Icon name="file" />
                  All fields
                  <span class="menu-item-end">.csv</span>
                </a>
                <a class="menu-item" href={exportHref("xlsx", true)} download>
                  <Icon name="file" />
                  All fields
                  <span class="menu-item-end">.xlsx</span>
                </a>
              </div>
            </details>

            {mine && modified && (
              <Button size="md" variant="secondary" onClick={updateView} disabled={!hydrated}>
                Update view
              </Button>
            )}
            {mine && (
              <Button
                variant="ghost"
                iconOnly
                icon="trash"
                aria-label={`Delete view ${activeView!.name}`}
                title="Delete this view"
                onClick={deleteView}
                disabled={!hydrated}
              />
            )}
            <details class="menu list-menu" ref={saveMenu}>
              <summary class={cx("btn btn-primary", !hydrated && "is-inert")} aria-disabled={!hydrated}>
                <Icon name="plus" />
                <span>Save view</span>
              </summary>
              <form class="menu-panel menu-panel-end list-save-panel stack-sm" onSubmit={saveView}>
                <label class="field-label" for={`${formId}-view-name`}>View name</label>
                <input
                  id={`${formId}-view-name`}
                  name="name"
                  class="input input-sm"
                  required
                  maxLength={80}
                  placeholder={`e.g. Hot ${config.plural}`}
                  disabled={!hydrated}
                />
                <label class="checkbox text-sm">
                  <input type="checkbox" name="is_shared" disabled={!hydrated} />
                  <span class="checkbox-text">Share with my team</span>
                </label>
                <p class="text-xs muted">Saves the current filters, sort and columns.</p>
                <Button type="submit" size="sm" variant="primary" disabled={!hydrated}>Save</Button>
              </form>
            </details>
          </div>
        </div>

        <aside class="list-filters" id={`${formId}-panel`}>
          <FilterPanel
            config={config}
            formId={formId}
            values={draft}
            facets={props.facets}
            members={props.members}
            keep={{ sort: state.sort, columns: state.columns.join(","), view: state.view }}
            hydrated={hydrated}
            hasFilters={filtered}
            onText={(param, value) => changeFilter(param, value, true)}
            onChoice={(param, value) => changeFilter(param, value, false)}
            onClear={clearFilters}
          />
        </aside>

        <section class="list-main" aria-label={capitalize(config.plural)}>
          {(fresh.created > 0 || fresh.stale) && (
            <div class="live-banner" role="status">
              <button type="button" class="live-banner-button" onClick={showFresh}>
                <Icon name="arrow-right" size="sm" />
                {fresh.stale
                  ? `${capitalize(config.plural)} changed — show the latest`
                  : `${fresh.created} new ${fresh.created === 1 ? config.singular : config.plural} — show`}
              </button>
            </div>
          )}
          {error && (
            <Alert tone="error" class="list-error">
              {error}
            </Alert>
          )}

          {selectedCount > 0 && (
            <div class="list-bulk" role="region" aria-label="Bulk actions">
              <strong class="list-bulk-count">{selectedCount} selected</strong>
              <button type="button" class="link-button text-sm" onClick={() => setSelected(new Set())}>
                Clear
              </button>
              <div class="list-bulk-actions">
                {props.canWrite && (
                  <>
                    <span class="select-wrap list-bulk-owner">
                      <select
                        class="select select-sm"
                        aria-label="Assign owner"
                        disabled={busy}
                        onChange={(event) => {
                          const select = event.target as HTMLSelectElement;
                          assignOwner(select.value);
                          select.value = "";
                        }}
                      >
                        <option value="">Assign owner…</option>
                        {props.members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
                      </select>
                      <Icon name="chevron-down" size="sm" class="select-icon" />
                    </span>
                    <form
                      class="list-bulk-tag"
                      onSubmit={(event) => {
                        event.preventDefault();
                        addTag();
                      }}
                    >
                      <input
                        class="input input-sm"
                        aria-label="Tag to add"
                        placeholder="Tag"
                        maxLength={40}
                        value={tagDraft}
                        onInput={(event) => setTagDraft((event.target as HTMLInputElement).value)}
                        disabled={busy}
                      />
                      <Button type="submit" size="sm" variant="secondary" disabled={busy || !tagDraft.trim()}>
                        Add tag
                      </Button>
                    </form>
                    <Button size="sm" variant="danger" icon="trash" onClick={bulkDelete} disabled={busy}>
                      Delete
                    </Button>
                  </>
                )}
              </div>
            </div>
          )}

          {empty && !error && !filtered && (
            <EmptyState
              icon="users"
              title={`No ${config.plural} yet`}
              text={`Add the ${config.plural} your team sells to, and they show up here.`}
              action={props.canWrite && (
                <Button href={config.newHref} variant="primary" icon="plus">Add {config.singular}</Button>
              )}
            />
          )}
          {empty && !error && filtered && (
            <EmptyState
              icon="search"
              title={`No ${config.plural} match these filters`}
              text="Try fewer filters or a shorter search."
              action={
                <Button variant="secondary" icon="x" onClick={clearFilters} disabled={!hydrated}>Clear filters</Button>
              }
            />
          )}
          {(!empty || firstLoad) && (
            <ListTable
              config={config}
              columns={columns}
              rows={rows}
              ownerNames={ownerNames}
              sorts={sorts}
              selected={selected}
              allSelected={allSelected}
              someSelected={selectedCount > 0}
              loading={firstLoad}
              interactive={hydrated}
              onSort={onSort}
              onToggle={onToggle}
              onToggleAll={onToggleAll}
              onOpen={onOpen}
            />
          )}

          {!empty && (
            <div class="list-footer" ref={sentinel}>
              <span class="list-count muted text-sm" aria-live="polite">
                {firstLoad
                  ? "Loading…"
                  : nextCursor
                  ? `${plural(rows.length, config)} loaded`
                  : `${props.afterCursor ? "End of the list" : `All ${plural(rows.length, config)}`}`}
              </span>
              {nextCursor && !firstLoad && (
                hydrated
                  ? (
                    <Button size="sm" variant="secondary" onClick={loadMore} disabled={loading === "more"}>
                      {loading === "more" ? "Loading…" : "Load more"}
                    </Button>
                  )
                  : (
                    <Button
                      size="sm"
                      variant="secondary"
                      href={`${base}${stateToSearch(config, state)}${stateToSearch(config, state) ? "&" : "?"}cursor=${
                        encodeURIComponent(nextCursor)
                      }`}
                    >
                      Next page
                    </Button>
                  )
              )}
            </div>
          )}
        </section>
      </div>

      {toast && (
        <div class="list-toast" role="status">
          <span>{toast.message}</span>
          {toast.undo && (
            <button type="button" class="list-toast-action" onClick={() => undoDelete(toast.undo!)}>Undo</button>
          )}
          <button type="button" class="list-toast-close" aria-label="Dismiss" onClick={() => setToast(null)}>
            <Icon name="x" size="sm" />
          </button>
        </div>
      )}
    </div>
  );
}
