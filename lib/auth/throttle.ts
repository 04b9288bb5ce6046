// One limiter for every door into an account, the /auth/v1 API and the page forms alike:
// - request rates per client address (fixed windows),
// - lockouts after wrong guesses (passwords, emailed codes, two-factor codes), counted per account + address,
//   per account and per address, each lock twice as long as the one before, capped,
// - a cap on codes mailed per account (signup, resend, password reset).
// Counts live in a ThrottleStore: in memory for one process, in Redis (REDIS_URL) so every node shares them.
// The client address is the TCP peer; X-Forwarded-For counts only when that peer is a configured proxy.
import type { Context } from "hono";
import type { createClient } from "redis";
import type { Config } from "../../fresh.config.ts";
import { peerAddress } from "../web/peer.ts";
import { AuthError } from "./errors.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface Lockout {
  /** Wrong guesses in a row that lock; every further one doubles the lock. */
  threshold: number;
  baseMs: number;
  maxMs: number;
}

export interface Window {
  limit: number;
  windowMs: number;
}

/** Production numbers; `rateLimitFactor` multiplies every count (tests raise it so they never meet them). */
export const LIMITS = {
  lockouts: {
    /** One client guessing at one account: locks early, but only that client. */
    accountIp: { threshold: 5, baseMs: 30 * SECOND, maxMs: 15 * MINUTE },
    /** Many addresses guessing at one account. Clients that signed in to it before are exempt (see `known`). */
    account: { threshold: 20, baseMs: 30 * SECOND, maxMs: 15 * MINUTE },
    /** One address guessing at many accounts. */
    ip: { threshold: 50, baseMs: 30 * SECOND, maxMs: 15 * MINUTE },
  },
  /** Wrong guesses are forgotten this long after the last one. */
  failureMemoryMs: HOUR,
  /** A client that got in once is not locked out by the account-wide lock for this long. */
  knownClientMs: 30 * 24 * HOUR,
  /** Requests per client address. */
  rates: {
    signup: { limit: 10, windowMs: 10 * MINUTE },
    password: { limit: 20, windowMs: 5 * MINUTE },
    code: { limit: 20, windowMs: 5 * MINUTE },
    mfa: { limit: 20, windowMs: 5 * MINUTE },
    send: { limit: 5, windowMs: 10 * MINUTE },
    "password-change": { limit: 10, windowMs: HOUR },
  },
  /** Codes mailed per account (per email address, whether or not it has an account). */
  codesPerAccount: { limit: 5, windowMs: HOUR },
} satisfies {
  lockouts: Record<string, Lockout>;
  failureMemoryMs: number;
  knownClientMs: number;
  rates: Record<string, Window>;
  codesPerAccount: Window;
};

/** What a guess is against: a password, an emailed code (signup, recovery) or a two-factor code. */
export type GuessKind = "password" | "code" | "mfa";
export type RateRule = keyof typeof LIMITS.rates;
export type CodePurpose = "signup" | "recovery";

/** Error codes that mean "that guess was wrong"; anything else leaves the failure counts as they were. */
const WRONG_GUESS = new Set(["invalid_credentials", "otp_expired", "mfa_verification_failed"]);

export function isWrongGuess(error: unknown): boolean {
  return error instanceof AuthError && WRONG_GUESS.has(error.code);
}

/** A 429 in GoTrue's shape whose message says, in words, how long to wait. */
export class ThrottledError extends AuthError {
  readonly retryAfterSeconds: number;
  constructor(waitMs: number, what = "Too many attempts.") {
    const seconds = Math.max(1, Math.ceil(waitMs / SECOND));
    super(429, "over_request_rate_limit", `${what} Try again in ${inWords(seconds)}.`);
    this.retryAfterSeconds = seconds;
  }
}

