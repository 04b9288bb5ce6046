// Socket limits: a token bucket per socket (bursts up to `capacity` events, then `refillPerSecond` on
// average), a bigger one per user shared by all of their sockets (so opening more tabs buys no more
// throughput), and a cap on how many sockets a user holds at once.
// Alone, the per-user limits live in this process (UserLimits). With REDIS_URL they are shared by every
// app process (SharedUserLimits): the connection cap holds for a user's sockets on all nodes together,
// and the per-user bucket is one bucket in Redis. Per-socket buckets stay in the process holding the socket.
import { createClient } from "redis";

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
 * (lib/notes/client/provider.ts); this leaves room for a few notes open on one page.
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

  /** Replaces the balance (the shared bucket's, as Redis reported it), at most `capacity`. */
  set(tokens: number) {
    this.#tokens = Math.min(this.options.capacity, tokens);
    this.#updatedAt = this.now();
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

/** What realtime/server.ts asks of the per-user limits, in memory or shared through Redis. */
export interface PerUserLimits {
  /** Reserves a connection for the socket; false when the user already holds maxConnections. */
  admit(userId: string, socketId: string): Promise<boolean>;
  /** Gives the socket's connection back (idempotent). */
  release(userId: string, socketId: string): void;
  /** Spends one of the user's tokens; false when their sockets together sent too much. */
  take(userId: string): boolean;
  /** Called often (every 250 ms): forgets idle users; the shared kind also syncs with Redis. */
  prune(): void;
  close(): Promise<void>;
}

/** Per user, in this process: the sockets they hold and their shared bucket. */
export class UserLimits implements PerUserLimits {
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
  admit(userId: string, socketId: string): Promise<boolean> {
    const entry = this.#entry(userId);
    if (entry.sockets.has(socketId)) return Promise.resolve(true);
    if (entry.sockets.size >= this.options.maxConnections) return Promise.resolve(false);
    entry.sockets.add(socketId);
    return Promise.resolve(true);
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

  close() {
    return Promise.resolve();
  }
}

/** A socket's place in its user's connection set stays this long unless its process renews it. */
const LEASE_MS = 30_000;
/** How often a process renews the leases of the sockets it holds. */
const RENEW_MS = 10_000;
/** How often a process settles the tokens its users spent with the shared bucket. */
const SYNC_MS = 250;

// Connection cap: one sorted set per user, a member per socket (process id + socket id) scored with its
// lease's end. Expired leases (a process that died) go first; then the socket is admitted if there is room.
// Redis's own clock, so the processes' clocks need not agree.
const ADMIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local expires = now + tonumber(ARGV[2])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], expires, ARGV[1])
  return 1
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], expires, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// Renews leases of sockets still held (ARGV[2..]); a member already gone (released) stays gone.
const RENEW_SCRIPT = `
local t = redis.call('TIME')
local expires = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', expires, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

// The user's bucket: refills by the time since it was last touched, then pays what a process spent (it may
// go below zero, down to -capacity: a burst on several processes at once is paid back before more passes).
// Returns the tokens left.
const SPEND_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local capacity = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - at) / 1000 * tonumber(ARGV[3]))
tokens = math.max(-capacity, tokens - tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / tonumber(ARGV[3]) * 1000) + 1000)
return tostring(tokens)`;

interface SharedUser {
  sockets: Set<string>;
  /** This process's view of the shared bucket: spent from at once, corrected at every sync. */
  bucket: TokenBucket;
  /** Tokens spent here since the last sync. */
  unsynced: number;
}

/**
 * Per user, shared by every app process through Redis (REDIS_URL).
 * - The connection cap is exact across processes: each handshake reserves a place in Redis in one step.
 *   A process that dies without releasing its sockets' places loses them when their leases run out (30 s).
 * - The bucket is one bucket in Redis, without a Redis round trip per event (events keep their order and
 *   their speed): each process spends from its own copy and settles what it spent every 250 ms, taking
 *   back the shared balance. A user flooding several processes at once gets at most one 250 ms burst more
 *   than the limit before every process sees the shared bucket empty.
 * Redis failing: handshakes are refused with the usual internal error; events fall back to the local copy.
 */
export class SharedUserLimits implements PerUserLimits {
  readonly #client;
  readonly #ready: Promise<unknown>;
  readonly #users = new Map<string, SharedUser>();
  /** Names this process's sockets in the shared sets. */
  readonly #process = crypto.randomUUID();
  #lastSync = 0;
  #lastRenew = 0;
  #syncing = false;
  #closed = false;

