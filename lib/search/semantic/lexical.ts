// The offline embedding: a lexical one, honest about it. No npm package ships a small sentence-embedding
// model's weights that runs in Deno without downloading them at run time (checked: the tfjs Universal
// Sentence Encoder and the ONNX MiniLM wrappers all fetch their weights from a hub), so offline Leadly hashes
// words instead: stemmed words, their thesaurus concepts (words.ts), word pairs and character trigrams, each
// hashed into one of 384 signed buckets with a sublinear term weight, then L2-normalised. Cosine similarity
// of two such vectors is a soft word overlap: it finds "pricing concerns" from "too expensive", typos and
// word forms, but not meaning a model would know. Provider and UI call it "lexical".
import { words } from "./words.ts";

export const LEXICAL_MODEL = "lexical-v1";
export const LEXICAL_DIMENSIONS = 384;

// Relative weights of the feature kinds: whole words count most, trigrams only break ties and catch typos.
const WEIGHT = { word: 1, concept: 0.8, pair: 0.5, trigram: 0.25 };

/** 32-bit FNV-1a: fast, stable across processes and versions (the stored vectors depend on it). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function trigrams(term: string): string[] {
  const padded = `<${term}>`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/** Every feature of a text with how often it occurs and the weight of its kind. */
function features(text: string): Map<string, { tf: number; weight: number }> {
  const counts = new Map<string, { tf: number; weight: number }>();
  const add = (feature: string, weight: number) => {
    const seen = counts.get(feature);
    if (seen) seen.tf++;
    else counts.set(feature, { tf: 1, weight });
  };
  const list = words(text);
  list.forEach((word, i) => {
    add(`w:${word.term}`, WEIGHT.word);
    if (word.concept) add(`c:${word.concept}`, WEIGHT.concept);
    if (i > 0) add(`p:${list[i - 1].term}_${word.term}`, WEIGHT.pair);
    for (const gram of trigrams(word.term)) add(`t:${gram}`, WEIGHT.trigram);
  });
  return counts;
}

/** The lexical embedding of a text: LEXICAL_DIMENSIONS numbers, unit length (all zeros for a text without words). */
export function lexicalEmbedding(text: string, dimensions = LEXICAL_DIMENSIONS): number[] {
  const vector = new Float64Array(dimensions);
  for (const [feature, { tf, weight }] of features(text)) {
    const hash = fnv1a(feature);
    // The top bit picks the sign, so colliding features cancel out on average instead of piling up.
    const sign = hash & 0x80000000 ? -1 : 1;
    vector[hash % dimensions] += sign * weight * (1 + Math.log(tf));
  }
  let squares = 0;
  for (let i = 0; i < dimensions; i++) squares += vector[i] * vector[i];
  const norm = Math.sqrt(squares);
  const out = new Array<number>(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = norm === 0 ? 0 : vector[i] / norm;
  return out;
}

/** Cosine similarity of two unit vectors (their dot product). */
export function cosine(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
