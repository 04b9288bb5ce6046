// Loading the record list: a page from /api/v1/<resource> (first or next), the state mirrored into the
// URL (back and forward restore it), and infinite scroll near the end of the list.
import { useEffect } from "preact/hooks";
import { request } from "../../client/api.ts";
import type { ListRow } from "../columns.ts";
import { apiParams, type ListState, parseListState, stateToSearch } from "../query.ts";
import type { ListUi } from "./state.ts";

const PAGE_SIZE = "50";

export async function load(ui: ListUi, next: ListState, mode: "first" | "more") {
  const { config } = ui;
  const seq = ++ui.request.seq;
  ui.request.abort?.abort();
  const abort = new AbortController();
  ui.request.abort = abort;
  ui.loading.value = mode;
  if (mode === "first") {
    ui.error.value = null;
    ui.fresh.value = { created: 0, stale: false };
  }
  const cursor = mode === "more" ? ui.nextCursor.value ?? "" : "";
  try {
    const res = await request<{ data: ListRow[]; next_cursor: string | null }>(
      "GET",
      `/api/v1/${config.resource}?${apiParams(config, next, { limit: PAGE_SIZE, cursor })}`,
      undefined,
      { signal: abort.signal },
    );
    if (seq !== ui.request.seq) return;
    if (res.status === 0) {
      ui.error.value = "Could not reach the server. Check your connection and try again.";
      return;
    }
    if (!res.ok || !res.body) {
      const message = (res.body as { error?: { message?: string } } | null)?.error?.message;
      ui.error.value = message ?? `The list could not be loaded (${res.status}).`;
      if (mode === "first") ui.rows.value = [];
      ui.nextCursor.value = null;
      return;
    }
    ui.rows.value = mode === "more" ? [...ui.rows.value, ...res.body.data] : res.body.data;
    ui.nextCursor.value = res.body.next_cursor;
  } catch (caught) {
    // Only an abort is thrown: a newer request took over.
    if (seq !== ui.request.seq || (caught as Error).name === "AbortError") return;
    throw caught;
  } finally {
    if (seq === ui.request.seq) ui.loading.value = null;
  }
}

/** Shows `next`: state, URL (a history entry or not), and, unless only columns changed, fresh data. */
export function apply(ui: ListUi, next: ListState, history: "push" | "replace", reload = true) {
  ui.state.value = next;
  ui.draft.value = next.filters;
  const url = `${ui.base}${stateToSearch(ui.config, next)}`;
  if (history === "push" && url !== location.pathname + location.search) globalThis.history.pushState(null, "", url);
  else globalThis.history.replaceState(null, "", url);
  if (reload) {
    ui.selected.value = new Set();
    ui.anchor.current = null;
    void load(ui, next, "first");
  }
}

export function loadMore(ui: ListUi) {
  if (ui.nextCursor.value && !ui.loading.value) void load(ui, ui.state.value, "more");
}

/** Back/forward: the URL is the state. */
export function useUrlState(ui: ListUi) {
  useEffect(() => {
    const { base, config } = ui;
    const onPop = () => {
      const next = parseListState(config, new URLSearchParams(location.search));
      ui.state.value = next;
      ui.draft.value = next.filters;
      void load(ui, next, "first");
    };
    addEventListener("popstate", onPop);
    // A no-JS "Load more" link left ?cursor= in the URL: the island lists from the start of that page on.
    if (new URLSearchParams(location.search).has("cursor")) {
      globalThis.history.replaceState(null, "", `${base}${stateToSearch(config, ui.state.value)}`);
    }
    return () => removeEventListener("popstate", onPop);
  }, []);
}

/** Infinite scroll: load the next page when the end of the list (`sentinel`) comes near. */
export function useInfiniteScroll(ui: ListUi, sentinel: { current: HTMLElement | null }, hydrated: boolean) {
  const nextCursor = ui.nextCursor.value;
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hydrated) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore(ui);
    }, { rootMargin: "800px 0px" });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hydrated, nextCursor]);
}
