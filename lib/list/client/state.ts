// The record list island's state in the browser, as signals shared by its parts (toolbar, filters, table,
// bulk bar, live banner, toast): callbacks that must stay stable for memoised rows, timers and observers
// read the current values instead of a render's copy.
import { type Signal, signal } from "@preact/signals";
import type { ListPageData } from "../../../utils/list-page.ts";
import type { SavedView } from "../../records/saved-views.ts";
import { LIST_CONFIGS, type ListConfig, type ListRow } from "../columns.ts";
import type { ListState } from "../query.ts";

export interface RecordListProps extends ListPageData {
  csrf: string;
}

export interface Toast {
  message: string;
  /** Rows removed by a bulk delete, with where they were, for "Undo". */
  undo?: { row: ListRow; index: number }[];
}

export interface ListUi {
  props: RecordListProps;
  config: ListConfig;
  /** The list's page path, e.g. /contacts. */
  base: string;
  /** Id of the filter form (the search box and the filter panel belong to it). */
  formId: string;
  state: Signal<ListState>;
  /** The filters as typed, ahead of `state` by the search debounce. */
  draft: Signal<Record<string, string>>;
  rows: Signal<ListRow[]>;
  nextCursor: Signal<string | null>;
  loading: Signal<"first" | "more" | null>;
  error: Signal<string | null>;
  views: Signal<SavedView[]>;
  selected: Signal<Set<string>>;
  toast: Signal<Toast | null>;
  filtersOpen: Signal<boolean>;
  busy: Signal<boolean>;
  tagDraft: Signal<string>;
  /** Created by teammates since the list was loaded (shown on demand), or too much changed to follow. */
  fresh: Signal<{ created: number; stale: boolean }>;
  /** Rows a bulk action of this island is changing right now (their live events are its own echo). */
  ownChanges: Set<string>;
  /** The latest list request: older answers are dropped, a newer one aborts it. */
  request: { seq: number; abort?: AbortController };
  debounce: { current: ReturnType<typeof setTimeout> | undefined };
  /** The row a shift-click selects from. */
  anchor: { current: number | null };
}

export function createListUi(props: RecordListProps): ListUi {
  const config = LIST_CONFIGS[props.resource];
  return {
    props,
    config,
    base: `/${config.resource}`,
    formId: `${config.resource}-filters`,
    state: signal(props.state),
    draft: signal(props.state.filters),
    rows: signal(props.rows),
    nextCursor: signal(props.nextCursor),
    loading: signal(null),
    error: signal(props.error),
    views: signal(props.views),
    selected: signal(new Set()),
    toast: signal(null),
    filtersOpen: signal(false),
    busy: signal(false),
    tagDraft: signal(""),
    fresh: signal({ created: 0, stale: false }),
    ownChanges: new Set(),
    request: { seq: 0 },
    debounce: { current: undefined },
    anchor: { current: null },
  };
}

export function capitalize(text: string) {
  return text[0].toUpperCase() + text.slice(1);
}

export function plural(count: number, config: { singular: string; plural: string }) {
  return `${count} ${count === 1 ? config.singular : config.plural}`;
}
