// The open conversation of the chat island: its header and tools, the message list (or its loading and
// error states), who is typing, and the composer (or why I cannot write here).
import { useMemo, useRef } from "preact/hooks";
import { join, noteTyping, openPanel, send } from "../../lib/chat/client/actions.ts";
import { channelName, channelTitle, isDirect } from "../../lib/chat/client/channels.ts";
import { loadFirst, loadOlder } from "../../lib/chat/client/load.ts";
import { pendingMessages, topLevel, typingLabel } from "../../lib/chat/client/messages.ts";
import { goHome, linkClick } from "../../lib/chat/client/navigate.ts";
import { canWriteActive, type ChatState, isPhone, type Panel } from "../../lib/chat/client/state.ts";
import type { Channel, Message } from "../../lib/chat/client/types.ts";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";
import { ChatIcon } from "./ChatIcons.tsx";
import { Composer } from "./Composer.tsx";
import { MessageList } from "./MessageList.tsx";
import { type RenderMessage, useOpenChannel } from "./use-render-message.tsx";

function firstName(name: string): string {
  return name.split(" ")[0] || name;
}

export function Conversation(
  { s, active, hydrated, renderMessage }: {
    s: ChatState;
    active: Channel;
    hydrated: boolean;
    renderMessage: RenderMessage;
  },
) {
  const me = s.me;
  const history = s.histories.value[active.id];
  const canWrite = canWriteActive(s);
  const { allMessages, mentionable } = useOpenChannel(s);
  const outboxItems = s.outboxItems.value;
  const channelPending = useMemo(
    () => pendingMessages(outboxItems, allMessages, me, active.id, null),
    [outboxItems, allMessages, active.id],
  );
  const listItems = useMemo(() => [...topLevel(allMessages), ...channelPending], [allMessages, channelPending]);
  const typingText = typingLabel(Object.values(s.typing.value[active.id] ?? {}).map((t) => firstName(t.name)));
  const swipe = useSwipeBack(s);

  const editLast = () => {
    const mine = [...topLevel(allMessages)].reverse().find((m) => m.sender_id === me.id && !m.deleted_at);
    if (mine) s.editingId.value = mine.id;
  };

  return (
    <section
      class="chat-conv"
      aria-labelledby="chat-conv-title"
      data-channel-id={active.id}
      onTouchStart={swipe.onTouchStart}
      onTouchEnd={swipe.onTouchEnd}
    >
      <header class="chat-conv-head">
        <a
          class="chat-icon-button chat-back"
          href="/chat"
          aria-label="Back to conversations"
          onClick={linkClick(hydrated, () => goHome(s))}
        >
          <Icon name="chevron-right" class="chat-flip" />
        </a>
        <div class="chat-conv-heading">
          <h2 id="chat-conv-title" class="chat-conv-title">
            {isDirect(active)
              ? null
              : active.type === "private"
              ? <Icon name="lock" size="sm" />
              : <span class="chat-hash" aria-hidden="true">#</span>}
            <span>{channelName(active, me.id)}</span>
            {active.archived_at && <span class="chat-side-tag">archived</span>}
          </h2>
          {active.topic && <p class="chat-conv-topic">{active.topic}</p>}
        </div>
        <ConversationTools s={s} active={active} hydrated={hydrated} />
      </header>
      {history?.error && !history.loaded
        ? (
          <div class="chat-state" role="alert">
            <p>{history.error}</p>
            <button type="button" class="btn btn-secondary btn-sm" onClick={() => void loadFirst(s, active.id)}>
              Try again
            </button>
          </div>
        )
        : !history?.loaded
        ? (
          <div class="chat-state" role="status">
            <span class="chat-spinner" aria-hidden="true" /> Loading messages…
          </div>
        )
        : (
          <MessageList
            key={active.id}
            items={listItems}
            hasMore={history.nextBefore !== null}
            loadingOlder={history.loadingOlder}
            olderError={history.olderError}
            onLoadOlder={() => void loadOlder(s, active.id)}
            onBottomChange={(following) => s.following.value = following}
            bottomSignal={s.bottomSignal.value}
            label={`Messages in ${channelTitle(active, me.id)}`}
            renderItem={(m: Message, i: number) => renderMessage(m, listItems, i, true)}
            start={
              <div class="chat-beginning">
                <h3>
                  {isDirect(active)
                    ? `This is the beginning of your conversation with ${channelName(active, me.id)}.`
                    : `This is the very beginning of #${active.name}.`}
                </h3>
                {active.description && <p>{active.description}</p>}
              </div>
            }
          />
        )}
      <p class="chat-typing" aria-live="polite">{typingText}</p>
      {canWrite
        ? (
          <Composer
            key={`composer-${active.id}`}
            id="chat-composer"
            label={`Message ${channelTitle(active, me.id)}`}
            placeholder={`Message ${channelTitle(active, me.id)}`}
            members={mentionable}
            meId={me.id}
            disabled={!hydrated}
            csrf={s.csrf}
            onSubmit={(body) => send(s, active.id, body, null)}
            onTyping={() => noteTyping(s)}
            onEditLast={editLast}
          />
        )
        : active.archived_at
        ? <p class="chat-readonly">This channel is archived. Its history stays readable.</p>
        : (
          <div class="chat-readonly">
            <span>You are previewing #{active.name}.</span>
            <button
              type="button"
              class="btn btn-primary btn-sm"
              disabled={!hydrated || s.busyJoin.value === active.id}
              onClick={() => void join(s, active.id)}
            >
              Join channel
            </button>
          </div>
        )}
    </section>
  );
}

/** The header's buttons that open the side panels. */
function ConversationTools({ s, active, hydrated }: { s: ChatState; active: Channel; hydrated: boolean }) {
  const panel = s.panel.value;
  const tool = (kind: Panel["kind"]) => ({
    type: "button" as const,
    class: cx("chat-tool-button", panel?.kind === kind && "is-on"),
    onClick: () => void openPanel(s, { kind } as Panel),
  });
  return (
    <div class="chat-conv-tools">
      <button
        {...tool("members")}
        aria-label={`Members: ${active.member_count}`}
        title="Members"
        disabled={!hydrated}
      >
        <Icon name="users" size="sm" />
        <span class="chat-tool-count">{active.member_count}</span>
      </button>
      <button {...tool("pins")} aria-label="Pinned messages" title="Pinned messages" disabled={!hydrated}>
        <ChatIcon name="pin" />
      </button>
      <button {...tool("search")} aria-label="Search messages" title="Search messages" disabled={!hydrated}>
        <Icon name="search" size="sm" />
      </button>
      <button
        {...tool("details")}
        aria-label="Channel details"
        title="Channel details"
        disabled={!hydrated || !active.is_member}
      >
        <Icon name="info" size="sm" />
      </button>
    </div>
  );
}

/** On phones a swipe right closes the side panel, or goes back to the conversation list. */
function useSwipeBack(s: ChatState) {
  const swipe = useRef<{ x: number; y: number; t: number } | null>(null);
  return {
    onTouchStart(event: TouchEvent) {
      const touch = event.touches[0];
      swipe.current = touch ? { x: touch.clientX, y: touch.clientY, t: Date.now() } : null;
    },
    onTouchEnd(event: TouchEvent) {
      const start = swipe.current;
      swipe.current = null;
      const touch = event.changedTouches[0];
      if (!start || !touch || !isPhone()) return;
      const dx = touch.clientX - start.x;
      const dy = Math.abs(touch.clientY - start.y);
      if (dx > 80 && dy < dx / 2 && Date.now() - start.t < 800) {
        if (s.panel.value) s.panel.value = null;
        else goHome(s);
      }
    },
  };
}
