// Which words of a passage match the question, by the same word forms and concepts the lexical embedding
// uses: the UI marks them, so a person sees why the passage came up. With a model provider the passage may
// match by meaning alone; then nothing is marked and the passage still shows.
import { words } from "./words.ts";

/** [start, end) ranges of the passage's words that share a stem or a concept with the question. */
export function highlightRanges(question: string, passage: string): [number, number][] {
  const asked = words(question);
  const terms = new Set(asked.map((w) => w.term));
  const concepts = new Set(asked.map((w) => w.concept).filter((c): c is string => c !== null));
  return words(passage)
    .filter((w) => terms.has(w.term) || (w.concept !== null && concepts.has(w.concept)))
    .map((w): [number, number] => [w.start, w.end]);
}

export interface PassagePart {
  text: string;
  match: boolean;
}

/** The passage cut into plain and matching parts, for rendering with <mark> (text stays text: no HTML). */
export function passageParts(passage: string, ranges: [number, number][]): PassagePart[] {
  const parts: PassagePart[] = [];
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    if (start > at) parts.push({ text: passage.slice(at, start), match: false });
    parts.push({ text: passage.slice(start, end), match: true });
    at = end;
  }
  if (at < passage.length) parts.push({ text: passage.slice(at), match: false });
  return parts;
}
