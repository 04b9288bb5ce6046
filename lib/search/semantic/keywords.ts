// The keyword half of Ask: which words of a question the full-text index is asked for, and how much each
// counts. Every meaningful word of the question is one group on its own; a word in the sales thesaurus
// (words.ts) adds one group of its concept's words at lower weight, so "too expensive" also finds "pricing"
// and "discount" but a passage saying "expensive" still ranks first. Groups are handed to Postgres'
// websearch_to_tsquery as "a or b or c", built only from letters and digits, so no question is ever syntax.
import { conceptWords, fold, words } from "./words.ts";

export interface KeywordGroup {
  /** Input for websearch_to_tsquery('english', ...): words joined by " or ". */
  text: string;
  /** How much a passage containing one of these words earns (before rarity and title bonus). */
  weight: number;
}

/** A word the question says itself. */
export const WORD_WEIGHT = 1;
/** A word of the same thesaurus concept: related, not the same. */
export const CONCEPT_WEIGHT = 0.5;
/** Postgres limits a tsquery's size; a 200-character question has far fewer groups than this. */
const MAX_GROUPS = 24;

/** The question's keyword groups, literal words first; none for a question without meaningful words. */
export function keywordGroups(question: string): KeywordGroup[] {
  const literal: KeywordGroup[] = [];
  const related: KeywordGroup[] = [];
  const seenWords = new Set<string>();
  const seenConcepts = new Set<string>();
  for (const word of words(question)) {
    const raw = fold(question.slice(word.start, word.end));
    if (!seenWords.has(word.term)) {
      seenWords.add(word.term);
      literal.push({ text: raw, weight: WORD_WEIGHT });
    }
    if (word.concept && !seenConcepts.has(word.concept)) {
      seenConcepts.add(word.concept);
      related.push({ text: conceptWords(word.concept).join(" or "), weight: CONCEPT_WEIGHT });
    }
  }
  return [...literal, ...related].slice(0, MAX_GROUPS);
}
