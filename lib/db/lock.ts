// One process per embedded data directory. Two PGlite instances on one directory corrupt it (each writes
// its own WAL and control file over the other's), so whatever opens the directory first takes an exclusive
// OS lock (flock) on <dataDir>/leadly.lock and keeps it open while it runs. The kernel drops the lock when
// the process ends in any way, kill -9 included, so a crash never leaves a stale lock behind.
// The file itself is never deleted: unlinking a lock file lets two processes lock two different inodes.
import { join } from "node:path";

export const LOCK_FILE = "leadly.lock";

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number | null) {
    super(`Leadly is already running on ${dataDir} (pid ${pid ?? "unknown"})`);
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Lets the directory go (idempotent). */
  release(): void;
}

/** Who holds the lock, as its holder wrote it; null when nobody wrote one. */
export async function lockHolder(dataDir: string): Promise<{ pid: number; started_at: string } | null> {
  try {
    const text = await Deno.readTextFile(join(dataDir, LOCK_FILE));
    const holder = JSON.parse(text);
    return typeof holder?.pid === "number" ? holder : null;
  } catch {
    return null;
  }
}

/**
 * Takes the data directory for this process or throws DataDirLockedError without touching anything in it
 * (the directory is created when missing).
 */
export async function lockDataDir(dataDir: string, purpose = "leadly"): Promise<DataDirLock> {
  await Deno.mkdir(dataDir, { recursive: true });
  const file = await Deno.open(join(dataDir, LOCK_FILE), { read: true, write: true, create: true });
  let locked = false;
  try {
    locked = await file.tryLock(true);
  } catch (error) {
    file.close();
    throw error;
  }
  if (!locked) {
    file.close();
    throw new DataDirLockedError(dataDir, (await lockHolder(dataDir))?.pid ?? null);
  }
  const note = new TextEncoder().encode(
    JSON.stringify({ pid: Deno.pid, purpose, started_at: new Date().toISOString() }) + "\n",
  );
  await file.truncate(0);
  await file.write(note);
  let released = false;
  return {
    dataDir,
    release() {
      if (released) return;
      released = true;
      try {
        file.unlockSync();
      } catch { /* closing drops the lock anyway */ }
      file.close();
    },
  };
}
