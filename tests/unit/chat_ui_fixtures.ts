// Builders shared by the chat UI unit tests.
import type { Channel, Message } from "../../lib/chat/client/types.ts";

export function msg(seq: number, extra: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    channel_id: "c1",
    seq,
    change_seq: seq,
    client_id: `client-${seq}`,
    sender_id: "alice",
    sender_name: "Alice Adams",
    body: `message ${seq}`,
    body_html: `<p>message ${seq}</p>`,
    parent_id: null,
    reply_count: 0,
    last_reply_at: null,
    created_at: new Date(Date.UTC(2026, 2, 10, 9, 0, seq)).toISOString(),
    edited_at: null,
    deleted_at: null,
    pinned_at: null,
    pinned_by: null,
    reactions: [],
    mentions: [],
    mention_channel: false,
    unfurls: [],
    ...extra,
  };
}

export function chan(id: string, extra: Partial<Channel> = {}): Channel {
  return {
    id,
    type: "public",
    name: id,
    topic: null,
    description: null,
    archived_at: null,
    is_member: true,
    member_count: 2,
    last_seq: 10,
    last_read_seq: 10,
    unread_count: 0,
    mention_count: 0,
    last_message_at: null,
    ...extra,
  };
}
