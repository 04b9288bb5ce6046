// The bulk writer card's drafts as the person edits them, saved on the server a moment after they stop typing
// (and at once when a field loses focus): one save at a time, the next one from the version the last returned.
// When someone else saved first the card is told (conflict) with their text, to keep either. Browser-safe.
import { useEffect, useRef, useState } from "preact/hooks";
import type { DraftText } from "./writer-options.ts";
import { type DraftSave, sameDrafts, SAVE_DELAY_MS, saveBulkDraft, type SavedBulkDraft } from "./bulk-drafts.ts";

export type SaveState =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "failed"; message: string }
  | { kind: "conflict"; message: string; theirs: SavedBulkDraft };

export interface DraftAutosave {
  variants: DraftText[];
  state: SaveState;
  /** Replaces the drafts (an edit) and schedules a save. */
  edit(next: DraftText[]): void;
  /** Saves now what is waiting (a field lost focus). */
  flush(): void;
  /** After a conflict: save mine over theirs. */
  keepMine(): void;
  /** After a conflict: show theirs and drop mine. */
  takeTheirs(): void;
}

export function useDraftAutosave(
  target: { runId: string; recordId: string; csrf: string },
  initial: { variants: DraftText[]; version: number; edited_at: string | null },
): DraftAutosave {
  const [variants, setVariants] = useState(initial.variants);
  const [state, setState] = useState<SaveState>(
    initial.edited_at ? { kind: "saved", at: initial.edited_at } : { kind: "idle" },
  );
  const latest = useRef(initial.variants);
  const version = useRef(initial.version);
  const saved = useRef(initial.variants);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef(false);
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (result: DraftSave, sent: DraftText[]) => {
    if (result.kind === "saved") {
      version.current = result.draft.version;
      saved.current = sent;
      if (sameDrafts(latest.current, sent)) setState({ kind: "saved", at: result.draft.edited_at ?? "" });
      else save(); // typed on while it was saving
    } else if (result.kind === "conflict") {
      setState({ kind: "conflict", message: result.message, theirs: result.draft });
    } else {
      setState({ kind: "failed", message: result.message });
    }
  };

  const save = async () => {
    clearTimeout(timer.current);
    if (inFlight.current || sameDrafts(latest.current, saved.current)) return;
    inFlight.current = true;
    setState({ kind: "saving" });
    const sent = latest.current;
    try {
      apply(await saveBulkDraft(target.runId, target.recordId, version.current, sent, target.csrf), sent);
    } finally {
      inFlight.current = false;
    }
  };

  return {
    variants,
    state,
    edit(next) {
      latest.current = next;
      setVariants(next);
      if (state.kind === "conflict") return; // the person chooses first
      setState({ kind: "pending" });
      clearTimeout(timer.current);
      timer.current = setTimeout(save, SAVE_DELAY_MS);
    },
    flush() {
      if (state.kind !== "conflict") void save();
    },
    keepMine() {
      if (state.kind !== "conflict") return;
      version.current = state.theirs.version;
      saved.current = state.theirs.variants;
      void save();
    },
    takeTheirs() {
      if (state.kind !== "conflict") return;
      version.current = state.theirs.version;
      latest.current = saved.current = state.theirs.variants;
      setVariants(state.theirs.variants);
      setState({ kind: "saved", at: state.theirs.edited_at ?? "" });
    },
  };
}
