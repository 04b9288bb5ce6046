// The embeddings-refresh system job: embeds what the triggers queued (public.embedding_queue) and, once per
// model, queues every existing record (the backfill, which also covers the demo workspace). It runs as the
// service role, the only writer of public.embeddings; searches always run as the user.
//
// Idempotent: a record whose text hashes the same as its stored passages is not embedded again; a queue row
// is removed only if it was not queued again while the batch was being embedded; writes of a batch are one
// transaction under an advisory lock, so two runs at once (or a retry) leave the same rows. The provider is
// called outside any transaction: an embedded database must not wait on a network call.
import type { Db } from "../../db/mod.ts";
import { chunkText } from "./chunk.ts";
import { type EmbeddingProvider, embeddingProvider } from "./provider.ts";
import { readSources, RECORD_KINDS, type RecordKind, SOURCE_TABLES } from "./sources.ts";
import { vectorLiteral } from "./vector-sql.ts";

export const EMBEDDINGS_REFRESH_JOB = "embeddings-refresh";
const REASON = "job:embeddings-refresh";

export interface RefreshResult {
  /** Records whose passages were (re)written. */
  embedded: number;
  /** Records whose text had not changed. */
  unchanged: number;
  /** Records gone or emptied, whose passages were removed. */
  removed: number;
}

export interface RefreshOptions {
  provider?: EmbeddingProvider;
  /** Records per batch (one provider call per batch). */
  batchSize?: number;
  /** Batches per run; the rest waits for the next minute. */
  maxBatches?: number;
  /** Ends the run after the batch in progress (the process is stopping; the queue keeps the rest). */
  signal?: AbortSignal;
}

/** Runs the backfill (once per model) and then embeds queued records, batch by batch, until done. */
export async function refreshEmbeddings(db: Db, options: RefreshOptions = {}): Promise<RefreshResult> {
  const provider = options.provider ?? embeddingProvider();
  const total: RefreshResult = { embedded: 0, unchanged: 0, removed: 0 };
  if (!await vectorsAvailable(db)) return total;
  await queueBackfill(db, provider.model);
  for (let i = 0; i < (options.maxBatches ?? 50) && !options.signal?.aborted; i++) {
    const result = await refreshBatch(db, provider, options.batchSize ?? 200);
    if (!result) break;
    total.embedded += result.embedded;
    total.unchanged += result.unchanged;
    total.removed += result.removed;
  }
  return total;
}

/** Whether this database has pgvector (and so the vector column); without it there is nothing to write. */
export async function vectorsAvailable(db: Db): Promise<boolean> {
  const [row] = await db.asService(REASON, (tx) =>
    tx.query<{ ok: boolean }>(
      `select exists (select from pg_attribute where attrelid = 'public.embeddings'::regclass
                        and attname = 'embedding' and not attisdropped) as ok`,
    ));
  return row.ok;
}

/** Queues every live record once for a model never backfilled before. */
async function queueBackfill(db: Db, model: string): Promise<void> {
  await db.asService(REASON, async (tx) => {
    const fresh = await tx.query(
      "insert into public.embedding_backfills (model) values ($1) on conflict do nothing returning model",
      [model],
    );
    if (fresh.length === 0) return;
    for (const kind of RECORD_KINDS) {
      await tx.query(
        `insert into public.embedding_queue (record_kind, record_id, team_id)
         select $1, t.id, t.team_id from ${SOURCE_TABLES[kind]} t where t.deleted_at is null
         on conflict do nothing`,
        [kind],
      );
    }
  });
}

interface Queued {
  kind: RecordKind;
  id: string;
  queuedAt: string;
}

interface Passage {
  teamId: string;
  kind: RecordKind;
  id: string;
  chunk: number;
  passage: string;
  hash: string;
}

