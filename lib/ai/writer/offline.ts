// The offline writer: with no OPENAI_API_KEY, drafts are filled from templates with the record's own facts
// (name, company, title, the last call or meeting, the deal's stage), in English, German, French or Spanish.
// Honest about itself: its provider is "offline", and it follows no free-text instructions.
import type { RecordContext } from "../context.ts";
import { factsFrom } from "./facts.ts";
import { CHANNEL_LIMITS, type Draft, fitToChannel, type WriteInput } from "./input.ts";
import { PHRASEBOOKS } from "./phrases.ts";

export const OFFLINE_PROVIDER = "offline";

/** The sentences of one draft's body, in order, for the asked length. */
function sentences(context: RecordContext, input: WriteInput, variant: number): string[] {
  const book = PHRASEBOOKS[input.language];
  const facts = factsFrom(context, input.language);
  const goal = book.goals[input.goal];
  const lines = [goal.openers[variant](facts)];
  const { lastActivity, deal, stage } = facts;
  if (input.length !== "short") {
    if (lastActivity) lines.push(book.recap({ ...facts, lastActivity }, book.activity[lastActivity.type]));
    else if (deal && stage) lines.push(book.dealStage({ ...facts, deal, stage }));
  }
  if (input.length === "long") {
    if (lastActivity && deal && stage) lines.push(book.dealStage({ ...facts, deal, stage }));
    lines.push(book.value(facts), book.extra);
  }
  lines.push(goal.ctas[variant](facts));
  return lines;
}

/** One draft: an email is greeting, paragraphs and a signature; LinkedIn and SMS are one short paragraph. */
function draft(context: RecordContext, input: WriteInput, variant: number): Draft {
  const book = PHRASEBOOKS[input.language];
  const facts = factsFrom(context, input.language);
  const greeting = book.greeting[input.tone](facts);
  const body = sentences(context, input, variant);
  const signature = facts.sender;
  if (input.channel === "email") {
    const closing = signature ? `${book.closing[input.tone]}\n${signature}` : book.closing[input.tone];
    return fitToChannel({
      subject: book.goals[input.goal].subjects[variant](facts),
      body: [greeting, body.join(" "), closing].join("\n\n"),
    }, "email");
  }
  // Short channels always keep the opener and the ask, and drop middle sentences until the note fits.
  const kept = input.length === "short" ? [body[0], body[body.length - 1]] : [...body];
  const join = () => `${greeting}\n${[...kept, signature ? `– ${signature}` : ""].filter(Boolean).join(" ")}`;
  while (join().length > CHANNEL_LIMITS[input.channel].body && kept.length > 2) kept.splice(kept.length - 2, 1);
  return fitToChannel({ subject: null, body: join() }, input.channel);
}

export function offlineDrafts(context: RecordContext, input: WriteInput): Draft[] {
  return Array.from({ length: input.variants }, (_, variant) => draft(context, input, variant));
}
