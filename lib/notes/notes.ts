// Notes as records: list/filter/search, create (blank, from content, from a template), metadata edits,
// tags, favourites, recent views, shares and folders. Everything runs as the caller (RLS decides);
// the live document itself is doc-manager.ts's.
import { AppError } from "../errors.ts";
import { z } from "zod";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { EMPTY_DOC, jsonToUpdate, type PmJson, snapshotOf, snapshotOfJson } from "./content.ts";
import { notesFor } from "./doc-manager.ts";
import { NOTE_RECORD_TYPES } from "./schema.ts";
import { isUuid, UUID } from "../ids.ts";
import type { Change } from "../bus/change-bus.ts";

const uuid = (what: string) => z.string().regex(UUID, `${what} must be an id.`);
const tag = z.string().trim().toLowerCase().min(1, "A tag cannot be empty.").max(40, "A tag is at most 40 characters.");
const pmJson: z.ZodType<PmJson> = z.custom<PmJson>(
  (v) => typeof v === "object" && v !== null && (v as PmJson).type === "doc",
  { message: 'content must be a document (ProseMirror JSON with type "doc").' },
);

const meta = {
  title: z.string().trim().max(200, "A title is at most 200 characters."),
  folder_id: uuid("folder_id").nullable(),
  visibility: z.enum(["private", "team", "people"], { error: "visibility is private, team or people." }),
  team_permission: z.enum(["view", "edit"], { error: "team_permission is view or edit." }),
  record_type: z.enum(NOTE_RECORD_TYPES, { error: "record_type is deal, contact or company." }).nullable(),
  record_id: uuid("record_id").nullable(),
  is_template: z.boolean(),
  tags: z.array(tag).max(20, "At most 20 tags."),
};

export const noteCreateSchema = z.object({
  ...meta,
  template_id: uuid("template_id"),
  content: pmJson,
}).partial().strict().refine((b) => (b.record_type == null) === (b.record_id == null), {
  message: "Give record_type and record_id together.",
});

export const noteUpdateSchema = z.object(meta).partial().strict().refine(
  (b) => b.record_type === undefined || (b.record_type === null) === (b.record_id === null),
  { message: "Give record_type and record_id together." },
);

export type NoteCreate = z.infer<typeof noteCreateSchema>;
export type NoteUpdate = z.infer<typeof noteUpdateSchema>;

export interface NoteSummary {
  id: string;
  title: string;
  owner_id: string | null;
  owner_name: string;
  visibility: "private" | "team" | "people";
  team_permission: "view" | "edit";
  folder_id: string | null;
  record_type: string | null;
  record_id: string | null;
  is_template: boolean;
  tags: string[];
  favorite: boolean;
  permission: "view" | "edit";
  can_manage: boolean;
  excerpt: string;
  updated_at: string;
  updated_by: string | null;
  created_at: string;
  last_viewed_at: string | null;
  deleted_at: string | null;
}

const SUMMARY = `
  n.id, n.title, n.owner_id, coalesce(nullif(p.full_name, ''), '') as owner_name, n.visibility, n.team_permission,
  n.folder_id, n.record_type, n.record_id, n.is_template,
  coalesce((select array_agg(t.tag order by t.tag) from public.note_tags t where t.note_id = n.id), '{}') as tags,
  exists (select 1 from public.note_favorites f where f.note_id = n.id and f.user_id = (select auth.uid())) as favorite,
  app.note_permission(n.id) as permission, app.note_can_manage(n.id) as can_manage,
  left(n.content_text, 240) as excerpt, n.updated_at::text as updated_at, n.updated_by, n.created_at::text as created_at,
  v.viewed_at::text as last_viewed_at, n.deleted_at::text as deleted_at`;
const FROM = `
  from public.notes n
  left join public.profiles p on p.id = n.owner_id
  left join public.note_views v on v.note_id = n.id and v.user_id = (select auth.uid())`;

export interface ListFilters {
  folder_id?: string;
  tag?: string;
  favorite?: string;
  recent?: string;
  shared?: string;
  mine?: string;
  record_type?: string;
  record_id?: string;
  template?: string;
  deleted?: string;
  q?: string;
  limit?: string;
}

const truthy = (v: string | undefined) => v === "1" || v === "true";

