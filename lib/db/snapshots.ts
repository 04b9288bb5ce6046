// Snapshots of the embedded database: .tar.gz copies of the PGlite data directory in <dataDir>/snapshots,
// taken while the app runs, without pausing it.
//
// How a live copy stays consistent (the same reasoning as a Postgres base backup): the files are read
// while Postgres keeps writing, so some pages may be copied half-old, half-new. That is what crash recovery
// repairs: opening the copy replays the log (WAL) from the last checkpoint, and the first change of every
// page after a checkpoint is logged as a full page image. So the copy holds pg_control as of the last
// checkpoint, every data file, and then - read last - every WAL file from that checkpoint's redo point on:
// any page write that reached a copied data file was preceded by its WAL (Postgres writes WAL first),
// which is then in the copied WAL too. A checkpoint during the copy would move the redo point and recycle
// WAL files, so the position is read again at the end and the snapshot is discarded if it moved.
import { basename, join, relative } from "node:path";
import type { PgliteDb } from "./pglite.ts";
import { extractTar, syncPath, type TarEntry, TarGzWriter } from "./tar.ts";

export const SNAPSHOTS_DIR = "snapshots";
const PREFIX = "snapshot-";
const SUFFIX = ".tar.gz";
/** Log since the last checkpoint above which a snapshot checkpoints first (keeps snapshots and replay small). */
const CHECKPOINT_FIRST_BYTES = 16 * 1024 * 1024;
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

export interface SnapshotInfo {
  path: string;
  name: string;
  takenAt: Date;
  bytes: number;
}

export class SnapshotRaced extends Error {}

const stampOf = (date: Date) => date.toISOString().replace(/:/g, "-");
const dateOf = (stamp: string) => new Date(stamp.replace(/T(\d\d)-(\d\d)-(\d\d)/, "T$1:$2:$3"));

export function snapshotsDir(dataDir: string) {
  return join(dataDir, SNAPSHOTS_DIR);
}

/** Complete snapshots, newest first (files still being written end in .tmp and are not listed). */
export async function listSnapshots(dataDir: string): Promise<SnapshotInfo[]> {
  const dir = snapshotsDir(dataDir);
  const found: SnapshotInfo[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.startsWith(PREFIX) || !entry.name.endsWith(SUFFIX)) continue;
      const takenAt = dateOf(entry.name.slice(PREFIX.length, -SUFFIX.length));
      if (Number.isNaN(takenAt.getTime())) continue;
      const path = join(dir, entry.name);
      found.push({ path, name: entry.name, takenAt, bytes: (await Deno.stat(path)).size });
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Keeps the newest `keep` snapshots; removes older ones and leftovers of interrupted snapshots. */
export async function pruneSnapshots(dataDir: string, keep: number) {
  const all = await listSnapshots(dataDir);
  for (const old of all.slice(Math.max(1, keep))) await Deno.remove(old.path).catch(() => {});
  try {
    for await (const entry of Deno.readDir(snapshotsDir(dataDir))) {
      if (entry.name.endsWith(".tmp")) {
        const path = join(snapshotsDir(dataDir), entry.name);
        const info = await Deno.stat(path).catch(() => null);
        // one being written right now is younger than this
        if (info?.mtime && Date.now() - info.mtime.getTime() > 10 * 60_000) await Deno.remove(path).catch(() => {});
      }
    }
  } catch { /* no folder yet */ }
}

/** Files of the data directory never worth copying (they describe the running process, not the data). */
const SKIP = new Set(["postmaster.pid", "postmaster.opts"]);

/**
 * Writes the live database into `writer` under `prefix` ("pgdata"). Throws SnapshotRaced (having written
 * something unusable that the caller throws away) when a checkpoint ran during the copy.
 */
export async function archiveLiveDatabase(db: PgliteDb, writer: TarGzWriter, prefix = "pgdata"): Promise<void> {
  const pgdata = db.dataDir;
  if (!pgdata) throw new Error("An in-memory database has no directory to snapshot.");
  let start = await db.walPosition();
  if (start.bytesSinceCheckpoint > CHECKPOINT_FIRST_BYTES) {
    await db.checkpoint();
    start = await db.walPosition();
  }
  await writer.addDir(prefix);
  const walDir = join(pgdata, "pg_wal");
  const walk = async (dir: string) => {
    const entries: Deno.DirEntry[] = [];
    for await (const entry of Deno.readDir(dir)) entries.push(entry);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const name = `${prefix}/${relative(pgdata, full)}`;
      if (entry.isDirectory) {
        await writer.addDir(name);
        if (full !== walDir) await walk(full);
      } else if (entry.isFile && !(dir === pgdata && SKIP.has(entry.name))) {
        await writer.addFile(name, full);
      }
    }
  };
  await walk(pgdata);
  // The log last: from the checkpoint's redo point to the file written now, after every data file.
  const now = await db.walPosition();
  const walFiles: string[] = [];
  for await (const entry of Deno.readDir(walDir)) {
    if (entry.isDirectory) await writer.addDir(`${prefix}/pg_wal/${entry.name}`);
    if (!entry.isFile) continue;
    if (
      WAL_SEGMENT.test(entry.name) ? entry.name >= start.redoWalFile && entry.name <= now.currentWalFile : (
        entry.name.endsWith(".history")
      )
    ) walFiles.push(entry.name);
  }
  walFiles.sort();
  if (!walFiles.includes(start.redoWalFile)) throw new SnapshotRaced("the checkpoint's WAL file is gone");
  for (const name of walFiles) await writer.addFile(`${prefix}/pg_wal/${name}`, join(walDir, name));
  const end = await db.walPosition();
  if (end.checkpointLsn !== start.checkpointLsn) throw new SnapshotRaced("a checkpoint ran during the copy");
}

