// Shapes of the chat protocol as the browser sees them (.scratch/plan.md, "Chat protocol").

export interface Reaction {
  emoji: string;
  count: number;
  user_ids: string[];
}

export interface Unfurl {
  record_type: string;
  record_id: string;
  title: string;
  subtitle?: string | null;
  url: string;
}

export interface Message {
  id: string;
  channel_id: string;
  seq: number;
  change_seq: number;
  client_id: string | null;
  sender_id: string;
  sender_name: string;
  body: string;
  /** Rendered and sanitized on the server: the only thing ever put into the page as HTML. */
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
  /** Search results name their channel. */
  channel_name?: string;
}

export type ChannelType = "public" | "private" | "dm" | "group_dm";

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
