// Unread chat for every page, not only the chat: the totals the app shell renders (all unread messages, and
// those in direct conversations), and the small "chat:unread" hint a new message sends to the user rooms of
// its conversation's members, so a page without the chat (Home, a deal) counts up live.
// Unread means what the channel list counts (lib/chat/channels.ts): messages after one's read position in the
// conversations one is in, thread replies included, one's own and deleted ones not; muted conversations are no
// news (their people get no hint and the totals leave them out), though the list still shows their counts.
import type { Claims, UserClaims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { announceChange } from "../notifications/live.ts";
import type { ChangeBus } from "../bus/change-bus.ts";
import { unreadCount } from "../notifications/store.ts";
import type { ChannelType, ChatEvent } from "./types.ts";
import { channelRoom, userRoom } from "./types.ts";

export interface ChatUnread {
  /** Unread messages over all conversations one is in (archived and muted ones left out). */
  unread: number;
  /** Of those, the ones in direct and group conversations. */
  direct: number;
}

export const NO_UNREAD: ChatUnread = { unread: 0, direct: 0 };

/** The unread totals of the signed-in person in one workspace; as the user. */
export async function chatUnread(db: Db, claims: UserClaims, teamId: string) {
  const [row] = await db.asUser(claims, (tx) =>
    tx.query<ChatUnread>(
      `select coalesce(sum(x.n), 0)::int as unread,
              coalesce(sum(x.n) filter (where c.type in ('dm', 'group_dm')), 0)::int as direct
       from public.channel_members m
       join public.channels c on c.id = m.channel_id
       cross join lateral (
         select count(*)::int as n from public.messages g
         where g.channel_id = c.id and g.seq > m.last_read_seq and g.deleted_at is null
           and g.sender_id is distinct from m.user_id
       ) x
       where m.user_id = (select auth.uid()) and m.team_id = $1 and c.archived_at is null and not m.muted
         and c.last_seq > m.last_read_seq`,
      [teamId],
    ));
  return { unread: Number(row?.unread ?? 0), direct: Number(row?.direct ?? 0) };
}

/** What the people of a conversation hear about a new message in it (no text: only that it is there). */
export interface UnreadHint {
  /** A person in several workspaces hears about all of them in their user room: pages keep their own. */
  team_id: string;
  channel_id: string;
  seq: number;
  sender_id: string | null;
  /** In a direct or group conversation. */
  direct: boolean;
}

export interface UnreadNotice {
  /** The members' user rooms. */
  rooms: string[];
  /** Sockets already in the channel's room get the message itself and count it there. */
  except: string;
  hint: UnreadHint;
}

// Routes hand over a write's events only (lib/chat/broadcast.ts), so a created message's notice rides along
// with its event here instead of in every route.
const notices = new WeakMap<ChatEvent, UnreadNotice>();

export function attachUnreadNotice(event: ChatEvent, notice: UnreadNotice) {
  notices.set(event, notice);
}

export function unreadNoticeOf(event: ChatEvent): UnreadNotice | undefined {
  return notices.get(event);
}

/**
 * Who a new message in a channel is news for: its team, its type and its members who did not mute it (a
 * muted conversation is not counted as unread, so its people get no hint). app.chat_send returns it with the
 * stored message (supabase/migrations/20261209020000_chat_send_audience.sql), read where the sender's membership
 * was checked: no query of its own on the way of every message (docs/chat-protocol.md, "What a send costs").
 */
export interface Audience {
  team_id: string;
  type: ChannelType;
  members: string[];
}

/** The notice for a message just created (seq) by `senderId` in `channelId`, to the audience read with it. */
export function unreadNoticeForAudience(
  channelId: string,
  audience: Audience | null,
  seq: number,
  senderId: string | null,
): UnreadNotice | null {
  if (!audience) return null;
  const others = audience.members.filter((id) => id !== senderId);
  if (others.length === 0) return null;
  const direct = audience.type === "dm" || audience.type === "group_dm";
  return {
    rooms: others.map(userRoom),
    except: channelRoom(channelId),
    hint: { team_id: audience.team_id, channel_id: channelId, seq, sender_id: senderId, direct },
  };
}

/**
 * The totals the app shell shows on every page (components/layout/AppShell.tsx): none when the workspace has no
 * chat, and none rather than an error page when counting fails.
 */
export async function shellUnread(
  db: Db,
  claims: Claims,
  team: { id: string; modules?: string[] },
): Promise<ChatUnread> {
  if (team.modules && !team.modules.includes("chat")) return NO_UNREAD;
  try {
    return await chatUnread(db, claims, team.id);
  } catch (error) {
    console.error("chat: could not count unread messages for the app shell", error);
    return NO_UNREAD;
  }
}

/**
 * Reading a conversation reads what it notified: the person's direct-message and mention notifications of the
 * messages up to `seq` in it are marked read (as the person), so the bell does not keep what chat already
 * showed. Returns the ids marked read.
 */
export async function readChatNotifications(
  db: Db,
  claims: UserClaims,
  teamId: string,
  channelId: string,
  seq: number,
): Promise<string[]> {
  const rows = await db.asUser(claims, (tx) =>
    tx.query<{ id: string }>(
      `update public.notifications n set read_at = now()
       where n.user_id = (select auth.uid()) and n.team_id = $1 and n.read_at is null and n.in_app
         and n.type in ('direct_message', 'mention') and n.record_type = 'message'
         and n.metadata ->> 'channel_id' = $2::text
         and exists (
           select 1 from public.messages m where m.id = n.record_id and m.channel_id = $2::uuid and m.seq <= $3
         )
       returning n.id`,
      [teamId, channelId, seq],
    ));
  return rows.map((r) => r.id);
}

/**
 * What reading a conversation does to the bell, the same over the socket (`chat:read`) and HTTP
 * (`POST /api/v1/channels/:id/read`): its notifications up to `seq` are marked read and the person's pages
 * hear the new count. The read position is stored before and either way: a failure here is logged, never a
 * failed read. `services` is the app's own (its change bus carries the news).
 */
export async function readConversationNotifications(
  services: { db: Db; bus: ChangeBus },
  actor: { claims: UserClaims; teamId: string },
  channelId: string,
  seq: number,
): Promise<void> {
  const { db } = services;
  try {
    const ids = await readChatNotifications(db, actor.claims, actor.teamId, channelId, seq);
    if (ids.length === 0) return;
    announceChange(services, actor.claims.sub, {
      team_id: actor.teamId,
      action: "read",
      ids,
      unread_count: await unreadCount(db, actor.claims, actor.teamId),
    });
  } catch (error) {
    console.error("chat: could not mark the conversation's notifications read", error);
  }
}
