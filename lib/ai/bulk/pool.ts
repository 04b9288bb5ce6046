// How a bulk run spreads its records over a few concurrent writers without upsetting the provider:
// - `inOrderPool` runs up to `concurrency` tasks at once, handing them out in the list's order, and takes no new
//   one once `stop()` says so (the process is stopping, or the balance ran out): the tasks already started end.
// - `RateGate` is the run's shared pause: when the provider answers 429, every writer waits (Retry-After when
//   the provider said it, else exponential backoff) before its next call, so four writers do not hammer a
//   rate-limited provider four times as hard.

/** Runs `task` for each item, at most `concurrency` at a time, until `stop()` is true; resolves when all ended. */
export async function inOrderPool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const at = next++;
      await task(items[at], at);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
}

export interface BackoffPolicy {
  /** First wait when the provider gave no Retry-After (doubles per retry of the same record). */
  baseMs: number;
  /** Longest single wait. */
  maxMs: number;
  /** Rate-limited answers one record may get before it counts as failed (refunded). */
  maxRetries: number;
}

export const BULK_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000, maxRetries: 5 };

/** How long to wait before retry number `retry` (0-based) after a 429; the provider's own hint wins. */
export function backoffMs(policy: BackoffPolicy, retry: number, retryAfterMs: number | null): number {
  const wait = retryAfterMs ?? policy.baseMs * 2 ** retry;
  return Math.max(0, Math.min(policy.maxMs, wait));
}

export class RateGate {
  #until = 0;

  /** Every writer holds off until `ms` from now (a later pause already set stays). */
  pause(ms: number): void {
    this.#until = Math.max(this.#until, Date.now() + ms);
  }

  /** Resolves once no pause is in force (at once when none is). */
  async wait(): Promise<void> {
    for (let left = this.#until - Date.now(); left > 0; left = this.#until - Date.now()) {
      await new Promise((resolve) => setTimeout(resolve, left));
    }
  }
}