  constructor(
    readonly options: UserLimitOptions,
    redisUrl: string,
    readonly prefix = "leadly:sockets:",
    readonly now: () => number = Date.now,
  ) {
    const client = createClient({ url: redisUrl });
    let lastError = "";
    client.on("error", (error: Error) => {
      // The client reconnects by itself; say so once per distinct failure instead of on every retry.
      if (error.message === lastError) return;
      lastError = error.message;
      console.error(`Redis for socket limits (${new URL(redisUrl).host}): ${error.message}`);
    });
    this.#client = client;
    this.#ready = client.connect();
    this.#ready.catch(() => {});
  }

  #entry(userId: string) {
    let entry = this.#users.get(userId);
    if (!entry) {
      entry = { sockets: new Set(), bucket: new TokenBucket(this.options.rate, this.now), unsynced: 0 };
      this.#users.set(userId, entry);
    }
    return entry;
  }

  #member = (socketId: string) => `${this.#process}:${socketId}`;
  #connectionsKey = (userId: string) => `${this.prefix}connections:${userId}`;
  #bucketKey = (userId: string) => `${this.prefix}bucket:${userId}`;

  async admit(userId: string, socketId: string): Promise<boolean> {
    await this.#ready;
    const admitted = await this.#client.eval(ADMIT_SCRIPT, {
      keys: [this.#connectionsKey(userId)],
      arguments: [this.#member(socketId), String(LEASE_MS), String(this.options.maxConnections)],
    });
    if (Number(admitted) !== 1) return false;
    this.#entry(userId).sockets.add(socketId);
    return true;
  }

  release(userId: string, socketId: string) {
    const entry = this.#users.get(userId);
    if (!entry?.sockets.delete(socketId)) return;
    void this.#ready
      .then(() => this.#client.zRem(this.#connectionsKey(userId), this.#member(socketId)))
      // Not released: the lease runs out by itself.
      .catch((error) => console.error("socket limits: releasing a connection failed", error));
  }

  connections(userId: string): number {
    return this.#users.get(userId)?.sockets.size ?? 0;
  }

  take(userId: string): boolean {
    const entry = this.#entry(userId);
    if (!entry.bucket.take()) return false;
    entry.unsynced++;
    return true;
  }

  prune() {
    const now = this.now();
    if (!this.#syncing && now - this.#lastSync >= SYNC_MS) {
      this.#lastSync = now;
      this.#syncing = true;
      const renew = now - this.#lastRenew >= RENEW_MS;
      if (renew) this.#lastRenew = now;
      void this.sync(renew)
        .catch((error) => console.error("socket limits: syncing with Redis failed", error))
        .finally(() => this.#syncing = false);
    }
    for (const [userId, entry] of this.#users) {
      if (entry.sockets.size === 0 && entry.unsynced === 0 && entry.bucket.full) this.#users.delete(userId);
    }
  }

  /** Settles spent tokens with the shared buckets (and renews connection leases when `renew`). */
  async sync(renew = false) {
    if (this.#closed) return;
    await this.#ready;
    const { capacity, refillPerSecond } = this.options.rate;
    const work: Promise<unknown>[] = [];
    for (const [userId, entry] of this.#users) {
      if (renew && entry.sockets.size > 0) {
        work.push(this.#client.eval(RENEW_SCRIPT, {
          keys: [this.#connectionsKey(userId)],
          arguments: [String(LEASE_MS), ...[...entry.sockets].map(this.#member)],
        }));
      }
      if (entry.unsynced === 0) continue;
      const spent = entry.unsynced;
      entry.unsynced = 0;
      work.push(
        this.#client.eval(SPEND_SCRIPT, {
          keys: [this.#bucketKey(userId)],
          arguments: [String(spent), String(capacity), String(refillPerSecond)],
        }).then(
          // What was spent here while the answer travelled is taken off the shared balance again.
          (left) => entry.bucket.set(Number(left) - entry.unsynced),
          (error) => {
            entry.unsynced += spent;
            throw error;
          },
        ),
      );
    }
    await Promise.all(work);
  }

  async close() {
    this.#closed = true;
    await this.#ready.catch(() => {});
    if (!this.#client.isOpen) return;
    // This process's sockets give their places back (they are closing with it).
    await Promise.all(
      [...this.#users].flatMap(([userId, entry]) =>
        entry.sockets.size
          ? [this.#client.zRem(this.#connectionsKey(userId), [...entry.sockets].map(this.#member))]
          : []
      ),
    ).catch(() => {});
    await this.#client.close().catch(() => {});
  }
}

/** The per-user limits: shared through Redis when there is one, else in this process. */
export function createUserLimits(options: UserLimitOptions, redisUrl: string | null): PerUserLimits {
  return redisUrl ? new SharedUserLimits(options, redisUrl) : new UserLimits(options);
}
