// The editor's connection and saving status: "Saved", "Saving…", "Offline — changes kept on this device"...
import type { Status } from "../../lib/notes/client/status.ts";

export function NoteStatus({ status, onRetry }: { status: Status; onRetry?: () => void }) {
  return (
    <span class={`note-status note-status-${status.kind}`} data-status={status.kind} role="status" aria-live="polite">
      <span class="note-status-dot" aria-hidden="true" />
      <span class="note-status-label">{status.label}</span>
      {onRetry && <button type="button" class="btn btn-ghost btn-sm" onClick={onRetry}>Retry</button>}
    </span>
  );
}
