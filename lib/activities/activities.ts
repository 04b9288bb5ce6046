// The activity timeline of a record: logged calls, emails, meetings and notes, the entries the database writes
// itself when a record changes, comment threads and @mentions. Always as the user: RLS decides what is visible
// and who may log or delete; the database refuses system types and other actors for manual entries.
import { AppError } from "../errors.ts";
import { z } from "zod";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { decodeCursor, encodeCursor } from "../records/cursor.ts";
import { parseWithSchema } from "../validation.ts";
import { type MentionMember, type MentionToken, parseMentions } from "./mentions.ts";
import { isUuid } from "../ids.ts";
import { statusWords } from "../leads/status.ts";
import type { Caller } from "../caller.ts";
import { recordTeamOf } from "../records/records.ts";

export const RECORD_TYPES = ["contact", "company", "lead", "deal", "task"] as const;
export const MANUAL_TYPES = ["call", "email", "meeting", "note"] as const;
export const SYSTEM_TYPES = [
  "task_created",
  "task_completed",
  "status_change",
  "stage_change",
  "field_update",
  "created",
] as const;
export const ACTIVITY_TYPES = [...MANUAL_TYPES, ...SYSTEM_TYPES] as const;
export const CALL_OUTCOMES = ["connected", "voicemail", "no_answer", "busy", "wrong_number"] as const;
export const MEETING_OUTCOMES = ["held", "no_show", "rescheduled"] as const;

