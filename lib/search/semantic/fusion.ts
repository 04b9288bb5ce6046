// Reciprocal rank fusion: one ranking of records from several rankings (the nearest passages by vector and
// the passages sharing the question's words), using only ranks, so a cosine and a keyword score, which are
// not on one scale, never have to be compared. A record high in both beats one high in only one.

/** The usual constant: it keeps the first few places of one list from drowning the others. */
export const RRF_K = 60;

export interface Ranked<T> {
  key: string;
  item: T;
}

export interface Fused<T> {
  key: string;
  /** The item from the list where it ranked best. */
  item: T;
  /** Sum of weight / (RRF_K + rank) over the lists, scaled so 1 means first in every list. */
  score: number;
}

/** Fuses ranked lists (best first, each key at most once per list); best first, ties in first-seen order. */
export function reciprocalRankFusion<T>(lists: { ranked: Ranked<T>[]; weight: number }[]): Fused<T>[] {
  const best = lists.reduce((sum, list) => sum + list.weight / (RRF_K + 1), 0);
  const fused = new Map<string, { item: T; sum: number; bestRank: number }>();
  for (const { ranked, weight } of lists) {
    ranked.forEach(({ key, item }, index) => {
      const rank = index + 1;
      const seen = fused.get(key);
      if (!seen) fused.set(key, { item, sum: weight / (RRF_K + rank), bestRank: rank });
      else {
        seen.sum += weight / (RRF_K + rank);
        if (rank < seen.bestRank) Object.assign(seen, { item, bestRank: rank });
      }
    });
  }
  return [...fused.entries()]
    .map(([key, f]) => ({ key, item: f.item, score: best === 0 ? 0 : f.sum / best }))
    .sort((a, b) => b.score - a.score);
}
