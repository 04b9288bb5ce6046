// Socket limits: a token bucket per socket (bursts up to `capacity` events, then `refillPerSecond` on
// average), a bigger one per user shared by all of their sockets (so opening more tabs buys no more
// throughput), and a cap on how many sockets a user holds at once.

export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 40, refillPerSecond: 20 };
/** Generous: a handful of tabs at their own full rate still pass; twenty sockets flooding at once do not. */
export const DEFAULT_USER_RATE_LIMIT: RateLimitOptions = { capacity: 200, refillPerSecond: 100 };
export const DEFAULT_MAX_CONNECTIONS_PER_USER = 20;
/**
 * A note editor's cursor and name updates (note:awareness), per socket. The editor sends at most ten a second
 * (lib/notes-ui/provider.ts); this leaves room for a few notes open on one page.
 */
export const DEFAULT_AWARENESS_RATE_LIMIT: RateLimitOptions = { capacity: 30, refillPerSecond: 15 };

/**
 * Events the general buckets above never count:
 *  - `note:sync` carries a note's document updates. Dropping one loses what someone typed (nothing would send
 *    it again until a reconnect), and a fast typist's editor sends more than the buckets allow. It is checked
 *    otherwise (edit permission, 256 KB at most, applied one at a time per socket and note).
 *  - `note:awareness` (cursors) has a bucket of its own in the notes handler: dropping a cursor move is fine,
 *    but it must not use up the tokens that chat, joins and `note:open` need while someone types fast.
 */
const OWN_LIMITS = new Set(["note:sync", "note:awareness"]);

export function hasOwnLimit(event: unknown): boolean {
  return typeof event === "string" && OWN_LIMITS.has(event);
}

export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(readonly options: RateLimitOptions = DEFAULT_RATE_LIMIT, readonly now: () => number = Date.now) {
    this.#tokens = options.capacity;
    this.#updatedAt = now();
  }

  #refill() {
    const now = this.now();
    const refill = ((now - this.#updatedAt) / 1000) * this.options.refillPerSecond;
    this.#tokens = Math.min(this.options.capacity, this.#tokens + refill);
    this.#updatedAt = now;
  }

  /** Spends one token; false when the bucket is empty (the event must be dropped). */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** True once it refilled completely: forgetting it then changes nothing. */
  get full(): boolean {
    this.#refill();
    return this.#tokens >= this.options.capacity;
  }
}

export interface UserLimitOptions {
  rate: RateLimitOptions;
  maxConnections: number;
}

/**
 * Per user, in this process: the sockets they hold and their shared bucket. With several app processes
 * (REDIS_URL) both count per process, so a user may hold up to maxConnections on each; counting across
 * processes would cost a fetchSockets round trip through Redis on every handshake and still race.
 */
export class UserLimits {
  #users = new Map<string, { sockets: Set<string>; bucket: TokenBucket }>();

  constructor(readonly options: UserLimitOptions, readonly now: () => number = Date.now) {}

  #entry(userId: string) {
    let entry = this.#users.get(userId);
    if (!entry) {
      this.#users.set(userId, entry = { sockets: new Set(), bucket: new TokenBucket(this.options.rate, this.now) });
    }
    return entry;
  }

  /** Reserves a connection for the socket; false when the user already holds maxConnections. */
  admit(userId: string, socketId: string): boolean {
    const entry = this.#entry(userId);
    if (entry.sockets.has(socketId)) return true;
    if (entry.sockets.size >= this.options.maxConnections) return false;
    entry.sockets.add(socketId);
    return true;
  }

  /** Gives the socket's connection back (idempotent). */
  release(userId: string, socketId: string) {
    this.#users.get(userId)?.sockets.delete(socketId);
  }

  connections(userId: string): number {
    return this.#users.get(userId)?.sockets.size ?? 0;
  }

  /** Spends one of the user's tokens; false when their sockets together sent too much. */
  take(userId: string): boolean {
    return this.#entry(userId).bucket.take();
  }

  /**
   * Forgets users without sockets whose bucket refilled. Kept until then, so disconnecting and connecting
   * again does not hand out a fresh bucket.
   */
  prune() {
    for (const [userId, entry] of this.#users) {
      if (entry.sockets.size === 0 && entry.bucket.full) this.#users.delete(userId);
    }
  }
}
