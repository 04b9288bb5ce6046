// The editor's local changes that the server has not acknowledged as stored yet. Every local Yjs update goes
// in; it leaves only on the server's durable ack. Whatever is still here is sent again: after a failed or
// timed-out send and after every reconnect (the server may have had it in memory only, then restarted).
// Sending something twice is harmless (Yjs updates are idempotent), losing it is not.
import * as Y from "yjs";

/** One message's worth of local changes: which entries it carries and their merged update. */
export interface OutboxBatch {
  seqs: number[];
  update: Uint8Array;
}

interface Entry {
  seq: number;
  update: Uint8Array;
  /** Sent and waiting for its ack (not sent again until the ack fails or the connection is new). */
  inFlight: boolean;
}

export class Outbox {
  #entries: Entry[] = [];
  #seq = 0;

  /** Changes not acknowledged yet (sent or not). */
  get size(): number {
    return this.#entries.length;
  }

  /** Changes not sent yet (or to be sent again). */
  get unsent(): number {
    return this.#entries.filter((e) => !e.inFlight).length;
  }

  /** Numbers the change; returns its number. */
  add(update: Uint8Array): number {
    this.#entries.push({ seq: ++this.#seq, update, inFlight: false });
    return this.#seq;
  }

  /** The number of the newest change added so far (0: none yet). */
  get lastSeq(): number {
    return this.#seq;
  }

  /** True once every change up to number `seq` is acknowledged (or dropped). */
  storedUpTo(seq: number): boolean {
    return this.#entries.every((e) => e.seq > seq);
  }

  /**
   * The oldest changes not in flight, merged (Y.mergeUpdates) into one update of about `maxBytes` at most,
   * marked in flight; null when there are none. A single change larger than `maxBytes` goes alone.
   */
  take(maxBytes: number): OutboxBatch | null {
    const picked: Entry[] = [];
    let bytes = 0;
    for (const entry of this.#entries) {
      if (entry.inFlight) {
        // keep a batch to consecutive changes: merging across one in flight gains nothing
        if (picked.length > 0) break;
        continue;
      }
      if (picked.length > 0 && bytes + entry.update.byteLength > maxBytes) break;
      picked.push(entry);
      bytes += entry.update.byteLength;
    }
    if (picked.length === 0) return null;
    for (const entry of picked) entry.inFlight = true;
    const update = picked.length === 1 ? picked[0].update : Y.mergeUpdates(picked.map((e) => e.update));
    return { seqs: picked.map((e) => e.seq), update };
  }

  /** Everything is to be sent again (a new connection: earlier sends may never have arrived). */
  resendAll(): void {
    for (const entry of this.#entries) entry.inFlight = false;
  }

  /** The server stored these: forget them. */
  acked(seqs: number[]): void {
    const done = new Set(seqs);
    this.#entries = this.#entries.filter((e) => !done.has(e.seq));
  }

  /** Their send failed: send them again later. */
  release(seqs: number[]): void {
    const failed = new Set(seqs);
    for (const entry of this.#entries) if (failed.has(entry.seq)) entry.inFlight = false;
  }

  /** The server refused these for good (too large, not an update, no permission): stop sending them. */
  drop(seqs: number[]): void {
    this.acked(seqs);
  }

  clear(): void {
    this.#entries = [];
  }
}
