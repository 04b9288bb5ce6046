// Chat messages: send, edit, delete, react, pin, read receipts, history, threads, pins, search and the replay
// for reconnecting clients. Always as the user (RLS decides what is visible); every write is one short
// transaction around one of the app.chat_* functions (supabase/migrations/20261122001800_chat.sql), which
// number the change in its channel. Each write returns the room events to broadcast after commit.
import { AppError } from "../errors.ts";
import { z } from "zod";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { queryAsUser } from "../db/transaction.ts";
import { MAX_BODY_CHARS, parseMentions, type Rendered, renderMessage } from "./render.ts";
import { loadUnfurls } from "./unfurl.ts";
import { channelRoom, type ChatEvent, type Message, messageEvent, userRoom } from "./types.ts";
import type { ChatOutput } from "./broadcast.ts";
import { attachUnreadNotice, type Audience, unreadNoticeForAudience } from "./unread.ts";
import { parseId } from "../ids.ts";

/** Who is acting, in which workspace. */
export interface ChatActor {
  claims: UserClaims;
  teamId: string;
}

const uuid = (what: string) => z.string().uuid(`${what} must be an id.`).transform((id) => id.toLowerCase());
// The length limit is checked after parsing, so a long message gets its own error (too_large).
const body = z.string({ error: "body: write the message's text." }).max(200_000, "That message is far too long.");

