// Cutting a record's text into passages: each is embedded on its own, so a long note matches by the
// paragraph that is about the question, and that paragraph is what the search shows.

/** About what a reader takes in at a glance, and well under any model's input limit. */
export const MAX_PASSAGE_CHARS = 600;
/** A 200,000-character note would otherwise cost hundreds of embeddings; the start of it is what matters most. */
export const MAX_PASSAGES = 24;

/** Splits text into sentences (keeping their punctuation), and overlong "sentences" into word runs. */
function sentences(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(/(?<=[.!?…])\s+|\n+/)) {
    const sentence = piece.replace(/\s+/g, " ").trim();
    if (!sentence) continue;
    if (sentence.length <= MAX_PASSAGE_CHARS) {
      out.push(sentence);
      continue;
    }
    let run = "";
    for (const word of sentence.split(" ")) {
      const w = word.slice(0, MAX_PASSAGE_CHARS);
      if (run && run.length + 1 + w.length > MAX_PASSAGE_CHARS) {
        out.push(run);
        run = "";
      }
      run = run ? `${run} ${w}` : w;
    }
    if (run) out.push(run);
  }
  return out;
}

/** Sentences run on with a space; lines without closing punctuation (a title, "Tags: x") with a middle dot. */
function joined(before: string, sentence: string): string {
  return /[.!?…:;,]$/.test(before) ? `${before} ${sentence}` : `${before} · ${sentence}`;
}

/**
 * Passages of at most MAX_PASSAGE_CHARS made of whole sentences, in order, at most MAX_PASSAGES of them.
 * Empty text has none.
 */
export function chunkText(text: string): string[] {
  const passages: string[] = [];
  let current = "";
  for (const sentence of sentences(text)) {
    if (current && current.length + 3 + sentence.length > MAX_PASSAGE_CHARS) {
      passages.push(current);
      if (passages.length === MAX_PASSAGES) return passages;
      current = "";
    }
    current = current ? joined(current, sentence) : sentence;
  }
  if (current && passages.length < MAX_PASSAGES) passages.push(current);
  return passages;
}