export async function listNotes(db: Db, claims: UserClaims, teamId: string, f: ListFilters): Promise<NoteSummary[]> {
  const where = ["n.team_id = $1"];
  const params: unknown[] = [teamId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll("$?", `$${params.length}`));
  };
  where.push(truthy(f.deleted) ? "n.deleted_at is not null" : "n.deleted_at is null");
  if (f.folder_id === "none") where.push("n.folder_id is null");
  else if (f.folder_id) {
    if (!isUuid(f.folder_id)) {
      throw new AppError("unprocessable_entity", "folder_id must be a folder's id or none.");
    }
    add("n.folder_id = $?", f.folder_id);
  }
  if (f.tag) {
    add("exists (select 1 from public.note_tags t where t.note_id = n.id and t.tag = $?)", f.tag.toLowerCase());
  }
  if (truthy(f.favorite)) {
    where.push(
      "exists (select 1 from public.note_favorites f where f.note_id = n.id and f.user_id = (select auth.uid()))",
    );
  }
  if (truthy(f.recent)) where.push("v.viewed_at is not null");
  if (truthy(f.shared)) {
    where.push(`n.owner_id is distinct from (select auth.uid())
      and exists (select 1 from public.note_shares s where s.note_id = n.id and s.user_id = (select auth.uid()))`);
  }
  if (truthy(f.mine)) where.push("n.owner_id = (select auth.uid())");
  if (f.record_type || f.record_id) {
    if (!(NOTE_RECORD_TYPES as readonly string[]).includes(f.record_type ?? "") || !isUuid(f.record_id ?? "")) {
      throw new AppError(
        "unprocessable_entity",
        "Filter by a record with record_type (deal, contact, company) and record_id.",
      );
    }
    add("n.record_type = $?", f.record_type);
    add("n.record_id = $?", f.record_id);
  }
  if (f.template === "all") { /* both */ }
  else if (truthy(f.template)) where.push("n.is_template");
  else if (!f.record_id) where.push("not n.is_template");
  let order = "n.updated_at desc, n.id";
  const q = (f.q ?? "").trim().slice(0, 200);
  if (q) {
    params.push(q);
    const i = params.length;
    where.push(`(n.search @@ websearch_to_tsquery('simple', $${i}) or n.title ilike '%' || $${i} || '%')`);
    order = `ts_rank(n.search, websearch_to_tsquery('simple', $${i})) desc, n.updated_at desc`;
  }
  if (truthy(f.recent)) order = "v.viewed_at desc";
  const limit = Math.min(200, Math.max(1, Number(f.limit) || 50));
  return await db.asUser(
    claims,
    (tx) =>
      tx.query<NoteSummary>(
        `select ${SUMMARY} ${FROM} where ${where.join(" and ")} order by ${order} limit ${limit}`,
        params,
      ),
  );
}

async function summary(tx: Tx, id: string, teamId: string): Promise<NoteSummary | null> {
  const [row] = await tx.query<NoteSummary>(`select ${SUMMARY} ${FROM} where n.id = $1 and n.team_id = $2`, [
    id,
    teamId,
  ]);
  return row ?? null;
}

function notFound(): never {
  throw new AppError("not_found", "That note does not exist or is not shared with you.");
}

export interface NoteDetail extends NoteSummary {
  html: string;
  text: string;
  json: PmJson;
  shares: Share[];
}

export interface Share {
  user_id: string;
  name: string;
  email: string | null;
  permission: "view" | "edit";
}

async function shares(tx: Tx, id: string): Promise<Share[]> {
  return await tx.query<Share>(
    `select s.user_id, coalesce(nullif(p.full_name, ''), '') as name, app.member_email(s.team_id, s.user_id) as email,
       s.permission
     from public.note_shares s left join public.profiles p on p.id = s.user_id
     where s.note_id = $1 order by 2, 1`,
    [id],
  );
}

