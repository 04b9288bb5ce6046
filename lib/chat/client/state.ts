// The chat island's state in the browser, as signals shared by its hooks and components (conversation,
// side panel, sidebar, dialogs): each part reads what it shows and writes what it changes, and code that
// runs later (socket handlers, awaited requests) always sees the current value instead of a stale closure.
import { type Signal, signal } from "@preact/signals";
import { type Api, createApi } from "./api.ts";
import { mergeMessages } from "./messages.ts";
import type { Outbox } from "./outbox.ts";
import type { Channel, ChannelMember, Member, Message, OutboxItem } from "./types.ts";

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

/** What is loaded of one channel's messages. */
export interface History {
  messages: Message[];
  nextBefore: number | null;
  loaded: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  error: string | null;
}

export type Panel =
  | { kind: "thread"; rootId: string }
  | { kind: "pins" }
  | { kind: "search" }
  | { kind: "members" }
  | { kind: "details" };

export type Dialog =
  | { kind: "new-channel" }
  | { kind: "new-direct" }
  | { kind: "delete"; message: Message };

/** Per channel, who is typing (by user id) and until when their indicator shows. */
export type Typing = Record<string, Record<string, { name: string; until: number }>>;

export interface ChatState {
  me: Member;
  /** Teammates (for mentions, DMs and invitations). */
  members: Member[];
  csrf: string;
  canModerate: boolean;
  api: Api;
  channels: Signal<Channel[]>;
  activeId: Signal<string | null>;
  view: Signal<"channel" | "browse">;
  /** On phones only one of the conversation list and the open conversation shows. */
  pane: Signal<"list" | "main">;
  histories: Signal<Record<string, History>>;
  outboxItems: Signal<OutboxItem[]>;
  typing: Signal<Typing>;
  readers: Signal<Record<string, ChannelMember[]>>;
  readersError: Signal<string | null>;
  panel: Signal<Panel | null>;
  dialog: Signal<Dialog | null>;
  connected: Signal<boolean>;
  editingId: Signal<string | null>;
  pickerFor: Signal<string | null>;
  focusedId: Signal<string | null>;
  toast: Signal<string | null>;
  /** Bumped to scroll the message list to the newest message (after I send one). */
  bottomSignal: Signal<number>;
  /** The message list is scrolled to the newest message. */
  following: Signal<boolean>;
  visible: Signal<boolean>;
  pins: Signal<{ channelId: string; items: Message[]; error: string | null } | null>;
  search: Signal<{ results: Message[] | null; loading: boolean; error: string | null }>;
  busyJoin: Signal<string | null>;
  browseError: Signal<string | null>;
  /** The open channel whose room is joined (typing and receipts flow), for tests as data-live-channel. */
  liveChannel: Signal<string | null>;
  outbox: { current: Outbox | null };
  /** The typing notice last sent, so it is repeated at most every few seconds and stopped once. */
  typingSent: { channel: string | null; at: number; timer?: ReturnType<typeof setTimeout> };
}

export function emptyHistory(): History {
  return { messages: [], nextBefore: null, loaded: false, loadingOlder: false, olderError: null, error: null };
}

export function createChatState(props: ChatAppProps): ChatState {
  return {
    me: props.me,
    members: props.members,
    csrf: props.csrf,
    canModerate: props.canModerate,
    api: createApi(props.csrf),
    channels: signal(props.channels),
    activeId: signal(props.activeId),
    view: signal(props.view === "browse" ? "browse" : "channel"),
    pane: signal(props.view === "home" ? "list" : "main"),
    histories: signal(
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
        : {},
    ),
    outboxItems: signal([]),
    typing: signal({}),
    readers: signal({}),
    readersError: signal(null),
    panel: signal(null),
    dialog: signal(null),
    connected: signal(true),
    editingId: signal(null),
    pickerFor: signal(null),
    focusedId: signal(null),
    toast: signal(null),
    bottomSignal: signal(0),
    following: signal(true),
    visible: signal(true),
    pins: signal(null),
    search: signal({ results: null, loading: false, error: null }),
    busyJoin: signal(null),
    browseError: signal(null),
    liveChannel: signal(null),
    outbox: { current: null },
    typingSent: { channel: null, at: 0 },
  };
}

export function activeChannel(s: ChatState): Channel | null {
  return s.channels.value.find((c) => c.id === s.activeId.value) ?? null;
}

/** I may post in the open channel: a member, and it is not archived. */
export function canWriteActive(s: ChatState): boolean {
  const active = activeChannel(s);
  return Boolean(active && active.is_member && !active.archived_at);
}

export function patchHistory(s: ChatState, id: string, fn: (h: History) => History) {
  const all = s.histories.value;
  const next = fn(all[id] ?? emptyHistory());
  if (next !== all[id]) s.histories.value = { ...all, [id]: next };
}

export function isPhone(): boolean {
  return typeof matchMedia === "function" && matchMedia("(max-width: 767.98px)").matches;
}

/** Whether the person is looking at the newest messages of `id` right now. */
export function reading(s: ChatState, id: string): boolean {
  return s.activeId.value === id && s.view.value === "channel" && s.visible.value && s.following.value &&
    (s.pane.value === "main" || !isPhone());
}
