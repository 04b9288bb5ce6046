// The team chat workspace: conversation list, the open conversation (virtualized message list with backwards
// pagination, composer), and a side panel for threads, pins, search, members and channel details. Server
// rendered with the first page of messages; once hydrated it joins each of my channels' rooms on the page's
// shared socket (lib/realtime-client/connection.ts), so messages, edits, reactions and pins arrive live,
// and after a reconnect the connection replays what was missed. Messages go through the offline outbox
// (lib/chat-ui/outbox.ts): typed while disconnected they show "sending…" and are sent once on reconnect.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { realtime, type RoomEvent, subscribe } from "../lib/realtime-client/connection.ts";
import { reportChatTotals } from "../lib/chat-ui/unread-live.ts";
import { useHydrated } from "../lib/web/hydrated.ts";
import { type Api, createApi, errorText } from "../lib/chat-ui/api.ts";
import {
  channelName,
  channelTitle,
  countIncoming,
  isDirect,
  markRead,
  tabTitle,
  totals,
} from "../lib/chat-ui/channels.ts";
import {
  dayKey,
  isPending,
  latestSeq,
  mergeMessages,
  pendingMessages,
  seenBy,
  seenLabel,
  startsGroup,
  threadReplies,
  topLevel,
  typingLabel,
} from "../lib/chat-ui/messages.ts";
import { localStore, newClientId, Outbox, outboxKey, type SendResult } from "../lib/chat-ui/outbox.ts";
import type { Channel, ChannelMember, Member, Message, OutboxItem } from "../lib/chat-ui/types.ts";
import { attachmentsOf } from "../lib/chat-ui/attachments.ts";
import { api as filesApi } from "../lib/files/client.ts";
import { ChatSidebar } from "../components/chat/ChatSidebar.tsx";
import { Composer } from "../components/chat/Composer.tsx";
import { type MessageAction, MessageItem } from "../components/chat/MessageItem.tsx";
import { MessageList } from "../components/chat/MessageList.tsx";
import { ConfirmDialog, NewChannelDialog, type NewChannelInput, NewDirectDialog } from "../components/chat/Dialogs.tsx";
import {
  BrowseView,
  type DetailsInput,
  DetailsPanel,
  MembersPanel,
  SearchPanel,
  type SearchQuery,
  SidePanel,
} from "../components/chat/Panels.tsx";
import { Icon } from "../components/ui/Icon.tsx";
import { ChatIcon } from "../components/chat/ChatIcons.tsx";
import { cx } from "../components/ui/cx.ts";

export interface ChatAppProps {
  me: Member;
  csrf: string;
  channels: Channel[];
  /** Teammates (for mentions, DMs and invitations). */
  members: Member[];
  activeId: string | null;
  /** First page of the active channel, oldest first. */
  messages: Message[];
  nextBefore: number | null;
  /** "home": /chat (on phones the conversation list); "channel": /chat/<id>; "browse": /chat/browse. */
  view: "home" | "channel" | "browse";
  loadError: string | null;
  /** Team owner or admin: may delete anyone's message. */
  canModerate: boolean;
}

interface History {
  messages: Message[];
  nextBefore: number | null;
  loaded: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  error: string | null;
}

type Panel =
  | { kind: "thread"; rootId: string }
  | { kind: "pins" }
  | { kind: "search" }
  | { kind: "members" }
  | { kind: "details" };

type Dialog =
  | { kind: "new-channel" }
  | { kind: "new-direct" }
  | { kind: "delete"; message: Message };

type Reply = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