/** A note with its current content (from the live document when it is open) and its shares. */
export async function getNote(
  db: Db,
  claims: UserClaims,
  teamId: string,
  id: string,
  options: { recordView?: boolean } = {},
): Promise<NoteDetail> {
  if (!isUuid(id)) notFound();
  const found = await db.asUser(claims, async (tx) => {
    const note = await summary(tx, id, teamId);
    if (!note) return null;
    if (options.recordView && !note.deleted_at) {
      await tx.query(
        `insert into public.note_views (user_id, note_id, team_id) values ((select auth.uid()), $1, $2)
         on conflict (user_id, note_id) do update set viewed_at = now()`,
        [id, teamId],
      );
    }
    const [content] = await tx.query<{ content_html: string; content_text: string; content_json: PmJson }>(
      "select content_html, content_text, content_json from public.notes where id = $1",
      [id],
    );
    return { note, content, shares: await shares(tx, id) };
  });
  if (!found) notFound();
  const live = notesFor({ db }).loaded(id);
  const snap = live ? await snapshotOf(live.doc) : null;
  return {
    ...found.note,
    html: snap?.html ?? found.content.content_html,
    text: snap?.text ?? found.content.content_text,
    json: snap?.json ?? found.content.content_json,
    shares: found.shares,
  };
}

async function setTags(tx: Tx, id: string, tags: string[]) {
  await tx.query("delete from public.note_tags where note_id = $1 and not (tag = any($2::text[]))", [id, tags]);
  for (const t of new Set(tags)) {
    await tx.query("insert into public.note_tags (note_id, tag) values ($1, $2) on conflict do nothing", [id, t]);
  }
}

/**
 * Creates a note (blank, with content, or from a template) with its first Yjs update. `inTransaction` runs in
 * the note's own transaction once it is written, so work that must commit with the note (a proposal's charge
 * and its once-per-key check) does, or the note is rolled back with it.
 */
