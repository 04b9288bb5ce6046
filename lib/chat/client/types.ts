// Shapes of the chat protocol as the browser sees them (docs/chat-protocol.md).

// The server's shapes (type-only: nothing of lib/chat reaches the bundle).
import type { ChannelType, Message as ServerMessage, Reaction, Unfurl } from "../types.ts";

export type { ChannelType, Reaction, Unfurl };

export interface Message extends ServerMessage {
  /** Search results name their channel. */
  channel_name?: string;
}

export interface ChannelMemberRef {
  id: string;
  name: string;
}

export interface Channel {
  id: string;
  type: ChannelType;
  name: string;
  topic: string | null;
  description: string | null;
  archived_at: string | null;
  is_member: boolean;
  member_count: number;
  members?: ChannelMemberRef[];
  last_seq: number;
  last_read_seq: number;
  unread_count: number;
  mention_count: number;
  /** Muted by me: still listed with its count, left out of the unread badges (lib/chat/client/channels.ts totals). */
  muted?: boolean;
  last_message_at: string | null;
}

export interface Member {
  id: string;
  name: string;
}

/** A channel member as listed by GET /api/v1/channels/:id/members (fields beyond id and name are optional). */
export interface ChannelMember {
  id: string;
  name: string;
  role?: string;
  last_read_seq?: number;
}

/** A message typed in this browser and not yet confirmed by the server. */
export interface OutboxItem {
  client_id: string;
  channel_id: string;
  body: string;
  parent_id: string | null;
  created_at: string;
  /** Set when the server refused it for good (e.g. too long, no longer a member). */
  error?: string;
}

/** What a person did to a message (its actions menu, reactions, a failed send's buttons). */
export type MessageAction =
  | { type: "react"; emoji: string; on: boolean }
  | { type: "picker" }
  | { type: "reply" }
  | { type: "edit" }
  | { type: "delete" }
  | { type: "pin"; pinned: boolean }
  | { type: "retry" }
  | { type: "discard" }
  | { type: "focus" };

export interface NewChannelInput {
  name: string;
  type: "public" | "private";
  topic?: string;
  description?: string;
  member_ids: string[];
}

export interface SearchQuery {
  q: string;
  channel_id: string;
  sender_id: string;
}

export interface DetailsInput {
  name?: string;
  topic?: string;
  description?: string;
  archived?: boolean;
}
