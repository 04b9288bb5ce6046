// Fixed-window counters per key (route + client address), kept in memory per process.
import { AuthError } from "./errors.ts";

export class RateLimiter {
  readonly #hits = new Map<string, { count: number; resetAt: number }>();
  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Throws a 429 with a retry hint once the key is over its limit. */
  hit(key: string, now = Date.now()) {
    const entry = this.#hits.get(key);
    if (!entry || entry.resetAt <= now) {
      this.#hits.set(key, { count: 1, resetAt: now + this.windowMs });
      if (this.#hits.size > 10_000) this.#sweep(now);
      return;
    }
    entry.count++;
    if (entry.count > this.limit) {
      const seconds = Math.ceil((entry.resetAt - now) / 1000);
      throw new AuthError(
        429,
        "over_request_rate_limit",
        `Too many attempts. Please wait ${seconds} seconds and try again.`,
      );
    }
  }

  #sweep(now: number) {
    for (const [key, entry] of this.#hits) if (entry.resetAt <= now) this.#hits.delete(key);
  }
}
