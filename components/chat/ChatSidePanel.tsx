// The chat island's side panel beside the open conversation: a thread, the pins, search, members or the
// channel's details.
import {
  addMembers,
  leave,
  noteTyping,
  openSearchHit,
  removeMember,
  runSearch,
  saveDetails,
  send,
} from "../../lib/chat/client/actions.ts";
import { channelTitle } from "../../lib/chat/client/channels.ts";
import { mergeMessages, pendingMessages, threadReplies } from "../../lib/chat/client/messages.ts";
import { canWriteActive, type ChatState, isPhone } from "../../lib/chat/client/state.ts";
import type { Channel, Message } from "../../lib/chat/client/types.ts";
import { Composer } from "./Composer.tsx";
import { DetailsPanel, MembersPanel, SearchPanel, SidePanel } from "./Panels.tsx";
import { type RenderMessage, useOpenChannel } from "./use-render-message.tsx";

export function ChatSidePanel(
  { s, active, hydrated, renderMessage }: {
    s: ChatState;
    active: Channel;
    hydrated: boolean;
    renderMessage: RenderMessage;
  },
) {
  const panel = s.panel.value;
  const close = () => s.panel.value = null;
  if (!panel) return null;
  if (panel.kind === "thread") {
    return (
      <SidePanel title="Thread" onClose={close}>
        <Thread s={s} rootId={panel.rootId} hydrated={hydrated} renderMessage={renderMessage} />
      </SidePanel>
    );
  }
  if (panel.kind === "pins") {
    return (
      <SidePanel title="Pinned messages" onClose={close}>
        <Pins s={s} active={active} renderMessage={renderMessage} />
      </SidePanel>
    );
  }
  if (panel.kind === "search") {
    const search = s.search.value;
    return (
      <SidePanel title="Search" onClose={close}>
        <SearchPanel
          channels={s.channels.value.filter((c) => c.is_member).map((c) => ({
            id: c.id,
            name: channelTitle(c, s.me.id),
          }))}
          members={s.members}
          initialChannel={active.is_member ? active.id : ""}
          results={search.results}
          loading={search.loading}
          error={search.error}
          disabled={!hydrated}
          onSearch={(q) => void runSearch(s, q)}
          onOpen={(m: Message) => openSearchHit(s, m)}
        />
      </SidePanel>
    );
  }
  if (panel.kind === "members") {
    return (
      <SidePanel title="Members" onClose={close}>
        <MembersPanel
          channel={active}
          members={s.readers.value[active.id] ?? null}
          team={s.members}
          meId={s.me.id}
          error={s.readersError.value}
          disabled={!hydrated}
          onAdd={(ids) => addMembers(s, ids)}
          onRemove={(id) => void removeMember(s, id)}
          onLeave={() => void leave(s, active.id)}
        />
      </SidePanel>
    );
  }
  return (
    <SidePanel title="Channel details" onClose={close}>
      <DetailsPanel key={active.id} channel={active} disabled={!hydrated} onSave={(input) => saveDetails(s, input)} />
    </SidePanel>
  );
}

function Thread(
  { s, rootId, hydrated, renderMessage }: {
    s: ChatState;
    rootId: string;
    hydrated: boolean;
    renderMessage: RenderMessage;
  },
) {
  const { allMessages, mentionable } = useOpenChannel(s);
  const threadRoot = allMessages.find((m) => m.id === rootId);
  if (!threadRoot) return <p class="chat-muted">This message is not loaded any more.</p>;
  const threadList = [
    ...threadReplies(allMessages, threadRoot.id),
    ...pendingMessages(s.outboxItems.value, allMessages, s.me, threadRoot.channel_id, threadRoot.id),
  ];
  return (
    <div class="chat-thread">
      <div class="chat-thread-root">{renderMessage(threadRoot, [threadRoot], 0, false)}</div>
      <p class="chat-thread-count">
        {threadRoot.reply_count === 1 ? "1 reply" : `${threadRoot.reply_count} replies`}
      </p>
      <div class="chat-thread-list" role="log" aria-label="Replies">
        {threadList.map((m, i) => renderMessage(m, threadList, i, false))}
      </div>
      {canWriteActive(s) && !threadRoot.deleted_at && (
        <Composer
          key={`thread-${threadRoot.id}`}
          id="chat-thread-composer"
          label="Reply in thread"
          placeholder="Reply…"
          members={mentionable}
          meId={s.me.id}
          disabled={!hydrated}
          autoFocus={!isPhone()}
          csrf={s.csrf}
          onSubmit={(body) => send(s, threadRoot.channel_id, body, threadRoot.id)}
          onTyping={() => noteTyping(s)}
          compact
        />
      )}
    </div>
  );
}

function Pins({ s, active, renderMessage }: { s: ChatState; active: Channel; renderMessage: RenderMessage }) {
  const pins = s.pins.value;
  const { allMessages } = useOpenChannel(s);
  const pinList = pins && pins.channelId === active.id
    ? mergeMessages(pins.items, allMessages.filter((m) => m.pinned_at)).filter((m) => m.pinned_at && !m.deleted_at)
    : [];
  return (
    <>
      {pins?.error && <p class="chat-form-error" role="alert">{pins.error}</p>}
      {pinList.length === 0
        ? <p class="chat-muted">Nothing pinned yet. Pin a message from its actions menu.</p>
        : (
          <div class="chat-pins">
            {pinList.map((m) => <div key={m.id} class="chat-pin">{renderMessage(m, [m], 0, false)}</div>)}
          </div>
        )}
    </>
  );
}