/** One batch: read, embed outside the transaction, write. Null when the queue is empty. */
async function refreshBatch(db: Db, provider: EmbeddingProvider, size: number): Promise<RefreshResult | null> {
  const read = await db.asService(REASON, async (tx) => {
    const queued = (await tx.query<{ kind: RecordKind; id: string; queued_at: string }>(
      `select record_kind as kind, record_id as id, queued_at::text as queued_at
         from public.embedding_queue order by queued_at limit $1`,
      [size],
    )).map((row): Queued => ({ kind: row.kind, id: row.id, queuedAt: row.queued_at }));
    const passages: Passage[] = [];
    const current = new Set<string>();
    for (const kind of RECORD_KINDS) {
      const ids = queued.filter((q) => q.kind === kind).map((q) => q.id);
      if (ids.length === 0) continue;
      const hashes = new Map(
        (await tx.query<{ id: string; hash: string }>(
          `select distinct record_id as id, content_hash as hash from public.embeddings
            where record_kind = $1 and record_id = any ($2::uuid[]) and model = $3`,
          [kind, ids, provider.model],
        )).map((row) => [row.id, row.hash]),
      );
      for (const source of await readSources(tx, kind, ids)) {
        const hash = await contentHash(provider.model, source.text);
        current.add(`${kind}:${source.id}`);
        if (hashes.get(source.id) === hash) continue;
        chunkText(source.text).forEach((passage, chunk) =>
          passages.push({ teamId: source.teamId, kind, id: source.id, chunk, passage, hash })
        );
      }
    }
    return { queued, passages, current };
  });
  if (read.queued.length === 0) return null;

  const vectors = read.passages.length ? await provider.embed(read.passages.map((p) => p.passage)) : [];
  const changed = new Set(read.passages.map((p) => `${p.kind}:${p.id}`));
  const gone = read.queued.filter((q) => !read.current.has(`${q.kind}:${q.id}`));

  await db.asService(REASON, async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext('embeddings-refresh'))");
    // Every stored passage of a changed or gone record goes (older models' too), then the new ones come in.
    const replaced = [...read.queued.filter((q) => changed.has(`${q.kind}:${q.id}`)), ...gone];
    if (replaced.length) {
      await tx.query(
        `delete from public.embeddings e using unnest($1::text[], $2::uuid[]) as r(kind, id)
          where e.record_kind = r.kind and e.record_id = r.id`,
        [replaced.map((q) => q.kind), replaced.map((q) => q.id)],
      );
    }
    if (read.passages.length) {
      const p = read.passages;
      await tx.query(
        `insert into public.embeddings (team_id, record_kind, record_id, chunk, passage, content_hash, model, dims, embedding)
         select u.team_id, u.kind, u.id, u.chunk, u.passage, u.hash, $7, $8, u.vec::vector
           from unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::text[], $6::text[], $9::text[])
                as u(team_id, kind, id, chunk, passage, hash, vec)`,
        [
          p.map((x) => x.teamId),
          p.map((x) => x.kind),
          p.map((x) => x.id),
          p.map((x) => x.chunk),
          p.map((x) => x.passage),
          p.map((x) => x.hash),
          provider.model,
          provider.dimensions,
          vectors.map(vectorLiteral),
        ],
      );
    }
    // Done with these, unless the record changed again while its batch was being embedded.
    await tx.query(
      `delete from public.embedding_queue q using unnest($1::text[], $2::uuid[], $3::text[]) as d(kind, id, queued_at)
        where q.record_kind = d.kind and q.record_id = d.id and q.queued_at <= d.queued_at::timestamptz`,
      [read.queued.map((q) => q.kind), read.queued.map((q) => q.id), read.queued.map((q) => q.queuedAt)],
    );
  });
  return {
    embedded: changed.size,
    unchanged: read.current.size - changed.size,
    removed: gone.length,
  };
}

/** SHA-256 of the model and the whole text: equal hashes mean the stored passages are still right. */
async function contentHash(model: string, text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${model}\n${text}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
