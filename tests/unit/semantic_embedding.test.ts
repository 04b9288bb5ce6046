// The offline lexical embedding, passage chunking, highlighting and the OpenAI-compatible provider's
// answers checks: no database, no network.
import { assert, assertEquals, assertMatch, assertRejects, assertThrows } from "../helpers/assert.ts";
import { cosine, LEXICAL_DIMENSIONS, lexicalEmbedding } from "../../lib/search/semantic/lexical.ts";
import { chunkText, MAX_PASSAGE_CHARS, MAX_PASSAGES } from "../../lib/search/semantic/chunk.ts";
import { highlightRanges, passageParts } from "../../lib/search/semantic/highlight.ts";
import { stem, words } from "../../lib/search/semantic/words.ts";
import { lexicalProvider, openaiProvider } from "../../lib/search/semantic/provider.ts";
import { centroid } from "../../lib/search/semantic/similar.ts";
import { vectorLiteral } from "../../lib/search/semantic/vector-sql.ts";
import { CONCEPT_WEIGHT, keywordGroups, WORD_WEIGHT } from "../../lib/search/semantic/keywords.ts";
import { reciprocalRankFusion } from "../../lib/search/semantic/fusion.ts";
import type OpenAI from "openai";
import type { AiConfig } from "../../lib/ai/config.ts";
import { AppError } from "../../lib/errors.ts";

Deno.test("lexical embedding: unit length, deterministic, all zeros without words", () => {
  const a = lexicalEmbedding("Acme Logistics ships freight across Europe");
  assertEquals(a.length, LEXICAL_DIMENSIONS);
  assert(Math.abs(Math.hypot(...a) - 1) < 1e-9);
  assertEquals(lexicalEmbedding("Acme Logistics ships freight across Europe"), a);
  assert(lexicalEmbedding("the and of, !!").every((v) => v === 0), "stopwords and punctuation carry nothing");
});

Deno.test("lexical embedding: related texts are closer than unrelated ones", () => {
  const question = lexicalEmbedding("customer says the price is too expensive");
  const related = lexicalEmbedding("They worry about pricing: over budget this quarter, asked for a discount.");
  const unrelated = lexicalEmbedding("Lunch at the Lyon office was great, see you Monday.");
  assert(cosine(question, related) > cosine(question, unrelated) + 0.1, "price concept links the two");
  // word forms and typos still meet through stems and trigrams
  assert(cosine(lexicalEmbedding("warehouses"), lexicalEmbedding("warehouse")) > 0.9);
  assert(cosine(lexicalEmbedding("logistcs"), lexicalEmbedding("logistics")) > 0.15);
  assert(cosine(lexicalEmbedding("Café Zürich"), lexicalEmbedding("cafe zurich")) > 0.99, "accents fold");
});

Deno.test("words: stems, concepts and positions", () => {
  assertEquals(stem("pricing"), "pric");
  assertEquals(stem("prices"), "pric");
  assertEquals(stem("ceo"), "ceo");
  const list = words("The CFO asked about pricing.");
  assertEquals(list.map((w) => w.term), ["cfo", "ask", "pric"]);
  assertEquals(list.map((w) => w.concept), ["leader", null, "price"]);
  assertEquals("The CFO asked about pricing.".slice(list[2].start, list[2].end), "pricing");
});

Deno.test("chunking: whole sentences, bounded passages, bounded count", () => {
  assertEquals(chunkText(""), []);
  assertEquals(chunkText("  One line.\n\nAnother   line. "), ["One line. Another line."]);
  assertEquals(chunkText("A title\nTags: a, b\nEnd."), ["A title · Tags: a, b · End."]);
  const sentence = "This sentence is about forty characters. ";
  const long = sentence.repeat(40);
  const passages = chunkText(long);
  assert(passages.length > 1);
  for (const p of passages) {
    assert(p.length <= MAX_PASSAGE_CHARS);
    assert(p.endsWith("."), "cut between sentences");
  }
  const giant = chunkText("word ".repeat(100_000));
  assertEquals(giant.length, MAX_PASSAGES);
  assert(giant.every((p) => p.length <= MAX_PASSAGE_CHARS));
  const oneWord = chunkText("x".repeat(5_000));
  assert(oneWord.every((p) => p.length <= MAX_PASSAGE_CHARS), "an overlong word is cut too");
});

Deno.test("highlighting: words sharing a stem or concept with the question; parts stay plain text", () => {
  const passage = "Worried about the pricing <b>and</b> the budget";
  const ranges = highlightRanges("too expensive", passage);
  assertEquals(ranges.map(([s, e]) => passage.slice(s, e)), ["pricing", "budget"]);
  const parts = passageParts(passage, ranges);
  assertEquals(parts.map((p) => p.text).join(""), passage);
  assertEquals(parts.filter((p) => p.match).map((p) => p.text), ["pricing", "budget"]);
  assertEquals(highlightRanges("zebra", passage), []);
});

