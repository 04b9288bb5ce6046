// What this database's pgvector can do: whether the embeddings table has its vector column at all (the
// migration leaves it out where pgvector could not be created), and the HNSW settings of a search.
import type { Db, Tx } from "../../db/mod.ts";
import type { Caller } from "../../caller.ts";

export interface VectorSupport {
  available: boolean;
}

// Migrations run before the server answers, so a process-long cache per database is right.
const cache = new WeakMap<Db, Promise<VectorSupport>>();

/** Read as the caller: the catalog is readable by every role. */
export function vectorSupport({ db, claims }: Pick<Caller, "db" | "claims">): Promise<VectorSupport> {
  let cached = cache.get(db);
  if (!cached) {
    cached = db.asUser(claims, async (tx) => {
      const [row] = await tx.query<{ available: boolean }>(
        `select exists (select from pg_catalog.pg_attribute where attrelid = to_regclass('public.embeddings')
                          and attname = 'embedding' and not attisdropped) as available`,
      );
      return { available: row.available };
    });
    cached.catch(() => cache.delete(db));
    cache.set(db, cached);
  }
  return cached;
}

/**
 * Per search transaction: walk the HNSW index instead of sorting. Without this the planner (with no
 * statistics, as on PGlite, which never auto-analyzes) may fetch every passage of the team through the
 * team index and sort them all: exact, but seconds at 100,000. A wider candidate list (ef_search) and, on
 * pgvector 0.8+, iterative scans keep walking when row-level security filters out other teams' passages,
 * up to max_scan_tuples, so the page fills even for a small team in a large database.
 */
export async function searchSettings(tx: Tx): Promise<void> {
  await tx.query(
    `select set_config('enable_sort', 'off', true),
            set_config('hnsw.ef_search', '400', true),
            case when string_to_array(split_part(extversion, '-', 1), '.')::int[] >= '{0,8}'
                 then set_config('hnsw.iterative_scan', 'relaxed_order', true) end,
            case when string_to_array(split_part(extversion, '-', 1), '.')::int[] >= '{0,8}'
                 then set_config('hnsw.max_scan_tuples', '50000', true) end
       from pg_catalog.pg_extension where extname = 'vector'`,
  );
}
