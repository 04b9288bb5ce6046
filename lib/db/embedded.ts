// The embedded database's life: opened under an exclusive lock on the data directory, recovered from the
// newest snapshot when it will not open, checkpointed and snapshotted while it runs.
//
//   <dataDir>/leadly.lock          held (flock) by the one process using the directory (lock.ts)
//   <dataDir>/pgdata/              PGlite's Postgres cluster
//   <dataDir>/pgdata.broken-<time> a cluster that would not open, moved aside untouched (never deleted)
//   <dataDir>/snapshots/           snapshot-<time>.tar.gz, the newest few (snapshots.ts)
//
// What survives what: a commit returns once its WAL was written to the operating system, so killing the
// process (kill -9, a crash, an out-of-memory kill) loses no acknowledged write; opening replays the WAL
// since the last checkpoint. Checkpoints run every few minutes (PGlite's single-user Postgres has no
// checkpointer of its own), which keeps that replay - and so a restart after a crash - short, and after each
// one the directory is flushed to disk. Postgres' own fsync stays off (PGlite is single-connection: every
// commit would wait for the disk, and every other transaction behind it): a power cut or kernel crash may lose
// the last moments and, in the worst case, leave a directory that will not open - then the newest snapshot is
// restored.
//
// PGlite runs in a worker thread of its own (lib/db/worker.ts): a 1,000-row import batch or a checkpoint
// keeps that thread busy, not the app's, so HTTP and sockets answer meanwhile. The lock, the snapshots and the
// flushes stay on the app's thread; they read and lock files, which is what the worker writes through.
import { join } from "node:path";
import process from "node:process";
import { lockDataDir } from "./lock.ts";
import { openPglite, PgliteDb } from "./pglite.ts";
import { extractDatabase, listSnapshots, takeSnapshot } from "./snapshots.ts";
import { syncTree } from "./tar.ts";

export const PGDATA = "pgdata";

export interface OpenEmbeddedOptions {
  /** Where the story of a recovery is told (the console by default). */
  log?: (message: string) => void;
  /**
   * PGlite in a worker thread of its own (the default), so imports, checkpoints and slow queries never hold up
   * HTTP and sockets; LEADLY_DB_WORKER=0 runs it on the app's thread as before.
   */
  worker?: boolean;
}

/** Whether the embedded database runs in a worker thread unless told otherwise (LEADLY_DB_WORKER=0: not). */
export function workerByDefault(): boolean {
  return Deno.env.get("LEADLY_DB_WORKER") !== "0";
}

export async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

const stamp = (date = new Date()) => date.toISOString().replace(/:/g, "-").replace(/\.\d+Z$/, "Z");

function ago(date: Date): string {
  const minutes = Math.round((Date.now() - date.getTime()) / 60_000);
  if (minutes < 1) return "less than a minute ago";
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours ago` : `${Math.round(hours / 24)} days ago`;
}

/**
 * Locks `dataDir` (DataDirLockedError when another process has it) and opens its database; closing the
 * database lets the lock go. A database that exists but will not open is moved aside and the newest
 * snapshot that opens takes its place, with a console message saying what was restored from when.
 */
export async function openEmbedded(dataDir: string, options: OpenEmbeddedOptions = {}): Promise<PgliteDb> {
  const lock = await lockDataDir(dataDir);
  const openedAt = new Date(Date.now() - 60_000);
  try {
    const db = await openOrRecover(
      dataDir,
      options.log ?? ((message) => console.error(message)),
      options.worker ?? workerByDefault(),
    );
    db.onClose(async () => {
      // A clean stop leaves the directory on the disk itself, not only in the operating system's cache.
      await syncTree(join(dataDir, PGDATA), openedAt).catch(() => {});
      lock.release();
    });
    return db;
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openOrRecover(dataDir: string, log: (message: string) => void, worker: boolean): Promise<PgliteDb> {
  const pgdata = join(dataDir, PGDATA);
  const existed = await exists(join(pgdata, "PG_VERSION"));
  try {
    return await openPglite({ dataDir: pgdata, worker });
  } catch (error) {
    // A new directory that failed to initialise has nothing to recover.
    if (!existed) throw error;
    process.exitCode = 0;
    const reason = error instanceof Error ? error.message : String(error);
    const snapshots = await listSnapshots(dataDir);
    if (snapshots.length === 0) {
      throw new Error(
        `The database in ${pgdata} would not open (${reason}) and there is no snapshot in ` +
          `${join(dataDir, "snapshots")} to restore. It was left as it is. Restore a backup with ` +
          "`deno task restore <file>`, or move the folder away to start with an empty database.",
        { cause: error },
      );
    }
    const aside = `${pgdata}.broken-${stamp()}`;
    await Deno.rename(pgdata, aside);
    log(`The database in ${pgdata} would not open (${reason}).`);
    log(`It was moved, untouched, to ${aside}.`);
    for (const snapshot of snapshots) {
      const restoring = `${pgdata}.restoring-${stamp()}`;
      try {
        await extractDatabase(snapshot.path, restoring);
        // Opened once where it was unpacked to prove it works, then put in place and opened for good.
        const trial = await openPglite({ dataDir: restoring });
        await trial.close();
        await Deno.rename(restoring, pgdata);
        const db = await openPglite({ dataDir: pgdata, worker });
        process.exitCode = 0;
        log(
          `RESTORED the snapshot taken at ${snapshot.takenAt.toISOString()} (${ago(snapshot.takenAt)}, ` +
            `${snapshot.name}). Changes made after that time are NOT in the database; what the broken copy ` +
            `still holds is in ${aside}.`,
        );
        return db;
      } catch (failure) {
        process.exitCode = 0;
        log(
          `The snapshot ${snapshot.name} would not open either (${(failure as Error).message}); trying an older one.`,
        );
        await Deno.remove(restoring, { recursive: true }).catch(() => {});
      }
    }
    // Nothing worked: put the original back where it was, so nothing looks different from before.
    await Deno.rename(aside, pgdata).catch(() => {});
    throw new Error(
      `The database in ${pgdata} would not open (${reason}), and none of the ${snapshots.length} snapshot(s) ` +
        `in ${join(dataDir, "snapshots")} opened either. Restore a backup with \`deno task restore <file>\`.`,
      { cause: error },
    );
  }
}