export type RecordType = typeof RECORD_TYPES[number];
export type ActivityType = typeof ACTIVITY_TYPES[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const activityNotFound = () => new AppError("not_found", "Activity not found.");
const invalid = (message: string) => new AppError("unprocessable_entity", message);

/**
 * Activity text is plain text. Pasted HTML (an email body, say) is turned into its text here, so markup is never
 * stored; renderers still escape, since "a < b" is plain text too.
 */
export function toPlainText(value: string): string {
  if (!/<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i.test(value)) return value;
  return value
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|tr|blockquote)\s*>/gi, "\n")
    .replace(/<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/gi, "")
    .replace(/&nbsp;/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const plainText = (max: number, label: string) =>
  z.string().max(max * 2, `${label} is too long.`).transform(toPlainText)
    .refine((v) => v.length <= max, `${label} can be at most ${max} characters.`);

// Inputs -------------------------------------------------------------------------------------------------
/**
 * What a person may log. Strict: an actor, a system type or is_system cannot be slipped in; the actor is always
 * the signed-in user (and the database checks that again).
 */
export const activityInput = z.strictObject({
  record_type: z.enum(RECORD_TYPES, "Activities are logged on a contact, company, lead, deal or task."),
  record_id: z.string().uuid("record_id must be an id."),
  type: z.enum(MANUAL_TYPES, "You can log a call, an email, a meeting or a note."),
  subject: z.string().trim().max(200, "Subject can be at most 200 characters.").nullable().optional()
    .transform((v) => (v ? v : null)),
  body: plainText(20000, "The text").nullable().optional().transform((v) => (v?.trim() ? v : null)),
  occurred_at: z.string().datetime({
    offset: true,
    message: "occurred_at is a date and time like 2026-11-22T14:30:00Z.",
  })
    .optional(),
  duration_seconds: z.number().int("Duration is whole seconds.").min(0, "Duration cannot be negative.")
    .max(86400, "Duration can be at most 24 hours.").nullable().optional(),
  outcome: z.enum([...CALL_OUTCOMES, ...MEETING_OUTCOMES]).nullable().optional(),
}).superRefine((a, ctx) => {
  if (!a.subject && !a.body) ctx.addIssue({ code: "custom", path: ["body"], message: "Write a subject or some text." });
  if (a.duration_seconds != null && a.type !== "call" && a.type !== "meeting") {
    ctx.addIssue({ code: "custom", path: ["duration_seconds"], message: "Only calls and meetings have a duration." });
  }
  if (a.outcome != null) {
    const allowed: readonly string[] = a.type === "call" ? CALL_OUTCOMES : a.type === "meeting" ? MEETING_OUTCOMES : [];
    if (!allowed.includes(a.outcome)) {
      ctx.addIssue({
        code: "custom",
        path: ["outcome"],
        message: allowed.length
          ? `A ${a.type}'s outcome is one of: ${allowed.join(", ")}.`
          : "Only calls and meetings have an outcome.",
      });
    }
  }
});
export type ActivityInput = z.input<typeof activityInput>;

const commentBody = plainText(5000, "A comment").refine((v) => v.trim().length > 0, "Write something first.");

// Outputs ------------------------------------------------------------------------------------------------
export interface Person {
  id: string;
  /** Full name, else the email's local part; "Former member" once they left the team. */
  name: string;
}

export interface Change {
  field: string;
  old: unknown;
  new: unknown;
  /** stage changes: the stage ids behind the names in old and new */
  old_id?: string | null;
  new_id?: string | null;
}

export interface TimelineItem {
  id: string;
  team_id: string;
  record_type: RecordType;
  record_id: string;
  type: ActivityType;
  subject: string | null;
  /** plain text; never HTML */
  body: string | null;
  /** ISO 8601, microseconds kept */
  occurred_at: string;
  duration_seconds: number | null;
  outcome: string | null;
  changes: Change[] | null;
  is_system: boolean;
  /** null when a system job made the change */
  actor: Person | null;
  comment_count: number;
  /** what the signed-in user may do, for the UI's buttons (the database decides again) */
  can_edit: boolean;
  can_delete: boolean;
  created_at: string;
  updated_at: string;
}

export interface TimelineDay {
  /** YYYY-MM-DD in the requested time zone */
  date: string;
  items: TimelineItem[];
}

export interface Timeline {
  /** Newest first. A day can continue on the next page: merge days with the same date when appending. */
  days: TimelineDay[];
  next_cursor: string | null;
}

export interface TimelineOptions {
  types?: ActivityType[];
  actorId?: string;
  /** YYYY-MM-DD (start of that day in timeZone) or an ISO date-time; inclusive */
  from?: string;
  /** YYYY-MM-DD (the whole day in timeZone) or an ISO date-time; inclusive */
  to?: string;
  cursor?: string;
  /** items per page, 1..200, default 50 */
  limit?: number;
  /** IANA zone used to group by day and read date-only bounds; default UTC */
  timeZone?: string;
}

export interface Comment {
  id: string;
  activity_id: string;
  team_id: string;
  author: Person | null;
  body: string;
  /** body split into text and mentions for rendering (strings only, never HTML) */
  tokens: MentionToken[];
  mentioned_user_ids: string[];
  created_at: string;
  edited_at: string | null;
  can_edit: boolean;
  can_delete: boolean;
}

// Queries ------------------------------------------------------------------------------------------------
const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const ts = (column: string) => `to_char(${column} at time zone 'UTC', ${ISO_US})`;

/** One row per activity, with names and counts; $1 = time zone, further conditions and params appended. */
const ITEM_SELECT = `
  select a.id, a.team_id, a.record_type, a.record_id, a.type, a.subject, a.body,
         ${ts("a.occurred_at")} as occurred_at,
         to_char(a.occurred_at at time zone $1, 'YYYY-MM-DD') as day,
         a.duration_seconds, a.outcome, a.changes, a.is_system, a.actor_id,
         coalesce(nullif(btrim(p.full_name), ''), split_part(app.member_email(a.team_id, a.actor_id), '@', 1))
           as actor_name,
         (select count(*)::int from public.activity_comments c where c.activity_id = a.id and c.deleted_at is null)
           as comment_count,
         (a.actor_id = (select auth.uid()) and not a.is_system and app.can_write(a.team_id)) as can_edit,
         ((a.actor_id = (select auth.uid()) and not a.is_system and app.can_write(a.team_id))
           or app.has_team_role(a.team_id, array['owner', 'admin', 'manager']::public.team_role[])) as can_delete,
         ${ts("a.created_at")} as created_at, ${ts("a.updated_at")} as updated_at
  from public.activities a
  left join public.profiles p on p.id = a.actor_id`;

interface ItemRow extends Omit<TimelineItem, "actor"> {
  day: string;
  actor_id: string | null;
  actor_name: string | null;
}

const toItem = ({ day: _day, actor_id, actor_name, ...row }: ItemRow): TimelineItem => ({
  ...row,
  subject: readableSubject(row),
  actor: actor_id ? { id: actor_id, name: actor_name || "Former member" } : null,
});

/** A lead's status change reads "Status: Contacted → Proposal sent"; its changes keep the codes for clients. */
function readableSubject(row: Pick<TimelineItem, "record_type" | "type" | "subject" | "changes">): string | null {
  const change = row.changes?.[0];
  if (row.record_type !== "lead" || row.type !== "status_change" || change?.field !== "status") return row.subject;
  return `Status: ${statusWords(change.old) || "—"} → ${statusWords(change.new) || "—"}`;
}

function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    throw invalid(`Unknown time zone "${timeZone}". Use a name like Europe/Berlin.`);
  }
}

