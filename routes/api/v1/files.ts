// /api/v1/files: uploads with versions, attached to records, notes and chat messages, under a per-team quota.
//
// For other features (chat attachments, images in notes), the whole contract:
//
//   POST /api/v1/files                      multipart/form-data: file (required), target_type + target_id
//                                           (optional: deal|contact|company|lead|task|note|message and its id)
//     → 201 { id, url, preview_url, data: File }
//     Cookie-authenticated calls send the x-csrf-token header (the page's CSRF token), like every write.
//     Files can be 25 MB at most (413), empty files are refused (422), a full workspace answers 413 with
//     "This workspace has used 1 GB of 1 GB of storage, so “x.pdf” (3 MB) does not fit. …".
//   File = { id, name, content_type, kind: image|pdf|video|audio|text|document|archive|other, size, sha256,
//            version, uploaded_by, uploaded_by_name, created_at, updated_at, deleted_at, previewable,
//            url (download, attachment), preview_url (inline image/PDF, else null), links: [{target_type, target_id}] }
//   Use `preview_url` as <img src> for images (same-origin; the session cookie authorises it) and `url` as a
//   download link. Both URLs carry the version (?v=N), so they always show the bytes they were made for.
//
//   GET    /api/v1/files?target_type=deal&target_id=<uuid>   files attached there, newest first → { data: File[] }
//   GET    /api/v1/files/usage                     → { data: { used_bytes, quota_bytes, max_upload_bytes, message } }
//   GET    /api/v1/files/:id                       → { data: File }
//   PATCH  /api/v1/files/:id        { name }       rename → { data: File }
//   GET    /api/v1/files/:id/download[?v=N]        the bytes as an attachment (any type)
//   GET    /api/v1/files/:id/preview[?v=N]         inline, images and PDFs only (others: 415)
//   POST   /api/v1/files/:id/versions              multipart `file` → 201 { data: File } (the new current version)
//   GET    /api/v1/files/:id/versions              → { data: FileVersion[] } newest first
//   DELETE /api/v1/files/:id                       soft delete (uploader or managers) → { data: File }
//   POST   /api/v1/files/:id/restore               undo the delete → { data: File }
//   POST   /api/v1/files/:id/links  { target_type, target_id }            attach → { data: File }
//   DELETE /api/v1/files/:id/links/:target_type/:target_id                detach → { data: File }
//
// Who sees a file follows where it is attached (RLS, supabase/migrations/20261207002000_files_follow_attachments.sql):
// a record's files the team, a note's files whoever may read the note, a chat message's files whoever reads the
// message; a file attached to nothing only the person who uploaded it. Each person sees only the links they may
// see. Changing or attaching a file needs the right to change one of its places (edit the note, be in the
// conversation). An upload without a target is a draft: sending a chat message that names it
// (`[name](/api/v1/files/<id>/download?v=N)`) attaches it to that message; a draft attached to nothing for a day
// is removed by the purge job (lib/files/jobs.ts).
//
// Live: after a change, `file.created`, `file.updated`, `file.deleted` and `file.restored` go to the rooms of
// the records the file is attached to (`record:<type>:<id>`), with payload { id, name, links } (links: those
// records only).
//
// Content types are sniffed from the bytes on the server; downloads are served with Content-Disposition:
// attachment, X-Content-Type-Options: nosniff and a type that cannot render as a page (SVG and HTML download
// as application/octet-stream and are never shown inline).
import { Hono } from "hono";
import type { Context } from "hono";
import { AppError } from "../../../lib/errors.ts";
import { z } from "zod";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, parseWithSchema, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import type { Change } from "../../../lib/bus/change-bus.ts";
import { fileResponse } from "../../../lib/files/http.ts";
import { formatBytes, MAX_UPLOAD_BYTES } from "../../../lib/files/limits.ts";
import { isPreviewable } from "../../../lib/files/sniff.ts";
import {
  addVersion,
  type Caller,
  deleteFile,
  type FileLink,
  getFile,
  getUsage,
  linkFile,
  listFiles,
  listVersions,
  openContent,
  renameFile,
  restoreFile,
  TARGET_TYPES,
  unlinkFile,
  type Upload,
  uploadFile,
} from "../../../lib/files/service.ts";

export const app = new Hono<ApiEnv>();

const targetSchema = z.object({
  target_type: z.enum(TARGET_TYPES, {
    error: () => `target_type must be one of ${TARGET_TYPES.join(", ")}.`,
  }),
  target_id: z.string().uuid("target_id must be the id of that record."),
});
const renameSchema = z.object({ name: z.string().trim().min(1, "name cannot be empty.").max(255) });