export interface MaintenanceOptions {
  /** How often to look at the log; a checkpoint follows when enough was written or enough time passed. */
  checkEveryMs?: number;
  /** Checkpoint once this much WAL was written since the last one... */
  checkpointBytes?: number;
  /** ...or when anything was written and this much time passed. */
  checkpointEveryMs?: number;
  /** A snapshot this often while something changed (0 = never on a timer). */
  snapshotEveryMs?: number;
  /** Snapshots to keep. */
  snapshotsKept?: number;
  /** The earliest first snapshot after start. */
  firstSnapshotAfterMs?: number;
  log?: (message: string) => void;
}

export interface Maintenance {
  /** A snapshot now (waits for one in progress first). */
  snapshotNow(): Promise<void>;
  /** For a clean stop: a snapshot unless nothing changed since the last one this process took. */
  finalSnapshot(): Promise<void>;
  /** Stops the timers and waits for a checkpoint or snapshot in progress. */
  stop(): Promise<void>;
}

/** Checkpoints and snapshots for a running embedded database (main.ts starts it, shutdown stops it). */
export function startMaintenance(db: PgliteDb, dataDir: string, options: MaintenanceOptions = {}): Maintenance {
  const checkEveryMs = options.checkEveryMs ?? 15_000;
  const checkpointBytes = options.checkpointBytes ?? 16 * 1024 * 1024;
  const checkpointEveryMs = options.checkpointEveryMs ?? 2 * 60_000;
  const snapshotEveryMs = options.snapshotEveryMs ?? 10 * 60_000;
  const kept = options.snapshotsKept ?? 6;
  const log = options.log ?? ((message: string) => console.log(message));
  let lastCheckpoint = Date.now();
  /** Where the log ended after our last checkpoint: unchanged means nothing was written since. */
  let checkpointedLsn: string | null = null;
  let lastFlush = new Date(Date.now() - 60_000);
  // The first snapshot a minute after start when the newest is old (or there is none), then on the interval.
  let lastSnapshot = Date.now() - snapshotEveryMs + (options.firstSnapshotAfterMs ?? 60_000);
  void listSnapshots(dataDir).then(([newest]) => {
    if (newest) lastSnapshot = Math.max(lastSnapshot, newest.takenAt.getTime());
  }).catch(() => {});
  let snapshotLsn: string | null = null;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  const chain = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = running.then(fn, fn);
    running = next.catch(() => {});
    return next;
  };

  const snapshot = async () => {
    if (db.closing) return;
    const started = performance.now();
    const info = await takeSnapshot(db, dataDir, kept);
    lastSnapshot = Date.now();
    snapshotLsn = (await db.walPosition()).insertLsn;
    log(
      `database: snapshot ${info.name} (${(info.bytes / 1024 / 1024).toFixed(1)} MB, ` +
        `${Math.round(performance.now() - started)} ms)`,
    );
  };

  const tick = async () => {
    if (stopped || db.closing) return;
    const position = await db.walPosition();
    const due = position.bytesSinceCheckpoint > checkpointBytes ||
      (position.insertLsn !== checkpointedLsn && Date.now() - lastCheckpoint > checkpointEveryMs);
    if (due) {
      const started = performance.now();
      const flushedUpTo = new Date(Date.now() - 2000);
      await db.checkpoint();
      lastCheckpoint = Date.now();
      checkpointedLsn = (await db.walPosition()).insertLsn;
      const ms = performance.now() - started;
      if (ms > 250) log(`database: checkpoint took ${Math.round(ms)} ms`);
      // What changed since the last flush goes to the disk itself too (in the background, file by file).
      if (db.dataDir) await syncTree(db.dataDir, lastFlush).catch(() => {});
      lastFlush = flushedUpTo;
    }
    if (snapshotEveryMs > 0 && Date.now() - lastSnapshot >= snapshotEveryMs) {
      // Nothing written since the last snapshot: it still holds everything.
      if ((await db.walPosition()).insertLsn === snapshotLsn) lastSnapshot = Date.now();
      else await snapshot();
    }
  };

  const timer = setInterval(() => {
    if (!stopped) {
      void chain(tick).catch((error) => {
        if (!db.closing) console.error("database: maintenance failed", error);
      });
    }
  }, checkEveryMs);

  return {
    snapshotNow: () => chain(snapshot),
    finalSnapshot: () =>
      chain(async () => {
        if (db.closing || (await db.walPosition()).insertLsn === snapshotLsn) return;
        await snapshot();
      }),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
