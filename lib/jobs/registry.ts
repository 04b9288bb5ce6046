// The job queue this process runs on a database, for code that starts background work on its own (an
// import, a note compaction): with a queue the work is sent to it, so exactly one process runs it, retries
// it and resumes it after a restart. Without one (test servers, scripts that open the database) the caller
// runs the work in-process, as before the queue existed.
import type { Db } from "../db/mod.ts";
import type { JobQueue } from "./queue.ts";

const queues = new WeakMap<Db, JobQueue>();

export function registerQueue(db: Db, queue: JobQueue): void {
  queues.set(db, queue);
}

/** Forgets the queue (when it stops); another one registered meanwhile stays. */
export function unregisterQueue(db: Db, queue: JobQueue): void {
  if (queues.get(db) === queue) queues.delete(db);
}

export function queueFor(db: Db): JobQueue | null {
  return queues.get(db) ?? null;
}