const tags = ["files"];
const versionQuery = z.object({ v: z.string().optional().describe("A version number (from 1); default the newest.") });
const multipart = {
  "multipart/form-data": {
    type: "object",
    required: ["file"],
    properties: {
      file: { type: "string", contentMediaType: "application/octet-stream", description: "At most 25 MB." },
      target_type: { type: "string", enum: [...TARGET_TYPES] },
      target_id: { type: "string", format: "uuid" },
    },
  },
};
const fileResponse200 = { 200: "{ data: File }" };
const writers = { 403: "Viewers can look at files but not upload, change or delete them." };
const docs = {
  list: describe({
    tags,
    summary: "Files attached to a record, note or message",
    query: z.object({ target_type: z.enum(TARGET_TYPES), target_id: z.uuid() }),
    responses: { 200: "{ data: File[] }" },
  }),
  upload: describe({
    tags,
    summary: "Upload a file (optionally attached to a target)",
    bodyContent: multipart,
    responses: {
      201: "{ id, url, preview_url, data: File }",
      413: "Larger than 25 MB, or the workspace's storage is full (the message says how full).",
      415: "Not multipart/form-data.",
      422: "No file, an empty file, or a target that is not valid.",
      ...writers,
    },
  }),
  usage: describe({ tags, summary: "Storage used and quota of the workspace", responses: { 200: "Usage." } }),
  get: describe({ tags, summary: "A file's details", responses: fileResponse200 }),
  rename: describe({ tags, summary: "Rename a file", responses: { ...fileResponse200, ...writers } }),
  delete: describe({ tags, summary: "Delete a file (restorable)", responses: { ...fileResponse200, ...writers } }),
  restore: describe({ tags, summary: "Undo a delete", responses: { ...fileResponse200, ...writers } }),
  download: describe({ tags, summary: "Download (attachment)", query: versionQuery, responses: { 200: "The bytes." } }),
  preview: describe({
    tags,
    summary: "Show inline (images and PDFs only)",
    query: versionQuery,
    responses: { 200: "The bytes.", 415: "Not an image or PDF." },
  }),
  versions: describe({ tags, summary: "A file's versions, newest first", responses: { 200: "Versions." } }),
  addVersion: describe({
    tags,
    summary: "Upload a new version",
    bodyContent: multipart,
    responses: { 201: "{ data: File }", ...writers },
  }),
  link: describe({ tags, summary: "Attach to a target", responses: { ...fileResponse200, ...writers } }),
  unlink: describe({
    tags,
    summary: "Detach from a target",
    params: { targetType: z.enum(TARGET_TYPES) },
    responses: { ...fileResponse200, ...writers },
  }),
};

type Ctx = Context<ApiEnv>;

async function callerOf(
  c: Ctx,
): Promise<Caller & { role: string; services: ReturnType<typeof apiCaller>["services"] }> {
  const { db, claims, team, services } = apiCaller(c);
  return { db, claims, teamId: team.id, storage: await services.storage, role: team.role, services };
}

function requireWriter(role: string) {
  if (role === "viewer") {
    throw new AppError("forbidden", "Viewers can look at files but not upload, change or delete them.");
  }
}

/** The file of a multipart upload and its other fields, with plain-words errors for everything else. */
async function readUpload(c: Ctx): Promise<{ upload: Upload | null; fields: Record<string, string> }> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError(
      "unsupported_media_type",
      "Send the upload as multipart/form-data with the file in a field named “file”.",
    );
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch (error) {
    if (error instanceof Error && error.name === "BodyLimitError") {
      throw new AppError(
        "payload_too_large",
        `That file is too large: files can be ${formatBytes(MAX_UPLOAD_BYTES)} at most.`,
      );
    }
    throw new AppError("bad_request", "The upload could not be read (the form data is broken). Try again.");
  }
  const fields: Record<string, string> = {};
  let upload: Upload | null = null;
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") fields[key] = value;
    else if (key === "file" && !upload) upload = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  if (!upload && typeof form.get("file") === "string") {
    throw new AppError("unprocessable_entity", "“file” must be a file, not text. Choose a file to upload.");
  }
  return { upload, fields };
}

function targetFrom(fields: Record<string, string | undefined>): FileLink | null {
  if (!fields.target_type && !fields.target_id) return null;
  return parseWithSchema(targetSchema, { target_type: fields.target_type, target_id: fields.target_id });
}

function versionParam(c: Ctx): number | null {
  const raw = c.req.query("v") ?? c.req.query("version");
  if (raw === undefined || raw === "") return null;
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError("unprocessable_entity", "The version must be a whole number from 1 up.");
  }
  return version;
}

/** Publishes what a file write changed (lib/files/changes.ts says which rooms hear it). */
const publish = (c: Ctx, changes: Change[]) => apiCaller(c).services.bus.publishAll(changes);

