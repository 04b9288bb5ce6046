// The reply's language, told offline, and the suggested answer written in it (lib/ai/reply/language.ts,
// answers.ts, suggestions.ts).
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { detectReplyLanguage, REPLY_LANGUAGES } from "../../lib/ai/reply/language.ts";
import { suggestionFor } from "../../lib/ai/reply/suggestions.ts";
import { ANSWER_TEMPLATES } from "../../lib/ai/reply/answers.ts";
import { REPLY_INTENTS } from "../../lib/ai/reply/intents.ts";

// Written for this test, not taken from the training data.
const SAMPLES: Record<string, string> = {
  en: "Thanks, this looks useful for our team. Could you send me the details?",
  de: "Danke für die Nachricht, das klingt gut. Können wir nächste Woche telefonieren?",
  fr: "Merci pour votre message, nous sommes intéressés. Pouvez-vous m'envoyer une démo ?",
  es: "Gracias por el correo, nos interesa bastante. ¿Podemos hablar el jueves?",
  pt: "Obrigado pelo contacto, parece interessante. Podemos marcar uma reunião na próxima semana?",
  it: "Grazie per la mail, siamo interessati. Possiamo sentirci giovedì?",
  nl: "Bedankt voor je bericht, dat klinkt goed. Kunnen we volgende week bellen?",
};

Deno.test("each language is told from the reply's own words", () => {
  for (const [lang, text] of Object.entries(SAMPLES)) assertEquals(detectReplyLanguage(text), lang, text);
});

Deno.test("the quoted English thread does not make a German reply English", () => {
  const reply = "Ja, gerne. Schicken Sie mir bitte die Preise.\n\nViele Grüße\nAnja\n\n" +
    "Am Mo., 30. Nov. 2026 um 10:14 schrieb Sam Lee <sam@leadly.test>:\n" +
    "> Hi Anja, thanks for the call. Would you like to see the pricing for your team? " +
    "> We help sales teams keep track of their leads and deals.";
  assertEquals(detectReplyLanguage(reply), "de");
});

Deno.test("no words to go by: English", () => {
  assertEquals(detectReplyLanguage(""), "en");
  assertEquals(detectReplyLanguage("42 ?!"), "en");
});

Deno.test("every language has an answer for every intent (none for out of office)", () => {
  for (const lang of REPLY_LANGUAGES) {
    for (const intent of REPLY_INTENTS) {
      const answer = ANSWER_TEMPLATES[lang].answers[intent];
      if (intent === "out_of_office") assertEquals(answer, "");
      else assert(answer.length > 40, `${lang} ${intent}`);
    }
  }
});

Deno.test("the suggested answer is in the reply's language, with its greeting and sign-off", () => {
  const fr = suggestionFor("interested", "Camille", "fr");
  assertEquals(fr.language, "fr");
  assertMatch(fr.answer, /^Bonjour Camille,\n\nMerci pour votre retour/);
  assertMatch(fr.answer, /Bien cordialement$/);
  assertMatch(suggestionFor("asking_price", null, "de").answer, /^Guten Tag,\n\ngerne schicke ich Ihnen die Preise/);
  assertMatch(suggestionFor("unsubscribe", "Inés", "es").answer, /^Hola Inés:/);
  assertMatch(suggestionFor("meeting_request", "Joana", "pt").answer, /convite/);
  assertMatch(suggestionFor("question", "Luca", "it").answer, /ottima domanda/);
  assertMatch(suggestionFor("referral", "Sanne", "nl").answer, /verwijzing/);
  assertEquals(suggestionFor("interested", "Sam").language, "en", "English by default");
  assertEquals(suggestionFor("out_of_office", "Sam", "de").answer, "");
});
