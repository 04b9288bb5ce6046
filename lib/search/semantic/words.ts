// Words as the offline (lexical) embedding and the passage highlighter see them: lower case without accents,
// common words dropped, endings trimmed ("pricing", "prices" → "pric"), and a small thesaurus of sales words
// mapped to shared concepts, so "too expensive" and "over budget" share a feature. This is still lexical:
// it matches words and their near relatives, not meaning the way a trained model does.

const STOPWORDS = new Set(
  ("a an and are as at be but by for from has have he her his i in is it its me my of on or our she so that the " +
    "their them they this to was we were what when where which who why will with you your about after all also " +
    "any can could did do does how into just more most no not now only other over some than then there these " +
    "those too under up very would der die das und ist le la les et est el los las y en de du des").split(" "),
);

/** Groups of words that mean nearly the same in a CRM; each word's feature includes its group's. */
const CONCEPTS: Record<string, string[]> = {
  price: [
    "price",
    "pricing",
    "cost",
    "costs",
    "expensive",
    "cheap",
    "budget",
    "quote",
    "discount",
    "afford",
    "fee",
    "fees",
    "invoice",
    "payment",
    "paid",
  ],
  meeting: ["meeting", "meet", "call", "demo", "schedule", "calendar", "appointment", "zoom", "catch"],
  contract: ["contract", "agreement", "signed", "sign", "signature", "renewal", "renew", "terms", "legal"],
  churn: ["churn", "cancel", "cancellation", "leave", "leaving", "switch", "competitor", "unhappy", "complaint"],
  hiring: ["hiring", "hire", "recruit", "recruiting", "recruiter", "talent", "headcount", "staffing", "hr"],
  software: ["software", "saas", "platform", "app", "cloud", "api", "integration", "tech", "technology"],
  logistics: ["logistics", "shipping", "freight", "delivery", "warehouse", "transport", "fleet", "supply"],
  health: ["health", "healthcare", "hospital", "clinic", "medical", "pharma", "patient", "biotech"],
  finance: ["finance", "bank", "banking", "fintech", "insurance", "accounting", "lending", "payments"],
  retail: ["retail", "shop", "store", "ecommerce", "commerce", "consumer", "merchant"],
  security: ["security", "secure", "compliance", "gdpr", "soc2", "audit", "privacy", "risk"],
  energy: ["energy", "solar", "power", "utility", "renewable", "wind", "electric"],
  education: ["education", "school", "university", "learning", "training", "course", "student"],
  manufacturing: ["manufacturing", "factory", "industrial", "production", "machinery", "plant"],
  leader: ["ceo", "cto", "cfo", "coo", "founder", "owner", "president", "director", "vp", "head", "chief"],
  won: ["won", "win", "closed"],
  purchasing: ["purchasing", "procurement", "buyer", "buying", "purchase", "purchased", "sourcing", "vendor"],
  lost: ["lost", "lose", "left", "rejected", "declined", "churned", "switched"],
  urgent: ["urgent", "asap", "deadline", "quickly", "soon", "priority"],
  email: ["email", "mail", "inbox", "newsletter"],
  marketing: ["marketing", "campaign", "ads", "advertising", "seo", "brand", "growth"],
};

const conceptOf = new Map<string, string>();
for (const [concept, words] of Object.entries(CONCEPTS)) {
  for (const word of words) conceptOf.set(stem(fold(word)), concept);
}

/** The words of the concept a word belongs to (its thesaurus group), or none: the keyword search asks for them too. */
export function conceptWords(concept: string): readonly string[] {
  return CONCEPTS[concept] ?? [];
}

/** Lower case, accents removed (é → e), so "Café" and "cafe" are one word. */
export function fold(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/**
 * Trims common English endings, then a final "e" and turns a final "y" into "i", so "price", "prices" and
 * "pricing" meet at "pric", "company" and "companies" at "compani". Short words stay whole. Deliberately
 * crude: it only has to be the same for the question and the passage.
 */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  let out = word;
  for (const suffix of ["ations", "ation", "ments", "ment", "ings", "ing", "ness", "ers", "ed", "er", "ly", "s"]) {
    if (out.endsWith(suffix) && out.length - suffix.length >= 3) {
      out = out.slice(0, -suffix.length);
      break;
    }
  }
  if (out.length > 3 && out.endsWith("e")) out = out.slice(0, -1);
  if (out.length > 3 && out.endsWith("y")) out = `${out.slice(0, -1)}i`;
  return out;
}

export interface Word {
  /** The stemmed form (the feature). */
  term: string;
  /** The concept it belongs to, if any. */
  concept: string | null;
  /** Where the original word is in the text (for highlighting). */
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The meaningful words of a text, in order, with their positions. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const folded = fold(match[0]);
    if (STOPWORDS.has(folded) || (folded.length < 2 && !/\d/.test(folded))) continue;
    const term = stem(folded);
    out.push({ term, concept: conceptOf.get(term) ?? null, start: match.index!, end: match.index! + match[0].length });
  }
  return out;
}