/**
 * Takes a snapshot of the running database into <dataDir>/snapshots (written under a temporary name, flushed,
 * then renamed) and keeps the newest `keep`. Retries once when a checkpoint got in the way.
 */
export async function takeSnapshot(db: PgliteDb, dataDir: string, keep = 6): Promise<SnapshotInfo> {
  const dir = snapshotsDir(dataDir);
  await Deno.mkdir(dir, { recursive: true });
  for (let attempt = 1;; attempt++) {
    const takenAt = new Date();
    const name = `${PREFIX}${stampOf(takenAt)}${SUFFIX}`;
    const path = join(dir, name);
    const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    const writer = await TarGzWriter.create(tmp);
    try {
      await archiveLiveDatabase(db, writer);
      await writer.close();
    } catch (error) {
      await writer.abort();
      await Deno.remove(tmp).catch(() => {});
      if (error instanceof SnapshotRaced && attempt < 3) continue;
      throw error;
    }
    await Deno.rename(tmp, path);
    await syncPath(dir);
    await pruneSnapshots(dataDir, keep);
    return { path, name, takenAt, bytes: (await Deno.stat(path)).size };
  }
}

/**
 * Where an archive entry of the database goes when `target` is the new data directory: entries under
 * "pgdata/" (our snapshots and backups) or, for a PGlite dumpDataDir file, every entry. Null = not the database.
 */
export function databaseEntryTarget(entry: TarEntry, target: string, isOurFormat: boolean): string | null {
  if (!isOurFormat) return join(target, entry.name);
  if (entry.name === "pgdata") return target;
  if (!entry.name.startsWith("pgdata/")) return null;
  return join(target, entry.name.slice("pgdata/".length));
}

/** Writes the database held in `archive` (a snapshot, a backup or a PGlite dump) into the new directory `target`. */
export async function extractDatabase(archive: string, target: string): Promise<void> {
  // Our archives start with the "pgdata" folder; a PGlite dump starts with the data directory's own files.
  let ours: boolean | null = null;
  await Deno.mkdir(target, { recursive: true });
  const entries = await extractTar(archive, (entry) => {
    ours ??= entry.name === "pgdata" || entry.name.startsWith("pgdata/") || entry.name.startsWith("files/") ||
      entry.name === "jwt-secret";
    return databaseEntryTarget(entry, target, ours);
  });
  const hasVersion = entries.some((e) => e.name === "pgdata/PG_VERSION" || e.name === "PG_VERSION");
  if (!hasVersion) throw new Error(`${basename(archive)} does not hold a Leadly database (no PG_VERSION in it).`);
  await syncPath(target);
}