async function readItem(tx: Tx, id: string): Promise<TimelineItem | null> {
  const [row] = await tx.query<ItemRow>(`${ITEM_SELECT} where a.id = $2`, ["UTC", id]);
  return row ? toItem(row) : null;
}

/** The team's members as the mention parser needs them: display name and email handle. */
export async function teamMembersForMentions(tx: Tx, teamId: string): Promise<MentionMember[]> {
  return await tx.query<MentionMember>(
    `select m.user_id as id, coalesce(p.full_name, '') as name,
            split_part(app.member_email(m.team_id, m.user_id), '@', 1) as handle
     from public.team_members m left join public.profiles p on p.id = m.user_id
     where m.team_id = $1`,
    [teamId],
  );
}

async function storeMentions(
  tx: Tx,
  teamId: string,
  activityId: string,
  commentId: string | null,
  userIds: string[],
  authorId: string,
) {
  // mentioning oneself notifies no one
  const others = userIds.filter((id) => id !== authorId);
  if (others.length === 0) return;
  await tx.query(
    `insert into public.activity_mentions (team_id, activity_id, comment_id, mentioned_user_id, mentioned_by)
     select $1, $2, $3, u, $5 from unnest($4::uuid[]) u
     on conflict do nothing`,
    [teamId, activityId, commentId, others, authorId],
  );
}

/**
 * Logs a call, email, meeting or note on a record, as the signed-in user. Mentions in the text are stored for the
 * teammates they name. 422 for invalid input, 403 for viewers and outsiders, 404 when the record is not the team's.
 */
