// A token bucket per socket: bursts up to `capacity` events, then `refillPerSecond` on average.

export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 40, refillPerSecond: 20 };

export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(readonly options: RateLimitOptions = DEFAULT_RATE_LIMIT, readonly now: () => number = Date.now) {
    this.#tokens = options.capacity;
    this.#updatedAt = now();
  }

  /** Spends one token; false when the bucket is empty (the event must be dropped). */
  take(): boolean {
    const now = this.now();
    const refill = ((now - this.#updatedAt) / 1000) * this.options.refillPerSecond;
    this.#tokens = Math.min(this.options.capacity, this.#tokens + refill);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
