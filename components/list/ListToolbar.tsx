// The record list's toolbar: search, the filter panel's toggle, the column chooser, export, and saving,
// updating or deleting the current view.
import { useRef } from "preact/hooks";
import { visibleColumns } from "../../lib/list/columns.ts";
import { activeFilterCount, sameState, stateToSearch } from "../../lib/list/query.ts";
import type { ListUi } from "../../lib/list/client/state.ts";
import {
  activeView,
  changeFilter,
  deleteView,
  saveView,
  toggleColumn,
  updateView,
  viewState,
} from "../../lib/list/client/query.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";

export function ListToolbar({ ui, hydrated }: { ui: ListUi; hydrated: boolean }) {
  const { config, formId } = ui;
  const state = ui.state.value;
  const filtersOpen = ui.filtersOpen.value;
  const filterCount = activeFilterCount(config, state);
  const view = activeView(ui);
  const modified = view ? !sameState(state, viewState(ui, view), config) : false;
  const mine = view && view.owner_id === ui.props.userId;
  return (
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
          value={ui.draft.value.q ?? ""}
          onInput={(event) => changeFilter(ui, "q", (event.target as HTMLInputElement).value, true)}
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
          onClick={() => ui.filtersOpen.value = !filtersOpen}
        >
          <Icon name="selector" />
          Filters
          {filterCount > 0 && <span class="tab-count">{filterCount}</span>}
        </button>
        <ColumnsMenu ui={ui} hydrated={hydrated} />
        <ExportMenu ui={ui} />
        {mine && modified && (
          <Button size="md" variant="secondary" onClick={() => updateView(ui)} disabled={!hydrated}>
            Update view
          </Button>
        )}
        {mine && (
          <Button
            variant="ghost"
            iconOnly
            icon="trash"
            aria-label={`Delete view ${view!.name}`}
            title="Delete this view"
            onClick={() => deleteView(ui)}
            disabled={!hydrated}
          />
        )}
        <SaveViewMenu ui={ui} hydrated={hydrated} />
      </div>
    </div>
  );
}

function ColumnsMenu({ ui, hydrated }: { ui: ListUi; hydrated: boolean }) {
  const columns = visibleColumns(ui.config, ui.state.value.columns);
  return (
    <details class="menu list-menu">
      <summary class={cx("btn btn-secondary", !hydrated && "is-inert")} aria-disabled={!hydrated}>
        <Icon name="kanban" />
        <span class="desktop-only">Columns</span>
        <span class="visually-hidden">(choose columns)</span>
      </summary>
      <div class="menu-panel menu-panel-end list-columns-panel">
        <p class="menu-label">Columns shown</p>
        {ui.config.columns.filter((c) => c.kind !== "name").map((column) => (
          <label key={column.key} class="menu-item list-column-option">
            <input
              type="checkbox"
              checked={columns.some((c) =>
                c.key === column.key
              )}
              disabled={!hydrated}
              onChange={() => toggleColumn(ui, column.key)}
            />
            {column.label}
          </label>
        ))}
      </div>
    </details>
  );
}

function ExportMenu({ ui }: { ui: ListUi }) {
  const { config, base } = ui;
  const exportSearch = new URLSearchParams(stateToSearch(config, { ...ui.state.value, view: "" }).slice(1));
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
  return (
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
  );
}

function SaveViewMenu({ ui, hydrated }: { ui: ListUi; hydrated: boolean }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const { config, formId } = ui;
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const saved = await saveView(ui, String(data.get("name") ?? ""), data.get("is_shared") === "on");
    if (!saved) return;
    form.reset();
    if (menu.current) menu.current.open = false;
  };
  return (
    <details class="menu list-menu" ref={menu}>
      <summary class={cx("btn btn-primary", !hydrated && "is-inert")} aria-disabled={!hydrated}>
        <Icon name="plus" />
        <span>Save view</span>
      </summary>
      <form class="menu-panel menu-panel-end list-save-panel stack-sm" onSubmit={submit}>
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
  );
}