export function inWords(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Where the counts live. Keys are plain strings; every entry expires by itself. */
export interface ThrottleStore {
  /**
   * Adds `by` (may be negative) to a counter and returns the new count and the milliseconds it has left.
   * A new counter lives `ttlMs`; with `slide`, every add restarts that. A count that reaches 0 is removed.
   */
  add(key: string, by: number, ttlMs: number, slide: boolean): Promise<{ count: number; ttlMs: number }>;
  /** Creates `key` for `ttlMs` unless it exists; true when this call created it (one winner across nodes). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Creates or renews `key` for `ttlMs`. */
  mark(key: string, ttlMs: number): Promise<void>;
  /** Milliseconds each key has left, 0 for a missing one. */
  ttl(keys: string[]): Promise<number[]>;
  del(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

export class MemoryThrottleStore implements ThrottleStore {
  readonly #entries = new Map<string, { count: number; expiresAt: number }>();
  constructor(readonly now: () => number = Date.now) {}

  #live(key: string, now: number) {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= now) this.#entries.delete(key);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  add(key: string, by: number, ttlMs: number, slide: boolean) {
    const now = this.now();
    let entry = this.#live(key, now);
    if (!entry) {
      if (this.#entries.size > 50_000) this.#sweep(now);
      entry = { count: 0, expiresAt: now + ttlMs };
      this.#entries.set(key, entry);
    } else if (slide) entry.expiresAt = now + ttlMs;
    entry.count += by;
    if (entry.count <= 0) {
      this.#entries.delete(key);
      return Promise.resolve({ count: 0, ttlMs: 0 });
    }
    return Promise.resolve({ count: entry.count, ttlMs: entry.expiresAt - now });
  }

  claim(key: string, ttlMs: number) {
    const now = this.now();
    if (this.#live(key, now)) return Promise.resolve(false);
    this.#entries.set(key, { count: 1, expiresAt: now + ttlMs });
    return Promise.resolve(true);
  }

  mark(key: string, ttlMs: number) {
    this.#entries.set(key, { count: 1, expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  ttl(keys: string[]) {
    const now = this.now();
    return Promise.resolve(keys.map((key) => {
      const entry = this.#live(key, now);
      return entry ? entry.expiresAt - now : 0;
    }));
  }

  del(keys: string[]) {
    for (const key of keys) this.#entries.delete(key);
    return Promise.resolve();
  }

  close() {
    return Promise.resolve();
  }

  #sweep(now: number) {
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }
}

// INCRBY and its expiry in one step, so two nodes never leave a counter without one.
const ADD_SCRIPT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n <= 0 then
  redis.call('DEL', KEYS[1])
  return {0, 0}
end
local t = redis.call('PTTL', KEYS[1])
if ARGV[3] == '1' or t < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  t = tonumber(ARGV[2])
end
return {n, t}`;

type RedisClient = ReturnType<typeof createClient>;

export class RedisThrottleStore implements ThrottleStore {
  #client: RedisClient | null = null;
  /** The connected client. */
  readonly #ready: Promise<RedisClient>;

  constructor(url: string, readonly prefix = "leadly:throttle:") {
    // The redis package is loaded only when Redis is configured: loading it took a noticeable part of a
    // CPU-second from every start (and every test file) that never uses it.
    this.#ready = import("redis").then(async ({ createClient }) => {
      const client = createClient({ url });
      let lastError = "";
      client.on("error", (error: Error) => {
        // The client reconnects by itself; say so once per distinct failure instead of on every retry.
        if (error.message === lastError) return;
        lastError = error.message;
        console.error(`Redis for rate limits (${new URL(url).host}): ${error.message}`);
      });
      this.#client = client;
      await client.connect();
      return client;
    });
    // Reported by the listener above; every operation awaits #ready and fails with it (a 500, never a pass).
    this.#ready.catch(() => {});
  }

  async add(key: string, by: number, ttlMs: number, slide: boolean) {
    const client = await this.#ready;
    const reply = await client.eval(ADD_SCRIPT, {
      keys: [this.prefix + key],
      arguments: [String(by), String(whole(ttlMs)), slide ? "1" : "0"],
    }) as [number, number];
    return { count: Number(reply[0]), ttlMs: Number(reply[1]) };
  }

  async claim(key: string, ttlMs: number) {
    const client = await this.#ready;
    const reply = await client.set(this.prefix + key, "1", {
      expiration: { type: "PX", value: whole(ttlMs) },
      condition: "NX",
    });
    return reply === "OK";
  }

  async mark(key: string, ttlMs: number) {
    const client = await this.#ready;
    await client.set(this.prefix + key, "1", { expiration: { type: "PX", value: whole(ttlMs) } });
  }

  async ttl(keys: string[]) {
    const client = await this.#ready;
    const replies = await Promise.all(keys.map((key) => client.pTTL(this.prefix + key)));
    return replies.map((ms) => Math.max(0, Number(ms)));
  }

  async del(keys: string[]) {
    if (keys.length === 0) return;
    const client = await this.#ready;
    await client.del(keys.map((key) => this.prefix + key));
  }

  async close() {
    await this.#ready.catch(() => {});
    const client = this.#client;
    if (client?.isOpen) await client.close().catch(() => {});
  }
}

const whole = (ms: number) => Math.max(1, Math.ceil(ms));

/** Lower case, without the IPv4-in-IPv6 prefix, brackets or a port, so one client has one spelling. */
export function normalizeIp(raw: string): string {
  let ip = raw.trim().toLowerCase();
  const bracketed = ip.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed) ip = bracketed[1];
  const withPort = ip.match(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/);
  if (withPort) ip = withPort[1];
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/.test(ip)) ip = ip.slice(7);
  return ip.slice(0, 64);
}

/**
 * The client's address: the socket's peer, unless that peer is one of our proxies; then the nearest address in
 * X-Forwarded-For (read from the right, where our proxies append) that is not one of our proxies.
 */
export function clientIp(c: Context, trustedProxies: ReadonlySet<string>): string {
  const peer = normalizeIp(peerAddress(c) ?? "unknown");
  if (!trustedProxies.has(peer)) return peer;
  const hops = (c.req.header("x-forwarded-for") ?? "").split(",").map(normalizeIp).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trustedProxies.has(hops[i])) return hops[i];
  return hops[0] ?? peer;
}

const normalizeAccount = (account: string) => account.trim().toLowerCase().slice(0, 320);

interface Scope {
  fails: string;
  lock: string;
  policy: Lockout;
}

/** One guess in progress: counted before it is checked, so parallel guesses cannot slip past a lock. */
export class Attempt {
  #settled = false;
  constructor(
    readonly store: ThrottleStore,
    /** Failure counters this guess was counted in. */
    readonly counted: string[],
    /** The account's own counters and locks (with this client and from everywhere): a right guess clears them. */
    readonly accountKeys: string[],
    /** Locks this guess started because it reached a threshold. */
    readonly claimed: string[],
    readonly knownKey: string,
  ) {}

  /** A right guess: the account's counts and locks go; this client is known to the account from now on. */
  async succeeded() {
    if (this.#settle()) return;
    await this.store.del([...this.accountKeys, ...this.claimed]);
    // The address-wide count only forgets this guess: getting into one's own account must not reset it.
    await this.#forget(this.counted.filter((key) => !this.accountKeys.includes(key)));
    await this.store.mark(this.knownKey, LIMITS.knownClientMs);
  }

  /** A wrong guess: it was counted already and any lock it started stays. */
  failed() {
    this.#settle();
    return Promise.resolve();
  }

  /** Neither right nor wrong (a refused request, an unconfirmed email): as if it had not been made. */
  async neutral() {
    if (this.#settle()) return;
    await this.#forget(this.counted);
    await this.store.del(this.claimed);
  }

  async #forget(keys: string[]) {
    await Promise.all(keys.map((key) => this.store.add(key, -1, LIMITS.failureMemoryMs, false)));
  }

  #settle() {
    const done = this.#settled;
    this.#settled = true;
    return done;
  }
}

export interface ThrottleOptions {
  /** Multiplies every limit and threshold (tests use 50). */
  factor?: number;
  /** Peers whose X-Forwarded-For is believed (our load balancers). */
  trustedProxies?: Iterable<string>;
}

export class Throttle {
  readonly factor: number;
  readonly trustedProxies: ReadonlySet<string>;

  constructor(readonly store: ThrottleStore, options: ThrottleOptions = {}) {
    this.factor = options.factor ?? 1;
    this.trustedProxies = new Set([...(options.trustedProxies ?? [])].map(normalizeIp));
  }

  clientIp(c: Context): string {
    return clientIp(c, this.trustedProxies);
  }

  /** One more request from `id` (a client address or a user id) against a fixed window. */
  async rate(rule: RateRule, id: string) {
    const { limit, windowMs } = LIMITS.rates[rule];
    const { count, ttlMs } = await this.store.add(`rate:${rule}:${id}`, 1, windowMs, false);
    if (count > limit * this.factor) throw new ThrottledError(ttlMs);
  }

  /** One more code mailed to `account`. The answer is the same whether or not the account exists. */
  async issue(purpose: CodePurpose, account: string) {
    const { limit, windowMs } = LIMITS.codesPerAccount;
    const { count, ttlMs } = await this.store.add(`codes:${purpose}:${normalizeAccount(account)}`, 1, windowMs, false);
    if (count > limit * this.factor) {
      throw new ThrottledError(ttlMs, "Too many codes were requested for this address.");
    }
  }

  /**
   * Checks and counts one guess at `account` (an email, or a user id for two-factor) from `ip`; throws a 429
   * while any of its locks holds. Settle the attempt, or use `guard`, which does.
   */
  async begin(kind: GuessKind, account: string, ip: string): Promise<Attempt> {
    await this.rate(kind, ip);
    const who = normalizeAccount(account);
    const scope = (name: string, id: string, policy: Lockout): Scope => ({
      fails: `fails:${kind}:${name}:${id}`,
      lock: `lock:${kind}:${name}:${id}`,
      policy,
    });
    const { lockouts } = LIMITS;
    const pair = scope("account-ip", `${who}|${ip}`, lockouts.accountIp);
    const wide = scope("account", who, lockouts.account);
    const address = scope("ip", ip, lockouts.ip);
    const knownKey = `known:${kind}:${who}|${ip}`;

    const [known, pairLock, wideLock, addressLock] = await this.store.ttl([
      knownKey,
      pair.lock,
      wide.lock,
      address.lock,
    ]);
    // A client that got into this account before is held by its own lock, not by strangers' guesses.
    const scopes = known > 0 ? [pair, address] : [pair, wide, address];
    const wait = Math.max(pairLock, known > 0 ? 0 : wideLock, addressLock);
    if (wait > 0) throw new ThrottledError(wait);

    const counts = await Promise.all(
      scopes.map((s) => this.store.add(s.fails, 1, LIMITS.failureMemoryMs, true)),
    );
    const claimed: string[] = [];
    let refused = 0;
    for (const [i, s] of scopes.entries()) {
      const threshold = s.policy.threshold * this.factor;
      if (counts[i].count < threshold) continue;
      const lockMs = Math.min(s.policy.baseMs * 2 ** (counts[i].count - threshold), s.policy.maxMs);
      // Locking at the start of the guess that reaches the threshold: of parallel guesses only one gets in.
      if (await this.store.claim(s.lock, lockMs)) claimed.push(s.lock);
      else refused = Math.max(refused, (await this.store.ttl([s.lock]))[0] || s.policy.baseMs);
    }
    const accountKeys = [pair.fails, pair.lock, wide.fails, wide.lock];
    const attempt = new Attempt(this.store, scopes.map((s) => s.fails), accountKeys, claimed, knownKey);
    if (refused > 0) {
      await attempt.neutral();
      throw new ThrottledError(refused);
    }
    return attempt;
  }

  /**
   * Runs one guess under the limiter: a wrong guess (invalid credentials, a wrong code) is counted, a right
   * one clears the account's counts, anything else is forgotten.
   */
  async guard<T>(kind: GuessKind, account: string, ip: string, guess: () => Promise<T>): Promise<T> {
    const attempt = await this.begin(kind, account, ip);
    let result: T;
    try {
      result = await guess();
    } catch (error) {
      await (isWrongGuess(error) ? attempt.failed() : attempt.neutral());
      throw error;
    }
    await attempt.succeeded();
    return result;
  }

  close() {
    return this.store.close();
  }
}

/** The app's throttle: shared through Redis when REDIS_URL is set, otherwise in this process's memory. */
export function createThrottle(config: Pick<Config, "redisUrl" | "rateLimitFactor" | "trustedProxies">) {
  const store = config.redisUrl ? new RedisThrottleStore(config.redisUrl) : new MemoryThrottleStore();
  return new Throttle(store, { factor: config.rateLimitFactor, trustedProxies: config.trustedProxies });
}
