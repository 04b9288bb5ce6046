// A record list (contacts, companies; later leads and deals) that takes over the server-rendered first
// page: live filters and search mirrored into the URL, sortable headers, a column chooser, saved views,
// keyset-paginated infinite scroll (pages are appended, only loaded rows are rendered), bulk select
// with delete (undoable), assign owner and add tag (each one request to /api/v1/<resource>/bulk), and
// CSV/XLSX export of the whole filtered list, in the shown columns or with every field.
// Live: rows a teammate changes are read again in place, deleted rows disappear, and new ones are offered
// with a "N new — show" banner rather than pushed under the reader's cursor.
//
// The state is one set of signals (lib/list/client/state.ts) shared by the parts: loading and the URL in
// lib/list/client/load.ts, filters, sort, columns and views in lib/list/client/query.ts, selection and bulk actions
// in lib/list/client/bulk.ts, live changes in lib/list/client/live.ts; toolbar, bulk bar and status lines in
// components/list/.
import { useEffect, useMemo, useRef } from "preact/hooks";
import { visibleColumns } from "@/lib/list/columns.ts";
import { hasFilters, nextSort, sameState, sortDirection, stateToSearch } from "@/lib/list/query.ts";
import { capitalize, createListUi, type ListUi, type RecordListProps } from "@/lib/list/client/state.ts";
import { useInfiniteScroll, useUrlState } from "@/lib/list/client/load.ts";
import { useListLive } from "@/lib/list/client/live.ts";
import { toggleAll, toggleRow } from "@/lib/list/client/bulk.ts";
import { activeView, changeFilter, clearFilters, selectView, sortBy, viewState } from "@/lib/list/client/query.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { FilterPanel } from "@/components/list/FilterPanel.tsx";
import { ListTable, type SortHeader } from "@/components/list/ListTable.tsx";
import { ViewTabs } from "@/components/list/ViewTabs.tsx";
import { ListToolbar } from "@/components/list/ListToolbar.tsx";
import { BulkBar } from "@/components/list/BulkBar.tsx";
import { FreshBanner, ListFooter, ListToast } from "@/components/list/ListStatus.tsx";
import { Alert } from "@/components/ui/Alert.tsx";
import { Button } from "@/components/ui/Button.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { cx } from "@/components/ui/cx.ts";

export type { RecordListProps };

const TOAST_MS = 10_000;

export default function RecordList(props: RecordListProps) {
  const hydrated = useHydrated();
  const ui = useMemo(() => createListUi(props), []);
  const { config, base, formId } = ui;
  const sentinel = useRef<HTMLDivElement>(null);
  useUrlState(ui);
  useInfiniteScroll(ui, sentinel, hydrated);
  useListLive(ui, hydrated);
  useToastTimeout(ui);
  const handlers = useRowHandlers(ui);

  const state = ui.state.value;
  const rows = ui.rows.value;
  const selected = ui.selected.value;
  const loading = ui.loading.value;
  const error = ui.error.value;
  const ownerNames = useMemo(() => Object.fromEntries(props.members.map((m) => [m.id, m.name])), [props.members]);
  const columns = useMemo(() => visibleColumns(config, state.columns), [config, state.columns]);
  const view = activeView(ui);
  const modified = view ? !sameState(state, viewState(ui, view), config) : false;
  const sorts = sortHeaders(ui);
  const filtered = hasFilters(state);
  const allSelected = rows.length > 0 && selected.size >= rows.length && rows.every((r) => selected.has(r.id));
  const selectedCount = rows.filter((r) => selected.has(r.id)).length;
  const firstLoad = loading === "first";
  const empty = rows.length === 0 && !firstLoad;

  return (
    <div
      class={cx("record-list", ui.filtersOpen.value && "filters-open")}
      data-hydrated={hydrated ? "true" : undefined}
      aria-busy={loading ? "true" : "false"}
    >
      <ViewTabs
        allLabel={`All ${config.plural}`}
        basePath={base}
        views={ui.views.value}
        active={state.view}
        modified={modified}
        userId={props.userId}
        onSelect={(chosen, event) => {
          if (!hydrated) return;
          event.preventDefault();
          selectView(ui, chosen);
        }}
      />

      <div class="list-layout">
        <ListToolbar ui={ui} hydrated={hydrated} />

        <aside class="list-filters" id={`${formId}-panel`}>
          <FilterPanel
            config={config}
            formId={formId}
            values={ui.draft.value}
            facets={props.facets}
            members={props.members}
            keep={{ sort: state.sort, columns: state.columns.join(","), view: state.view }}
            hydrated={hydrated}
            hasFilters={filtered}
            onText={(param, value) => changeFilter(ui, param, value, true)}
            onChoice={(param, value) => changeFilter(ui, param, value, false)}
            onClear={() => clearFilters(ui)}
          />
        </aside>

        <section class="list-main" aria-label={capitalize(config.plural)}>
          <FreshBanner ui={ui} />
          {error && (
            <Alert tone="error" class="list-error">
              {error}
            </Alert>
          )}

          {selectedCount > 0 && <BulkBar ui={ui} selectedCount={selectedCount} members={props.members} />}

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
                <Button variant="secondary" icon="x" onClick={() => clearFilters(ui)} disabled={!hydrated}>
                  Clear filters
                </Button>
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
              onSort={(sortKey, kind, event) => {
                if (!hydrated) return;
                event.preventDefault();
                sortBy(ui, sortKey, kind);
              }}
              onToggle={handlers.onToggle}
              onToggleAll={handlers.onToggleAll}
              onOpen={handlers.onOpen}
            />
          )}

          {!empty && <ListFooter ui={ui} hydrated={hydrated} sentinel={sentinel} />}
        </section>
      </div>

      <ListToast ui={ui} />
    </div>
  );
}

/** Per sortable column: its direction now, and the link that sorts by it next (works before hydration). */
function sortHeaders(ui: ListUi): Record<string, SortHeader> {
  const { config, base } = ui;
  const state = ui.state.value;
  const sorts: Record<string, SortHeader> = {};
  for (const column of config.columns) {
    if (!column.sort) continue;
    sorts[column.sort] = {
      direction: sortDirection(config, state, column.sort),
      href: `${base}${stateToSearch(config, { ...state, sort: nextSort(config, state, column.sort, column.kind) })}`,
    };
  }
  return sorts;
}

/** The same functions for the island's lifetime, so memoised rows do not re-render. */
function useRowHandlers(ui: ListUi) {
  return useMemo(() => ({
    onToggle: (id: string, index: number, shift: boolean) => toggleRow(ui, id, index, shift),
    onToggleAll: () => toggleAll(ui),
    onOpen: (id: string) => location.assign(`${ui.base}/${id}`),
  }), [ui]);
}

function useToastTimeout(ui: ListUi) {
  const toast = ui.toast.value;
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => ui.toast.value = null, TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);
}
