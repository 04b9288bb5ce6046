// Turns a reply body into the sparse features the classifier reads: word unigrams and bigrams (what is said) and
// character 3–5-grams inside words (which survive typos, inflection and the seven languages' spelling). Values are
// sublinear counts, L2-normalised so a long reply does not outweigh a short one. Pure, no I/O.

export type FeatureVector = Map<string, number>;

/** Lower case, accents folded (typed without them just as often), addresses and numbers made generic. */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\S+@\S+\.\w+/g, " emailaddr ")
    .replace(/\b(https?:\/\/|www\.)\S+|\b[\w-]+\.(com|io|me|net|org)\/\S*/g, " weblink ")
    .replace(/\d+([.:,]\d+)*/g, " 0 ")
    .replace(/ß/g, "ss");
}

export function tokens(text: string): string[] {
  return normalise(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const CHAR_NGRAMS = [3, 4, 5];

export function features(text: string): FeatureVector {
  const words = tokens(text);
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (let i = 0; i < words.length; i++) {
    add(`w|${words[i]}`);
    add(`b|${i === 0 ? "^" : words[i - 1]} ${words[i]}`);
    const padded = ` ${words[i]} `;
    for (const n of CHAR_NGRAMS) {
      for (let j = 0; j + n <= padded.length; j++) add(`c|${padded.slice(j, j + n)}`);
    }
  }
  add(`len|${lengthBucket(words.length)}`);
  return normaliseVector(counts);
}

/** Very short replies ("unsubscribe", "no thanks") behave differently from long ones: the model may learn that. */
function lengthBucket(count: number): string {
  if (count <= 3) return "tiny";
  if (count <= 12) return "short";
  if (count <= 40) return "medium";
  return "long";
}

function normaliseVector(counts: Map<string, number>): FeatureVector {
  const vector: FeatureVector = new Map();
  let norm = 0;
  for (const [key, count] of counts) {
    const value = 1 + Math.log(count);
    vector.set(key, value);
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [key, value] of vector) vector.set(key, value / norm);
  return vector;
}
