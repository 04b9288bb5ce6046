// Merging messages that reach the browser three ways (server-rendered/paged history, live room events and
// the sync replay after a reconnect) into one list: one entry per id, the newest change wins (change_seq),
// ordered by creation seq. Pending outbox items are shown until the server's copy (same client_id) arrives.
import type { Message, OutboxItem } from "./types.ts";

/** Merges `incoming` into `current` (both ascending by seq). Returns `current` itself when nothing changed. */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const byId = new Map<string, Message>();
  for (const message of current) byId.set(message.id, message);
  let changed = false;
  for (const message of incoming) {
    const known = byId.get(message.id);
    if (known && known.change_seq >= message.change_seq) continue;
    byId.set(message.id, message);
    changed = true;
  }
  if (!changed) return current;
  return [...byId.values()].sort(bySeq);
}

function bySeq(a: Message, b: Message): number {
  return a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Top-level messages only (thread replies live in the thread panel). */
export function topLevel(messages: Message[]): Message[] {
  return messages.filter((m) => !m.parent_id);
}

/** Replies to `rootId`, oldest first. */
export function threadReplies(messages: Message[], rootId: string): Message[] {
  return messages.filter((m) => m.parent_id === rootId).sort(bySeq);
}

/** The seq to report as read: the highest seq or change_seq seen in the channel. */
export function latestSeq(messages: Message[]): number {
  let max = 0;
  for (const m of messages) max = Math.max(max, m.seq, m.change_seq);
  return max;
}

/** Outbox items of a channel (or thread) that the server has not confirmed yet, as displayable messages. */
export function pendingMessages(
  outbox: OutboxItem[],
  confirmed: Message[],
  me: { id: string; name: string },
  channelId: string,
  parentId: string | null,
): Message[] {
  const known = new Set(confirmed.filter((m) => m.sender_id === me.id && m.client_id).map((m) => m.client_id));
  return outbox
    .filter((item) => item.channel_id === channelId && (item.parent_id ?? null) === parentId)
    .filter((item) => !known.has(item.client_id))
    .map((item) => ({
      id: `pending:${item.client_id}`,
      channel_id: item.channel_id,
      seq: Number.MAX_SAFE_INTEGER,
      change_seq: 0,
      client_id: item.client_id,
      sender_id: me.id,
      sender_name: me.name,
      body: item.body,
      body_html: "",
      parent_id: item.parent_id,
      reply_count: 0,
      last_reply_at: null,
      created_at: item.created_at,
      edited_at: null,
      deleted_at: null,
      pinned_at: null,
      pinned_by: null,
      reactions: [],
      mentions: [],
      mention_channel: false,
      unfurls: [],
    }));
}

export function isPending(message: Message): boolean {
  return message.id.startsWith("pending:");
}

/** Whether `message` starts a new visual group (other sender, more than 5 minutes later, or a new day). */
export function startsGroup(message: Message, previous: Message | undefined): boolean {
  if (!previous) return true;
  if (previous.sender_id !== message.sender_id) return true;
  if (previous.deleted_at) return true;
  const gap = Date.parse(message.created_at) - Date.parse(previous.created_at);
  if (!(gap >= 0 && gap < 5 * 60_000)) return true;
  return dayKey(message.created_at) !== dayKey(previous.created_at);
}

/** Local calendar day of an ISO time, for day separators. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** "Today", "Yesterday" or "Monday, March 9". */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return "Today";
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === dayKey(yesterday.toISOString())) return "Yesterday";
  return d.toLocaleDateString("en-US", {
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(d.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
}

/** "9:41 AM". */
export function timeLabel(iso: string): string {
  return new Date(iso).toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" });
}

/**
 * Read receipts: for each other member, the newest message of mine at or below their read position.
 * Returns message id → names of the people who have seen it (each reader once, under their latest one).
 */
export function seenBy(
  messages: Message[],
  meId: string,
  readers: { id: string; name: string; last_read_seq: number }[],
): Map<string, string[]> {
  const mine = messages.filter((m) => m.sender_id === meId && !m.deleted_at && !m.id.startsWith("pending:"));
  const result = new Map<string, string[]>();
  for (const reader of readers) {
    if (reader.id === meId) continue;
    let seen: Message | undefined;
    for (const m of mine) if (m.seq <= reader.last_read_seq) seen = m;
    if (!seen) continue;
    const names = result.get(seen.id) ?? [];
    names.push(reader.name);
    result.set(seen.id, names);
  }
  return result;
}

/** "Seen by Bob", "Seen by Bob and Carol", "Seen by Bob, Carol and 2 others". */
export function seenLabel(names: string[]): string {
  const first = names.map((n) => n.split(" ")[0] || n);
  if (first.length <= 2) return `Seen by ${first.join(" and ")}`;
  if (first.length === 3) return `Seen by ${first[0]}, ${first[1]} and ${first[2]}`;
  return `Seen by ${first[0]}, ${first[1]} and ${first.length - 2} others`;
}

/** "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…". */
export function typingLabel(names: string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}
