// The unread chat count on the "Chat" item of the sidebar and of the phone bar (or of its "More" sheet, and then
// on "More" itself), on every page: rendered by the server with the counts of the moment, then live from the
// page's socket (lib/chat/client/unread-live.ts). A separate mark shows when some of it is in direct messages, so
// a DM never hides among channel chatter.
import { useEffect } from "preact/hooks";
import { liveUnread, startUnreadLive, unreadListening } from "@/lib/chat/client/unread-live.ts";
import { badgeText } from "@/lib/chat/client/channels.ts";

export interface ChatUnreadBadgeProps {
  userId: string;
  teamId: string;
  /** Totals when the page was rendered. */
  unread: number;
  direct: number;
  /** Which navigation it sits in (styles differ): the sidebar, the phone bar, or the phone's "More" sheet. */
  place: "sidebar" | "bottom" | "sheet";
}

/** "5 unread messages, 2 in direct messages": read after the link's own label ("Chat"). */
export function unreadLabel(unread: number, direct: number): string {
  if (unread <= 0) return "";
  const messages = `${unread} unread ${unread === 1 ? "message" : "messages"}`;
  return direct > 0 ? `${messages}, ${direct} in direct messages` : messages;
}

export default function ChatUnreadBadge(props: ChatUnreadBadgeProps) {
  useEffect(() => {
    startUnreadLive({ userId: props.userId, teamId: props.teamId }, { unread: props.unread, direct: props.direct });
  }, []);
  const counts = liveUnread.value ?? { unread: props.unread, direct: props.direct };
  const unread = Math.max(0, counts.unread);
  const direct = Math.min(unread, Math.max(0, counts.direct));
  return (
    <span
      class={`chat-unread chat-unread-${props.place}${direct > 0 ? " chat-unread-has-dm" : ""}`}
      data-chat-unread={unread}
      data-chat-direct={direct}
      data-live={unreadListening.value ? "true" : undefined}
    >
      {unread > 0 && <span class="chat-nav-badge" aria-hidden="true">{badgeText(unread)}</span>}
      {direct > 0 && <span class="chat-nav-dm" aria-hidden="true" title={`${direct} in direct messages`} />}
      {unread > 0 && <span class="visually-hidden">{unreadLabel(unread, direct)}</span>}
    </span>
  );
}
