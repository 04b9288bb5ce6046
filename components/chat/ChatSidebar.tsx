// The chat's own sidebar: channels, then direct and group messages, each with its unread count and a mention
// badge; links to browse channels, create one and start a conversation. Items are real links (/chat/<id>),
// so it works before the island hydrated; the island turns clicks into in-page navigation.
import { Avatar } from "../ui/Avatar.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";
import { badgeText, channelName, sidebarSections } from "../../lib/chat/client/channels.ts";
import type { Channel } from "../../lib/chat/client/types.ts";

export interface ChatSidebarProps {
  channels: Channel[];
  meId: string;
  activeId: string | null;
  browsing: boolean;
  disabled: boolean;
  onOpen(id: string, event: MouseEvent): void;
  onBrowse(event: MouseEvent): void;
  onNewChannel(): void;
  onNewDirect(): void;
}

function Item({ channel, meId, active, onOpen }: {
  channel: Channel;
  meId: string;
  active: boolean;
  onOpen(id: string, event: MouseEvent): void;
}) {
  const name = channelName(channel, meId);
  const unread = channel.unread_count > 0;
  const direct = channel.type === "dm" || channel.type === "group_dm";
  const parts = [name];
  if (channel.mention_count > 0) {
    parts.push(`${channel.mention_count} ${channel.mention_count === 1 ? "mention" : "mentions"}`);
  }
  if (unread) parts.push(`${channel.unread_count} unread`);
  return (
    <li>
      <a
        class={cx("chat-side-item", unread && "chat-side-item-unread")}
        href={`/chat/${channel.id}`}
        aria-current={active ? "page" : undefined}
        data-channel-id={channel.id}
        onClick={(event) => onOpen(channel.id, event)}
      >
        {direct ? <Avatar name={name} size="xs" /> : (
          <span class="chat-side-icon" aria-hidden="true">
            {channel.type === "private" ? <Icon name="lock" size="sm" /> : "#"}
          </span>
        )}
        <span class="chat-side-name">{name}</span>
        {/* The name is the link's text plus this ("deals, 3 unread"): no aria-label hiding what is shown. */}
        {parts.length > 1 && <span class="visually-hidden">{parts.slice(1).map((part) => `, ${part}`).join("")}</span>}
        {channel.archived_at && <span class="chat-side-tag">archived</span>}
        {channel.mention_count > 0 && (
          <span class="chat-badge chat-badge-mention" aria-hidden="true">@{badgeText(channel.mention_count)}</span>
        )}
        {unread && channel.mention_count === 0 && (
          <span class="chat-badge" aria-hidden="true">{badgeText(channel.unread_count)}</span>
        )}
      </a>
    </li>
  );
}

export function ChatSidebar(props: ChatSidebarProps) {
  const sections = sidebarSections(props.channels, props.meId, props.activeId);
  return (
    <nav class="chat-side" aria-label="Conversations">
      <div class="chat-side-head">
        <h1 class="chat-side-title">Chat</h1>
        <button
          type="button"
          class="btn btn-secondary btn-sm chat-side-new"
          onClick={props.onNewDirect}
          disabled={props.disabled}
          title="New message"
        >
          <Icon name="edit" size="sm" />
          <span>New message</span>
        </button>
      </div>
      <div class="chat-side-scroll">
        <section class="chat-side-section" aria-labelledby="chat-side-channels">
          <div class="chat-side-heading">
            <h2 id="chat-side-channels">Channels</h2>
            <button
              type="button"
              class="chat-icon-button"
              aria-label="Create a channel"
              title="Create a channel"
              onClick={props.onNewChannel}
              disabled={props.disabled}
            >
              <Icon name="plus" size="sm" />
            </button>
          </div>
          <ul class="chat-side-list">
            {sections.channels.map((c) => (
              <Item key={c.id} channel={c} meId={props.meId} active={c.id === props.activeId} onOpen={props.onOpen} />
            ))}
            <li>
              <a
                class="chat-side-item chat-side-browse"
                href="/chat/browse"
                aria-current={props.browsing ? "page" : undefined}
                onClick={props.onBrowse}
              >
                <span class="chat-side-icon" aria-hidden="true">
                  <Icon name="search" size="sm" />
                </span>
                <span class="chat-side-name">Browse channels</span>
              </a>
            </li>
          </ul>
        </section>
        <section class="chat-side-section" aria-labelledby="chat-side-direct">
          <div class="chat-side-heading">
            <h2 id="chat-side-direct">Direct messages</h2>
            <button
              type="button"
              class="chat-icon-button"
              aria-label="Start a direct message"
              title="Start a direct message"
              onClick={props.onNewDirect}
              disabled={props.disabled}
            >
              <Icon name="plus" size="sm" />
            </button>
          </div>
          <ul class="chat-side-list">
            {sections.direct.map((c) => (
              <Item key={c.id} channel={c} meId={props.meId} active={c.id === props.activeId} onOpen={props.onOpen} />
            ))}
            {sections.direct.length === 0 && <li class="chat-side-empty">No conversations yet.</li>}
          </ul>
        </section>
      </div>
    </nav>
  );
}