// Unknown keys (a forged sender_id, created_at or seq) are dropped: those always come from the server.
export const sendInput = z.object({
  channel_id: uuid("channel_id"),
  client_id: uuid("client_id"),
  body,
  parent_id: uuid("parent_id").nullish(),
});
export const editInput = z.object({ message_id: uuid("message_id"), body });
export const messageIdInput = z.object({ message_id: uuid("message_id") });
/** One emoji (a few code points with modifiers) or a :short_code:. */
export const EMOJI =
  /^(?::[a-z0-9_+-]{1,40}:|(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}\u{FE0F}\u{200D}\u{20E3}#*0-9]){1,16})$/u;
export const reactInput = z.object({
  message_id: uuid("message_id"),
  emoji: z.string().regex(EMOJI, "emoji must be one emoji like 👍 or a short code like :tada:."),
  on: z.boolean({ error: "on: true to add the reaction, false to take it back." }),
});
export const pinInput = z.object({
  message_id: uuid("message_id"),
  pinned: z.boolean({ error: "pinned: true or false." }),
});
export const readInput = z.object({
  channel_id: uuid("channel_id"),
  seq: z.number({ error: "seq: the newest seq you have seen." }).int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export type SendInput = z.infer<typeof sendInput>;

export interface WriteResult {
  message: Message;
  /** False when nothing changed (a repeated client_id, an edit to the same text...): nothing to broadcast. */
  changed: boolean;
  /** Room events to broadcast, in seq order. */
  events: ChatEvent[];
}

function checkBody(text: string) {
  if (text.trim().length === 0) {
    throw new AppError("unprocessable_entity", "Write something first: a message cannot be empty.");
  }
  const length = [...text].length;
  if (length > MAX_BODY_CHARS) {
    throw new AppError(
      "payload_too_large",
      `That message is too long: ${MAX_BODY_CHARS.toLocaleString("en-US")} characters at most ` +
        `(it has ${length.toLocaleString("en-US")}).`,
    );
  }
}

/** Display names of team members among `ids`, for rendering their mentions. */
async function memberNames(tx: Tx, teamId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<{ id: string; name: string }>(
    `select t.user_id as id, coalesce(nullif(p.full_name, ''), split_part(u.email, '@', 1), 'Someone') as name
     from public.team_members t
     left join public.profiles p on p.id = t.user_id
     left join lateral (select app.member_email(t.team_id, t.user_id) as email) u on true
     where t.team_id = $1 and t.user_id = any ($2::uuid[])`,
    [teamId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Renders a body inside the transaction: names for mentions and cards for record links when it has any. */
async function prepare(tx: Tx, actor: ChatActor, text: string, publicUrl: string) {
  const { userIds } = parseMentions(text);
  const names = await memberNames(tx, actor.teamId, userIds);
  return await withUnfurls(tx, actor, renderMessage(text, { names, publicUrl }));
}

async function withUnfurls(tx: Tx, actor: ChatActor, rendered: Rendered) {
  return { ...rendered, unfurls: await loadUnfurls(tx, actor.teamId, rendered.links) };
}

/**
 * A body with no @mentions of people needs no names, so it is rendered before the transaction opens: the
 * embedded database serves one transaction at a time, and rendering (markdown, sanitizing) inside it held up
 * every other send meanwhile. Null when it mentions someone (rendered inside, see `prepare`).
 */
function renderEarly(text: string, publicUrl: string): Rendered | null {
  return parseMentions(text).userIds.length === 0 ? renderMessage(text, { publicUrl }) : null;
}

type Changed = { changed: boolean; message: Message };

function changedResult(result: Changed): WriteResult {
  return {
    message: result.message,
    changed: result.changed,
    events: result.changed ? [messageEvent("message.updated", result.message)] : [],
  };
}

/** One statement: the message, its thread's first message and who to tell about it (its `audience`). */
const SEND_SQL = "select app.chat_send($1, $2, $3, $4, $5, $6::uuid[], $7, $8::jsonb) as r";
type Sent = { r: { created: boolean; message: Message; parent: Message | null; audience?: Audience } };

function sendParams(input: SendInput, rendered: Rendered & { unfurls: unknown[] }): unknown[] {
  return [
    input.channel_id,
    input.client_id,
    input.body,
    rendered.html,
    input.parent_id ?? null,
    rendered.mentions,
    rendered.mentionChannel,
    JSON.stringify(rendered.unfurls),
  ];
}

/**
 * Stores a message. Most need nothing read first (no @mentions, no record links): their one statement runs as
 * a transaction of its own in one pass, one trip to the embedded database's worker (`queryAsUser`). The others
 * read names and cards in the same transaction, before the statement.
 */
async function storeMessage(db: Db, actor: ChatActor, input: SendInput, publicUrl: string): Promise<Sent["r"]> {
  const early = renderEarly(input.body, publicUrl);
  if (early && early.links.length === 0) {
    const [row] = await queryAsUser<Sent>(db, actor.claims, SEND_SQL, sendParams(input, { ...early, unfurls: [] }));
    return row.r;
  }
  return await db.asUser(actor.claims, async (tx) => {
    const rendered = early ? await withUnfurls(tx, actor, early) : await prepare(tx, actor, input.body, publicUrl);
    const [row] = await tx.query<Sent>(SEND_SQL, sendParams(input, rendered));
    return row.r;
  });
}

/**
 * Sends a message or a thread reply. Idempotent on (sender, client_id): a repeat returns the stored message
 * with `changed: false` and no events. A reply also updates its thread's first message (reply count).
 */
export async function sendMessage(db: Db, actor: ChatActor, input: SendInput, publicUrl: string): Promise<WriteResult> {
  checkBody(input.body);
  const result = await storeMessage(db, actor, input, publicUrl);
  const notice = result.created
    ? unreadNoticeForAudience(input.channel_id, result.audience ?? null, result.message.seq, result.message.sender_id)
    : null;
  const events = result.created ? [messageEvent("message.created", result.message)] : [];
  if (events[0] && notice) attachUnreadNotice(events[0], notice);
  if (result.created && result.parent) events.push(messageEvent("message.updated", result.parent));
  return { message: result.message, changed: result.created, events };
}

/** Edits one's own message; mentions and cards follow the new text. */
export async function editMessage(
  db: Db,
  actor: ChatActor,
  input: z.infer<typeof editInput>,
  publicUrl: string,
): Promise<WriteResult> {
  checkBody(input.body);
  return changedResult(
    await db.asUser(actor.claims, async (tx) => {
      const rendered = await prepare(tx, actor, input.body, publicUrl);
      const [row] = await tx.query<{ r: Changed }>(
        "select app.chat_edit($1, $2, $3, $4::uuid[], $5, $6::jsonb) as r",
        [
          input.message_id,
          input.body,
          rendered.html,
          rendered.mentions,
          rendered.mentionChannel,
          JSON.stringify(rendered.unfurls),
        ],
      );
      return row.r;
    }),
  );
}

/** A one-statement change (delete, react, pin): a transaction of its own in one pass (`queryAsUser`). */
async function callChanged(db: Db, actor: ChatActor, sql: string, params: unknown[]): Promise<WriteResult> {
  const [row] = await queryAsUser<{ r: Changed }>(db, actor.claims, sql, params);
  return changedResult(row.r);
}

/** Deletes a message: its author, a channel admin or a workspace owner/admin. */
export function deleteMessage(db: Db, actor: ChatActor, messageId: string): Promise<WriteResult> {
  return callChanged(db, actor, "select app.chat_delete($1) as r", [messageId]);
}

export function reactToMessage(db: Db, actor: ChatActor, input: z.infer<typeof reactInput>): Promise<WriteResult> {
  return callChanged(db, actor, "select app.chat_react($1, $2, $3) as r", [input.message_id, input.emoji, input.on]);
}

export function pinMessage(db: Db, actor: ChatActor, input: z.infer<typeof pinInput>): Promise<WriteResult> {
  return callChanged(db, actor, "select app.chat_pin($1, $2) as r", [input.message_id, input.pinned]);
}

/** Moves the caller's read position forward; returns the stored one. */
export async function markRead(db: Db, actor: ChatActor, channelId: string, seq: number): Promise<number> {
  return await db.asUser(actor.claims, async (tx) => {
    // Another workspace's channel (or one the caller cannot see) is a 404 before "not a member".
    await requireChannel(tx, actor.teamId, channelId);
    const [row] = await tx.query<{ seq: string | number }>("select app.chat_mark_read($1, $2) as seq", [
      channelId,
      seq,
    ]);
    return Number(row.seq);
  });
}

/**
 * Marks the channel read up to `seq` (markRead) and returns the read receipt for the caller to publish
 * (services.chat.publish): to the channel (who has read what) and the reader's other tabs (unread badges).
 */
export async function readChannel(
  db: Db,
  actor: ChatActor,
  channelId: string,
  seq: number,
): Promise<{ seq: number; output: ChatOutput }> {
  const stored = await markRead(db, actor, channelId, seq);
  const userId = actor.claims.sub;
  const payload = { channel_id: channelId, user_id: userId, seq: stored };
  return {
    seq: stored,
    output: { signals: [{ rooms: [channelRoom(channelId), userRoom(userId)], name: "chat:read", payload }] },
  };
}

/** 404 unless the channel is visible to the caller in the current workspace. */
export async function requireChannel(tx: Tx, teamId: string, channelId: string) {
  const rows = await tx.query<{ id: string }>(
    "select id from public.channels where id = $1 and team_id = $2",
    [channelId, teamId],
  );
  if (rows.length === 0) throw new AppError("not_found", "That channel does not exist or is not yours.");
}

export function checkUuid(value: string | undefined, what: string): string {
  return parseId(value, `That ${what} does not exist.`);
}

export interface HistoryPage {
  data: Message[];
  /** Pass as `before` for the next (older) page; null at the beginning of the channel. */
  next_before: number | null;
}

/** Top-level messages, newest first, older than `before` (a seq). */
export async function channelHistory(
  db: Db,
  actor: ChatActor,
  channelId: string,
  options: { before?: number | null; limit?: number } = {},
): Promise<HistoryPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await db.asUser(actor.claims, async (tx) => {
    await requireChannel(tx, actor.teamId, channelId);
    return await tx.query<{ m: Message }>(
      `select app.chat_message_json(m) as m from public.messages m
       where m.channel_id = $1 and m.parent_id is null and ($2::bigint is null or m.seq < $2)
       order by m.seq desc limit $3`,
      [channelId, options.before ?? null, limit + 1],
    );
  });
  const page = rows.slice(0, limit).map((r) => r.m);
  return { data: page, next_before: rows.length > limit ? page[page.length - 1].seq : null };
}

/** A thread: its first message and the replies, oldest first. */
export async function threadMessages(db: Db, actor: ChatActor, channelId: string, rootId: string) {
  return await db.asUser(actor.claims, async (tx) => {
    await requireChannel(tx, actor.teamId, channelId);
    const [root] = await tx.query<{ m: Message }>(
      "select app.chat_message_json(m) as m from public.messages m where m.id = $1 and m.channel_id = $2",
      [rootId, channelId],
    );
    if (!root) throw new AppError("not_found", "That message does not exist in this channel.");
    const replies = await tx.query<{ m: Message }>(
      `select app.chat_message_json(m) as m from public.messages m
       where m.parent_id = $1 and m.channel_id = $2 order by m.seq limit 2000`,
      [root.m.parent_id ?? rootId, channelId],
    );
    return { root: root.m, data: replies.map((r) => r.m) };
  });
}

/** Pinned messages, most recently pinned first. */
export async function pinnedMessages(db: Db, actor: ChatActor, channelId: string): Promise<Message[]> {
  return await db.asUser(actor.claims, async (tx) => {
    await requireChannel(tx, actor.teamId, channelId);
    const rows = await tx.query<{ m: Message }>(
      `select app.chat_message_json(m) as m from public.messages m
       where m.channel_id = $1 and m.pinned_at is not null order by m.pinned_at desc, m.seq desc limit 200`,
      [channelId],
    );
    return rows.map((r) => r.m);
  });
}

export interface SearchOptions {
  q?: string;
  channelId?: string | null;
  senderId?: string | null;
  limit?: number;
}

/** Full-text search over the messages the caller can read in the current workspace, newest first. */
export async function searchMessages(
  db: Db,
  actor: ChatActor,
  options: SearchOptions,
): Promise<(Message & { channel_name: string; channel_type: string })[]> {
  const q = (options.q ?? "").trim().slice(0, 200);
  if (!q && !options.channelId && !options.senderId) {
    throw new AppError("unprocessable_entity", "q: type some words to search for (or filter by channel or person).");
  }
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await db.asUser(
    actor.claims,
    (tx) =>
      tx.query<{ m: Message & { channel_name: string; channel_type: string } }>(
        `select app.chat_message_json(m) || jsonb_build_object('channel_name', coalesce(c.name, ''),
                                                             'channel_type', c.type) as m
       from public.messages m join public.channels c on c.id = m.channel_id
       where m.team_id = $1 and m.deleted_at is null
         and ($2 = '' or m.body_tsv @@ websearch_to_tsquery('english', $2))
         and ($3::uuid is null or m.channel_id = $3) and ($4::uuid is null or m.sender_id = $4)
       order by m.created_at desc, m.seq desc limit $5`,
        [actor.teamId, q, options.channelId ?? null, options.senderId ?? null, limit],
      ),
  );
  return rows.map((r) => r.m);
}

/** Messages of a channel changed after `since`, as room events in seq order (for `sync`). */
export const SYNC_LIMIT = 1000;

export async function channelEventsSince(
  db: Db,
  claims: ChatActor["claims"],
  channelId: string,
  since: number,
): Promise<{ events: ChatEvent[]; last_seq: number; complete: boolean }> {
  return await db.asUser(claims, async (tx) => {
    const [channel] = await tx.query<{ last_seq: string | number }>(
      "select last_seq from public.channels where id = $1",
      [channelId],
    );
    if (!channel) throw new AppError("not_found", "That channel does not exist or is not yours.");
    const rows = await tx.query<{ m: Message }>(
      `select app.chat_message_json(m) as m from public.messages m
       where m.channel_id = $1 and m.change_seq > $2 order by m.change_seq limit $3`,
      [channelId, since, SYNC_LIMIT + 1],
    );
    const events = rows.slice(0, SYNC_LIMIT).map(({ m }) =>
      messageEvent(m.seq > since ? "message.created" : "message.updated", m)
    );
    return { events, last_seq: Number(channel.last_seq), complete: rows.length <= SYNC_LIMIT };
  });
}
