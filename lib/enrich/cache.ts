// The cache of provider answers, per team (public.enrichment_cache, under RLS as the user). Why per team and
// not global: a global cache keyed by "who was looked up" would tell one team, through a faster and cheaper
// answer, that another team had looked the same person up; and provider terms license answers to the
// customer who paid for them. So a team reuses only its own answers: within the TTL (ENRICH_CACHE_DAYS, 30;
// answers with nothing found 7 days) the same question to the same provider is answered from here. Keys are
// hashes of the normalised question (waterfall.ts lookupKey): the question itself is not stored.
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/mod.ts";
import type { LookupCache } from "./waterfall.ts";
import type { ProviderAnswer } from "./types.ts";

const NOT_FOUND_DAYS = 7;

export function teamCache(caller: Caller, ttlDays: number): LookupCache {
  return {
    async get(key) {
      const [row] = await caller.db.asUser(caller.claims, (tx) =>
        tx.query<{ answer: ProviderAnswer }>(
          `select answer from public.enrichment_cache where team_id = $1 and lookup_key = $2 and expires_at > now()`,
          [caller.teamId, key],
        ));
      return row?.answer ?? null;
    },
    async set(key, answer, found) {
      const days = found ? ttlDays : Math.min(ttlDays, NOT_FOUND_DAYS);
      await caller.db.asUser(caller.claims, (tx) =>
        tx.query(
          `insert into public.enrichment_cache (team_id, lookup_key, answer, found, fetched_at, expires_at)
           values ($1, $2, $3::jsonb, $4, now(), now() + make_interval(days => $5))
           on conflict (team_id, lookup_key) do update set answer = excluded.answer, found = excluded.found,
             fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
          [caller.teamId, key, JSON.stringify(answer), found, days],
        ));
    },
  };
}

/** For tests and the bench: the same contract in memory. */
export function memoryCache(): LookupCache & { entries: Map<string, ProviderAnswer> } {
  const entries = new Map<string, ProviderAnswer>();
  return {
    entries,
    get: (key) => Promise.resolve(entries.get(key) ?? null),
    set: (key, answer) => {
      entries.set(key, answer);
      return Promise.resolve();
    },
  };
}

/**
 * The cache as a list run's batch uses it: the database is read once per round for every key the batch's dry
 * run asked for (instead of one query per lookup), answers found live are kept in memory and written in the
 * batch's own transaction (flush). A key the dry run never reached counts as a miss.
 */
export class BatchCache implements LookupCache {
  readonly known = new Map<string, ProviderAnswer | null>();
  #unknown = new Set<string>();
  #pending = new Map<string, { answer: ProviderAnswer; found: boolean }>();

  constructor(private caller: Caller, private ttlDays: number) {}

  get(key: string): Promise<ProviderAnswer | null> {
    if (this.known.has(key)) return Promise.resolve(this.known.get(key) ?? null);
    this.#unknown.add(key);
    return Promise.resolve(null);
  }

  set(key: string, answer: ProviderAnswer, found: boolean): Promise<void> {
    this.known.set(key, answer);
    this.#pending.set(key, { answer, found });
    return Promise.resolve();
  }

  /** Reads every key asked for since the last call in one query; false when there was none. */
  async fetchAsked(): Promise<boolean> {
    const keys = [...this.#unknown];
    this.#unknown.clear();
    if (keys.length === 0) return false;
    const rows = await this.caller.db.asUser(
      this.caller.claims,
      (tx) =>
        tx.query<{ lookup_key: string; answer: ProviderAnswer }>(
          `select lookup_key, answer from public.enrichment_cache
         where team_id = $1 and lookup_key = any($2::text[]) and expires_at > now()`,
          [this.caller.teamId, keys],
        ),
    );
    const found = new Map(rows.map((r) => [r.lookup_key, r.answer]));
    for (const key of keys) this.known.set(key, found.get(key) ?? null);
    return true;
  }

  /** Writes the answers found live, in the caller's open transaction. */
  async flush(tx: Tx): Promise<void> {
    if (this.#pending.size === 0) return;
    const rows = [...this.#pending].map(([lookup_key, { answer, found }]) => ({
      lookup_key,
      answer,
      found,
      days: found ? this.ttlDays : Math.min(this.ttlDays, NOT_FOUND_DAYS),
    }));
    await tx.query(
      `insert into public.enrichment_cache (team_id, lookup_key, answer, found, fetched_at, expires_at)
       select $1, x.lookup_key, x.answer, x.found, now(), now() + make_interval(days => x.days)
       from jsonb_to_recordset($2::jsonb) as x(lookup_key text, answer jsonb, found boolean, days int)
       on conflict (team_id, lookup_key) do update set answer = excluded.answer, found = excluded.found,
         fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
      [this.caller.teamId, JSON.stringify(rows)],
    );
    this.#pending.clear();
  }
}
