// Unread chat kept live on every page, shared by every badge island of the page (the sidebar's and the phone
// bar's): one listener on the page's socket, one count. Counts up on the "chat:unread" hint a new message
// sends to its people's user rooms (lib/chat/unread.ts), and asks the server again when the person reads
// somewhere else, a channel changes, the socket reconnects or the tab comes back. On the chat page the chat
// island knows better (it follows every conversation) and reports its own totals here instead.
import { signal } from "@preact/signals";
import { realtime } from "../../bus/client/connection.ts";
import { request } from "../../client/api.ts";
import { totals } from "./channels.ts";
import type { Channel } from "./types.ts";

export interface UnreadCounts {
  unread: number;
  direct: number;
}

interface Hint {
  team_id?: string;
  channel_id?: string;
  sender_id?: string | null;
  direct?: boolean;
}

/** The page's live counts; null until a badge starts (it then shows what the server rendered). */
export const liveUnread = signal<UnreadCounts | null>(null);
/** True once the socket is connected and the counts were checked with the server: nothing is missed after. */
export const unreadListening = signal(false);

let started = false;
let fromChat = false;
let fetching = false;
let again = false;

/** The chat island's own totals, which win over the hints from then on. */
export function reportChatTotals(counts: UnreadCounts) {
  fromChat = true;
  const now = liveUnread.value;
  if (now?.unread === counts.unread && now?.direct === counts.direct) return;
  liveUnread.value = { unread: counts.unread, direct: counts.direct };
}

async function refresh(): Promise<void> {
  if (fromChat) return;
  if (fetching) {
    again = true;
    return;
  }
  fetching = true;
  // offline or refused: the count stays until the next reconnect
  const res = await request<{ data?: Channel[] }>("GET", "/api/v1/channels");
  fetching = false;
  if (res.ok) {
    const t = totals(res.body?.data ?? []);
    if (!fromChat) liveUnread.value = { unread: t.unread, direct: t.direct };
  }
  if (again) {
    again = false;
    await refresh();
  }
}

/** Starts following (once per page). */
export function startUnreadLive(me: { userId: string; teamId: string }, initial: UnreadCounts) {
  if (started) return;
  started = true;
  liveUnread.value ??= initial;
  const socket = realtime();
  socket.on("chat:unread", (hint: Hint | null) => {
    if (fromChat || !hint || hint.team_id !== me.teamId || hint.sender_id === me.userId) return;
    // counted now; a refresh in flight may or may not include it, so it asks once more
    if (fetching) again = true;
    const now = liveUnread.value ?? initial;
    liveUnread.value = { unread: now.unread + 1, direct: now.direct + (hint.direct ? 1 : 0) };
  });
  socket.on("chat:read", (event: { user_id?: string } | null) => {
    if (event?.user_id === me.userId) void refresh();
  });
  socket.on("chat:channel", () => void refresh());
  // the server-rendered count may be older than the socket (a cached page, events before connecting)
  const connectedNow = () => void refresh().then(() => unreadListening.value = socket.connected);
  socket.on("connect", connectedNow);
  socket.on("disconnect", () => unreadListening.value = false);
  if (socket.connected) connectedNow();
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void refresh();
  });
}
