// The presence protocol shared by the socket server and the browser islands (no server imports: islands bundle it).

export type PresenceStatus = "online" | "away" | "busy" | "offline";

/** `presence.changed` to `team:<id>`, and each entry of `presence:list`. */
export interface PresenceInfo {
  user_id: string;
  name?: string;
  status: PresenceStatus;
  custom_status: string | null;
  last_seen_at: string | null;
}

export interface Viewer {
  user_id: string;
  name: string;
}

/** `viewers.changed` to a record room: everyone who has that record open now. */
export interface ViewersChanged {
  room: string;
  viewers: Viewer[];
}

export const STATUS_LABELS: Record<PresenceStatus, string> = {
  online: "Online",
  away: "Away",
  busy: "Busy",
  offline: "Offline",
};

/** How often an open page tells the server it is still there (and whether its person is idle). */
export const HEARTBEAT_MS = 30_000;
/** No input for this long: away (unless the person chose busy). */
export const IDLE_MS = 5 * 60_000;

/** "Alice", "Alice and Bob", "Alice, Bob and Carol", "Alice, Bob and 3 others". */
export function namesSentence(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others`;
}
