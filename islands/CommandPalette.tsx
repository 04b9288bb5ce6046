// The header search button and the Ctrl/Cmd-K command palette it opens: search across the team's
// records (grouped by type), recent items when the query is empty, and quick commands.
// Before hydration (or without JavaScript) the button is a plain link to the /search page. The results (search,
// recent items, commands, keyboard moves) load with the first opening (components/palette/PaletteResults.tsx),
// which keeps them out of every page's first load; the search box is here, so early typing is kept.
// The palette is a native modal <dialog>: the top layer escapes the header's stacking and blur, and
// everything behind it is inert, so focus cannot leave it; Tab is used to move between groups.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { JSX } from "preact";
import { Icon } from "@/components/ui/Icon.tsx";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { lazyComponent } from "@/components/lazy.tsx";
import { PALETTE_LISTBOX_ID, paletteOptionId } from "@/components/palette/ids.ts";
import type { PaletteStatus } from "@/components/palette/PaletteResults.tsx";

export interface CommandPaletteProps {
  /** Recent items are kept per workspace. */
  teamId: string;
  /** Modules the workspace has on: "Go to" commands of the others are left out. Omit for all. */
  modules?: string[];
}

const PaletteResults = lazyComponent(() =>
  import("@/components/palette/PaletteResults.tsx").then((module) => module.PaletteResults)
);

export default function CommandPalette({ teamId, modules }: CommandPaletteProps) {
  const ready = useHydrated();
  const open = useSignal(false);
  const query = useSignal("");
  const status = useSignal<PaletteStatus>("idle");
  const active = useSignal(-1);

  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  /** The results' key handler (arrows, Tab, Enter), once they have loaded. */
  const keys = useRef<((event: JSX.TargetedKeyboardEvent<HTMLInputElement>) => void) | null>(null);

  function openPalette() {
    if (open.value) return;
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
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

  function onInputKeyDown(event: JSX.TargetedKeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      closePalette();
      return;
    }
    if (keys.current) return keys.current(event);
    // Enter before the results have loaded searches the whole workspace.
    if (event.key === "Enter" && query.value.trim()) {
      event.preventDefault();
      location.assign(`/search?q=${encodeURIComponent(query.value.trim())}`);
    }
  }

  // Anything but the input that gets Tab (the close button on phones) sends focus back to it.
  function onDialogKeyDown(event: JSX.TargetedKeyboardEvent<HTMLDialogElement>) {
    if (event.key === "Tab" && event.target !== inputRef.current) {
      event.preventDefault();
      inputRef.current?.focus();
    }
  }

  const activeId = active.value >= 0 ? paletteOptionId(active.value) : undefined;

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
                aria-controls={PALETTE_LISTBOX_ID}
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
            <PaletteResults
              teamId={teamId}
              modules={modules}
              query={query}
              active={active}
              status={status}
              keys={keys}
              close={closePalette}
            />
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
