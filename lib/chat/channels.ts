// Chat channels: the sidebar list with unread and mention counts, creating channels and direct messages,
// joining, leaving, members, topic/rename/archive. As the user; writes go through app.chat_* functions.
import { AppError } from "../errors.ts";
import { z } from "zod";
import type { Db, Tx } from "../db/mod.ts";
import type { ChatActor } from "./messages.ts";
import { requireChannel } from "./messages.ts";
import type { ChannelSummary } from "./types.ts";

/** "Deal Desk" → "deal-desk"; "#General" → "general". */
export function normalizeChannelName(name: string): string {
  return name.trim().replace(/^#+/, "").trim().toLowerCase().replace(/[\s,]+/g, "-").replace(/#/g, "");
}

const channelName = z.string({ error: "name: give the channel a name." })
  .transform(normalizeChannelName)
  .pipe(z.string().min(1, "name: give the channel a name.").max(80, "name: 80 characters at most."));
const userIds = (max: number) =>
  z.array(z.string().uuid("user ids must be ids.").transform((id) => id.toLowerCase())).max(
    max,
    `At most ${max} people at a time.`,
  );

export const createChannelInput = z.object({
  name: channelName,
  type: z.enum(["public", "private"], { error: "type: public or private." }).default("public"),
  topic: z.string().trim().max(250, "topic: 250 characters at most.").optional(),
  description: z.string().trim().max(1000, "description: 1,000 characters at most.").optional(),
  member_ids: userIds(500).optional(),
}).strict();

export const directInput = z.object({
  user_ids: userIds(8).min(1, "user_ids: pick at least one person."),
}).strict();

export const updateChannelInput = z.object({
  name: channelName.optional(),
  topic: z.string().trim().max(250, "topic: 250 characters at most.").optional(),
  description: z.string().trim().max(1000, "description: 1,000 characters at most.").optional(),
  archived: z.boolean({ error: "archived: true or false." }).optional(),
}).strict().refine((v) => Object.keys(v).length > 0, "Nothing to change: send name, topic, description or archived.");

export const addMembersInput = z.object({
  user_ids: userIds(500).min(1, "user_ids: pick at least one person."),
}).strict();

// Unread: messages after the member's read position, thread replies included (a reply takes the channel's
// next seq, and reading the channel reads its threads' new replies too), one's own and deleted ones not.
const SUMMARY = `
  select c.id, c.type, coalesce(c.name, '') as name, c.topic, c.description, c.archived_at, c.created_at,
         c.created_by, c.last_seq::float8 as last_seq, c.last_message_at,
         m.user_id is not null as is_member, m.role, coalesce(m.muted, false) as muted,
         coalesce(m.last_read_seq, 0)::float8 as last_read_seq,
         (select count(*)::int from public.channel_members x where x.channel_id = c.id) as member_count,
         case when m.user_id is null then 0 else (
           select count(*)::int from public.messages g
           where g.channel_id = c.id and g.seq > m.last_read_seq and g.deleted_at is null
             and g.sender_id is distinct from m.user_id
         ) end as unread_count,
         case when m.user_id is null then 0 else (
           select count(*)::int from public.message_mentions mm join public.messages g on g.id = mm.message_id
           where mm.channel_id = c.id and mm.mentioned_user_id = m.user_id and g.seq > m.last_read_seq
             and g.deleted_at is null
         ) end as mention_count,
         case when c.type in ('dm', 'group_dm') then (
           select jsonb_agg(jsonb_build_object('id', x.user_id, 'name', coalesce(nullif(p.full_name, ''), 'Someone'))
                            order by p.full_name, x.user_id)
           from public.channel_members x left join public.profiles p on p.id = x.user_id
           where x.channel_id = c.id
         ) end as members
  from public.channels c
  left join public.channel_members m on m.channel_id = c.id and m.user_id = $2
  where c.team_id = $1`;

type SummaryRow = Omit<ChannelSummary, "archived_at" | "created_at" | "last_message_at"> & {
  archived_at: Date | string | null;
  created_at: Date | string;
  last_message_at: Date | string | null;
};

const iso = (value: Date | string | null) => value === null ? null : new Date(value).toISOString();

function toSummary(row: SummaryRow): ChannelSummary {
  return {
    ...row,
    archived_at: iso(row.archived_at),
    created_at: iso(row.created_at)!,
    last_message_at: iso(row.last_message_at),
    last_seq: Number(row.last_seq),
    last_read_seq: Number(row.last_read_seq),
  };
}

async function summaries(tx: Tx, actor: ChatActor, channelId?: string): Promise<ChannelSummary[]> {
  const rows = await tx.query<SummaryRow>(
    channelId
      ? `${SUMMARY} and c.id = $3`
      : `${SUMMARY} order by c.type in ('dm', 'group_dm'), c.name, c.last_message_at desc nulls last, c.id`,
    channelId ? [actor.teamId, actor.claims.sub, channelId] : [actor.teamId, actor.claims.sub],
  );
  return rows.map(toSummary);
}

async function summary(tx: Tx, actor: ChatActor, channelId: string): Promise<ChannelSummary> {
  const [found] = await summaries(tx, actor, channelId);
  if (!found) throw new AppError("not_found", "That channel does not exist or is not yours.");
  return found;
}

/** The caller's channels and DMs plus the public channels they could join, in the current workspace. */
export function listChannels(db: Db, actor: ChatActor): Promise<ChannelSummary[]> {
  return db.asUser(actor.claims, (tx) => summaries(tx, actor));
}

export function getChannel(db: Db, actor: ChatActor, channelId: string): Promise<ChannelSummary> {
  return db.asUser(actor.claims, (tx) => summary(tx, actor, channelId));
}

export function createChannel(
  db: Db,
  actor: ChatActor,
  input: z.infer<typeof createChannelInput>,
): Promise<ChannelSummary> {
  return db.asUser(actor.claims, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      "select id from app.chat_create_channel($1, $2, $3, $4, $5, $6::uuid[])",
      [actor.teamId, input.name, input.type, input.topic ?? "", input.description ?? "", input.member_ids ?? []],
    );
    return await summary(tx, actor, row.id);
  });
}

