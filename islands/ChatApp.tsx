// The team chat workspace: conversation list, the open conversation (virtualized message list with backwards
// pagination, composer), and a side panel for threads, pins, search, members and channel details. Server
// rendered with the first page of messages; once hydrated it joins each of my channels' rooms on the page's
// shared socket (lib/bus/client/connection.ts), so messages, edits, reactions and pins arrive live,
// and after a reconnect the connection replays what was missed. Messages go through the offline outbox
// (lib/chat/client/outbox.ts): typed while disconnected they show "sending…" and are sent once on reconnect.
//
// The state is one set of signals (lib/chat/client/state.ts) shared by the parts: what people do is in
// lib/chat/client/actions.ts, what arrives live in lib/chat/client/use-chat-live.ts, the conversation and the side
// panel in components/chat/.
import { useMemo } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { activeChannel, type ChatAppProps, type ChatState, createChatState } from "@/lib/chat/client/state.ts";
import { createChannel, deleteMessage, join, startDirect } from "@/lib/chat/client/actions.ts";
import { goBrowse, goHome, linkClick, openChannel } from "@/lib/chat/client/navigate.ts";
import { useChatLive } from "@/lib/chat/client/use-chat-live.ts";
import { ChatSidebar } from "@/components/chat/ChatSidebar.tsx";
import { Conversation } from "@/components/chat/Conversation.tsx";
import { useRenderMessage } from "@/components/chat/use-render-message.tsx";
import { BrowseView } from "@/components/chat/BrowseView.tsx";
import { LazyChatDialogs, LazyChatSidePanel } from "@/components/chat/lazy.tsx";
import { Icon } from "@/components/ui/Icon.tsx";

export type { ChatAppProps };

export default function ChatApp(props: ChatAppProps) {
  const hydrated = useHydrated();
  const s = useMemo(() => createChatState(props), []);
  useChatLive(s, hydrated);
  const renderMessage = useRenderMessage(s, hydrated);

  const channels = s.channels.value;
  const view = s.view.value;
  const active = activeChannel(s);
  const inConversation = active && view === "channel" ? active : null;
  const panelOpen = Boolean(s.panel.value && inConversation);
  const connected = s.connected.value;
  const link = (go: () => void) => linkClick(hydrated, go);

  return (
    <div
      class="chat-app"
      data-pane={s.pane.value}
      data-panel={panelOpen ? "open" : undefined}
      data-hydrated={hydrated ? "true" : undefined}
      data-live-channel={s.liveChannel.value ?? undefined}
      data-connected={hydrated ? String(connected) : undefined}
    >
      <ChatSidebar
        channels={channels}
        meId={s.me.id}
        activeId={view === "channel" ? s.activeId.value : null}
        browsing={view === "browse"}
        disabled={!hydrated}
        onOpen={(id, event) => link(() => openChannel(s, id))(event)}
        onBrowse={link(() => goBrowse(s))}
        onNewChannel={() => s.dialog.value = { kind: "new-channel" }}
        onNewDirect={() => s.dialog.value = { kind: "new-direct" }}
      />
      <div class="chat-main">
        {hydrated && !connected && (
          <p class="chat-offline" role="status">
            You are offline. Messages you send now are kept and delivered when the connection is back.
          </p>
        )}
        {view === "browse"
          ? (
            <BrowseView
              channels={channels}
              disabled={!hydrated}
              busyId={s.busyJoin.value}
              error={s.browseError.value}
              onJoin={(id) => void join(s, id)}
              onOpen={(id, event) => link(() => openChannel(s, id))(event)}
              onNewChannel={() => s.dialog.value = { kind: "new-channel" }}
              onBack={() => goHome(s)}
            />
          )
          : inConversation
          ? <Conversation s={s} active={inConversation} hydrated={hydrated} renderMessage={renderMessage} />
          : <NoConversation s={s} hydrated={hydrated} loadError={props.loadError} />}
      </div>
      {inConversation && panelOpen && (
        <LazyChatSidePanel s={s} active={inConversation} hydrated={hydrated} renderMessage={renderMessage} />
      )}
      <Toast s={s} />
      {s.dialog.value && (
        <LazyChatDialogs
          s={s}
          onCreateChannel={(input) => createChannel(s, input)}
          onStartDirect={(ids) => startDirect(s, ids)}
          onDeleteMessage={(message) => void deleteMessage(s, message)}
        />
      )}
    </div>
  );
}

function NoConversation({ s, hydrated, loadError }: { s: ChatState; hydrated: boolean; loadError: string | null }) {
  return (
    <div class="chat-state chat-empty">
      <span class="empty-icon">
        <Icon name="message" size="lg" />
      </span>
      <h2 class="empty-title">{s.channels.value.length === 0 ? "No conversations yet" : "Pick a conversation"}</h2>
      <p class="empty-text">
        {loadError ?? "Channels keep the team's talk in one place; direct messages are for one-to-one."}
      </p>
      <div class="row gap-2">
        <button
          type="button"
          class="btn btn-primary"
          disabled={!hydrated}
          onClick={() => s.dialog.value = { kind: "new-channel" }}
        >
          Create a channel
        </button>
        <a class="btn btn-secondary" href="/chat/browse" onClick={linkClick(hydrated, () => goBrowse(s))}>
          Browse channels
        </a>
      </div>
    </div>
  );
}

function Toast({ s }: { s: ChatState }) {
  const toast = s.toast.value;
  if (!toast) return null;
  return (
    <div class="chat-toast" role="alert">
      <span>{toast}</span>
      <button type="button" class="chat-icon-button" aria-label="Dismiss" onClick={() => s.toast.value = null}>
        <Icon name="x" size="sm" />
      </button>
    </div>
  );
}
