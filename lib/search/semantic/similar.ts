// Lookalikes: companies whose stored passages lie near a company's own ("Find similar companies"), or near
// the centre of the companies the team has won deals with ("Lookalikes of won customers"). No question is
// embedded, so nothing is sent to a provider and nothing is charged; everything is read as the user.
import type { Caller } from "../../caller.ts";
import type { Tx } from "../../db/mod.ts";
import { type EmbeddingProvider, embeddingProvider } from "./provider.ts";
import { nearestRecords, requireVectors, type SemanticHit } from "./search.ts";

export type SimilarHit = Omit<SemanticHit, "highlights">;

export interface Lookalikes {
  hits: SimilarHit[];
  /** Names of the companies the list is like (the company itself, or the won customers). */
  basis: string[];
  /** False while the basis has no embeddings yet (the refresh job has not reached them). */
  ready: boolean;
  provider: string;
}

/** Companies most like this one, best first. */
export async function similarCompanies(
  caller: Caller,
  companyId: string,
  limit = 10,
  provider: EmbeddingProvider = embeddingProvider(),
): Promise<Lookalikes> {
  await requireVectors(caller);
  return await caller.db.asUser(caller.claims, async (tx) => {
    const basis = await tx.query<{ id: string; name: string }>(
      "select id, name from public.companies where id = $1 and deleted_at is null",
      [companyId],
    );
    return await lookalikesOf(tx, provider, basis, limit);
  });
}

/** Companies like the team's won customers (companies of deals in a won stage), not those customers. */
export async function wonLookalikes(
  caller: Caller,
  limit = 20,
  provider: EmbeddingProvider = embeddingProvider(),
): Promise<Lookalikes> {
  await requireVectors(caller);
  return await caller.db.asUser(caller.claims, async (tx) => {
    const basis = await tx.query<{ id: string; name: string }>(
      `select distinct c.id, c.name from public.deals d
         join public.pipeline_stages s on s.id = d.stage_id and s.kind = 'won'
         join public.companies c on c.id = d.company_id and c.deleted_at is null
        where d.team_id = $1 and d.deleted_at is null
        order by c.name limit 200`,
      [caller.teamId],
    );
    return await lookalikesOf(tx, provider, basis, limit);
  });
}

async function lookalikesOf(
  tx: Tx,
  provider: EmbeddingProvider,
  basis: { id: string; name: string }[],
  limit: number,
): Promise<Lookalikes> {
  const names = basis.map((b) => b.name);
  const result = { basis: names, provider: provider.label };
  if (basis.length === 0) return { ...result, hits: [], ready: true };
  const stored = await tx.query<{ vec: string }>(
    `select embedding::text as vec from public.embeddings
      where record_kind = 'company' and record_id = any ($1::uuid[]) and model = $2 and dims = $3`,
    [basis.map((b) => b.id), provider.model, provider.dimensions],
  );
  if (stored.length === 0) return { ...result, hits: [], ready: false };
  const centre = centroid(stored.map((row) => JSON.parse(row.vec) as number[]));
  const hits = await nearestRecords(tx, provider, centre, {
    types: ["company"],
    limit,
    excludeIds: basis.map((b) => b.id),
    // every other company, however unlike: the list is a ranking, not a filter
    minScore: -1,
  });
  return { ...result, hits, ready: true };
}

/** The normalised mean of unit vectors: the direction they share. */
export function centroid(vectors: number[][]): number[] {
  const sum = new Array<number>(vectors[0].length).fill(0);
  for (const v of vectors) v.forEach((x, i) => (sum[i] += x));
  const norm = Math.hypot(...sum);
  return norm === 0 ? sum : sum.map((x) => x / norm);
}