const PAGE = 50;
const TYPING_EVERY_MS = 3000;
const TYPING_IDLE_MS = 4000;
const TYPING_SHOWN_MS = 6500;
const RETRYABLE = new Set(["rate_limited", "unavailable", "internal", "timeout"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function emptyHistory(): History {
  return { messages: [], nextBefore: null, loaded: false, loadingOlder: false, olderError: null, error: null };
}

function isPhone(): boolean {
  return typeof matchMedia === "function" && matchMedia("(max-width: 767.98px)").matches;
}

/** A socket request that never throws: a timeout or a dropped connection becomes `{ok:false}`. */
async function ask(event: string, payload: unknown, timeoutMs = 8000): Promise<Reply> {
  const socket = realtime();
  if (!socket.connected) {
    return {
      ok: false,
      error: { code: "offline", message: "You are offline. Try again when the connection is back." },
    };
  }
  try {
    return await socket.timeout(timeoutMs).emitWithAck(event, payload) as Reply;
  } catch {
    return { ok: false, error: { code: "timeout", message: "The server did not answer in time. Try again." } };
  }
}

function firstName(name: string): string {
  return name.split(" ")[0] || name;
}

export default function ChatApp(props: ChatAppProps) {
  const hydrated = useHydrated();
  const me = props.me;
  const api: Api = useMemo(() => createApi(props.csrf), [props.csrf]);

  const [channels, setChannels] = useState<Channel[]>(props.channels);
  const [activeId, setActiveId] = useState<string | null>(props.activeId);
  const [view, setView] = useState<"channel" | "browse">(props.view === "browse" ? "browse" : "channel");
  const [pane, setPane] = useState<"list" | "main">(props.view === "home" ? "list" : "main");
  const [histories, setHistories] = useState<Record<string, History>>(() =>
    props.activeId
      ? {
        [props.activeId]: {
          ...emptyHistory(),
          messages: mergeMessages([], props.messages),
          nextBefore: props.nextBefore,
          loaded: !props.loadError,
          error: props.loadError,
        },
      }
      : {}
  );
  const [outboxItems, setOutboxItems] = useState<OutboxItem[]>([]);
  const [typing, setTyping] = useState<Record<string, Record<string, { name: string; until: number }>>>({});
  const [readers, setReaders] = useState<Record<string, ChannelMember[]>>({});
  const [readersError, setReadersError] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [connected, setConnected] = useState(true);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [pickerFor, setPickerFor] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const [bottomSignal, setBottomSignal] = useState(0);
  const [following, setFollowing] = useState(true);
  const [visible, setVisible] = useState(true);
  const [pins, setPins] = useState<{ channelId: string; items: Message[]; error: string | null } | null>(null);
  const [search, setSearch] = useState<{ results: Message[] | null; loading: boolean; error: string | null }>({
    results: null,
    loading: false,
    error: null,
  });
  const [busyJoin, setBusyJoin] = useState<string | null>(null);
  const [browseError, setBrowseError] = useState<string | null>(null);

  const outbox = useRef<Outbox | null>(null);
  const live = useRef({ channels, activeId, view, pane, histories, following, visible, panel });
  live.current = { channels, activeId, view, pane, histories, following, visible, panel };
  const typingSent = useRef<{ channel: string | null; at: number; timer?: ReturnType<typeof setTimeout> }>({
    channel: null,
    at: 0,
  });
  const swipe = useRef<{ x: number; y: number; t: number } | null>(null);

  const active = channels.find((c) => c.id === activeId) ?? null;
  const history = activeId ? histories[activeId] : undefined;
  const canWrite = Boolean(active && active.is_member && !active.archived_at);

  // ---------------------------------------------------------------- data

  const patchHistory = useCallback((id: string, fn: (h: History) => History) => {
    setHistories((all) => {
      const next = fn(all[id] ?? emptyHistory());
      return next === all[id] ? all : { ...all, [id]: next };
    });
  }, []);

  /** Whether the person is looking at the newest messages of `id` right now. */
  const reading = (id: string) => {
    const s = live.current;
    return s.activeId === id && s.view === "channel" && s.visible && s.following && (s.pane === "main" || !isPhone());
  };

  const ingest = useCallback((message: Message, created: boolean) => {
    patchHistory(message.channel_id, (h) => {
      const merged = mergeMessages(h.messages, [message]);
      return merged === h.messages ? h : { ...h, messages: merged };
    });
    setChannels((all) =>
      all.map((c) =>
        c.id === message.channel_id ? countIncoming(c, message, { meId: me.id, reading: reading(c.id), created }) : c
      )
    );
    if (created) {
      setTyping((t) => {
        const inChannel = t[message.channel_id];
        const sender = message.sender_id;
        if (!sender || !inChannel?.[sender]) return t;
        const { [sender]: _gone, ...rest } = inChannel;
        return { ...t, [message.channel_id]: rest };
      });
    }
  }, [me.id]);

  const refreshChannels = useCallback(async () => {
    const res = await api<{ data: Channel[] }>("GET", "/api/v1/channels");
    if (res.ok && Array.isArray(res.body.data)) setChannels(res.body.data);
    return res;
  }, [api]);

  const loadFirst = useCallback(async (id: string) => {
    patchHistory(id, (h) => ({ ...h, loadingOlder: !h.loaded, error: null }));
    const res = await api<{ data: Message[]; next_before: number | null }>(
      "GET",
      `/api/v1/channels/${id}/messages?limit=${PAGE}`,
    );
    if (!res.ok || !Array.isArray(res.body.data)) {
      patchHistory(
        id,
        (h) => ({ ...h, loadingOlder: false, error: errorText(res, "The messages could not be loaded") }),
      );
      return;
    }
    patchHistory(id, (h) => ({
      ...h,
      messages: mergeMessages(h.messages, res.body.data),
      // A refresh after a reconnect must not forget how far back this history was already loaded.
      nextBefore: h.loaded ? h.nextBefore : res.body.next_before ?? null,
      loaded: true,
      loadingOlder: false,
      error: null,
    }));
  }, [api]);

  const loadOlder = useCallback(async (id: string) => {
    const h = live.current.histories[id];
    if (!h || h.nextBefore === null || h.loadingOlder) return;
    patchHistory(id, (x) => ({ ...x, loadingOlder: true, olderError: null }));
    const res = await api<{ data: Message[]; next_before: number | null }>(
      "GET",
      `/api/v1/channels/${id}/messages?before=${h.nextBefore}&limit=${PAGE}`,
    );
    if (!res.ok || !Array.isArray(res.body.data)) {
      patchHistory(id, (x) => ({
        ...x,
        loadingOlder: false,
        olderError: errorText(res, "Older messages could not be loaded"),
      }));
      return;
    }
    patchHistory(id, (x) => ({
      ...x,
      messages: mergeMessages(x.messages, res.body.data),
      nextBefore: res.body.next_before ?? null,
      loadingOlder: false,
    }));
  }, [api]);

  const loadReaders = useCallback(async (id: string) => {
    setReadersError(null);
    const res = await api<{ data: (ChannelMember & { user_id?: string; full_name?: string })[] }>(
      "GET",
      `/api/v1/channels/${id}/members`,
    );
    if (!res.ok || !Array.isArray(res.body.data)) {
      setReadersError(errorText(res, "The members could not be loaded"));
      return;
    }
    const list = res.body.data.map((m) => ({
      ...m,
      id: m.id ?? m.user_id,
      name: m.name ?? m.full_name ?? "Someone",
      last_read_seq: Number(m.last_read_seq ?? 0),
    }));
    setReaders((all) => ({ ...all, [id]: list }));
  }, [api]);

  // ---------------------------------------------------------------- realtime

  /** Attaches the files a message of mine links to (uploaded from the composer) to that message. */
  const linkFiles = (message: Message) => {
    for (const file of attachmentsOf(message.body ?? "")) {
      void filesApi("POST", `/api/v1/files/${file.id}/links`, props.csrf, {
        target_type: "message",
        target_id: message.id,
      });
    }
  };

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
        ingest(message, true);
        linkFiles(message);
        return { ok: true, message };
      }
      const retry = reply.error.code === "offline" || RETRYABLE.has(reply.error.code);
      if (retry && socket.connected) setTimeout(() => void outbox.current?.flush(), 3000);
      return { ok: false, retry, error: reply.error.message };
    };
    const box = new Outbox(localStore(outboxKey(me.id)), sender);
    outbox.current = box;
    const sync = () => setOutboxItems(box.items());
    const offChange = box.onChange(sync);
    sync();

    const onConnect = () => {
      setConnected(true);
      void box.flush();
      void refreshChannels();
      const id = live.current.activeId;
      if (id) void loadFirst(id);
    };
    const onDisconnect = () => setConnected(false);
    const onTyping = (event: { channel_id: string; user_id: string; name: string; typing: boolean }) => {
      if (!event || event.user_id === me.id) return;
      setTyping((t) => {
        const inChannel = { ...(t[event.channel_id] ?? {}) };
        if (event.typing) inChannel[event.user_id] = { name: event.name, until: Date.now() + TYPING_SHOWN_MS };
        else delete inChannel[event.user_id];
        return { ...t, [event.channel_id]: inChannel };
      });
    };
    const onRead = (event: { channel_id: string; user_id: string; seq: number }) => {
      if (!event) return;
      if (event.user_id === me.id) {
        setChannels((all) => all.map((c) => c.id === event.channel_id ? markRead(c, event.seq) : c));
        return;
      }
      setReaders((all) => {
        const list = all[event.channel_id];
        if (!list) return all;
        return {
          ...all,
          [event.channel_id]: list.map((m) =>
            m.id === event.user_id ? { ...m, last_read_seq: Math.max(m.last_read_seq ?? 0, event.seq) } : m
          ),
        };
      });
    };
    // A channel was created, renamed, archived or its members changed: the list is refetched.
    let noticeTimer: ReturnType<typeof setTimeout> | undefined;
    const onChannelNotice = () => {
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => void refreshChannels(), 150);
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
    setConnected(socket.connected);
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

  // One room per channel I am in (for live unread counts), plus the one open for a preview.
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
            ingest(message, event.type === "message.created");
          },
          onReset() {
            void loadFirst(id);
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
  const [liveChannel, setLiveChannel] = useState<string | null>(null);
  useEffect(() => {
    if (!hydrated || !activeId || !connected) {
      setLiveChannel(null);
      return;
    }
    let current = true;
    void ask("join", { room: `channel:${activeId}` }).then((reply) => {
      if (current && reply.ok) setLiveChannel(activeId);
    });
    return () => {
      current = false;
    };
  }, [hydrated, activeId, connected, roomIds]);

  // Typing indicators fade when their sender goes quiet.
  const typingNow = activeId ? Object.values(typing[activeId] ?? {}) : [];
  useEffect(() => {
    if (typingNow.length === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTyping((t) => {
        let changed = false;
        const next: typeof t = {};
        for (const [channel, people] of Object.entries(t)) {
          next[channel] = {};
          for (const [id, who] of Object.entries(people)) {
            if (who.until > now) next[channel][id] = who;
            else changed = true;
          }
        }
        return changed ? next : t;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typingNow.length > 0]);

  // Visibility decides whether new messages count as read.
  useEffect(() => {
    const onVisibility = () => setVisible(document.visibilityState !== "hidden");
    onVisibility();
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);

  // Mark the open channel read when its newest messages are on screen.
  const activeMessages = history?.messages;
  useEffect(() => {
    if (!hydrated || !active || !active.is_member || !activeMessages) return;
    if (!reading(active.id)) return;
    const seq = latestSeq(activeMessages);
    if (seq <= active.last_read_seq && active.unread_count === 0 && active.mention_count === 0) return;
    setChannels((all) => all.map((c) => c.id === active.id ? markRead(c, seq) : c));
    if (seq > 0) void ask("chat:read", { channel_id: active.id, seq });
  }, [hydrated, active?.id, active?.unread_count, activeMessages, following, visible, pane, view]);

  // Members (read receipts) of the open channel.
  useEffect(() => {
    if (!hydrated || !active?.is_member) return;
    void loadReaders(active.id);
  }, [hydrated, active?.id, active?.is_member, active?.member_count]);

  // Tab title and the app sidebar's chat badge.
  const count = totals(channels);
  const baseTitle = view === "browse"
    ? "Browse channels · Chat · Leadly"
    : active
    ? `${channelTitle(active, me.id)} · Chat · Leadly`
    : "Chat · Leadly";
  useEffect(() => {
    if (!hydrated) return;
    document.title = tabTitle(baseTitle, count);
    reportChatTotals(count);
  }, [hydrated, baseTitle, count.unread, count.mentions, count.direct]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  // ---------------------------------------------------------------- navigation

  const rememberLast = (id: string) => {
    document.cookie = `leadly_chat_last=${id}; path=/; max-age=31536000; samesite=lax`;
  };

  const openChannel = useCallback((id: string, push = true) => {
    setActiveId(id);
    setView("channel");
    setPane("main");
    setPanel(null);
    setEditingId(null);
    setPickerFor(null);
    setFollowing(true);
    const h = live.current.histories[id];
    if (!h?.loaded) void loadFirst(id);
    if (push && location.pathname !== `/chat/${id}`) globalThis.history.pushState({ chat: id }, "", `/chat/${id}`);
    rememberLast(id);
  }, [loadFirst]);

  const goHome = useCallback((push = true) => {
    setPane("list");
    setView("channel");
    setPanel(null);
    if (push && location.pathname !== "/chat") globalThis.history.pushState({ chat: null }, "", "/chat");
  }, []);

  const goBrowse = useCallback((push = true) => {
    setView("browse");
    setPane("main");
    setPanel(null);
    if (push && location.pathname !== "/chat/browse") {
      globalThis.history.pushState({ chat: "browse" }, "", "/chat/browse");
    }
  }, []);

  useEffect(() => {
    const onPop = () => {
      const path = location.pathname.replace(/\/+$/, "");
      if (path === "/chat") goHome(false);
      else if (path === "/chat/browse") goBrowse(false);
      else {
        const id = path.split("/")[2] ?? "";
        if (UUID.test(id)) openChannel(id, false);
      }
    };
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  const linkClick = (go: () => void) => (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (!hydrated) return;
    event.preventDefault();
    go();
  };

  // ---------------------------------------------------------------- actions

  const stopTyping = () => {
    const t = typingSent.current;
    clearTimeout(t.timer);
    if (t.channel && t.at && realtime().connected) {
      realtime().emit("chat:typing", { channel_id: t.channel, typing: false });
    }
    t.at = 0;
    t.channel = null;
  };

  const onTyping = () => {
    if (!activeId || !canWrite) return;
    const t = typingSent.current;
    const now = Date.now();
    if (t.channel !== activeId) stopTyping();
    if (t.channel !== activeId || now - t.at > TYPING_EVERY_MS) {
      if (realtime().connected) realtime().emit("chat:typing", { channel_id: activeId, typing: true });
      t.channel = activeId;
      t.at = now;
    }
    clearTimeout(t.timer);
    t.timer = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const send = (channelId: string, body: string, parentId: string | null) => {
    const box = outbox.current;
    if (!box) return false;
    box.add({ client_id: newClientId(), channel_id: channelId, body, parent_id: parentId });
    stopTyping();
    if (!parentId) {
      setFollowing(true);
      setBottomSignal((n) => n + 1);
    }
    void box.flush();
  };

  const reportFailure = (reply: Reply, what: string) => {
    if (!reply.ok) setToast(`${what}: ${reply.error.message}`);
  };

  const onMessageAction = useCallback(async (message: Message, action: MessageAction) => {
    switch (action.type) {
      case "focus":
        setFocusedId(message.id);
        return;
      case "picker":
        setPickerFor((id) => id === message.id ? null : message.id);
        return;
      case "react": {
        setPickerFor(null);
        const reply = await ask("chat:react", { message_id: message.id, emoji: action.emoji, on: action.on });
        if (reply.ok) ingest(reply.message as Message, false);
        else reportFailure(reply, "The reaction was not saved");
        return;
      }
      case "reply":
        setPanel({ kind: "thread", rootId: message.id });
        void loadThread(message.channel_id, message.id);
        return;
      case "edit":
        setEditingId(message.id);
        return;
      case "delete":
        setDialog({ kind: "delete", message });
        return;
      case "pin": {
        const reply = await ask("chat:pin", { message_id: message.id, pinned: action.pinned });
        if (reply.ok) ingest(reply.message as Message, false);
        else reportFailure(reply, action.pinned ? "The message was not pinned" : "The message was not unpinned");
        return;
      }
      case "retry":
        if (message.client_id) {
          outbox.current?.retry(message.client_id);
          void outbox.current?.flush();
        }
        return;
      case "discard":
        if (message.client_id) outbox.current?.remove(message.client_id);
        return;
    }
  }, []);

  const saveEdit = async (message: Message, body: string) => {
    if (body === message.body) {
      setEditingId(null);
      return;
    }
    const reply = await ask("chat:edit", { message_id: message.id, body });
    if (!reply.ok) {
      reportFailure(reply, "The message was not saved");
      return false;
    }
    ingest(reply.message as Message, false);
    linkFiles(reply.message as Message);
    setEditingId(null);
  };

  const deleteMessage = async (message: Message) => {
    const reply = await ask("chat:delete", { message_id: message.id });
    if (reply.ok) ingest(reply.message as Message, false);
    else reportFailure(reply, "The message was not deleted");
  };

  const loadThread = async (channelId: string, rootId: string) => {
    const res = await api<{ root?: Message; data: Message[] }>(
      "GET",
      `/api/v1/channels/${channelId}/messages?thread=${rootId}`,
    );
    if (res.ok && Array.isArray(res.body.data)) {
      const found = res.body.root ? [res.body.root, ...res.body.data] : res.body.data;
      patchHistory(channelId, (h) => ({ ...h, messages: mergeMessages(h.messages, found) }));
    } else setToast(errorText(res, "The thread could not be loaded"));
  };

  const openPanel = async (next: Panel) => {
    if (panel?.kind === next.kind && next.kind !== "thread") return setPanel(null);
    setPanel(next);
    if (next.kind === "pins" && activeId) {
      setPins({ channelId: activeId, items: [], error: null });
      const res = await api<{ data: Message[] }>("GET", `/api/v1/channels/${activeId}/pins`);
      setPins({
        channelId: activeId,
        items: res.ok && Array.isArray(res.body.data) ? mergeMessages([], res.body.data) : [],
        error: res.ok ? null : errorText(res, "The pins could not be loaded"),
      });
    }
    if (next.kind === "members" && activeId) void loadReaders(activeId);
  };

  const runSearch = async (query: SearchQuery) => {
    setSearch({ results: null, loading: true, error: null });
    const params = new URLSearchParams({ q: query.q });
    if (query.channel_id) params.set("channel_id", query.channel_id);
    if (query.sender_id) params.set("sender_id", query.sender_id);
    const res = await api<{ data: Message[] }>("GET", `/api/v1/messages/search?${params}`);
    setSearch({
      results: res.ok && Array.isArray(res.body.data) ? res.body.data : null,
      loading: false,
      error: res.ok ? null : errorText(res, "The search failed"),
    });
  };

  const join = async (id: string) => {
    setBusyJoin(id);
    setBrowseError(null);
    const res = await api("POST", `/api/v1/channels/${id}/join`, {});
    setBusyJoin(null);
    if (!res.ok) return setBrowseError(errorText(res, "You could not join the channel"));
    await refreshChannels();
    openChannel(id);
  };

  const leave = async (id: string) => {
    const res = await api("POST", `/api/v1/channels/${id}/leave`, {});
    if (!res.ok) return setToast(errorText(res, "You could not leave the channel"));
    await refreshChannels();
    setPanel(null);
    goHome();
  };

  const createChannel = async (input: NewChannelInput) => {
    const res = await api<{ data?: Channel; id?: string }>("POST", "/api/v1/channels", input);
    if (!res.ok) return errorText(res, "The channel was not created");
    const id = res.body.data?.id ?? res.body.id;
    await refreshChannels();
    setDialog(null);
    if (id) openChannel(id);
    return null;
  };

  const startDirect = async (ids: string[]) => {
    const res = await api<{ data?: Channel; id?: string }>("POST", "/api/v1/channels/direct", { user_ids: ids });
    if (!res.ok) return errorText(res, "The conversation could not be started");
    const id = res.body.data?.id ?? res.body.id;
    await refreshChannels();
    setDialog(null);
    if (id) openChannel(id);
    return null;
  };

  const saveDetails = async (input: DetailsInput) => {
    if (!activeId) return null;
    const res = await api("PATCH", `/api/v1/channels/${activeId}`, input);
    if (!res.ok) return errorText(res, "The channel was not saved");
    await refreshChannels();
    return null;
  };

  const addMembers = async (ids: string[]) => {
    if (!activeId) return null;
    const res = await api("POST", `/api/v1/channels/${activeId}/members`, { user_ids: ids });
    if (!res.ok) return errorText(res, "The person was not added");
    await Promise.all([loadReaders(activeId), refreshChannels()]);
    return null;
  };

  const removeMember = async (userId: string) => {
    if (!activeId) return;
    const res = await api("DELETE", `/api/v1/channels/${activeId}/members/${userId}`);
    if (!res.ok) return setToast(errorText(res, "The person was not removed"));
    await Promise.all([loadReaders(activeId), refreshChannels()]);
  };

  // ---------------------------------------------------------------- derived view data

  const allMessages = history?.messages ?? [];
  const channelPending = useMemo(
    () => active ? pendingMessages(outboxItems, allMessages, me, active.id, null) : [],
    [outboxItems, allMessages, active?.id],
  );
  const listItems = useMemo(() => [...topLevel(allMessages), ...channelPending], [allMessages, channelPending]);
  const failures = useMemo(
    () => new Map(outboxItems.filter((i) => i.error).map((i) => [i.client_id, i.error!])),
    [outboxItems],
  );
  const seen = useMemo(() => {
    const list = activeId ? readers[activeId] : undefined;
    if (!list) return new Map<string, string[]>();
    return seenBy(
      topLevel(allMessages),
      me.id,
      list.map((m) => ({ id: m.id, name: m.name, last_read_seq: m.last_read_seq ?? 0 })),
    );
  }, [allMessages, readers, activeId]);
  const mentionable = useMemo(() => {
    const list = activeId && readers[activeId] ? readers[activeId].map((m) => ({ id: m.id, name: m.name })) : [];
    return list.length > 0 ? list : props.members;
  }, [readers, activeId, props.members]);

  const editLast = () => {
    const mine = [...topLevel(allMessages)].reverse().find((m) => m.sender_id === me.id && !m.deleted_at);
    if (mine) setEditingId(mine.id);
  };

  const renderMessage = (m: Message, list: Message[], index: number, inChannel: boolean) => {
    const previous = list[index - 1];
    const editing = editingId === m.id;
    const names = seen.get(m.id);
    return (
      <MessageItem
        key={m.id}
        message={m}
        meId={me.id}
        grouped={!startsGroup(m, previous)}
        dayBreak={!previous || dayKey(previous.created_at) !== dayKey(m.created_at)}
        seen={inChannel && names ? seenLabel(names) : undefined}
        failed={isPending(m) && m.client_id ? failures.get(m.client_id) : undefined}
        canDelete={m.sender_id === me.id || props.canModerate}
        inChannel={inChannel}
        picker={pickerFor === m.id}
        active={focusedId === m.id}
        disabled={!hydrated || (!canWrite && !isPending(m))}
        editor={editing
          ? (
            <Composer
              id={`chat-edit-${m.id}`}
              label="Edit message"
              placeholder="Edit message"
              members={mentionable}
              meId={me.id}
              disabled={!hydrated}
              initial={m.body}
              autoFocus
              compact
              submitLabel="Save"
              onSubmit={(body) => saveEdit(m, body)}
              onCancel={() => setEditingId(null)}
            />
          )
          : undefined}
        onAction={onMessageAction}
      />
    );
  };

  // ---------------------------------------------------------------- render

  const typingText = typingLabel(typingNow.map((t) => firstName(t.name)));
  const threadRoot = panel?.kind === "thread" ? allMessages.find((m) => m.id === panel.rootId) : undefined;
  const threadList = threadRoot
    ? [
      ...threadReplies(allMessages, threadRoot.id),
      ...pendingMessages(outboxItems, allMessages, me, threadRoot.channel_id, threadRoot.id),
    ]
    : [];
  const pinList = pins && active && pins.channelId === active.id
    ? mergeMessages(pins.items, allMessages.filter((m) => m.pinned_at)).filter((m) => m.pinned_at && !m.deleted_at)
    : [];
  const memberChannels = channels.filter((c) => c.is_member).map((c) => ({
    id: c.id,
    name: channelTitle(c, me.id),
  }));

  const onTouchStart = (event: TouchEvent) => {
    const touch = event.touches[0];
    swipe.current = touch ? { x: touch.clientX, y: touch.clientY, t: Date.now() } : null;
  };
  const onTouchEnd = (event: TouchEvent) => {
    const start = swipe.current;
    swipe.current = null;
    const touch = event.changedTouches[0];
    if (!start || !touch || !isPhone()) return;
    const dx = touch.clientX - start.x;
    const dy = Math.abs(touch.clientY - start.y);
    if (dx > 80 && dy < dx / 2 && Date.now() - start.t < 800) {
      if (panel) setPanel(null);
      else goHome();
    }
  };

  const conversation = active && view === "channel" && (
    <section
      class="chat-conv"
      aria-labelledby="chat-conv-title"
      data-channel-id={active.id}
      onTouchStart={onTouchStart}
      onTouchEnd={onTouchEnd}
    >
      <header class="chat-conv-head">
        <a
          class="chat-icon-button chat-back"
          href="/chat"
          aria-label="Back to conversations"
          onClick={linkClick(() => goHome())}
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
        <div class="chat-conv-tools">
          <button
            type="button"
            class={cx("chat-tool-button", panel?.kind === "members" && "is-on")}
            aria-label={`Members: ${active.member_count}`}
            title="Members"
            disabled={!hydrated}
            onClick={() => void openPanel({ kind: "members" })}
          >
            <Icon name="users" size="sm" />
            <span class="chat-tool-count">{active.member_count}</span>
          </button>
          <button
            type="button"
            class={cx("chat-tool-button", panel?.kind === "pins" && "is-on")}
            aria-label="Pinned messages"
            title="Pinned messages"
            disabled={!hydrated}
            onClick={() => void openPanel({ kind: "pins" })}
          >
            <ChatIcon name="pin" />
          </button>
          <button
            type="button"
            class={cx("chat-tool-button", panel?.kind === "search" && "is-on")}
            aria-label="Search messages"
            title="Search messages"
            disabled={!hydrated}
            onClick={() => void openPanel({ kind: "search" })}
          >
            <Icon name="search" size="sm" />
          </button>
          <button
            type="button"
            class={cx("chat-tool-button", panel?.kind === "details" && "is-on")}
            aria-label="Channel details"
            title="Channel details"
            disabled={!hydrated || !active.is_member}
            onClick={() => void openPanel({ kind: "details" })}
          >
            <Icon name="info" size="sm" />
          </button>
        </div>
      </header>
      {history?.error && !history.loaded
        ? (
          <div class="chat-state" role="alert">
            <p>{history.error}</p>
            <button type="button" class="btn btn-secondary btn-sm" onClick={() => void loadFirst(active.id)}>
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
            onLoadOlder={() => void loadOlder(active.id)}
            onBottomChange={setFollowing}
            bottomSignal={bottomSignal}
            label={`Messages in ${channelTitle(active, me.id)}`}
            renderItem={(m, i) => renderMessage(m, listItems, i, true)}
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
            csrf={props.csrf}
            onSubmit={(body) => send(active.id, body, null)}
            onTyping={onTyping}
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
              disabled={!hydrated || busyJoin === active.id}
              onClick={() => void join(active.id)}
            >
              Join channel
            </button>
          </div>
        )}
    </section>
  );

  const panelView = panel && active && view === "channel" && (
    panel.kind === "thread"
      ? (
        <SidePanel title="Thread" onClose={() => setPanel(null)}>
          {!threadRoot ? <p class="chat-muted">This message is not loaded any more.</p> : (
            <div class="chat-thread">
              <div class="chat-thread-root">{renderMessage(threadRoot, [threadRoot], 0, false)}</div>
              <p class="chat-thread-count">
                {threadRoot.reply_count === 1 ? "1 reply" : `${threadRoot.reply_count} replies`}
              </p>
              <div class="chat-thread-list" role="log" aria-label="Replies">
                {threadList.map((m, i) => renderMessage(m, threadList, i, false))}
              </div>
              {canWrite && !threadRoot.deleted_at && (
                <Composer
                  key={`thread-${threadRoot.id}`}
                  id="chat-thread-composer"
                  label="Reply in thread"
                  placeholder="Reply…"
                  members={mentionable}
                  meId={me.id}
                  disabled={!hydrated}
                  autoFocus={!isPhone()}
                  csrf={props.csrf}
                  onSubmit={(body) => send(threadRoot.channel_id, body, threadRoot.id)}
                  onTyping={onTyping}
                  compact
                />
              )}
            </div>
          )}
        </SidePanel>
      )
      : panel.kind === "pins"
      ? (
        <SidePanel title="Pinned messages" onClose={() => setPanel(null)}>
          {pins?.error && <p class="chat-form-error" role="alert">{pins.error}</p>}
          {pinList.length === 0
            ? <p class="chat-muted">Nothing pinned yet. Pin a message from its actions menu.</p>
            : (
              <div class="chat-pins">
                {pinList.map((m) => <div key={m.id} class="chat-pin">{renderMessage(m, [m], 0, false)}</div>)}
              </div>
            )}
        </SidePanel>
      )
      : panel.kind === "search"
      ? (
        <SidePanel title="Search" onClose={() => setPanel(null)}>
          <SearchPanel
            channels={memberChannels}
            members={props.members}
            initialChannel={active.is_member ? active.id : ""}
            results={search.results}
            loading={search.loading}
            error={search.error}
            disabled={!hydrated}
            onSearch={(q) => void runSearch(q)}
            onOpen={(m) => {
              openChannel(m.channel_id);
              if (m.parent_id) {
                setPanel({ kind: "thread", rootId: m.parent_id });
                void loadThread(m.channel_id, m.parent_id);
              }
            }}
          />
        </SidePanel>
      )
      : panel.kind === "members"
      ? (
        <SidePanel title="Members" onClose={() => setPanel(null)}>
          <MembersPanel
            channel={active}
            members={readers[active.id] ?? null}
            team={props.members}
            meId={me.id}
            error={readersError}
            disabled={!hydrated}
            onAdd={addMembers}
            onRemove={(id) => void removeMember(id)}
            onLeave={() => void leave(active.id)}
          />
        </SidePanel>
      )
      : (
        <SidePanel title="Channel details" onClose={() => setPanel(null)}>
          <DetailsPanel key={active.id} channel={active} disabled={!hydrated} onSave={saveDetails} />
        </SidePanel>
      )
  );

  return (
    <div
      class="chat-app"
      data-pane={pane}
      data-panel={panelView ? "open" : undefined}
      data-hydrated={hydrated ? "true" : undefined}
      data-live-channel={liveChannel ?? undefined}
      data-connected={hydrated ? String(connected) : undefined}
    >
      <ChatSidebar
        channels={channels}
        meId={me.id}
        activeId={view === "channel" ? activeId : null}
        browsing={view === "browse"}
        disabled={!hydrated}
        onOpen={(id, event) => linkClick(() => openChannel(id))(event)}
        onBrowse={linkClick(() => goBrowse())}
        onNewChannel={() => setDialog({ kind: "new-channel" })}
        onNewDirect={() => setDialog({ kind: "new-direct" })}
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
              busyId={busyJoin}
              error={browseError}
              onJoin={(id) => void join(id)}
              onOpen={(id, event) => linkClick(() => openChannel(id))(event)}
              onNewChannel={() => setDialog({ kind: "new-channel" })}
              onBack={() => goHome()}
            />
          )
          : conversation || (
            <div class="chat-state chat-empty">
              <span class="empty-icon">
                <Icon name="message" size="lg" />
              </span>
              <h2 class="empty-title">{channels.length === 0 ? "No conversations yet" : "Pick a conversation"}</h2>
              <p class="empty-text">
                {props.loadError ?? "Channels keep the team's talk in one place; direct messages are for one-to-one."}
              </p>
              <div class="row gap-2">
                <button
                  type="button"
                  class="btn btn-primary"
                  disabled={!hydrated}
                  onClick={() => setDialog({ kind: "new-channel" })}
                >
                  Create a channel
                </button>
                <a class="btn btn-secondary" href="/chat/browse" onClick={linkClick(() => goBrowse())}>
                  Browse channels
                </a>
              </div>
            </div>
          )}
      </div>
      {panelView}
      {toast && (
        <div class="chat-toast" role="alert">
          <span>{toast}</span>
          <button type="button" class="chat-icon-button" aria-label="Dismiss" onClick={() => setToast(null)}>
            <Icon name="x" size="sm" />
          </button>
        </div>
      )}
      {dialog?.kind === "new-channel" && (
        <NewChannelDialog
          members={props.members.filter((m) => m.id !== me.id)}
          onClose={() => setDialog(null)}
          onCreate={createChannel}
        />
      )}
      {dialog?.kind === "new-direct" && (
        <NewDirectDialog
          members={props.members.filter((m) => m.id !== me.id)}
          onClose={() => setDialog(null)}
          onStart={startDirect}
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmDialog
          title="Delete this message?"
          text="It is replaced by “This message was deleted.” for everyone. This cannot be undone."
          confirm="Delete message"
          onClose={() => setDialog(null)}
          onConfirm={() => void deleteMessage(dialog.message)}
        />
      )}
    </div>
  );
}
