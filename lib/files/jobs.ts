// The files system job, run on the job queue (app/system-jobs.ts) and by tests directly:
// - files:purge  deleted files are removed for good PURGE_AFTER_MS after their delete (bytes, then rows),
//                and bytes no file accounts for (purged files' versions, uploads that reserved space and were
//                never finished because their process died) are removed from storage and stop counting.
//                Files attached to nothing for DRAFT_GRACE_MS (chat uploads never sent) go the same way, and
//                imports never started lose their uploaded file after IMPORT_GRACE_MS.
// Everything it does is claimed in the database first (lib/files/service.ts purgeStorage), so two passes at
// once - a slow one and the next, or two app processes - never remove or give back the same bytes twice.
// What is due is read from the database each pass (deleted_at, file_drafts.since, import_jobs), so a
// restart loses nothing: the first pass after it does what the stopped process did not.
import type { Db } from "../db/mod.ts";
import type { Storage } from "./storage.ts";
import {
  DRAFT_GRACE_MS,
  IMPORT_GRACE_MS,
  PURGE_AFTER_MS,
  type PurgeResult,
  purgeStorage,
  UPLOAD_GRACE_MS,
} from "./service.ts";

export interface PassOptions {
  /** How long a deleted file can still be restored (an hour). */
  purgeAfterMs?: number;
  uploadGraceMs?: number;
  /** How long a file attached to nothing is kept (a day). */
  draftGraceMs?: number;
  /** How long an import never started keeps its uploaded file (a day). */
  importGraceMs?: number;
}

/** One purge pass: everything deleted more than `purgeAfterMs` before `now`, drafts and imports past their grace. */
export async function runFilePurge(
  db: Db,
  storage: Storage,
  options: PassOptions & { now?: Date } = {},
): Promise<PurgeResult> {
  const now = (options.now ?? new Date()).getTime();
  const before = new Date(now - (options.purgeAfterMs ?? PURGE_AFTER_MS));
  const draftsBefore = new Date(now - (options.draftGraceMs ?? DRAFT_GRACE_MS));
  const importsBefore = new Date(now - (options.importGraceMs ?? IMPORT_GRACE_MS));
  const total: PurgeResult = { files: 0, drafts: 0, imports: 0, objects: 0, bytes: 0 };
  // In rounds of up to 500, until a round finds nothing more to do.
  for (let round = 0; round < 100; round++) {
    const result = await purgeStorage(db, storage, before, {
      uploadGraceMs: options.uploadGraceMs ?? UPLOAD_GRACE_MS,
      draftsBefore,
      importsBefore,
    });
    for (const key of Object.keys(total) as (keyof PurgeResult)[]) total[key] += result[key];
    if (result.files + result.drafts + result.imports + result.objects === 0) break;
  }
  if (total.objects > 0 || total.imports > 0) {
    console.log(
      `files:purge removed ${total.files} deleted file(s), ${total.drafts} never attached, ` +
        `${total.objects} stored object(s) (${(total.bytes / 1024 / 1024).toFixed(1)} MB) and the file(s) of ` +
        `${total.imports} import(s) never started`,
    );
  }
  return total;
}
