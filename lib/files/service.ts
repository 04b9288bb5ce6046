// Files as the app sees them: upload (the quota reserved first, then the bytes to storage, then one
// transaction that records the file, its first version and its attachment), new versions, soft delete and
// restore, attach and detach, and reading the bytes back. Always as the user, so RLS decides who sees what.
// What a team stores counts against its quota from before its bytes are written until the purge job has
// removed them (deleted files included), so storage never holds more than the quota allows.
import { AppError } from "../errors.ts";
import type { Claims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { formatBytes, MAX_UPLOAD_BYTES } from "./limits.ts";
import { cleanFileName, isPreviewable, kindOf, sniff } from "./sniff.ts";
import { DEFAULT_QUOTA_BYTES, type FileLink, type FileRecord, type FileVersion, type Usage } from "./types.ts";
import { type Storage, storageKey, type StoredObject } from "./storage.ts";
import { isUuid } from "../ids.ts";
import { fileChanges, type FileWrite } from "./changes.ts";

export { DEFAULT_QUOTA_BYTES, TARGET_TYPES } from "./types.ts";
export type { FileLink, FileRecord, FileVersion, TargetType, Usage } from "./types.ts";

export interface Caller {
  db: Db;
  claims: Claims;
  teamId: string;
  storage: Storage;
}

const notFound = () => new AppError("not_found", "File not found.");

const iso = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : typeof value === "string" ? value : String(value);

function checkId(id: string) {
  if (!isUuid(id)) throw notFound();
  return id;
}

const FILE_COLUMNS = `f.id, f.team_id, f.name, f.content_type, f.size::float8 as size, f.sha256,
  f.current_version as version, f.uploaded_by, p.full_name as uploaded_by_name, f.created_at, f.updated_at,
  f.deleted_at,
  coalesce((select json_agg(json_build_object('target_type', l.target_type, 'target_id', l.target_id)
            order by l.created_at) from public.file_links l where l.file_id = f.id), '[]'::json) as links`;

type FileRow = Omit<FileRecord, "kind" | "previewable" | "url" | "preview_url" | "links"> & {
  links: FileLink[] | string;
};

function toRecord(row: FileRow): FileRecord {
  const previewable = isPreviewable(row.content_type);
  const base = `/api/v1/files/${row.id}`;
  return {
    id: row.id,
    team_id: row.team_id,
    name: row.name,
    content_type: row.content_type,
    kind: kindOf(row.content_type),
    size: Number(row.size),
    sha256: row.sha256,
    version: Number(row.version),
    uploaded_by: row.uploaded_by,
    uploaded_by_name: row.uploaded_by_name || null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    deleted_at: row.deleted_at ? iso(row.deleted_at) : null,
    previewable,
    // the version in the URL makes each URL name fixed bytes (an old link keeps showing what it showed)
    url: `${base}/download?v=${row.version}`,
    preview_url: previewable ? `${base}/preview?v=${row.version}` : null,
    links: typeof row.links === "string" ? JSON.parse(row.links) : row.links,
  };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The team's storage use; teams that never uploaded have used nothing of the default quota. */
export async function getUsage(db: Db, claims: Claims, teamId: string): Promise<Usage> {
  const [row] = await db.asUser(claims, (tx) =>
    tx.query<{ used_bytes: number; quota_bytes: number }>(
      `select used_bytes::float8 as used_bytes, quota_bytes::float8 as quota_bytes
       from public.team_storage where team_id = $1`,
      [teamId],
    ));
  return row
    ? { used_bytes: Number(row.used_bytes), quota_bytes: Number(row.quota_bytes) }
    : { used_bytes: 0, quota_bytes: DEFAULT_QUOTA_BYTES };
}

function quotaError(usage: Usage, what: string, size: number, deletedBytes = 0): AppError {
  const deleted = deletedBytes > 0
    ? ` ${formatBytes(deletedBytes)} of that is deleted files, freed when they are removed for good ` +
      `(within ${PURGE_AFTER_WORDS} of deleting).`
    : "";
  return new AppError(
    "storage_quota_exceeded",
    `This workspace has used ${formatBytes(usage.used_bytes)} of ${formatBytes(usage.quota_bytes)} ` +
      `of storage, so ${what} (${formatBytes(size)}) does not fit.${deleted} ` +
      "Delete files you no longer need, or ask an owner for more space.",
  );
}

/** Deleted files are removed for good (bytes and rows) this long after their delete; until then they count. */
export const PURGE_AFTER_MS = 60 * 60_000;
const PURGE_AFTER_WORDS = "an hour";
/** An upload that reserved space and never finished (its process was killed) is cleaned up after this. */
export const UPLOAD_GRACE_MS = 60 * 60_000;

/** How long a file attached to nothing (a chat upload never sent) is kept before the purge removes it. */
export const DRAFT_GRACE_MS = 24 * 60 * 60_000;
/** How long an import that was created (and maybe uploaded) but never started keeps its file. */
export const IMPORT_GRACE_MS = 24 * 60 * 60_000;

/**
 * Bytes of the team's deleted files not yet purged (they still count against the quota): all of them, also
 * the ones this member cannot see, since they all take room.
 */
async function deletedBytes(db: Db, claims: Claims, teamId: string): Promise<number> {
  const [row] = await db.asUser(
    claims,
    (tx) => tx.query<{ bytes: number | null }>("select app.deleted_file_bytes($1)::float8 as bytes", [teamId]),
  );
  return Number(row?.bytes ?? 0);
}

/** The 413 for an upload that does not fit, with the usage as it is now. */
async function refusal(db: Db, claims: Claims, teamId: string, what: string, size: number) {
  return quotaError(await getUsage(db, claims, teamId), what, size, await deletedBytes(db, claims, teamId));
}

/**
 * Counts `size` bytes for `key` before they are written (its own transaction, so concurrent uploads are
 * ordered by the team's storage row). A workspace without room gets the 413.
 */
async function reserve(db: Db, claims: Claims, teamId: string, key: string, size: number, what: string) {
  try {
    await db.asUser(claims, (tx) => tx.query("select app.reserve_storage($1, $2, $3)", [teamId, key, size]));
  } catch (error) {
    if (isQuotaRefusal(error)) throw await refusal(db, claims, teamId, what, size);
    throw error;
  }
}

/** After a failed upload: its bytes (if any were written) go, then the space it reserved is given back. */
async function giveBack(db: Db, claims: Claims, storage: Storage, key: string) {
  try {
    await storage.delete(key);
    await db.asUser(claims, (tx) => tx.query("select app.release_storage($1)", [key]));
  } catch (error) {
    // The purge job finds the reservation later and finishes this.
    console.error(`files: could not clean up ${key} after a failed upload (the purge job will)`, error);
  }
}

const isQuotaRefusal = (error: unknown) => (error as { code?: string } | null)?.code === "P0413";

/** Stores bytes; a storage outage becomes a 503 that says so (details go to the log). */
async function putOrExplain(storage: Storage, key: string, bytes: Uint8Array, contentType: string) {
  try {
    await storage.put(key, bytes, { contentType });
  } catch (error) {
    console.error(`files: could not store ${key} in ${storage.kind} storage`, error);
    throw new AppError(
      "storage_unavailable",
      "Files cannot be stored right now: the file storage did not answer. Try again in a moment.",
    );
  }
}

/** Bytes a person handed in, checked before anything is stored. */
export interface Upload {
  bytes: Uint8Array;
  /** The name the browser gave (folders and control characters are dropped). */
  name: string;
}

export function checkUpload(upload: Upload | null): Upload {
  if (!upload) {
    throw new AppError("file_missing", "Choose a file to upload (send it in the form field named “file”).");
  }
  if (upload.bytes.length === 0) {
    throw new AppError("file_empty", `“${cleanFileName(upload.name)}” is empty. Choose a file with something in it.`);
  }
  if (upload.bytes.length > MAX_UPLOAD_BYTES) {
    const size = formatBytes(upload.bytes.length);
    const max = formatBytes(MAX_UPLOAD_BYTES);
    throw new AppError(
      "file_too_large",
      `“${cleanFileName(upload.name)}” is ${size === max ? `just over ${max}` : size}; files can be ` +
        `${max} at most.`,
    );
  }
  return upload;
}

async function loadFile(tx: Tx, teamId: string, id: string, includeDeleted = false): Promise<FileRecord | null> {
  const [row] = await tx.query<FileRow>(
    `select ${FILE_COLUMNS} from public.files f left join public.profiles p on p.id = f.uploaded_by
     where f.id = $1 and f.team_id = $2 ${includeDeleted ? "" : "and f.deleted_at is null"}`,
    [id, teamId],
  );
  return row ? toRecord(row) : null;
}

export async function getFile(db: Db, claims: Claims, teamId: string, id: string, includeDeleted = false) {
  checkId(id);
  const file = await db.asUser(claims, (tx) => loadFile(tx, teamId, id, includeDeleted));
  if (!file) throw notFound();
  return file;
}

/** Files attached to one target, newest first. */
export async function listFiles(db: Db, claims: Claims, teamId: string, target: FileLink, limit = 200) {
  const rows = await db.asUser(claims, (tx) =>
    tx.query<FileRow>(
      `select ${FILE_COLUMNS} from public.files f
       join public.file_links t on t.file_id = f.id and t.target_type = $2 and t.target_id = $3
       left join public.profiles p on p.id = f.uploaded_by
       where f.team_id = $1 and f.deleted_at is null
       order by f.created_at desc, f.id desc limit $4`,
      [teamId, target.target_type, target.target_id, limit],
    ));
  return rows.map(toRecord);
}

/**
 * Stores a new file (optionally attached to `target`). The bytes go to storage first under a fresh key;
 * if recording them fails (quota, permissions, a missing target) they are removed again.
 */
export async function uploadFile(caller: Caller, upload: Upload, target: FileLink | null): Promise<FileWrite> {
  const { db, claims, teamId, storage } = caller;
  const { bytes } = checkUpload(upload);
  const name = cleanFileName(upload.name);
  const sniffed = sniff(bytes, name);
  const sha256 = await sha256Hex(bytes);
  const fileId = crypto.randomUUID();
  const versionId = crypto.randomUUID();
  const key = storageKey(teamId, fileId, versionId);
  await reserve(db, claims, teamId, key, bytes.length, `“${name}”`);
  try {
    await putOrExplain(storage, key, bytes, sniffed.contentType);
  } catch (error) {
    await giveBack(db, claims, storage, key);
    throw error;
  }
  try {
    const file = await db.asUser(claims, async (tx) => {
      await tx.query(
        `insert into public.files (id, team_id, name, content_type, size, sha256, storage_key)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [fileId, teamId, name, sniffed.contentType, bytes.length, sha256, key],
      );
      await tx.query(
        `insert into public.file_versions (id, team_id, file_id, version, name, content_type, size, sha256, storage_key)
         values ($1, $2, $3, 1, $4, $5, $6, $7, $8)`,
        [versionId, teamId, fileId, name, sniffed.contentType, bytes.length, sha256, key],
      );
      if (target) {
        await tx.query(
          "insert into public.file_links (team_id, file_id, target_type, target_id) values ($1, $2, $3, $4)",
          [teamId, fileId, target.target_type, target.target_id],
        );
      }
      return (await loadFile(tx, teamId, fileId))!;
    });
    return { file, changes: fileChanges("file.created", file) };
  } catch (error) {
    await giveBack(db, claims, storage, key);
    if (isQuotaRefusal(error)) throw await refusal(db, claims, teamId, `“${name}”`, bytes.length);
    throw error;
  }
}

/** A new version of an existing file; the file keeps its name, id and attachments. */
export async function addVersion(caller: Caller, fileId: string, upload: Upload): Promise<FileWrite> {
  const { db, claims, teamId, storage } = caller;
  checkId(fileId);
  const { bytes } = checkUpload(upload);
  const name = cleanFileName(upload.name);
  const sniffed = sniff(bytes, name);
  const sha256 = await sha256Hex(bytes);
  const versionId = crypto.randomUUID();
  const key = storageKey(teamId, fileId, versionId);
  await reserve(db, claims, teamId, key, bytes.length, `this new version of “${name}”`);
  try {
    await putOrExplain(storage, key, bytes, sniffed.contentType);
  } catch (error) {
    await giveBack(db, claims, storage, key);
    throw error;
  }
  try {
    const file = await db.asUser(claims, async (tx) => {
      // the row lock orders two new versions of the same file one after the other
      const [file] = await tx.query<{ current_version: number; deleted_at: unknown }>(
        "select current_version, deleted_at from public.files where id = $1 and team_id = $2 for update",
        [fileId, teamId],
      );
      if (!file) throw notFound();
      if (file.deleted_at) {
        throw new AppError("conflict", "This file is deleted. Restore it before adding a version.");
      }
      const version = Number(file.current_version) + 1;
      await tx.query(
        `insert into public.file_versions (id, team_id, file_id, version, name, content_type, size, sha256, storage_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [versionId, teamId, fileId, version, name, sniffed.contentType, bytes.length, sha256, key],
      );
      await tx.query(
        `update public.files set current_version = $3, content_type = $4, size = $5, sha256 = $6, storage_key = $7
         where id = $1 and team_id = $2`,
        [fileId, teamId, version, sniffed.contentType, bytes.length, sha256, key],
      );
      return (await loadFile(tx, teamId, fileId))!;
    });
    return { file, changes: fileChanges("file.updated", file) };
  } catch (error) {
    await giveBack(db, claims, storage, key);
    if (isQuotaRefusal(error)) throw await refusal(db, claims, teamId, `this new version of “${name}”`, bytes.length);
    throw error;
  }
}

export async function listVersions(db: Db, claims: Claims, teamId: string, fileId: string): Promise<FileVersion[]> {
  await getFile(db, claims, teamId, fileId, true);
  const rows = await db.asUser(claims, (tx) =>
    tx.query<Omit<FileVersion, "url" | "preview_url">>(
      `select v.id, v.file_id, v.version, v.name, v.content_type, v.size::float8 as size, v.sha256, v.uploaded_by,
              p.full_name as uploaded_by_name, v.created_at
       from public.file_versions v left join public.profiles p on p.id = v.uploaded_by
       where v.file_id = $1 and v.team_id = $2 order by v.version desc`,
      [fileId, teamId],
    ));
  return rows.map((v) => ({
    ...v,
    version: Number(v.version),
    size: Number(v.size),
    uploaded_by_name: v.uploaded_by_name || null,
    created_at: iso(v.created_at),
    url: `/api/v1/files/${fileId}/download?v=${v.version}`,
    preview_url: isPreviewable(v.content_type) ? `/api/v1/files/${fileId}/preview?v=${v.version}` : null,
  }));
}

export async function renameFile(
  db: Db,
  claims: Claims,
  teamId: string,
  id: string,
  name: string,
): Promise<FileWrite> {
  checkId(id);
  const file = await db.asUser(claims, async (tx) => {
    const rows = await tx.query(
      "update public.files set name = $3 where id = $1 and team_id = $2 and deleted_at is null returning id",
      [id, teamId, cleanFileName(name)],
    );
    if (rows.length === 0) throw notFound();
    return (await loadFile(tx, teamId, id))!;
  });
  return { file, changes: fileChanges("file.updated", file) };
}

/**
 * Soft delete: the file disappears from lists and can be restored until the purge job removes it for good
 * (PURGE_AFTER_MS later); its bytes count against the quota until then, since storage still holds them.
 */
export async function deleteFile(db: Db, claims: Claims, teamId: string, id: string): Promise<FileWrite> {
  checkId(id);
  const file = await db.asUser(claims, async (tx) => {
    const rows = await tx.query(
      "update public.files set deleted_at = now() where id = $1 and team_id = $2 and deleted_at is null returning id",
      [id, teamId],
    );
    if (rows.length === 0) throw notFound();
    return (await loadFile(tx, teamId, id, true))!;
  });
  return { file, changes: fileChanges("file.deleted", file) };
}

/** Undoes a delete (until the file is purged). Its bytes never stopped counting, so it always fits. */
export async function restoreFile(db: Db, claims: Claims, teamId: string, id: string): Promise<FileWrite> {
  checkId(id);
  const file = await db.asUser(claims, async (tx) => {
    const rows = await tx.query(
      "update public.files set deleted_at = null where id = $1 and team_id = $2 and deleted_at is not null returning id",
      [id, teamId],
    );
    if (rows.length === 0) {
      if (await loadFile(tx, teamId, id)) throw new AppError("conflict", "This file is not deleted.");
      throw notFound();
    }
    return (await loadFile(tx, teamId, id))!;
  });
  return { file, changes: fileChanges("file.restored", file) };
}

/** Attaches a file to one more place; its records' rooms hear `file.created` (it is new to them). */
export async function linkFile(
  db: Db,
  claims: Claims,
  teamId: string,
  id: string,
  target: FileLink,
): Promise<FileWrite> {
  checkId(id);
  const file = await db.asUser(claims, async (tx) => {
    if (!await loadFile(tx, teamId, id)) throw notFound();
    await tx.query(
      `insert into public.file_links (team_id, file_id, target_type, target_id) values ($1, $2, $3, $4)
       on conflict (file_id, target_type, target_id) do nothing`,
      [teamId, id, target.target_type, target.target_id],
    );
    return (await loadFile(tx, teamId, id))!;
  });
  return { file, changes: fileChanges("file.created", file) };
}

/** Detaches a file from one place; only that place's room hears `file.deleted` (it stays elsewhere). */
export async function unlinkFile(
  db: Db,
  claims: Claims,
  teamId: string,
  id: string,
  target: FileLink,
): Promise<FileWrite> {
  checkId(id);
  const file = await db.asUser(claims, async (tx) => {
    const before = await loadFile(tx, teamId, id);
    if (!before) throw notFound();
    const [allowed] = await tx.query<{ ok: boolean }>("select app.file_target_writable($1, $2, $3) as ok", [
      teamId,
      target.target_type,
      target.target_id,
    ]);
    if (!allowed?.ok) {
      throw new AppError(
        "forbidden",
        target.target_type === "note"
          ? "You can only detach files from notes you can edit."
          : target.target_type === "message"
          ? "You can only detach files from messages of conversations you are in."
          : "Viewers can look at files but not upload, change or delete them.",
      );
    }
    const rows = await tx.query(
      `delete from public.file_links where file_id = $1 and team_id = $2 and target_type = $3 and target_id = $4
       returning id`,
      [id, teamId, target.target_type, target.target_id],
    );
    if (rows.length === 0) {
      throw new AppError("not_found", `This file is not attached to that ${target.target_type}.`);
    }
    // detached from the only place this person could see it through: they no longer see it, say so by its links
    const sameTarget = (l: FileLink) => l.target_type === target.target_type && l.target_id === target.target_id;
    return (await loadFile(tx, teamId, id)) ?? { ...before, links: before.links.filter((l) => !sameTarget(l)) };
  });
  return { file, changes: fileChanges("file.deleted", file, [target]) };
}

export interface FileContent {
  name: string;
  content_type: string;
  sha256: string;
  version: number;
  object: StoredObject;
}

/** The bytes of the current version, or of `version` when given. */
export async function openContent(caller: Caller, id: string, version: number | null): Promise<FileContent> {
  const { db, claims, teamId, storage } = caller;
  checkId(id);
  const [row] = await db.asUser(
    claims,
    (tx) =>
      tx.query<{ name: string; content_type: string; sha256: string; storage_key: string; version: number }>(
        `select f.name, v.content_type, v.sha256, v.storage_key, v.version
       from public.files f join public.file_versions v on v.file_id = f.id
       where f.id = $1 and f.team_id = $2 and f.deleted_at is null and v.version = coalesce($3, f.current_version)`,
        [id, teamId, version],
      ),
  );
  if (!row) throw version === null ? notFound() : new AppError("not_found", `Version ${version} not found.`);
  const object = await storage.get(row.storage_key);
  if (!object) {
    console.error(`files: ${row.storage_key} is recorded but missing from ${storage.kind} storage`);
    throw new AppError("gone", "This file's content is missing from storage. Upload it again.");
  }
  return { name: row.name, content_type: row.content_type, sha256: row.sha256, version: Number(row.version), object };
}

export interface PurgeResult {
  /** Deleted files removed for good. */
  files: number;
  /** Files attached to nothing (chat uploads never sent) removed after their grace. */
  drafts: number;
  /** Imports never started whose uploaded file was removed. */
  imports: number;
  /** Stored objects removed (versions of purged files, abandoned uploads). */
  objects: number;
  /** Bytes given back to the teams' quotas. */
  bytes: number;
}

export interface PurgeOptions {
  uploadGraceMs?: number;
  /** Also remove files attached to nothing since before this (chat uploads never sent). */
  draftsBefore?: Date;
  /** Also remove the file of imports never started and untouched since before this. */
  importsBefore?: Date;
  limit?: number;
}

/**
 * The purge, a system job (no user): files deleted before `before` are removed for good, and bytes no
 * file accounts for any more (those purged files' versions, uploads that reserved space more than
 * `uploadGraceMs` ago and never finished) are removed from storage and stop counting. With `draftsBefore`,
 * files attached to nothing since before then go the same way; with `importsBefore`, the uploaded parts of
 * imports never started. Safe to run twice at once, in one process or several: each file, import and
 * object is claimed in the database first, so nothing is removed or given back twice.
 */
export async function purgeDeletedFiles(
  db: Db,
  storage: Storage,
  before: Date,
  options: PurgeOptions = {},
): Promise<number> {
  return (await purgeStorage(db, storage, before, options)).files;
}

export async function purgeStorage(
  db: Db,
  storage: Storage,
  before: Date,
  { uploadGraceMs = UPLOAD_GRACE_MS, draftsBefore, importsBefore, limit = 500 }: PurgeOptions = {},
): Promise<PurgeResult> {
  const result: PurgeResult = { files: 0, drafts: 0, imports: 0, objects: 0, bytes: 0 };
  const files = await db.asService("files:purge", (tx) =>
    tx.query<{ id: string }>(
      `select id from public.files where deleted_at is not null and deleted_at < $1 order by deleted_at limit $2`,
      [before.toISOString(), limit],
    ));
  for (const { id } of files) {
    // rows gone and bytes moved to storage_pending in one transaction (none if restored or taken meanwhile)
    const keys = await db.asService(
      "files:purge",
      (tx) => tx.query<{ key: string }>("select key from app.purge_file($1, $2) as key", [id, before.toISOString()]),
    );
    if (keys.length > 0) result.files++;
  }
  if (draftsBefore) result.drafts = await purgeDrafts(db, draftsBefore, limit);
  if (importsBefore) result.imports = await purgeUnstartedImports(db, importsBefore, limit);
  const pending = await db.asService("files:purge", (tx) =>
    tx.query<{ storage_key: string; size: number }>(
      `select storage_key, size::float8 as size from public.storage_pending
       where reason = 'purge' or created_at < now() - make_interval(secs => $1)
       order by created_at limit $2`,
      [uploadGraceMs / 1000, limit],
    ));
  for (const object of pending) {
    // bytes first, then the count: storage never holds more than what is counted
    await storage.delete(object.storage_key);
    const [released] = await db.asService(
      "files:purge",
      (tx) => tx.query<{ released: boolean }>("select app.release_storage($1) as released", [object.storage_key]),
    );
    if (released?.released) {
      result.objects++;
      result.bytes += Number(object.size);
    }
  }
  return result;
}

/** Files attached to nothing since before `before`: rows gone, bytes moved to storage_pending (see above). */
async function purgeDrafts(db: Db, before: Date, limit: number): Promise<number> {
  const drafts = await db.asService("files:purge-drafts", (tx) =>
    tx.query<{ file_id: string }>(
      "select file_id from public.file_drafts where since < $1 order by since limit $2",
      [before.toISOString(), limit],
    ));
  let purged = 0;
  for (const { file_id } of drafts) {
    // none when it was attached meanwhile or another purge has it
    const keys = await db.asService(
      "files:purge-drafts",
      (tx) =>
        tx.query<{ key: string }>("select key from app.purge_draft_file($1, $2) as key", [
          file_id,
          before.toISOString(),
        ]),
    );
    if (keys.length > 0) purged++;
  }
  return purged;
}

/** Imports never started and untouched since before `before`: their uploaded parts go, the job fails. */
async function purgeUnstartedImports(db: Db, before: Date, limit: number): Promise<number> {
  const jobs = await db.asService("files:purge-imports", (tx) =>
    tx.query<{ id: string }>(
      `select j.id from public.import_jobs j
       where j.status = 'pending' and j.updated_at < $1
         and not exists (select 1 from public.import_job_parts p where p.job_id = j.id and p.created_at >= $1)
       order by j.updated_at limit $2`,
      [before.toISOString(), limit],
    ));
  let purged = 0;
  for (const { id } of jobs) {
    const [row] = await db.asService(
      "files:purge-imports",
      (tx) =>
        tx.query<{ bytes: number | null }>("select app.purge_unstarted_import($1, $2)::float8 as bytes", [
          id,
          before.toISOString(),
        ]),
    );
    if (row?.bytes !== null && row?.bytes !== undefined) purged++;
  }
  return purged;
}