export async function logActivity(
  db: Db,
  claims: UserClaims,
  teamId: string,
  input: unknown,
): Promise<TimelineItem> {
  if (!isUuid(teamId)) throw new AppError("not_found", "Workspace not found.");
  const a = parseWithSchema(activityInput, input);
  return await db.asUser(claims, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.activities
         (team_id, record_type, record_id, type, subject, body, occurred_at, duration_seconds, outcome, actor_id)
       values ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now()), $8, $9, $10)
       returning id`,
      [
        teamId,
        a.record_type,
        a.record_id,
        a.type,
        a.subject,
        a.body,
        a.occurred_at ?? null,
        a.duration_seconds ?? null,
        a.outcome ?? null,
        claims.sub,
      ],
    );
    if (a.body) {
      const { userIds } = parseMentions(a.body, await teamMembersForMentions(tx, teamId));
      await storeMentions(tx, teamId, row.id, null, userIds, claims.sub);
    }
    return (await readItem(tx, row.id))!;
  });
}

/**
 * The record a timeline is asked for: a kind of record that has one (422 otherwise), in the caller's workspace
 * (a 404 otherwise, also for ids of other workspaces: no probing). Deleted records keep their timeline.
 */
export async function timelineRecord(caller: Caller, recordType: string, recordId: string): Promise<RecordType> {
  if (!(RECORD_TYPES as readonly string[]).includes(recordType)) {
    throw new AppError("unprocessable_entity", `record_type is one of ${RECORD_TYPES.join(", ")}.`);
  }
  const kind = recordType as RecordType;
  const team = await recordTeamOf(caller.db, caller.claims, kind, recordId, { includeDeleted: true });
  if (team !== caller.teamId) throw new AppError("not_found", "Record not found.");
  return kind;
}

/**
 * A record's timeline, newest first, grouped by day; keyset paginated on (occurred_at desc, id).
 * Deleted activities are left out. A record the user cannot see has an empty timeline.
 */
export async function timeline(
  db: Db,
  claims: UserClaims,
  teamId: string,
  recordType: RecordType,
  recordId: string,
  options: TimelineOptions = {},
): Promise<Timeline> {
  if (!isUuid(teamId) || !isUuid(recordId) || !RECORD_TYPES.includes(recordType)) {
    return { days: [], next_cursor: null };
  }
  const limit = Math.max(1, Math.min(200, Math.trunc(options.limit ?? 50)));
  const timeZone = checkTimeZone(options.timeZone ?? "UTC");
  const params: unknown[] = [timeZone, teamId, recordType, recordId];
  const where = ["a.team_id = $2", "a.record_type = $3", "a.record_id = $4", "a.deleted_at is null"];
  const param = (value: unknown) => `$${params.push(value)}`;

  if (options.types?.length) {
    const unknown = options.types.find((t) => !(ACTIVITY_TYPES as readonly string[]).includes(t));
    if (unknown) throw invalid(`Unknown activity type "${unknown}".`);
    where.push(`a.type = any(${param(options.types)}::text[])`);
  }
  if (options.actorId) {
    if (!isUuid(options.actorId)) throw invalid("The person filter must be an id.");
    where.push(`a.actor_id = ${param(options.actorId)}::uuid`);
  }
  if (options.from) where.push(`a.occurred_at >= ${bound(options.from, "from", param)}`);
  if (options.to) {
    where.push(
      ISO_DATE.test(options.to)
        ? `a.occurred_at < ((${param(options.to)}::date + 1)::timestamp at time zone $1)`
        : `a.occurred_at <= ${bound(options.to, "to", param)}`,
    );
  }
  if (options.cursor) {
    const [at, id] = decodeCursor(options.cursor);
    if (typeof at !== "string" || Number.isNaN(Date.parse(at)) || !isUuid(id)) {
      throw new AppError("bad_request", "That page cursor is not valid. Start again from the first page.");
    }
    const atParam = param(at);
    where.push(`(a.occurred_at < ${atParam}::timestamptz
      or (a.occurred_at = ${atParam}::timestamptz and a.id > ${param(id)}::uuid))`);
  }

  const rows = await db.asUser(
    claims,
    (tx) =>
      tx.query<ItemRow>(
        `${ITEM_SELECT} where ${where.join(" and ")} order by a.occurred_at desc, a.id limit ${param(limit + 1)}`,
        params,
      ),
  );
  const page = rows.slice(0, limit);
  const days: TimelineDay[] = [];
  for (const row of page) {
    const last = days.at(-1);
    if (last?.date === row.day) last.items.push(toItem(row));
    else days.push({ date: row.day, items: [toItem(row)] });
  }
  const lastRow = page.at(-1);
  return {
    days,
    next_cursor: rows.length > limit && lastRow ? encodeCursor(lastRow.occurred_at, lastRow.id) : null,
  };
}

/** A date-only bound is the start of that day in the timeline's time zone ($1). */
function bound(value: string, label: string, param: (v: unknown) => string): string {
  if (ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) {
    return `(${param(value)}::date::timestamp at time zone $1)`;
  }
  if (!Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return `${param(value)}::timestamptz`;
  throw invalid(`"${label}" is a date like 2026-11-22 or a date and time like 2026-11-22T14:30:00Z.`);
}

/** One activity as the timeline shows it; 404 when it is not the user's to see. */
export async function getActivity(db: Db, claims: UserClaims, activityId: string): Promise<TimelineItem> {
  if (!isUuid(activityId)) throw activityNotFound();
  const item = await db.asUser(claims, (tx) => readItem(tx, activityId));
  if (!item) throw activityNotFound();
  return item;
}

/**
 * Soft-deletes an activity: authors their own manual entries, managers and up any entry.
 * 404 when it is not visible (or already deleted), 403 when visible but not the user's to delete.
 */
export async function deleteActivity(db: Db, claims: UserClaims, activityId: string): Promise<void> {
  if (!isUuid(activityId)) throw activityNotFound();
  await db.asUser(claims, async (tx) => {
    const done = await tx.query(
      "update public.activities set deleted_at = now() where id = $1 and deleted_at is null returning id",
      [activityId],
    );
    if (done.length > 0) return;
    const [seen] = await tx.query("select 1 from public.activities where id = $1 and deleted_at is null", [
      activityId,
    ]);
    if (!seen) throw activityNotFound();
    throw new AppError("forbidden", "Only its author, a manager, an admin or an owner can delete this activity.");
  });
}

// Comments -----------------------------------------------------------------------------------------------
interface CommentRow {
  id: string;
  activity_id: string;
  team_id: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  mentioned_user_ids: string[];
  created_at: string;
  edited_at: string | null;
  can_edit: boolean;
  can_delete: boolean;
}

const COMMENT_SELECT = `
  select c.id, c.activity_id, c.team_id, c.author_id, c.body,
         coalesce(nullif(btrim(p.full_name), ''), split_part(app.member_email(c.team_id, c.author_id), '@', 1))
           as author_name,
         array(select m.mentioned_user_id::text from public.activity_mentions m where m.comment_id = c.id
               order by m.created_at, m.id) as mentioned_user_ids,
         ${ts("c.created_at")} as created_at,
         case when c.edited_at is not null then ${ts("c.edited_at")} end as edited_at,
         (c.author_id = (select auth.uid())) as can_edit,
         (c.author_id = (select auth.uid())
           or app.has_team_role(c.team_id, array['owner', 'admin', 'manager']::public.team_role[])) as can_delete
  from public.activity_comments c
  left join public.profiles p on p.id = c.author_id`;

function toComment(row: CommentRow, members: MentionMember[]): Comment {
  const { author_id, author_name, ...rest } = row;
  // tokens mark only the people actually stored as mentioned, so the text renders as it was notified
  const stored = new Set([...row.mentioned_user_ids, author_id]);
  const tokens: MentionToken[] = [];
  for (const token of parseMentions(row.body, members).tokens) {
    const kept: MentionToken = token.type === "mention" && !stored.has(token.userId)
      ? { type: "text", text: token.text }
      : token;
    const last = tokens.at(-1);
    if (kept.type === "text" && last?.type === "text") last.text += kept.text;
    else tokens.push({ ...kept });
  }
  return { ...rest, author: author_id ? { id: author_id, name: author_name || "Former member" } : null, tokens };
}

async function visibleActivity(tx: Tx, activityId: string) {
  const [activity] = await tx.query<{ team_id: string }>(
    "select team_id from public.activities where id = $1 and deleted_at is null",
    [activityId],
  );
  if (!activity) throw activityNotFound();
  return activity;
}

/**
 * Adds a comment under an activity as the signed-in user and stores its @mentions. Only teammates can be
 * mentioned: "@someone" who is not in the team stays plain text. 403 for viewers, 404 for unknown activities.
 */
export async function addComment(db: Db, claims: UserClaims, activityId: string, body: unknown): Promise<Comment> {
  if (!isUuid(activityId)) throw activityNotFound();
  const text = parseWithSchema(commentBody, body);
  return await db.asUser(claims, async (tx) => {
    const { team_id } = await visibleActivity(tx, activityId);
    const members = await teamMembersForMentions(tx, team_id);
    const [row] = await tx.query<{ id: string }>(
      `insert into public.activity_comments (team_id, activity_id, author_id, body)
       values ($1, $2, $3, $4) returning id`,
      [team_id, activityId, claims.sub, text],
    );
    await storeMentions(tx, team_id, activityId, row.id, parseMentions(text, members).userIds, claims.sub);
    const [comment] = await tx.query<CommentRow>(`${COMMENT_SELECT} where c.id = $1`, [row.id]);
    return toComment(comment, members);
  });
}

/** Edits one's own comment; mentions follow the new text (new ones added, dropped ones removed). */
export async function editComment(db: Db, claims: UserClaims, commentId: string, body: unknown): Promise<Comment> {
  if (!isUuid(commentId)) throw new AppError("not_found", "Comment not found.");
  const text = parseWithSchema(commentBody, body);
  return await db.asUser(claims, async (tx) => {
    const [current] = await tx.query<{ team_id: string; activity_id: string; author_id: string | null }>(
      "select team_id, activity_id, author_id from public.activity_comments where id = $1 and deleted_at is null",
      [commentId],
    );
    if (!current) throw new AppError("not_found", "Comment not found.");
    if (current.author_id !== claims.sub) {
      throw new AppError("forbidden", "Only the author can edit this comment.");
    }
    await tx.query("update public.activity_comments set body = $2 where id = $1", [commentId, text]);
    const members = await teamMembersForMentions(tx, current.team_id);
    const userIds = parseMentions(text, members).userIds.filter((id) => id !== claims.sub);
    await tx.query(
      "delete from public.activity_mentions where comment_id = $1 and not (mentioned_user_id = any($2::uuid[]))",
      [commentId, userIds],
    );
    await storeMentions(tx, current.team_id, current.activity_id, commentId, userIds, claims.sub);
    const [comment] = await tx.query<CommentRow>(`${COMMENT_SELECT} where c.id = $1`, [commentId]);
    return toComment(comment, members);
  });
}

/** The thread under an activity, oldest first (deleted comments left out); 404 when the activity is not visible. */
export async function listComments(
  db: Db,
  claims: UserClaims,
  activityId: string,
  { limit = 500 }: { limit?: number } = {},
): Promise<Comment[]> {
  if (!isUuid(activityId)) throw activityNotFound();
  return await db.asUser(claims, async (tx) => {
    const { team_id } = await visibleActivity(tx, activityId);
    const members = await teamMembersForMentions(tx, team_id);
    const rows = await tx.query<CommentRow>(
      `${COMMENT_SELECT} where c.activity_id = $1 and c.deleted_at is null order by c.created_at, c.id limit $2`,
      [activityId, Math.max(1, Math.min(1000, Math.trunc(limit)))],
    );
    return rows.map((row) => toComment(row, members));
  });
}

/** Soft-deletes a comment: its author, or managers and up. 404 when not visible, 403 when not theirs. */
export async function deleteComment(db: Db, claims: UserClaims, commentId: string): Promise<void> {
  if (!isUuid(commentId)) throw new AppError("not_found", "Comment not found.");
  await db.asUser(claims, async (tx) => {
    const done = await tx.query(
      "update public.activity_comments set deleted_at = now() where id = $1 and deleted_at is null returning id",
      [commentId],
    );
    if (done.length > 0) return;
    const [seen] = await tx.query("select 1 from public.activity_comments where id = $1 and deleted_at is null", [
      commentId,
    ]);
    if (!seen) throw new AppError("not_found", "Comment not found.");
    throw new AppError("forbidden", "Only its author, a manager, an admin or an owner can delete this comment.");
  });
}
