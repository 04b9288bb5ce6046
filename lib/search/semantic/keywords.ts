// The keyword half of Ask: which words of a question the full-text index is asked for, and how much each
// counts. Every meaningful word of the question is one group on its own; a word in the sales thesaurus
// (words.ts) adds one group of its concept's words at lower weight, so "too expensive" also finds "pricing"
// and "discount" but a passage saying "expensive" still ranks first. Groups are handed to Postgres'
// websearch_to_tsquery as "a or b or c", built only from letters and digits, so no question is ever syntax.
// A word is asked as written (lower case) and, when it has accents, without them too: passages keep their
// accents, and Postgres stems each group in seven languages (app.question_tsquery), so "réunion" finds
// "réunions" and "reunion" finds a passage typed without accents.
import { conceptWords, fold, words } from "./words.ts";

export interface KeywordGroup {
  /** Input for app.question_tsquery (websearch_to_tsquery in seven languages): words joined by " or ". */
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
    const written = question.slice(word.start, word.end).toLowerCase();
    const folded = fold(written);
    if (!seenWords.has(word.term)) {
      seenWords.add(word.term);
      literal.push({ text: written === folded ? folded : `${written} or ${folded}`, weight: WORD_WEIGHT });
    }
    if (word.concept && !seenConcepts.has(word.concept)) {
      seenConcepts.add(word.concept);
      related.push({ text: conceptWords(word.concept).join(" or "), weight: CONCEPT_WEIGHT });
    }
  }
  return [...literal, ...related].slice(0, MAX_GROUPS);
}