Deno.test("centroid and vector literal", () => {
  assertEquals(centroid([[1, 0], [0, 1]]).map((v) => Number(v.toFixed(6))), [0.707107, 0.707107]);
  assertEquals(vectorLiteral([0.5, NaN, 1e-9, -0.25]), "[0.5,0,0,-0.25]");
});

Deno.test("lexical provider is free and says it is lexical", async () => {
  const provider = lexicalProvider();
  assertEquals([provider.lexical, provider.paid, provider.dimensions], [true, false, 384]);
  assert(provider.label.includes("lexical"));
  const [v] = await provider.embed(["hello world"]);
  assertEquals(v.length, 384);
});

const config: AiConfig = {
  apiKey: "k",
  baseURL: "http://127.0.0.1:1/v1",
  chatModel: "m",
  embeddingModel: "text-embedding-3-small",
  embeddingDimensions: 256,
  timeoutMs: 1000,
  maxRetries: 0,
};

/** A stand-in for the official client's embeddings.create. */
function clientAnswering(answer: (input: string[]) => unknown): OpenAI {
  return {
    embeddings: {
      create: (body: { input: string[] }) => {
        const value = answer(body.input);
        return value instanceof Error ? Promise.reject(value) : Promise.resolve(value);
      },
    },
  } as unknown as OpenAI;
}

Deno.test("openai provider: batches, orders by index, normalises; refuses wrong sizes and odd answers", async () => {
  let calls = 0;
  const provider = openaiProvider(
    clientAnswering((input) => {
      calls++;
      return {
        data: input.map((_, i) => ({ index: i, embedding: new Array(256).fill(0).map((_, j) => (j === i ? 2 : 0)) }))
          .reverse(),
      };
    }),
    config,
  );
  assertEquals([provider.paid, provider.lexical, provider.model], [true, false, "text-embedding-3-small"]);
  const vectors = await provider.embed(new Array(100).fill("x"));
  assertEquals(calls, 2, "96 inputs per request");
  assertEquals(vectors[3][3], 1, "sorted back by index and unit length");
  assertThrows(() => openaiProvider(clientAnswering(() => ({})), { ...config, embeddingDimensions: 300 }));
  const short = openaiProvider(clientAnswering(() => ({ data: [{ index: 0, embedding: [1, 2] }] })), config);
  const error = await assertRejects(() => short.embed(["x"]));
  assert(error instanceof AppError);
  assertEquals(error.status, 502);
  const limited = openaiProvider(clientAnswering(() => Object.assign(new Error("429"), { status: 429 })), config);
  const busy = await assertRejects(() => limited.embed(["x"]));
  assert(busy instanceof AppError);
  assertEquals(busy.status, 429);
});

Deno.test("keyword groups: the question's words, then their thesaurus concepts at lower weight", () => {
  const groups = keywordGroups("Who says we're too EXPENSIVE? Expensive!");
  assertEquals(groups.map((g) => g.text).slice(0, 3), ["says", "re", "expensive"]);
  assertEquals(groups.filter((g) => g.weight === WORD_WEIGHT).length, 3, "a repeated word is asked once");
  const concept = groups.find((g) => g.weight === CONCEPT_WEIGHT);
  assert(concept && / or pricing or /.test(concept.text), JSON.stringify(groups));
  assertEquals(keywordGroups("the and of ?!"), [], "no meaningful words, no groups");
  // only letters and digits reach websearch_to_tsquery: no operators, quotes or minus signs
  for (const g of keywordGroups(`"quoted" -minus OR (x) <-> 'y' café`)) assertMatch(g.text, /^[\p{L}\p{N} ]+$/u);
  // passages keep their accents: a word with accents is asked as written and without them
  assertEquals(keywordGroups("Réunions annulées").map((g) => g.text), ["réunions or reunions", "annulées or annulees"]);
  assertEquals(keywordGroups("Lagerhaus").map((g) => g.text), ["lagerhaus"]);
});

Deno.test("reciprocal rank fusion: ranks only; both lists beat one; scaled to 1", () => {
  const list = (...keys: string[]) => keys.map((key) => ({ key, item: key }));
  const fused = reciprocalRankFusion([
    { ranked: list("a", "b", "c"), weight: 1 },
    { ranked: list("c", "d"), weight: 1 },
  ]);
  assertEquals(fused.map((f) => f.key), ["c", "a", "b", "d"], "equal ranks keep first-seen order");
  assertEquals(reciprocalRankFusion([{ ranked: list("x"), weight: 1 }, { ranked: list("x"), weight: 1 }])[0].score, 1);
  for (let i = 1; i < fused.length; i++) assert(fused[i - 1].score >= fused[i].score);
  assertEquals(reciprocalRankFusion([]), []);
});
