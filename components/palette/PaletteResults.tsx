// The command palette's results (islands/CommandPalette.tsx): the debounced search, recent items, commands,
// keyboard moves between options and groups, and choosing one. Loaded as its own chunk the first time the
// palette opens (components/lazy.tsx), which keeps it out of every page's first load; the search box itself
// is the island's, so what is typed before this arrives is kept.
import type { Signal } from "@preact/signals";
import { useSignal } from "@preact/signals";
import { type MutableRef, useEffect, useRef } from "preact/hooks";
import type { JSX } from "preact";
import { Icon } from "../ui/Icon.tsx";
import { PaletteOptionRow } from "./PaletteOptionRow.tsx";
import { request } from "../../lib/client/api.ts";
import {
  commandsFor,
  nextGroupStart,
  type PaletteGroup,
  paletteGroups,
  type PaletteOption,
  parseRecent,
  pushRecent,
  recentKey,
  type SearchHitView,
  searchPageUrl,
} from "../../lib/palette/model.ts";
import { THEME_STORAGE_KEY } from "../theme.ts";
import { PALETTE_LISTBOX_ID, paletteOptionId } from "./ids.ts";

export type PaletteStatus = "idle" | "loading" | "done" | "error";

const DEBOUNCE_MS = 140;
const FETCH_LIMIT = 25;

export interface PaletteResultsProps {
  teamId: string;
  modules?: string[];
  /** The search box's text (the island owns the box). */
  query: Signal<string>;
  /** Index of the highlighted option, -1 for none. */
  active: Signal<number>;
  status: Signal<PaletteStatus>;
  /** The island passes the search box's key presses here once the results are in. */
  keys: MutableRef<((event: JSX.TargetedKeyboardEvent<HTMLInputElement>) => void) | null>;
  close(options?: { restoreFocus?: boolean }): void;
}

function readRecent(teamId: string): SearchHitView[] {
  try {
    return parseRecent(localStorage.getItem(recentKey(teamId)));
  } catch {
    return []; // storage blocked
  }
}

function saveRecent(teamId: string, list: SearchHitView[]) {
  try {
    localStorage.setItem(recentKey(teamId), JSON.stringify(list));
  } catch {
    // Not remembered; the palette still works.
  }
}

/** Light <-> dark from whatever is showing now (an explicit choice or the OS theme). */
function toggleTheme() {
  const root = document.documentElement;
  const current = root.getAttribute("data-theme");
  const dark = current === "dark" || (current !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
  const next = dark ? "light" : "dark";
  root.setAttribute("data-theme", next);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, next);
  } catch {
    // Applied for this page only.
  }
}

