// The header search button and the Ctrl/Cmd-K command palette it opens: search across the team's
// records (grouped by type), recent items when the query is empty, and quick commands.
// Before hydration (or without JavaScript) the button is a plain link to the /search page.
// The palette is a native modal <dialog>: the top layer escapes the header's stacking and blur, and
// everything behind it is inert, so focus cannot leave it; Tab is used to move between groups.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { JSX } from "preact";
import { Icon } from "@/components/ui/Icon.tsx";
import { PaletteOptionRow } from "@/components/palette/PaletteOptionRow.tsx";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { request } from "@/lib/client/api.ts";
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
} from "@/lib/palette/model.ts";
import { THEME_STORAGE_KEY } from "@/components/theme.ts";

export interface CommandPaletteProps {
  /** Recent items are kept per workspace. */
  teamId: string;
  /** Modules the workspace has on: "Go to" commands of the others are left out. Omit for all. */
  modules?: string[];
}

type Status = "idle" | "loading" | "done" | "error";

const DEBOUNCE_MS = 140;
const FETCH_LIMIT = 25;
const LISTBOX_ID = "palette-listbox";
const optionId = (index: number) => `palette-option-${index}`;

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

export default function CommandPalette({ teamId, modules }: CommandPaletteProps) {
  const ready = useHydrated();
  const open = useSignal(false);
  const query = useSignal("");
  const hits = useSignal<SearchHitView[]>([]);
  /** The query `hits` answer; they stay on screen while the next one loads. */
  const answered = useSignal("");
  const status = useSignal<Status>("idle");
  const errorMessage = useSignal("");
  const active = useSignal(-1);
  const recent = useSignal<SearchHitView[]>([]);

  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const requestSeq = useRef(0);
  const pending = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // While the next answer loads, the previous one stays listed (no flicker between keystrokes).
  const groups: PaletteGroup[] = paletteGroups(query.value, hits.value, recent.value, commandsFor(modules));
  const options: PaletteOption[] = groups.flatMap((group) => group.options);

  function openPalette() {
    if (open.value) return;
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    recent.value = readRecent(teamId);
    query.value = "";
    active.value = -1;
    open.value = true;
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    requestAnimationFrame(() => inputRef.current?.select());
  }

  function closePalette({ restoreFocus = true } = {}) {
    if (!open.value) return;
    open.value = false;
    clearTimeout(timer.current);
    pending.current?.abort();
    dialogRef.current?.open && dialogRef.current.close();
    if (restoreFocus) returnFocus.current?.focus();
  }

  // Ctrl-K / Cmd-K anywhere opens (or closes) the palette.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        open.value ? closePalette() : openPalette();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // Debounced search; only the newest request may write its answer (stale-response protection).
  useEffect(() => {
    const q = query.value.trim();
    clearTimeout(timer.current);
    pending.current?.abort();
    if (!open.value || q === "") {
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
  }, [query.value, open.value]);

  // Keep the active option in view.
  useEffect(() => {
    if (active.value < 0) return;
    listRef.current?.querySelector(`#${optionId(active.value)}`)?.scrollIntoView({ block: "nearest" });
  }, [active.value]);

  function choose(option: PaletteOption, event?: MouseEvent | KeyboardEvent) {
    const newTab = event &&
      (event.ctrlKey || event.metaKey || event.shiftKey || ("button" in event && event.button === 1));
    if (option.kind === "command" && option.command.action === "toggle-theme") {
      toggleTheme();
      closePalette();
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
    closePalette({ restoreFocus: false });
    location.assign(url);
  }

  function onInputKeyDown(event: JSX.TargetedKeyboardEvent<HTMLInputElement>) {
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
      case "Escape":
        event.preventDefault();
        closePalette();
        return;
    }
  }

  // Anything but the input that gets Tab (the close button on phones) sends focus back to it.
  function onDialogKeyDown(event: JSX.TargetedKeyboardEvent<HTMLDialogElement>) {
    if (event.key === "Tab" && event.target !== inputRef.current) {
      event.preventDefault();
      inputRef.current?.focus();
    }
  }

  const q = query.value.trim();
  const activeId = active.value >= 0 && active.value < options.length ? optionId(active.value) : undefined;
  const noResults = q !== "" && status.value === "done" && answered.value === q && hits.value.length === 0;
  let index = -1;

  return (
    <>
      <a
        href="/search"
        class="search-trigger"
        data-command-palette
        data-ready={ready ? "true" : undefined}
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K Meta+K"
        onClick={(event) => {
          if (event.ctrlKey || event.metaKey || event.shiftKey) return;
          event.preventDefault();
          openPalette();
        }}
      >
        <Icon name="search" />
        <span class="search-trigger-label">Search…</span>
        <span class="search-trigger-keys" aria-hidden="true">
          <kbd>Ctrl</kbd>
          <kbd>K</kbd>
        </span>
      </a>
      <dialog
        ref={dialogRef}
        class="palette"
        aria-modal="true"
        aria-labelledby="palette-title"
        onCancel={(event) => {
          event.preventDefault();
          closePalette();
        }}
        onKeyDown={onDialogKeyDown}
        onClick={(event) => {
          // A click on the backdrop lands on the <dialog> itself.
          if (event.target === dialogRef.current) closePalette();
        }}
      >
        {open.value && (
          <div class="palette-panel">
            <h2 id="palette-title" class="visually-hidden">Search and commands</h2>
            <div class="palette-search">
              <Icon name="search" size="lg" class="palette-search-icon" />
              <input
                ref={inputRef}
                class="palette-input"
                type="text"
                role="combobox"
                aria-expanded="true"
                aria-controls={LISTBOX_ID}
                aria-autocomplete="list"
                aria-activedescendant={activeId}
                aria-label="Search or type a command"
                placeholder="Search contacts, companies, deals… or type a command"
                autocomplete="off"
                autocapitalize="off"
                spellcheck={false}
                enterKeyHint="go"
                maxLength={200}
                value={query.value}
                onInput={(event) => (query.value = event.currentTarget.value)}
                onKeyDown={onInputKeyDown}
              />
              {status.value === "loading" && <span class="palette-spinner" role="presentation" />}
              <button type="button" class="palette-close" onClick={() => closePalette()}>
                <span class="desktop-only" aria-hidden="true">
                  <kbd>Esc</kbd>
                </span>
                <span class="phone-only">Cancel</span>
                <span class="visually-hidden desktop-only">Close</span>
              </button>
            </div>
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
              <div role="listbox" id={LISTBOX_ID} aria-label="Results and commands" class="palette-list">
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
                          id={optionId(i)}
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
            <div class="palette-footer desktop-only" aria-hidden="true">
              <span>
                <kbd>↑</kbd>
                <kbd>↓</kbd> move
              </span>
              <span>
                <kbd>↵</kbd> open
              </span>
              <span>
                <kbd>Tab</kbd> next group
              </span>
              <span>
                <kbd>Esc</kbd> close
              </span>
            </div>
          </div>
        )}
      </dialog>
    </>
  );
}
