// The offline reply classifier: multinomial logistic regression (softmax over the eight intents) on the sparse
// features of features.ts, trained on the labelled replies in tests/data/replies/ by scripts/train-reply-model.ts.
// Training is deterministic (fixed order, seeded shuffles, no wall clock), so retraining reproduces the committed
// model.json exactly. Confidence is the softmax probability after temperature scaling, with the temperature chosen
// by cross-validation on the training split so that "0.9" means right about nine times in ten there.
import { REPLY_INTENTS, type ReplyIntent } from "./intents.ts";
import { features, type FeatureVector } from "./features.ts";
import { replyBody } from "./preprocess.ts";

export interface ReplyModel {
  version: number;
  intents: readonly ReplyIntent[];
  /** Softmax temperature (logits are divided by it). */
  temperature: number;
  bias: number[];
  /** feature -> one weight per intent, in `intents` order; scaled by WEIGHT_SCALE and rounded to integers. */
  weights: Record<string, number[]>;
}

export interface LabelledReply {
  text: string;
  intent: ReplyIntent;
}

export interface Prediction {
  intent: ReplyIntent;
  confidence: number;
  probabilities: Record<ReplyIntent, number>;
}

export const MODEL_VERSION = 1;
const WEIGHT_SCALE = 1000;

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Features seen in fewer training replies than this are dropped (noise, and a smaller model). */
  minDocumentFrequency: number;
  /** Learning rate divided by (1 + decay * epoch). */
  decay: number;
  seed: number;
  /** Folds of the cross-validation that picks the softmax temperature. */
  folds: number;
}

export const DEFAULT_TRAINING: TrainOptions = {
  epochs: 30,
  learningRate: 2,
  decay: 0.1,
  l2: 3e-4,
  minDocumentFrequency: 2,
  seed: 11,
  folds: 3,
};

/** Features of a raw reply: quoted text, signature and footer removed first. */
export function replyFeatures(text: string): FeatureVector {
  return features(replyBody(text));
}

export function predict(model: ReplyModel, text: string): Prediction {
  return predictFeatures(model, replyFeatures(text));
}

function predictFeatures(model: ReplyModel, vector: FeatureVector): Prediction {
  const probabilities = softmax(logits(model, vector), model.temperature);
  let best = 0;
  for (let k = 1; k < probabilities.length; k++) if (probabilities[k] > probabilities[best]) best = k;
  const byIntent = Object.fromEntries(model.intents.map((intent, k) => [intent, probabilities[k]])) as Record<
    ReplyIntent,
    number
  >;
  return { intent: model.intents[best], confidence: probabilities[best], probabilities: byIntent };
}

function logits(model: ReplyModel, vector: FeatureVector): number[] {
  const scores = model.bias.map((b) => b / WEIGHT_SCALE);
  for (const [key, value] of vector) {
    const row = model.weights[key];
    if (!row) continue;
    for (let k = 0; k < scores.length; k++) scores[k] += (row[k] / WEIGHT_SCALE) * value;
  }
  return scores;
}

function softmax(scores: number[], temperature: number): number[] {
  const scaled = scores.map((s) => s / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Trains on the examples and picks the temperature by k-fold cross-validation on the same examples. */
export function trainReplyModel(examples: LabelledReply[], options: TrainOptions = DEFAULT_TRAINING): ReplyModel {
  const vectors = examples.map((example) => replyFeatures(example.text));
  const labels = examples.map((example) => REPLY_INTENTS.indexOf(example.intent));
  const temperature = crossValidatedTemperature(vectors, labels, options);
  return { ...fit(vectors, labels, options), temperature };
}

function fit(vectors: FeatureVector[], labels: number[], options: TrainOptions): ReplyModel {
  const K = REPLY_INTENTS.length;
  const vocabulary = [...frequentFeatures(vectors, options.minDocumentFrequency)];
  const index = new Map(vocabulary.map((key, i) => [key, i]));
  // Integer ids and flat arrays: the training loop then touches no strings and no maps.
  const docs = vectors.map((vector) => {
    const ids: number[] = [];
    const values: number[] = [];
    for (const [key, value] of vector) {
      const id = index.get(key);
      if (id === undefined) continue;
      ids.push(id);
      values.push(value);
    }
    return { ids: Int32Array.from(ids), values: Float64Array.from(values) };
  });
  const weights = new Float64Array(vocabulary.length * K);
  const bias = new Float64Array(K);
  const scores = new Float64Array(K);
  const order = vectors.map((_, i) => i);
  const random = seededRandom(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    const rate = options.learningRate / (1 + options.decay * epoch);
    for (const i of order) {
      const { ids, values } = docs[i];
      scores.set(bias);
      for (let j = 0; j < ids.length; j++) {
        const base = ids[j] * K;
        for (let k = 0; k < K; k++) scores[k] += weights[base + k] * values[j];
      }
      const probabilities = softmax(Array.from(scores), 1);
      for (let k = 0; k < K; k++) {
        const gradient = probabilities[k] - (labels[i] === k ? 1 : 0);
        bias[k] -= rate * gradient;
        for (let j = 0; j < ids.length; j++) {
          const at = ids[j] * K + k;
          weights[at] -= rate * (gradient * values[j] + options.l2 * weights[at]);
        }
      }
    }
  }
  return quantise(vocabulary, weights, bias);
}

function frequentFeatures(vectors: FeatureVector[], minimum: number): Set<string> {
  const documentFrequency = new Map<string, number>();
  for (const vector of vectors) {
    for (const key of vector.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  }
  // character n-grams seen once are mostly noise (and most of the model's size); words seen once still say something
  const keep = ([key, count]: [string, number]) => count >= (key.startsWith("c|") ? minimum : 1);
  return new Set([...documentFrequency].filter(keep).map(([key]) => key).sort());
}

function quantise(vocabulary: string[], weights: Float64Array, bias: Float64Array): ReplyModel {
  const K = bias.length;
  const rounded: Record<string, number[]> = {};
  vocabulary.forEach((key, i) => {
    const row = Array.from(weights.subarray(i * K, (i + 1) * K), (w) => Math.round(w * WEIGHT_SCALE));
    if (row.some((w) => w !== 0)) rounded[key] = row;
  });
  return {
    version: MODEL_VERSION,
    intents: REPLY_INTENTS,
    temperature: 1,
    bias: Array.from(bias, (b) => Math.round(b * WEIGHT_SCALE)),
    weights: rounded,
  };
}

const TEMPERATURES = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3];

/** The temperature with the lowest log-loss on held-out folds of the training data. */
function crossValidatedTemperature(vectors: FeatureVector[], labels: number[], options: TrainOptions): number {
  const folds = options.folds;
  const outOfFold: { scores: number[]; label: number }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const trainIdx = vectors.map((_, i) => i).filter((i) => i % folds !== fold);
    const model = fit(trainIdx.map((i) => vectors[i]), trainIdx.map((i) => labels[i]), options);
    for (let i = fold; i < vectors.length; i += folds) {
      outOfFold.push({ scores: logits(model, vectors[i]), label: labels[i] });
    }
  }
  let best = 1;
  let bestLoss = Infinity;
  for (const temperature of TEMPERATURES) {
    const loss = outOfFold.reduce(
      (sum, { scores, label }) => sum - Math.log(softmax(scores, temperature)[label] + 1e-12),
      0,
    );
    if (loss < bestLoss) [best, bestLoss] = [temperature, loss];
  }
  return best;
}

/** mulberry32: a tiny seeded generator, so every training run shuffles the same way. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
