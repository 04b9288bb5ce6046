// `deno task backup [file]` and `deno task restore <file>`: the embedded database (and the uploaded files
// and JWT secret kept next to it) in one .tar.gz, and back.
//
// A backup of a stopped Leadly copies the data directory as it is (under the lock, so nothing starts
// meanwhile). A backup of a running Leadly asks it for a fresh snapshot (SIGUSR2) and packs that: the
// process that has the database open is the only one that may read it consistently.
// A restore needs Leadly stopped (it takes the data directory's lock), unpacks next to the database,
// proves the copy opens, then moves the current database aside (pgdata.before-restore-<time>, never
// deleted) and puts the copy in its place.
import { basename, join, relative } from "node:path";
import { DataDirLockedError, lockDataDir, lockHolder } from "./lock.ts";
import { exists, PGDATA } from "./embedded.ts";
import { openPglite } from "./pglite.ts";
import { listSnapshots } from "./snapshots.ts";
import { extractTar, syncPath, TarGzWriter } from "./tar.ts";

const stamp = (date = new Date()) => date.toISOString().replace(/:/g, "-").replace(/\.\d+Z$/, "Z");

/** Adds the folder `dir` (recursively) as `name`/… to the archive; `skip(path)` leaves entries out. */
async function addTree(writer: TarGzWriter, dir: string, name: string, skip: (path: string) => boolean = () => false) {
  await writer.addDir(name);
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (skip(full)) continue;
    if (entry.isDirectory) await addTree(writer, full, `${name}/${entry.name}`, skip);
    else if (entry.isFile) await writer.addFile(`${name}/${entry.name}`, full);
  }
}

/** Files uploaded to local storage and the generated JWT secret, next to the database in the archive. */
async function addSidecars(writer: TarGzWriter, dataDir: string) {
  const files = join(dataDir, "files");
  if (await exists(files)) await addTree(writer, files, "files", (path) => path.endsWith(".part"));
  const secret = join(dataDir, "jwt-secret");
  if (await exists(secret)) await writer.addFile("jwt-secret", secret);
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** "stopped": the data directory copied as it was; "running": a snapshot the running Leadly took. */
  source: "stopped" | "running";
  takenAt: Date;
}

/** Waits for the running Leadly (pid) to write a snapshot newer than `since`. */
async function freshSnapshot(dataDir: string, pid: number, since: Date, timeoutMs: number) {
  Deno.kill(pid, "SIGUSR2");
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [newest] = await listSnapshots(dataDir);
    if (newest && newest.takenAt.getTime() >= since.getTime() - 1000) return newest;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Leadly (pid ${pid}) did not write a snapshot within ${Math.round(timeoutMs / 1000)} s.`);
}

export async function backup(dataDir: string, file?: string, options: { timeoutMs?: number } = {}) {
  const takenAt = new Date();
  const target = file ?? join(Deno.cwd(), `leadly-backup-${stamp(takenAt)}.tar.gz`);
  const tmp = `${target}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  let lock: Awaited<ReturnType<typeof lockDataDir>> | null = null;
  let source: BackupResult["source"] = "stopped";
  let unpacked: string | null = null;
  try {
    try {
      lock = await lockDataDir(dataDir, "backup");
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      const holder = await lockHolder(dataDir);
      if (!holder) throw error;
      source = "running";
      const snapshot = await freshSnapshot(dataDir, holder.pid, takenAt, options.timeoutMs ?? 120_000);
      unpacked = await Deno.makeTempDir({ dir: dataDir, prefix: ".backup-" });
      await extractTar(snapshot.path, (entry) => join(unpacked!, entry.name));
    }
    const pgdata = unpacked ? join(unpacked, PGDATA) : join(dataDir, PGDATA);
    if (!await exists(join(pgdata, "PG_VERSION"))) throw new Error(`There is no database in ${join(dataDir, PGDATA)}.`);
    const writer = await TarGzWriter.create(tmp);
    try {
      await addTree(writer, pgdata, "pgdata", (path) => {
        const rel = relative(pgdata, path);
        return rel === "postmaster.pid" || rel === "postmaster.opts";
      });
      await addSidecars(writer, dataDir);
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    await Deno.rename(tmp, target);
    return { file: target, bytes: (await Deno.stat(target)).size, source, takenAt } satisfies BackupResult;
  } finally {
    await Deno.remove(tmp).catch(() => {});
    if (unpacked) await Deno.remove(unpacked, { recursive: true }).catch(() => {});
    lock?.release();
  }
}

export interface RestoreResult {
  /** Where the database that was replaced went (null when there was none). */
  previous: string | null;
  restoredFiles: number;
  restoredSecret: boolean;
}

/**
 * Replaces the database in `dataDir` with the one in `file` (a backup, a snapshot or a PGlite dump).
 * Throws DataDirLockedError while Leadly runs on `dataDir`.
 */
export async function restore(dataDir: string, file: string): Promise<RestoreResult> {
  const lock = await lockDataDir(dataDir, "restore");
  const when = stamp();
  const pgdata = join(dataDir, PGDATA);
  const restoring = `${pgdata}.restoring-${when}`;
  const secretTmp = join(dataDir, `jwt-secret.restoring-${when}`);
  try {
    let ours: boolean | null = null;
    let restoredFiles = 0;
    let restoredSecret = false;
    await Deno.mkdir(restoring, { recursive: true });
    const entries = await extractTar(file, (entry) => {
      ours ??= entry.name === "pgdata" || entry.name.startsWith("pgdata/");
      if (!ours) return join(restoring, entry.name);
      if (entry.name === "pgdata") return restoring;
      if (entry.name.startsWith("pgdata/")) return join(restoring, entry.name.slice("pgdata/".length));
      if (entry.name === "files" || entry.name.startsWith("files/")) {
        if (entry.type === "file") restoredFiles++;
        return join(dataDir, entry.name);
      }
      if (entry.name === "jwt-secret") {
        restoredSecret = true;
        return secretTmp;
      }
      return null;
    });
    if (!entries.some((e) => e.name === "pgdata/PG_VERSION" || e.name === "PG_VERSION")) {
      throw new Error(`${basename(file)} does not hold a Leadly database (no PG_VERSION in it).`);
    }
    // Proves the copy opens (and replays its log) before anything is replaced.
    const trial = await openPglite({ dataDir: restoring });
    await trial.close();
    let previous: string | null = null;
    if (await exists(pgdata)) {
      previous = `${pgdata}.before-restore-${when}`;
      await Deno.rename(pgdata, previous);
    }
    await Deno.rename(restoring, pgdata);
    if (restoredSecret) {
      const secret = join(dataDir, "jwt-secret");
      if (await exists(secret)) await Deno.rename(secret, `${secret}.before-restore-${when}`);
      await Deno.rename(secretTmp, secret);
    }
    await syncPath(dataDir);
    return { previous, restoredFiles, restoredSecret };
  } catch (error) {
    await Deno.remove(restoring, { recursive: true }).catch(() => {});
    await Deno.remove(secretTmp).catch(() => {});
    throw error;
  } finally {
    lock.release();
  }
}