/** Finds or creates the DM (one other person) or group DM (2–8 others). */
export function directChannel(
  db: Db,
  actor: ChatActor,
  userIds: string[],
): Promise<{ channel: ChannelSummary; created: boolean }> {
  return db.asUser(actor.claims, async (tx) => {
    const [row] = await tx.query<{ id: string; created: boolean }>(
      "select id, created_at = now() as created from app.chat_direct($1, $2::uuid[])",
      [actor.teamId, userIds],
    );
    return { channel: await summary(tx, actor, row.id), created: row.created };
  });
}

export function updateChannel(
  db: Db,
  actor: ChatActor,
  channelId: string,
  changes: z.infer<typeof updateChannelInput>,
): Promise<ChannelSummary> {
  return db.asUser(actor.claims, async (tx) => {
    await requireChannel(tx, actor.teamId, channelId);
    await tx.query("select app.chat_update_channel($1, $2::jsonb)", [channelId, JSON.stringify(changes)]);
    return await summary(tx, actor, channelId);
  });
}

export function joinChannel(db: Db, actor: ChatActor, channelId: string): Promise<ChannelSummary> {
  return db.asUser(actor.claims, async (tx) => {
    await requireChannel(tx, actor.teamId, channelId);
    await tx.query("select app.chat_join($1)", [channelId]);
    return await summary(tx, actor, channelId);
  });
}

/** Removes a member (oneself: leaving). Returns whether they were in it. */
export function removeMember(db: Db, actor: ChatActor, channelId: string, userId: string): Promise<boolean> {
  return db.asUser(actor.claims, async (tx) => {
    await requireChannel(tx, actor.teamId, channelId);
    const [row] = await tx.query<{ removed: boolean }>("select app.chat_remove_member($1, $2) as removed", [
      channelId,
      userId,
    ]);
    return row.removed;
  });
}

export function addMembers(db: Db, actor: ChatActor, channelId: string, userIds: string[]): Promise<number> {
  return db.asUser(actor.claims, async (tx) => {
    await requireChannel(tx, actor.teamId, channelId);
    const [row] = await tx.query<{ added: number }>("select app.chat_add_members($1, $2::uuid[]) as added", [
      channelId,
      userIds,
    ]);
    return Number(row.added);
  });
}

export interface ChannelMember {
  id: string;
  name: string;
  role: "member" | "admin";
  last_read_seq: number;
  joined_at: string;
}

export function channelMembers(db: Db, actor: ChatActor, channelId: string): Promise<ChannelMember[]> {
  return db.asUser(actor.claims, async (tx) => {
    await requireChannel(tx, actor.teamId, channelId);
    const rows = await tx.query<Omit<ChannelMember, "joined_at"> & { joined_at: Date | string }>(
      `select x.user_id as id, coalesce(nullif(p.full_name, ''), 'Someone') as name, x.role,
              x.last_read_seq::float8 as last_read_seq, x.joined_at
       from public.channel_members x left join public.profiles p on p.id = x.user_id
       where x.channel_id = $1 order by name, x.user_id`,
      [channelId],
    );
    return rows.map((r) => ({ ...r, last_read_seq: Number(r.last_read_seq), joined_at: iso(r.joined_at)! }));
  });
}

/** Member ids of a channel (for telling them about changes); as the caller. */
export async function memberIds(db: Db, actor: ChatActor, channelId: string): Promise<string[]> {
  const rows = await db.asUser(
    actor.claims,
    (tx) =>
      tx.query<{ id: string }>("select user_id as id from public.channel_members where channel_id = $1", [channelId]),
  );
  return rows.map((r) => r.id);
}