export async function createNote(
  db: Db,
  claims: UserClaims,
  teamId: string,
  input: NoteCreate,
  options: { inTransaction?: (tx: Tx, noteId: string) => Promise<void> } = {},
): Promise<NoteDetail> {
  let json: PmJson = input.content ?? EMPTY_DOC;
  let title = input.title;
  let tags = input.tags;
  if (input.template_id) {
    const template = await getNote(db, claims, teamId, input.template_id).catch(() => null);
    if (!template || template.deleted_at) {
      throw new AppError("not_found", "That template does not exist or is not shared with you.");
    }
    json = template.json;
    title ??= template.title;
    tags ??= template.tags;
  }
  const snapshot = await snapshotOfJson(json);
  const id = await db.asUser(claims, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.notes (team_id, title, owner_id, visibility, team_permission, folder_id, record_type,
         record_id, is_template, content_json, content_html, content_text, content_updated_at)
       values ($1, $2, (select auth.uid()), $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, now())
       returning id`,
      [
        teamId,
        title || "Untitled",
        input.visibility ?? "team",
        input.team_permission ?? "edit",
        input.folder_id ?? null,
        input.record_type ?? null,
        input.record_id ?? null,
        input.is_template ?? false,
        JSON.stringify(snapshot.json),
        snapshot.html,
        snapshot.text,
      ],
    );
    await tx.query(
      "insert into public.note_updates (note_id, update, user_id) values ($1, $2, (select auth.uid()))",
      [row.id, jsonToUpdate(snapshot.json)],
    );
    if (tags?.length) await setTags(tx, row.id, tags);
    await options.inTransaction?.(tx, row.id);
    return row.id;
  });
  return await getNote(db, claims, teamId, id);
}

/**
 * Edits metadata; returns the note, what changed about access (to re-check open editors) and the live change
 * (`note.updated`) for the caller to publish (services.bus.publishAll).
 */
export async function updateNote(db: Db, claims: UserClaims, teamId: string, id: string, input: NoteUpdate) {
  if (!isUuid(id)) notFound();
  const columns = ["title", "folder_id", "visibility", "team_permission", "record_type", "record_id", "is_template"]
    .filter((k) => (input as Record<string, unknown>)[k] !== undefined);
  const accessChanged = "visibility" in input || "team_permission" in input;
  await db.asUser(claims, async (tx) => {
    const [existing] = await tx.query<{ id: string; permission: string | null }>(
      "select id, app.note_permission(id) as permission from public.notes where id = $1 and team_id = $2",
      [id, teamId],
    );
    if (!existing) notFound();
    if (existing.permission !== "edit") {
      throw new AppError("forbidden", "You can view this note but not edit it.");
    }
    if (columns.length > 0) {
      const values = columns.map((k) => {
        const v = (input as Record<string, unknown>)[k];
        return k === "title" ? (v as string) || "Untitled" : v;
      });
      await tx.query(
        `update public.notes set ${columns.map((k, i) => `${k} = $${i + 2}`).join(", ")} where id = $1`,
        [id, ...values],
      );
    }
    if (input.tags) await setTags(tx, id, input.tags);
  });
  const note = await getNote(db, claims, teamId, id);
  return { note, accessChanged, changes: [noteUpdated(teamId, note)] };
}

/** Tells the note's open editors its new title (and who changed it last), without the document. */
function noteUpdated(
  teamId: string,
  note: { id: string; title: string; updated_at: string; updated_by: string | null },
): Change {
  return {
    team_id: teamId,
    type: "note.updated",
    record_type: "note",
    record_id: note.id,
    payload: { id: note.id, title: note.title, updated_at: note.updated_at, updated_by: note.updated_by },
    rooms: [`note:${note.id}`],
  };
}

export async function setDeleted(db: Db, claims: UserClaims, teamId: string, id: string, deleted: boolean) {
  if (!isUuid(id)) notFound();
  const rows = await db.asUser(claims, async (tx) => {
    const [note] = await tx.query<{ can_manage: boolean }>(
      "select app.note_can_manage(id) as can_manage from public.notes where id = $1 and team_id = $2",
      [id, teamId],
    );
    if (!note) notFound();
    if (!note.can_manage) {
      throw new AppError("forbidden", "Only the note's owner or a workspace admin can delete it.");
    }
    return await tx.query(
      `update public.notes set deleted_at = ${deleted ? "now()" : "null"} where id = $1 returning id`,
      [id],
    );
  });
  if (rows.length === 0) notFound();
}

export async function setFavorite(db: Db, claims: UserClaims, teamId: string, id: string, favorite: boolean) {
  if (!isUuid(id)) notFound();
  await db.asUser(claims, async (tx) => {
    const [note] = await tx.query("select 1 from public.notes where id = $1 and team_id = $2", [id, teamId]);
    if (!note) notFound();
    if (favorite) {
      await tx.query(
        "insert into public.note_favorites (user_id, note_id) values ((select auth.uid()), $1) on conflict do nothing",
        [id],
      );
    } else {
      await tx.query("delete from public.note_favorites where user_id = (select auth.uid()) and note_id = $1", [id]);
    }
  });
}

export const shareSchema = z.object({
  user_id: uuid("user_id"),
  permission: z.enum(["view", "edit"], { error: "permission is view or edit." }).default("view"),
}).strict();

async function requireManager(tx: Tx, id: string, teamId: string) {
  const [note] = await tx.query<{ can_manage: boolean; visibility: string }>(
    "select app.note_can_manage(id) as can_manage, visibility from public.notes where id = $1 and team_id = $2",
    [id, teamId],
  );
  if (!note) notFound();
  if (!note.can_manage) {
    throw new AppError("forbidden", "Only the note's owner or a workspace admin can share it.");
  }
  return note;
}

export async function listShares(db: Db, claims: UserClaims, teamId: string, id: string) {
  if (!isUuid(id)) notFound();
  return await db.asUser(claims, async (tx) => {
    const [note] = await tx.query("select 1 from public.notes where id = $1 and team_id = $2", [id, teamId]);
    if (!note) notFound();
    return await shares(tx, id);
  });
}

/** Shares with a teammate (a private note becomes visible to "specific people"). */
export async function putShare(
  db: Db,
  claims: UserClaims,
  teamId: string,
  id: string,
  input: z.infer<typeof shareSchema>,
) {
  if (!isUuid(id)) notFound();
  return await db.asUser(claims, async (tx) => {
    const note = await requireManager(tx, id, teamId);
    await tx.query(
      `insert into public.note_shares (note_id, user_id, permission) values ($1, $2, $3)
       on conflict (note_id, user_id) do update set permission = excluded.permission`,
      [id, input.user_id, input.permission],
    );
    if (note.visibility === "private") {
      await tx.query("update public.notes set visibility = 'people' where id = $1", [id]);
    }
    return await shares(tx, id);
  });
}

export async function deleteShare(db: Db, claims: UserClaims, teamId: string, id: string, userId: string) {
  if (!isUuid(id) || !isUuid(userId)) notFound();
  return await db.asUser(claims, async (tx) => {
    await requireManager(tx, id, teamId);
    await tx.query("delete from public.note_shares where note_id = $1 and user_id = $2", [id, userId]);
    return await shares(tx, id);
  });
}

export async function listTags(db: Db, claims: UserClaims, teamId: string) {
  return await db.asUser(
    claims,
    (tx) =>
      tx.query<{ tag: string; count: number }>(
        `select t.tag, count(*)::int as count from public.note_tags t join public.notes n on n.id = t.note_id
         where t.team_id = $1 and n.deleted_at is null group by t.tag order by count(*) desc, t.tag`,
        [teamId],
      ),
  );
}

/** Whether the caller may view / edit the note (404 when they may not even see it). */
export async function permissionOf(db: Db, claims: UserClaims, teamId: string, id: string) {
  if (!isUuid(id)) notFound();
  const [row] = await db.asUser(
    claims,
    (tx) =>
      tx.query<{ permission: "view" | "edit" | null; title: string }>(
        `select app.note_permission(id) as permission, title from public.notes
         where id = $1 and team_id = $2 and deleted_at is null`,
        [id, teamId],
      ),
  );
  if (!row?.permission) notFound();
  return row;
}

// Folders ---------------------------------------------------------------------------------------------
export const folderCreateSchema = z.object({
  name: z.string().trim().min(1, "Give the folder a name.").max(120, "A folder name is at most 120 characters."),
  parent_id: uuid("parent_id").nullable().optional(),
}).strict();
export const folderUpdateSchema = folderCreateSchema.partial().strict();

export interface Folder {
  id: string;
  name: string;
  parent_id: string | null;
  note_count: number;
  created_at: string;
}

const FOLDER = `f.id, f.name, f.parent_id, f.created_at::text as created_at,
  (select count(*)::int from public.notes n where n.folder_id = f.id and n.deleted_at is null) as note_count`;

export async function listFolders(db: Db, claims: UserClaims, teamId: string): Promise<Folder[]> {
  return await db.asUser(
    claims,
    (tx) =>
      tx.query<Folder>(
        `select ${FOLDER} from public.note_folders f where f.team_id = $1 order by lower(f.name), f.id`,
        [
          teamId,
        ],
      ),
  );
}

export async function createFolder(
  db: Db,
  claims: UserClaims,
  teamId: string,
  input: z.infer<typeof folderCreateSchema>,
) {
  return await db.asUser(claims, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      "insert into public.note_folders (team_id, name, parent_id) values ($1, $2, $3) returning id",
      [teamId, input.name, input.parent_id ?? null],
    );
    const [folder] = await tx.query<Folder>(`select ${FOLDER} from public.note_folders f where f.id = $1`, [row.id]);
    return folder;
  });
}

export async function updateFolder(
  db: Db,
  claims: UserClaims,
  teamId: string,
  id: string,
  input: z.infer<typeof folderUpdateSchema>,
) {
  if (!isUuid(id)) throw new AppError("not_found", "That folder does not exist.");
  return await db.asUser(claims, async (tx) => {
    const sets: string[] = [];
    const params: unknown[] = [id, teamId];
    if (input.name !== undefined) sets.push(`name = $${params.push(input.name)}`);
    if (input.parent_id !== undefined) sets.push(`parent_id = $${params.push(input.parent_id)}`);
    const rows = await tx.query(
      `update public.note_folders set ${sets.length ? sets.join(", ") : "name = name"}
       where id = $1 and team_id = $2 returning id`,
      params,
    );
    if (rows.length === 0) throw new AppError("not_found", "That folder does not exist.");
    const [folder] = await tx.query<Folder>(`select ${FOLDER} from public.note_folders f where f.id = $1`, [id]);
    return folder;
  });
}

/** Deletes a folder and its subfolders; their notes stay, outside any folder. */
export async function deleteFolder(db: Db, claims: UserClaims, teamId: string, id: string) {
  if (!isUuid(id)) throw new AppError("not_found", "That folder does not exist.");
  const rows = await db.asUser(
    claims,
    (tx) => tx.query("delete from public.note_folders where id = $1 and team_id = $2 returning id", [id, teamId]),
  );
  if (rows.length === 0) throw new AppError("not_found", "That folder does not exist.");
}
