// What the editor's status line says, from the provider's state. Pure, so every combination is tested.

export interface SyncState {
  /** The socket is connected. */
  connected: boolean;
  /** The browser thinks it is online (navigator.onLine). */
  online: boolean;
  /** The first exchange with the server finished since the last (re)connect. */
  synced: boolean;
  /**
   * Local changes the server has not acknowledged as stored yet (sent or not). Only 0 is "Saved": an ack
   * comes once the change is in the database.
   */
  pending: number;
  /** The local copy (IndexedDB) is loaded. */
  localLoaded: boolean;
  /** The server refused the note (no access, not found) or an update; a sentence for people. */
  error: string | null;
  /** The user can only view. */
  readOnly: boolean;
  /** Local edits made while offline exist (kept on this device until the server has them). */
  unsyncedOffline: boolean;
}

export type StatusKind = "saved" | "saving" | "offline" | "connecting" | "error" | "readonly";

export interface Status {
  kind: StatusKind;
  label: string;
}

export const INITIAL_SYNC_STATE: SyncState = {
  connected: false,
  online: true,
  synced: false,
  pending: 0,
  localLoaded: false,
  error: null,
  readOnly: false,
  unsyncedOffline: false,
};

export function statusOf(state: SyncState): Status {
  if (state.error) return { kind: "error", label: state.error };
  const disconnected = !state.connected || !state.online;
  if (disconnected) {
    if (state.readOnly) return { kind: "offline", label: "Offline — showing the last copy" };
    if (state.pending > 0 || state.unsyncedOffline) {
      return { kind: "offline", label: "Offline — changes kept on this device" };
    }
    return state.synced || state.localLoaded
      ? { kind: "offline", label: "Offline — changes kept on this device" }
      : { kind: "connecting", label: "Connecting…" };
  }
  if (!state.synced) return { kind: "connecting", label: state.pending > 0 ? "Syncing…" : "Connecting…" };
  if (state.readOnly) return { kind: "readonly", label: "View only" };
  if (state.pending > 0 || state.unsyncedOffline) return { kind: "saving", label: "Saving…" };
  return { kind: "saved", label: "Saved" };
}
