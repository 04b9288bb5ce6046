// How chat changes made over HTTP reach sockets: the app's `services.chat` (app/services.ts), to which the realtime
// server attaches its socket.io transport at start (realtime/handlers/chat.ts), and routes hand their committed
// events to `services.chat.publish`. Through socket.io (and its Redis adapter when several processes share
// rooms), not the in-memory change bus, so events keep the channel's database seq.
import type { ChatEvent } from "./types.ts";
import { channelRoom, userRoom } from "./types.ts";
import { unreadNoticeOf } from "./unread.ts";

export interface ChatTransport {
  /** Emits `name` with `payload` to every socket in any of `rooms` (once per socket). */
  emit(rooms: string[], name: string, payload: unknown): void;
  /** Emits to every socket in any of `rooms` except those in `except` (the unread hints, lib/chat/unread.ts). */
  emitExcept(rooms: string[], except: string, name: string, payload: unknown): void;
  /** Makes the sockets of `userId` leave `room` (removed from a channel). */
  evict(userId: string, room: string): void;
}

/** What a channel change tells sockets (not numbered: clients refetch the channel list). */
export interface ChannelNotice {
  channel_id: string;
  action: "created" | "updated" | "joined" | "left" | "added" | "removed";
  user_ids?: string[];
}

export interface ChatOutput {
  events?: ChatEvent[];
  /** `chat:channel` notices and the rooms they go to. */
  notices?: { rooms: string[]; notice: ChannelNotice }[];
  /** People removed from a channel: their sockets leave its room. */
  evictions?: { userId: string; channelId: string }[];
  /** Unnumbered events (read receipts): `name` with `payload` to `rooms`. */
  signals?: { rooms: string[]; name: string; payload: unknown }[];
}

/** The app's way out for chat changes; created with the other services (app/services.ts). */
export class ChatBroadcast {
  #transport: ChatTransport | null = null;

  /** Set by the realtime server while it runs (null when it stops). */
  attach(transport: ChatTransport | null) {
    this.#transport = transport;
  }

  /** Sends committed chat changes to sockets; a no-op when no realtime server runs in this process. */
  publish(output: ChatOutput) {
    const transport = this.#transport;
    if (!transport) return;
    emitChatEvents(transport, output.events ?? []);
    for (const { rooms, notice } of output.notices ?? []) transport.emit(rooms, "chat:channel", notice);
    for (const { userId, channelId } of output.evictions ?? []) transport.evict(userId, channelRoom(channelId));
    for (const { rooms, name, payload } of output.signals ?? []) transport.emit(rooms, name, payload);
  }
}

/** Emits room events, and for a new message the unread hint to its people's other pages. */
export function emitChatEvents(transport: ChatTransport, events: ChatEvent[]) {
  for (const event of events) {
    transport.emit([event.room], event.type, event);
    const notice = unreadNoticeOf(event);
    if (notice) transport.emitExcept(notice.rooms, notice.except, "chat:unread", notice.hint);
  }
}

/** Rooms that hear about a channel change: the channel's own room and its members' user rooms. */
export function noticeRooms(channelId: string, userIds: string[]): string[] {
  return [channelRoom(channelId), ...userIds.map(userRoom)];
}
