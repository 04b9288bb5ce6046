// Passages sharing the question's words: app.keyword_passages (migration …030000_semantic_keywords) probes the
// GIN index on public.embeddings.lexemes for each keyword group and scores what it finds. It runs with the
// owner's rights because under row-level security no index serves tsvector @@ tsquery (not leakproof); it
// applies the passages' visibility rule itself, so it returns only what the caller may see, and the search
// reads every hit's title under the source table's policies once more.
//
// Rarer words count more (a bounded IDF): each group fetches at most RARITY_CAP visible passages, and one
// matching fewer is worth more, so "warehouse" outweighs "manager" in a workspace of managers; counting stops
// at the cap, which bounds what a common word costs. A word in a record's name or title counts double.
import type { Tx } from "../../db/mod.ts";
import type { EmbeddingProvider } from "./provider.ts";
import type { KeywordGroup } from "./keywords.ts";
import type { RecordKind } from "./sources.ts";
import { vectorLiteral } from "./vector-sql.ts";

/** Visible passages fetched per keyword group: what a common word may cost, and the top of the rarity scale. */
export const RARITY_CAP = 100;

export interface KeywordPassage {
  kind: RecordKind;
  id: string;
  passage: string;
  /** Cosine distance of the passage's vector to the question's (ties go to the nearer). */
  distance: number;
  keywordScore: number;
}

/** The best `limit` passages by keyword score, best first; none without groups. */
export async function keywordPassages(
  tx: Tx,
  provider: EmbeddingProvider,
  vector: number[],
  groups: KeywordGroup[],
  options: { types: RecordKind[]; limit: number },
): Promise<KeywordPassage[]> {
  if (groups.length === 0) return [];
  const rows = await tx.query<{
    record_kind: RecordKind;
    record_id: string;
    passage: string;
    distance: number;
    keyword_score: number;
  }>(
    `select * from app.keyword_passages(
       array(select websearch_to_tsquery('english', t) from unnest($1::text[]) with ordinality as g(t, n) order by n),
       $2::float8[], $3, $4, $5::text[], $6, $7, $8)`,
    [
      groups.map((g) => g.text),
      groups.map((g) => g.weight),
      provider.model,
      provider.dimensions,
      options.types,
      vectorLiteral(vector),
      RARITY_CAP,
      options.limit,
    ],
  );
  return rows.map((row) => ({
    kind: row.record_kind,
    id: row.record_id,
    passage: row.passage,
    distance: Number(row.distance),
    keywordScore: Number(row.keyword_score),
  }));
}
