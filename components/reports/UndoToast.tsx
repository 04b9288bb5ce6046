// "Deleted. Undo" for a few seconds: the caller only commits the deletion when the toast runs out (or the
// page is left), so Undo needs no restore endpoint.
export interface UndoToastProps {
  message: string;
  onUndo: () => void;
  onDismiss: () => void;
}

export function UndoToast({ message, onUndo, onDismiss }: UndoToastProps) {
  return (
    <div class="report-toast" role="status">
      <span>{message}</span>
      <button type="button" class="btn btn-secondary btn-sm" onClick={onUndo}>Undo</button>
      <button type="button" class="btn btn-ghost btn-sm" aria-label="Dismiss" onClick={onDismiss}>✕</button>
    </div>
  );
}

/** How long an undo is offered before the deletion is sent. */
export const UNDO_MS = 6000;

export interface Deferred {
  /** Undo: the commit never runs. */
  cancel(): void;
  /** Dismissed: commit at once rather than wait. */
  now(): void;
}

/**
 * Runs `commit` after UNDO_MS unless cancelled; dismissing the toast or leaving the page commits at once
 * (the caller's request uses keepalive, so it survives the page going away).
 */
export function deferCommit(commit: () => void): Deferred {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    removeEventListener("pagehide", run);
    commit();
  };
  const timer = setTimeout(run, UNDO_MS);
  addEventListener("pagehide", run);
  return {
    cancel() {
      done = true;
      clearTimeout(timer);
      removeEventListener("pagehide", run);
    },
    now: run,
  };
}
