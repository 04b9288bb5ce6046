// The offline reply classifier: the committed model is what the training script makes from the data (training is
// deterministic), it beats the benchmark's floor on the held-out split, its probabilities are a distribution, and
// it reads replies it was never trained on in all seven languages.
import { assert, assertEquals } from "../helpers/assert.ts";
import { loadReplies } from "../../lib/ai/reply/dataset.ts";
import { predict, type ReplyModel, trainReplyModel } from "../../lib/ai/reply/model.ts";
import { serialiseModel } from "../../lib/ai/reply/model-file.ts";
import { classifyOffline } from "../../lib/ai/reply/classify.ts";
import { REPLY_INTENTS } from "../../lib/ai/reply/intents.ts";

const replies = await loadReplies();
const committed = await Deno.readTextFile(new URL("../../lib/ai/reply/model.json", import.meta.url));

Deno.test("retraining on the train split reproduces the committed model.json exactly", () => {
  const model = trainReplyModel(replies.filter((r) => r.split === "train"));
  assertEquals(
    serialiseModel(model) === committed,
    true,
    "lib/ai/reply/model.json is stale: run `deno run -A scripts/train-reply-model.ts`",
  );
});

Deno.test("the data set: >= 400 replies, all eight intents in all seven languages, >= 25% held out", () => {
  assert(replies.length >= 400, `${replies.length} replies`);
  for (const lang of ["en", "de", "fr", "es", "pt", "it", "nl"]) {
    for (const intent of REPLY_INTENTS) {
      assert(replies.some((r) => r.lang === lang && r.intent === intent), `${lang} ${intent}`);
    }
  }
  const heldOut = replies.filter((r) => r.split === "heldout").length / replies.length;
  assert(heldOut >= 0.25, `held out ${heldOut}`);
  assertEquals(new Set(replies.map((r) => r.text)).size, replies.length, "no duplicates across the split");
});

Deno.test("held-out accuracy is at least 0.88; probabilities sum to 1", () => {
  const model = JSON.parse(committed) as ReplyModel;
  const heldOut = replies.filter((r) => r.split === "heldout");
  const right = heldOut.filter((r) => predict(model, r.text).intent === r.intent).length;
  assert(right / heldOut.length >= 0.88, `accuracy ${right / heldOut.length}`);
  const { probabilities, confidence } = predict(model, "Sounds great, tell me more");
  const sum = Object.values(probabilities).reduce((a, b) => a + b, 0);
  assert(Math.abs(sum - 1) < 1e-9);
  assertEquals(confidence, Math.max(...Object.values(probabilities)));
});

Deno.test("replies the model never saw, quoted thread and signature included", () => {
  const cases: [string, string][] = [
    ["Sounds useful, we'd love to learn more. Send details?\n\nOn Tue, Sam wrote:\n> Quick call?", "interested"],
    ["Oh fantastic, yet another sales email. Just what my inbox needed. No.", "not_interested"],
    ["Was kostet das für 5 Nutzer im Monat?", "asking_price"],
    ["On peut se voir mardi à 15h pour une démo ?", "meeting_request"],
    ["¿Funciona con Outlook?", "question"],
    ["Não sou eu que trato disso, fale com o Rui Costa, rui@empresa.test", "referral"],
    ["Sono in ferie fino al 10 settembre, senza accesso alla posta.", "out_of_office"],
    ["Verwijder mij van jullie mailinglijst.", "unsubscribe"],
  ];
  for (const [text, intent] of cases) {
    const result = classifyOffline(text);
    assertEquals(result.intent, intent, text);
    assertEquals(result.provider, "offline");
    assert(result.confidence > 0 && result.confidence <= 1);
  }
});
