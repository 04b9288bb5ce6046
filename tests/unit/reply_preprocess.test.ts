// Reply preprocessing: the person's own words survive; quoted thread, forwarded headers, signatures and legal
// footers (in the seven languages of the data set) go, since they carry our own outreach's words.
import { assertEquals } from "../helpers/assert.ts";
import {
  htmlToText,
  replyBody,
  stripDisclaimers,
  stripQuotedText,
  stripSignature,
} from "../../lib/ai/reply/preprocess.ts";
import { features, normalise, tokens } from "../../lib/ai/reply/features.ts";
import { loadReplies } from "../../lib/ai/reply/dataset.ts";

Deno.test("quoted lines and every mail client's 'wrote:' header cut the thread", () => {
  const headers = [
    "On Mon, 30 Nov 2026 at 10:14, Sam Lee <sam@leadly.test> wrote:",
    "Am Mo., 30. Nov. 2026 um 10:14 Uhr schrieb Sam Lee <sam@leadly.test>:",
    "Le lun. 30 nov. 2026 à 10:14, Sam Lee <sam@leadly.test> a écrit :",
    "El lun, 30 nov 2026 a las 10:14, Sam Lee (<sam@leadly.test>) escribió:",
    "Em seg., 30 de nov. de 2026 às 10:14, Sam Lee <sam@leadly.test> escreveu:",
    "Il giorno lun 30 nov 2026 alle ore 10:14 Sam Lee <sam@leadly.test> ha scritto:",
    "Op ma 30 nov. 2026 om 10:14 schreef Sam Lee <sam@leadly.test>:",
  ];
  for (const header of headers) {
    assertEquals(stripQuotedText(`Not for us.\n\n${header}\nAre you interested in pricing?`).trim(), "Not for us.");
  }
  assertEquals(stripQuotedText("Yes please\n> Would you like a demo?\n> pricing attached").trim(), "Yes please");
});

Deno.test("Outlook's Original Message block and forwarded headers cut the thread; a lone From: line does not", () => {
  const outlook =
    "Send me a quote.\n\n-----Original Message-----\nFrom: Sam\nSent: Monday\nSubject: Demo?\n\nBook a call";
  assertEquals(stripQuotedText(outlook).trim(), "Send me a quote.");
  const headerOnly = "Talk to Ben.\n\nFrom: Sam Lee <sam@leadly.test>\nSent: Monday, November 30\nTo: x\n\nHi";
  assertEquals(stripQuotedText(headerOnly).trim(), "Talk to Ben.");
  const forwarded = "See below, James.\n\n---------- Forwarded message ---------\nFrom: Sam\n\nInterested?";
  assertEquals(stripQuotedText(forwarded).trim(), "See below, James.");
  assertEquals(
    stripQuotedText("From: the sales team's point of view, no."),
    "From: the sales team's point of view, no.",
  );
});

Deno.test("signatures after a sign-off and legal footers go; the body never disappears", () => {
  assertEquals(
    stripSignature("We'd like a demo.\n\nMit freundlichen Grüßen\n\nMarkus Lehmann\nLeiter Vertrieb").trim(),
    "We'd like a demo.",
  );
  assertEquals(stripSignature("Count me in.\n\nSent from my iPhone").trim(), "Count me in.");
  assertEquals(stripSignature("Thanks!"), "Thanks!", "a one-line thank-you is the reply itself");
  const footer = "No thanks.\n\nThis email and any attachments are confidential and intended solely for the addressee.";
  assertEquals(stripDisclaimers(footer).trim(), "No thanks.");
  assertEquals(replyBody("> only quoted text"), "> only quoted text", "nothing left: keep the whole text");
});

Deno.test("a reply pasted as HTML: the blockquoted thread goes, line breaks stay, tags and entities go", () => {
  const html = '<div dir="ltr">Stop&nbsp;emailing me.<br>Thanks</div><div class="gmail_quote">On Mon, Sam wrote:' +
    '<blockquote class="gmail_quote">Interested in <b>pricing</b>?<blockquote>older</blockquote></blockquote></div>';
  assertEquals(htmlToText(html).trim(), "Stop emailing me.\nThanks\nOn Mon, Sam wrote:");
  assertEquals(replyBody(html), "Stop emailing me.", "and the sign-off");
  assertEquals(htmlToText("a <b> is not markup here"), "a <b> is not markup here");
});

Deno.test("no reply in the data set keeps a quote header, quoted line or footer after preprocessing", async () => {
  const leftovers =
    /(wrote:|\bschrieb\b|a écrit|escribió|escreveu|ha scritto|\bschreef\b|Original Message|^>|confidential|vertraulich)/im;
  for (const reply of await loadReplies()) {
    const body = replyBody(reply.text);
    assertEquals(leftovers.test(body), false, `left over in: ${JSON.stringify(body)}`);
  }
});

Deno.test("features: accents folded, addresses and numbers generic, words, bigrams and char n-grams", () => {
  assertEquals(normalise("Préço 25 €"), "preco  0  €");
  assertEquals(tokens("Email me: ana@x.test or see www.x.com/pricing"), [
    "email",
    "me",
    "emailaddr",
    "or",
    "see",
    "weblink",
  ]);
  const vector = features("Not interested");
  for (const key of ["w|not", "w|interested", "b|not interested", "b|^ not", "c| no", "c|inter", "len|tiny"]) {
    assertEquals(vector.has(key), true, key);
  }
  const norm = Math.hypot(...vector.values());
  assertEquals(Math.abs(norm - 1) < 1e-9, true, "unit length");
});