function usageMessage(used: number, quota: number) {
  return `This workspace has used ${formatBytes(used)} of ${formatBytes(quota)} of storage.`;
}

app.use("*", async (c, next) => {
  await next();
  if (!c.res.headers.has("cache-control")) c.header("cache-control", "private, no-store");
});

app.get("/", docs.list, async (c) => {
  const { db, claims, teamId } = await callerOf(c);
  const target = targetFrom(c.req.query());
  if (!target) {
    throw new AppError("unprocessable_entity", "Say whose files to list: ?target_type=deal&target_id=<id>.");
  }
  return c.json({ data: await listFiles(db, claims, teamId, target) });
});

app.post("/", docs.upload, async (c) => {
  const caller = await callerOf(c);
  requireWriter(caller.role);
  const { upload, fields } = await readUpload(c);
  const target = targetFrom(fields);
  const { file, changes } = await uploadFile(caller, upload!, target);
  publish(c, changes);
  return c.json({ id: file.id, url: file.url, preview_url: file.preview_url, data: file }, 201);
});

app.get("/usage", docs.usage, async (c) => {
  const { db, claims, teamId } = await callerOf(c);
  const usage = await getUsage(db, claims, teamId);
  return c.json({
    data: {
      ...usage,
      max_upload_bytes: MAX_UPLOAD_BYTES,
      message: usageMessage(usage.used_bytes, usage.quota_bytes),
    },
  });
});

app.get("/:id", docs.get, async (c) => {
  const { db, claims, teamId } = await callerOf(c);
  return c.json({ data: await getFile(db, claims, teamId, pathId(c, "File")) });
});

app.patch("/:id", docs.rename, jsonInput(renameSchema), async (c) => {
  const { db, claims, teamId, role } = await callerOf(c);
  requireWriter(role);
  const { name } = c.req.valid("json");
  const { file, changes } = await renameFile(db, claims, teamId, pathId(c, "File"), name);
  publish(c, changes);
  return c.json({ data: file });
});

app.delete("/:id", docs.delete, async (c) => {
  const { db, claims, teamId, role } = await callerOf(c);
  requireWriter(role);
  const { file, changes } = await deleteFile(db, claims, teamId, pathId(c, "File"));
  publish(c, changes);
  return c.json({ data: file });
});

app.post("/:id/restore", docs.restore, async (c) => {
  const { db, claims, teamId, role } = await callerOf(c);
  requireWriter(role);
  const { file, changes } = await restoreFile(db, claims, teamId, pathId(c, "File"));
  publish(c, changes);
  return c.json({ data: file });
});

app.get("/:id/download", docs.download, async (c) => {
  const caller = await callerOf(c);
  const version = versionParam(c);
  const content = await openContent(caller, pathId(c, "File"), version);
  return fileResponse(content, "attachment", c.req.raw);
});

app.get("/:id/preview", docs.preview, async (c) => {
  const caller = await callerOf(c);
  const version = versionParam(c);
  const content = await openContent(caller, pathId(c, "File"), version);
  if (!isPreviewable(content.content_type)) {
    await content.object.body.cancel().catch(() => {});
    throw new AppError(
      "unsupported_media_type",
      "Only images (PNG, JPEG, GIF, WebP, AVIF) and PDFs can be previewed. Download this file instead.",
    );
  }
  return fileResponse(content, "inline", c.req.raw);
});

app.get("/:id/versions", docs.versions, async (c) => {
  const { db, claims, teamId } = await callerOf(c);
  return c.json({ data: await listVersions(db, claims, teamId, pathId(c, "File")) });
});

app.post("/:id/versions", docs.addVersion, async (c) => {
  const caller = await callerOf(c);
  requireWriter(caller.role);
  const { upload } = await readUpload(c);
  const { file, changes } = await addVersion(caller, pathId(c, "File"), upload!);
  publish(c, changes);
  return c.json({ data: file }, 201);
});

app.post("/:id/links", docs.link, jsonInput(targetSchema), async (c) => {
  const { db, claims, teamId, role } = await callerOf(c);
  requireWriter(role);
  const target = c.req.valid("json");
  const { file, changes } = await linkFile(db, claims, teamId, pathId(c, "File"), target);
  publish(c, changes);
  return c.json({ data: file });
});

app.delete("/:id/links/:targetType/:targetId", docs.unlink, async (c) => {
  const { db, claims, teamId, role } = await callerOf(c);
  requireWriter(role);
  const target = parseWithSchema(targetSchema, {
    target_type: c.req.param("targetType"),
    target_id: c.req.param("targetId"),
  });
  const { file, changes } = await unlinkFile(db, claims, teamId, pathId(c, "File"), target);
  publish(c, changes);
  return c.json({ data: file });
});
