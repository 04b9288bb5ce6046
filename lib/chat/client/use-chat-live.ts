// The chat island's live side, as hooks: the outbox and the socket's chat events, one room per channel I am
// in, the open channel's typing and read receipts, the tab title and the page's unread badge.
import { useEffect, useMemo, useRef } from "preact/hooks";
import { realtime, type RoomEvent, subscribe } from "../../bus/client/connection.ts";
import { reportChatTotals } from "./unread-live.ts";
import { ask, RETRYABLE } from "./ask.ts";
import { channelTitle, markRead, tabTitle, totals } from "./channels.ts";
import { ingest, linkFiles, loadFirst, loadReaders, refreshChannels } from "./load.ts";
import { latestSeq } from "./messages.ts";
import { followLocation } from "./navigate.ts";
import { localStore, Outbox, outboxKey, type SendResult } from "./outbox.ts";
import { activeChannel, type ChatState, reading } from "./state.ts";
import type { Message, OutboxItem } from "./types.ts";

const TYPING_SHOWN_MS = 6500;

/** Everything live for the chat island; call once from it. */
export function useChatLive(s: ChatState, hydrated: boolean) {
  useOutboxAndSocket(s);
  useChannelRooms(s, hydrated);
  useTypingFade(s);
  useVisibility(s);
  useMarkRead(s, hydrated);
  useReaders(s, hydrated);
  useTitleAndBadge(s, hydrated);
  useToastTimeout(s);
  useEffect(() => {
    const onPop = () => followLocation(s);
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
}

function useOutboxAndSocket(s: ChatState) {
  const me = s.me;
  useEffect(() => {
    const socket = realtime();
    const sender = async (item: OutboxItem): Promise<SendResult> => {
      const reply = await ask("chat:send", {
        channel_id: item.channel_id,
        client_id: item.client_id,
        body: item.body,
        ...(item.parent_id ? { parent_id: item.parent_id } : {}),
      });
      if (reply.ok) {
        const message = reply.message as Message;
        ingest(s, message, true);
        linkFiles(s, message);
        return { ok: true, message };
      }
      const retry = reply.error.code === "offline" || RETRYABLE.has(reply.error.code);
      if (retry && socket.connected) setTimeout(() => void s.outbox.current?.flush(), 3000);
      return { ok: false, retry, error: reply.error.message };
    };
    const box = new Outbox(localStore(outboxKey(me.id)), sender);
    s.outbox.current = box;
    const sync = () => s.outboxItems.value = box.items();
    const offChange = box.onChange(sync);
    sync();

    const onConnect = () => {
      s.connected.value = true;
      void box.flush();
      void refreshChannels(s);
      const id = s.activeId.value;
      if (id) void loadFirst(s, id);
    };
    const onDisconnect = () => s.connected.value = false;
    const onTyping = (event: { channel_id: string; user_id: string; name: string; typing: boolean }) => {
      if (!event || event.user_id === me.id) return;
      const t = s.typing.value;
      const inChannel = { ...(t[event.channel_id] ?? {}) };
      if (event.typing) inChannel[event.user_id] = { name: event.name, until: Date.now() + TYPING_SHOWN_MS };
      else delete inChannel[event.user_id];
      s.typing.value = { ...t, [event.channel_id]: inChannel };
    };
    const onRead = (event: { channel_id: string; user_id: string; seq: number }) => {
      if (!event) return;
      if (event.user_id === me.id) {
        s.channels.value = s.channels.value.map((c) => c.id === event.channel_id ? markRead(c, event.seq) : c);
        return;
      }
      const all = s.readers.value;
      const list = all[event.channel_id];
      if (!list) return;
      s.readers.value = {
        ...all,
        [event.channel_id]: list.map((m) =>
          m.id === event.user_id ? { ...m, last_read_seq: Math.max(m.last_read_seq ?? 0, event.seq) } : m
        ),
      };
    };
    // A channel was created, renamed, archived or its members changed: the list is refetched.
    let noticeTimer: ReturnType<typeof setTimeout> | undefined;
    const onChannelNotice = () => {
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => void refreshChannels(s), 150);
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === outboxKey(me.id)) sync();
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("chat:typing", onTyping);
    socket.on("chat:read", onRead);
    socket.on("chat:channel", onChannelNotice);
    addEventListener("storage", onStorage);
    s.connected.value = socket.connected;
    if (socket.connected) onConnect();
    return () => {
      offChange();
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("chat:typing", onTyping);
      socket.off("chat:read", onRead);
      socket.off("chat:channel", onChannelNotice);
      clearTimeout(noticeTimer);
      removeEventListener("storage", onStorage);
    };
  }, []);
}

/** One room per channel I am in (for live unread counts), plus the one open for a preview. */
function useChannelRooms(s: ChatState, hydrated: boolean) {
  const channels = s.channels.value;
  const activeId = s.activeId.value;
  const connected = s.connected.value;
  const roomIds = useMemo(() => {
    const ids = new Set(channels.filter((c) => c.is_member).map((c) => c.id));
    if (activeId) ids.add(activeId);
    return [...ids].sort().join(",");
  }, [channels, activeId]);
  const rooms = useRef(new Map<string, () => void>());
  useEffect(() => {
    if (!hydrated) return;
    const wanted = new Set(roomIds ? roomIds.split(",") : []);
    for (const [id, stop] of rooms.current) {
      if (!wanted.has(id)) {
        stop();
        rooms.current.delete(id);
      }
    }
    for (const id of wanted) {
      if (rooms.current.has(id)) continue;
      rooms.current.set(
        id,
        subscribe(`channel:${id}`, {
          onEvent(event: RoomEvent) {
            if (event.type !== "message.created" && event.type !== "message.updated") return;
            const message = event.payload as Message;
            if (!message || typeof message.id !== "string") return;
            ingest(s, message, event.type === "message.created");
          },
          onReset() {
            void loadFirst(s, id);
          },
        }),
      );
    }
  }, [hydrated, roomIds]);
  useEffect(() => () => {
    for (const stop of rooms.current.values()) stop();
    rooms.current.clear();
  }, []);

  // The open channel's room is joined (typing and receipts flow): shown as data-live-channel for tests.
  useEffect(() => {
    if (!hydrated || !activeId || !connected) {
      s.liveChannel.value = null;
      return;
    }
    let current = true;
    void ask("join", { room: `channel:${activeId}` }).then((reply) => {
      if (current && reply.ok) s.liveChannel.value = activeId;
    });
    return () => {
      current = false;
    };
  }, [hydrated, activeId, connected, roomIds]);
}

/** Typing indicators fade when their sender goes quiet. */
function useTypingFade(s: ChatState) {
  const activeId = s.activeId.value;
  const someoneTyping = activeId ? Object.keys(s.typing.value[activeId] ?? {}).length > 0 : false;
  useEffect(() => {
    if (!someoneTyping) return;
    const timer = setInterval(() => {
      const now = Date.now();
      const t = s.typing.value;
      let changed = false;
      const next: typeof t = {};
      for (const [channel, people] of Object.entries(t)) {
        next[channel] = {};
        for (const [id, who] of Object.entries(people)) {
          if (who.until > now) next[channel][id] = who;
          else changed = true;
        }
      }
      if (changed) s.typing.value = next;
    }, 1000);
    return () => clearInterval(timer);
  }, [someoneTyping]);
}

/** Visibility decides whether new messages count as read. */
function useVisibility(s: ChatState) {
  useEffect(() => {
    const onVisibility = () => s.visible.value = document.visibilityState !== "hidden";
    onVisibility();
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);
}

/** Marks the open channel read when its newest messages are on screen. */
function useMarkRead(s: ChatState, hydrated: boolean) {
  const active = activeChannel(s);
  const activeMessages = active ? s.histories.value[active.id]?.messages : undefined;
  const { following, visible, pane, view } = s;
  useEffect(() => {
    if (!hydrated || !active || !active.is_member || !activeMessages) return;
    if (!reading(s, active.id)) return;
    const seq = latestSeq(activeMessages);
    if (seq <= active.last_read_seq && active.unread_count === 0 && active.mention_count === 0) return;
    s.channels.value = s.channels.value.map((c) => c.id === active.id ? markRead(c, seq) : c);
    if (seq > 0) void ask("chat:read", { channel_id: active.id, seq });
  }, [
    hydrated,
    active?.id,
    active?.unread_count,
    activeMessages,
    following.value,
    visible.value,
    pane.value,
    view.value,
  ]);
}

/** Members (read receipts) of the open channel. */
function useReaders(s: ChatState, hydrated: boolean) {
  const active = activeChannel(s);
  useEffect(() => {
    if (!hydrated || !active?.is_member) return;
    void loadReaders(s, active.id);
  }, [hydrated, active?.id, active?.is_member, active?.member_count]);
}

/** Tab title and the app sidebar's chat badge. */
function useTitleAndBadge(s: ChatState, hydrated: boolean) {
  const active = activeChannel(s);
  const count = totals(s.channels.value);
  const baseTitle = s.view.value === "browse"
    ? "Browse channels · Chat · Leadly"
    : active
    ? `${channelTitle(active, s.me.id)} · Chat · Leadly`
    : "Chat · Leadly";
  useEffect(() => {
    if (!hydrated) return;
    document.title = tabTitle(baseTitle, count);
    reportChatTotals(count);
  }, [hydrated, baseTitle, count.unread, count.mentions, count.direct]);
}

function useToastTimeout(s: ChatState) {
  const toast = s.toast.value;
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => s.toast.value = null, 6000);
    return () => clearTimeout(timer);
  }, [toast]);
}
