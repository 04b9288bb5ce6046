// Both halves of Ask in one statement: the nearest passages by vector (HNSW, as the user under RLS) and the
// passages sharing the question's words (app.keyword_passages, migrations …030000_semantic_keywords and
// …020000_semantic_search_languages). One round trip instead of two, and each keyword hit is read once more as
// the user under the passages' own policy.
//
// The keyword half runs with the owner's rights because under row-level security no index serves
// tsvector @@ tsquery (not leakproof, and only a superuser could mark it so): as the user, a keyword match read
// every passage of the team. It applies the passages' visibility with app.passage_source_visible, the function
// the policy on public.embeddings uses too, so it returns only what the caller may see.
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

export interface FoundPassage {
  kind: RecordKind;
  id: string;
  passage: string;
  /** Cosine distance of the passage's vector to the question's. */
  distance: number;
}

export interface KeywordPassage extends FoundPassage {
  keywordScore: number;
}

export interface HybridPassages {
  /** Nearest first. */
  near: FoundPassage[];
  /** Best keyword score first, ties to the nearer vector. */
  keyed: KeywordPassage[];
}

/** Up to `candidates` passages from each half (none from the keyword half without groups). */
export async function hybridPassages(
  tx: Tx,
  provider: EmbeddingProvider,
  vector: number[],
  groups: KeywordGroup[],
  options: { types: RecordKind[]; candidates: number },
): Promise<HybridPassages> {
  const dims = provider.dimensions;
  if (!Number.isInteger(dims)) throw new Error("dimensions must be a whole number");
  const literal = vectorLiteral(vector);
  // The size is a literal (from the provider's fixed list) so the planner picks that size's partial index.
  const rows = await tx.query<{
    half: "vector" | "keyword";
    kind: RecordKind;
    id: string;
    passage: string;
    distance: number;
    keyword_score: number | null;
  }>(
    `with near as materialized (
       select e.record_kind as kind, e.record_id as id, e.passage,
              e.embedding::vector(${dims}) <=> $1::vector(${dims}) as distance
         from public.embeddings e
        where e.dims = ${dims} and e.model = $2 and e.record_kind = any ($3::text[])
        order by e.embedding::vector(${dims}) <=> $1::vector(${dims})
        limit $4
     ),
     keyed as materialized (
       select k.record_kind as kind, k.record_id as id, k.passage, k.distance, k.keyword_score
         from app.keyword_passages($5::text[], $6::float8[], $2, ${dims}, $3::text[], $7::text, $8::integer, $4::integer) k
        where exists (select from public.embeddings v where v.id = k.id)
     )
     select 'vector' as half, kind, id, passage, distance, null::float8 as keyword_score from near
     union all
     select 'keyword', kind, id, passage, distance, keyword_score from keyed`,
    [
      literal,
      provider.model,
      options.types,
      options.candidates,
      groups.map((g) => g.text),
      groups.map((g) => g.weight),
      literal,
      RARITY_CAP,
    ],
  );
  const near: FoundPassage[] = [];
  const keyed: KeywordPassage[] = [];
  for (const row of rows) {
    const found = { kind: row.kind, id: row.id, passage: row.passage, distance: Number(row.distance) };
    if (row.half === "vector") near.push(found);
    else keyed.push({ ...found, keywordScore: Number(row.keyword_score) });
  }
  // Iterative HNSW scans return passages nearly, not exactly, in order; the union keeps no order at all.
  near.sort((a, b) => a.distance - b.distance);
  keyed.sort((a, b) => b.keywordScore - a.keywordScore || a.distance - b.distance);
  return { near, keyed };
}