export function PaletteResults({ teamId, modules, query, active, status, keys, close }: PaletteResultsProps) {
  const hits = useSignal<SearchHitView[]>([]);
  /** The query `hits` answer; they stay on screen while the next one loads. */
  const answered = useSignal("");
  const errorMessage = useSignal("");
  // Mounted with each opening: recent items as they are now.
  const recent = useSignal<SearchHitView[]>(readRecent(teamId));
  const listRef = useRef<HTMLDivElement>(null);
  const requestSeq = useRef(0);
  const pending = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // While the next answer loads, the previous one stays listed (no flicker between keystrokes).
  const groups: PaletteGroup[] = paletteGroups(query.value, hits.value, recent.value, commandsFor(modules));
  const options: PaletteOption[] = groups.flatMap((group) => group.options);

  // Debounced search; only the newest request may write its answer (stale-response protection).
  useEffect(() => {
    const q = query.value.trim();
    clearTimeout(timer.current);
    pending.current?.abort();
    if (q === "") {
      status.value = "idle";
      hits.value = [];
      answered.value = "";
      return;
    }
    status.value = "loading";
    const seq = ++requestSeq.current;
    timer.current = setTimeout(async () => {
      const controller = new AbortController();
      pending.current = controller;
      try {
        const res = await request<{ data?: unknown }>(
          "GET",
          `/api/v1/search?q=${encodeURIComponent(q)}&limit=${FETCH_LIMIT}`,
          undefined,
          { signal: controller.signal },
        );
        if (seq !== requestSeq.current) return;
        if (!res.ok) {
          errorMessage.value = res.status
            ? res.error ?? "Search is not available right now."
            : "Search failed. Check your connection and try again.";
          status.value = "error";
          return;
        }
        const body = res.body;
        hits.value = Array.isArray(body?.data) ? body.data : [];
        answered.value = q;
        active.value = -1;
        status.value = "done";
      } catch (error) {
        if (seq !== requestSeq.current || (error as Error).name === "AbortError") return;
        errorMessage.value = "Search failed. Check your connection and try again.";
        status.value = "error";
      }
    }, DEBOUNCE_MS);
  }, [query.value]);

  // Closing the palette unmounts the results: nothing may answer after that.
  useEffect(() => () => {
    clearTimeout(timer.current);
    pending.current?.abort();
    requestSeq.current++;
    status.value = "idle";
  }, []);

  // Keep the active option in view.
  useEffect(() => {
    if (active.value < 0) return;
    listRef.current?.querySelector(`#${paletteOptionId(active.value)}`)?.scrollIntoView({ block: "nearest" });
  }, [active.value]);

  function choose(option: PaletteOption, event?: MouseEvent | KeyboardEvent) {
    const newTab = event &&
      (event.ctrlKey || event.metaKey || event.shiftKey || ("button" in event && event.button === 1));
    if (option.kind === "command" && option.command.action === "toggle-theme") {
      toggleTheme();
      close();
      return;
    }
    const url = option.kind === "record"
      ? option.hit.url
      : option.kind === "command"
      ? option.command.href!
      : searchPageUrl(option.query);
    if (option.kind === "record") {
      recent.value = pushRecent(readRecent(teamId), option.hit);
      saveRecent(teamId, recent.value);
    }
    if (newTab) return; // the link opens it in a new tab; the palette stays
    event?.preventDefault();
    close({ restoreFocus: false });
    location.assign(url);
  }

  keys.current = (event) => {
    const count = options.length;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        event.preventDefault();
        if (count === 0) return;
        const step = event.key === "ArrowDown" ? 1 : -1;
        active.value = active.value < 0 ? (step === 1 ? 0 : count - 1) : (active.value + step + count) % count;
        return;
      }
      case "Tab": {
        event.preventDefault();
        const start = nextGroupStart(groups, Math.max(active.value, 0), event.shiftKey ? -1 : 1);
        if (start >= 0) active.value = active.value < 0 && !event.shiftKey ? 0 : start;
        return;
      }
      case "Enter": {
        event.preventDefault();
        const option = options[active.value] ?? options[0];
        if (option) choose(option, event);
        else if (query.value.trim()) location.assign(searchPageUrl(query.value.trim()));
        return;
      }
    }
  };
  useEffect(() => () => {
    keys.current = null;
  }, []);

  const q = query.value.trim();
  const noResults = q !== "" && status.value === "done" && answered.value === q && hits.value.length === 0;
  let index = -1;

  return (
    <div class="palette-body" ref={listRef}>
      {/* One live region: screen readers hear "Searching…", the count, or that nothing matched. */}
      <div role="status" aria-live="polite">
        {status.value === "loading"
          ? <span class="visually-hidden">Searching…</span>
          : noResults
          ? <p class="palette-empty">No results for “{q}”</p>
          : status.value === "done" && q
          ? <span class="visually-hidden">{hits.value.length} results</span>
          : null}
      </div>
      {status.value === "error" && (
        <p class="palette-error" role="alert">
          <Icon name="alert" />
          {errorMessage.value}
        </p>
      )}
      <div role="listbox" id={PALETTE_LISTBOX_ID} aria-label="Results and commands" class="palette-list">
        {groups.map((group) => (
          <div key={group.id} role="group" aria-labelledby={`palette-group-${group.id}`} class="palette-group">
            <div id={`palette-group-${group.id}`} class="palette-group-label" role="presentation">
              {group.label}
            </div>
            {group.options.map((option) => {
              index += 1;
              const i = index;
              return (
                <PaletteOptionRow
                  key={option.key}
                  id={paletteOptionId(i)}
                  option={option}
                  selected={i === active.value}
                  onHover={() => (active.value = i)}
                  onChoose={(event) => choose(option, event)}
                />
              );
            })}
          </div>
        ))}
      </div>
      {q === "" && groups.every((g) => g.id !== "recent") && (
        <p class="palette-hint">Type to search your workspace. Records you open show up here.</p>
      )}
    </div>
  );
}
