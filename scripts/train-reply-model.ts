// `deno run -A scripts/train-reply-model.ts`: trains the offline reply classifier on the train split of
// tests/data/replies/replies.jsonl and writes lib/ai/reply/model.json (committed; the app only reads it).
// Deterministic: running it again on the same data writes the same model (tests/unit/reply_model.test.ts checks).
import { loadReplies } from "../lib/ai/reply/dataset.ts";
import { trainReplyModel } from "../lib/ai/reply/model.ts";
import { serialiseModel } from "../lib/ai/reply/model-file.ts";

const replies = await loadReplies();
const model = trainReplyModel(replies.filter((reply) => reply.split === "train"));
const file = new URL("../lib/ai/reply/model.json", import.meta.url);
await Deno.writeTextFile(file, serialiseModel(model));
console.log(`wrote ${file.pathname}: ${Object.keys(model.weights).length} features, temperature ${model.temperature}`);
