// Shapes of the chat protocol (docs/chat-protocol.md) as the server produces them.
import type { Unfurl } from "./unfurl.ts";

export type { Unfurl };

export interface Reaction {
  emoji: string;
  count: number;
  user_ids: string[];
}

export interface Message {
  id: string;
  channel_id: string;
  seq: number;
  change_seq: number;
  client_id: string;
  sender_id: string | null;
  sender_name: string;
  body: string;
  body_html: string;
  parent_id: string | null;
  reply_count: number;
  last_reply_at: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  pinned_at: string | null;
  pinned_by: string | null;
  reactions: Reaction[];
  mentions: string[];
  mention_channel: boolean;
  unfurls: Unfurl[];
}

export type ChannelType = "public" | "private" | "dm" | "group_dm";

export interface ChannelSummary {
  id: string;
  type: ChannelType;
  /** "" for direct messages: name them after their members. */
  name: string;
  topic: string;
  description: string;
  archived_at: string | null;
  created_at: string;
  created_by: string | null;
  is_member: boolean;
  /** "admin" or "member" when is_member. */
  role: string | null;
  muted: boolean;
  member_count: number;
  /** Everyone in a dm / group_dm (including the caller); null for channels. */
  members: { id: string; name: string }[] | null;
  last_seq: number;
  last_read_seq: number;
  unread_count: number;
  mention_count: number;
  last_message_at: string | null;
}

export type MessageEventType = "message.created" | "message.updated";

/** A numbered event of a `channel:<id>` room; the socket event's name is `type`. */
export interface ChatEvent {
  room: string;
  seq: number;
  type: MessageEventType;
  payload: Message;
  at: string;
}

export const channelRoom = (channelId: string) => `channel:${channelId}`;
export const userRoom = (userId: string) => `user:${userId}`;

export function messageEvent(type: MessageEventType, message: Message): ChatEvent {
  return {
    room: channelRoom(message.channel_id),
    seq: message.change_seq,
    type,
    payload: message,
    at: new Date().toISOString(),
  };
}
