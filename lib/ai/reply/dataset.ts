// Reads the labelled replies (tests/data/replies/*.jsonl): one JSON object a line, { text, intent, lang, split }.
// Used by the training script, the benchmark and the tests; never at run time (the app reads model.json).
import { isReplyIntent, type ReplyIntent } from "./intents.ts";

export interface ReplyExample {
  text: string;
  intent: ReplyIntent;
  lang: string;
  /** train: the model learns from it; heldout: the benchmark's test set; fresh: written after training. */
  split: "train" | "heldout" | "fresh";
}

export const REPLY_DATA = new URL("../../../tests/data/replies/replies.jsonl", import.meta.url);
/** Replies written after the model was trained, never used to tune it: how it does on text it has not seen. */
export const FRESH_REPLY_DATA = new URL("../../../tests/data/replies/fresh.jsonl", import.meta.url);

const SPLITS = ["train", "heldout", "fresh"];

export function parseReplies(jsonl: string): ReplyExample[] {
  return jsonl.split("\n").filter((line) => line.trim() !== "").map((line, i) => {
    const row = JSON.parse(line);
    if (typeof row.text !== "string" || !isReplyIntent(row.intent) || typeof row.lang !== "string") {
      throw new Error(`reply ${i + 1}: needs text, a known intent and lang`);
    }
    return {
      text: row.text,
      intent: row.intent,
      lang: row.lang,
      split: SPLITS.includes(row.split) ? row.split : "train",
    };
  });
}

export async function loadReplies(url: URL = REPLY_DATA): Promise<ReplyExample[]> {
  return parseReplies(await Deno.readTextFile(url));
}
