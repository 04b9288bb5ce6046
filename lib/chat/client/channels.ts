// Channel list logic: names for DMs, sidebar sections, unread and mention counts kept live, and the
// browser tab title ("(3) #general · Leadly").
import type { Channel, Message } from "./types.ts";

export function isDirect(channel: Pick<Channel, "type">): boolean {
  return channel.type === "dm" || channel.type === "group_dm";
}

/** "#general" style label without the "#"; DMs are named after the other people in them. */
export function channelName(channel: Channel, meId: string): string {
  if (!isDirect(channel)) return channel.name;
  const others = (channel.members ?? []).filter((m) => m.id !== meId).map((m) => m.name);
  if (others.length === 0) return channel.name || "Just you";
  if (others.length <= 3) return others.join(", ");
  return `${others.slice(0, 2).join(", ")} and ${others.length - 2} others`;
}

/** "#general", "🔒 leadership" is left to the icon; DMs have no prefix. */
export function channelTitle(channel: Channel, meId: string): string {
  return isDirect(channel) ? channelName(channel, meId) : `#${channel.name}`;
}

export interface Sections {
  channels: Channel[];
  direct: Channel[];
}

/** The sidebar: member channels by name, then DMs by latest activity; archived ones left out. */
export function sidebarSections(channels: Channel[], meId: string, keepId?: string | null): Sections {
  const shown = channels.filter((c) => c.is_member && (!c.archived_at || c.id === keepId));
  return {
    channels: shown.filter((c) => !isDirect(c)).sort((a, b) => a.name.localeCompare(b.name)),
    direct: shown.filter(isDirect).sort((a, b) =>
      (b.last_message_at ?? "").localeCompare(a.last_message_at ?? "") ||
      channelName(a, meId).localeCompare(channelName(b, meId))
    ),
  };
}

/** Whether a message mentions `meId` (by name or @channel). */
export function mentionsMe(message: Message, meId: string): boolean {
  return message.mention_channel || message.mentions.includes(meId);
}

/**
 * A live message reached the browser: counts it as unread (and as a mention) unless it is mine, an edit of an
 * older message, or in the channel being read right now. Thread replies count too, as on the server.
 */
export function countIncoming(
  channel: Channel,
  message: Message,
  opts: { meId: string; reading: boolean; created: boolean },
): Channel {
  const lastSeq = Math.max(channel.last_seq, message.change_seq, message.seq);
  const base = { ...channel, last_seq: lastSeq };
  if (opts.created && message.seq > channel.last_seq) base.last_message_at = message.created_at;
  if (!opts.created || message.sender_id === opts.meId || opts.reading) return base;
  // Already counted by the server's listing (a replay after a reconnect), or already read.
  if (message.seq <= channel.last_seq || message.seq <= channel.last_read_seq) return base;
  return {
    ...base,
    unread_count: channel.unread_count + 1,
    mention_count: channel.mention_count + (mentionsMe(message, opts.meId) ? 1 : 0),
  };
}

/** Marks a channel read up to `seq` (never backwards). */
export function markRead(channel: Channel, seq: number): Channel {
  const lastRead = Math.max(channel.last_read_seq, seq);
  if (lastRead === channel.last_read_seq && channel.unread_count === 0 && channel.mention_count === 0) {
    return channel;
  }
  return { ...channel, last_read_seq: lastRead, unread_count: 0, mention_count: 0 };
}

export interface Totals {
  unread: number;
  mentions: number;
  /** Unread in direct and group conversations. */
  direct: number;
}

/** Unread and mention totals over the channels I am in (archived ones do not count, muted ones only for mentions). */
export function totals(channels: Channel[]): Totals {
  let unread = 0;
  let mentions = 0;
  let direct = 0;
  for (const c of channels) {
    if (!c.is_member || c.archived_at) continue;
    mentions += Math.max(0, c.mention_count);
    // a muted conversation keeps its own count in the list, but is no news for the badges and the title
    if (c.muted) continue;
    unread += Math.max(0, c.unread_count);
    if (isDirect(c)) direct += Math.max(0, c.unread_count);
  }
  return { unread, mentions, direct };
}

/** "(3) #general · Leadly": the unread count in front of the page title, none when all is read. */
export function tabTitle(base: string, t: Pick<Totals, "unread" | "mentions">): string {
  if (t.unread <= 0 && t.mentions <= 0) return base;
  const count = t.unread > 99 ? "99+" : String(t.unread);
  return `(${count}) ${base}`;
}

/** Short badge text: "3", "99+". */
export function badgeText(n: number): string {
  return n > 99 ? "99+" : String(n);
}

/** Public channels I could join, filtered by a query on name, topic and description. */
export function browsable(channels: Channel[], query: string): Channel[] {
  const q = query.trim().toLowerCase();
  return channels
    .filter((c) => c.type === "public" && !c.archived_at)
    .filter((c) => !q || [c.name, c.topic ?? "", c.description ?? ""].some((s) => s.toLowerCase().includes(q)))
    .sort((a, b) => Number(a.is_member) - Number(b.is_member) || a.name.localeCompare(b.name));
}

/** Channel names as the server accepts them: lowercase words joined by dashes. */
export function slugChannelName(input: string): string {
  return input.trim().toLowerCase().replace(/^#+/, "").replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/-+/g, "-")
    .replace(/^-|-$/g, "").slice(0, 80);
}
