// The layout the model streams drafts in (writer-format-stream.v1.md): "### VARIANT n", a "SUBJECT:" line, then
// the body. Parsed again as every piece arrives, so the UI can show each draft growing; checked with zod at the
// end like a JSON answer (an answer without the layout is malformed: 502, credits refunded).
import { AppError } from "../../errors.ts";
import { MALFORMED_ANSWER } from "../chat.ts";
import { type Draft, fitToChannel, modelAnswer, type WriteInput } from "./input.ts";

const MARKER = /^[ \t]*#{2,4}[ \t]*VARIANT[ \t]*\d+[ \t]*$/im;
const SUBJECT = /^[ \t]*SUBJECT[ \t]*:[ \t]?(.*)$/i;

/** The drafts in the text so far (the last one possibly unfinished). Text before the first marker is ignored. */
export function parseStreamed(text: string): { subject: string; body: string }[] {
  const sections = text.replace(/\r\n/g, "\n").split(new RegExp(MARKER.source, "gim"));
  if (sections.length < 2) return [];
  return sections.slice(1).map((section, index, all) => {
    const lines = section.replace(/^\n+/, "").split("\n");
    const last = index === all.length - 1;
    let subject = "";
    const first = lines[0] ?? "";
    const match = first.match(SUBJECT);
    if (match) {
      subject = match[1].trim();
      lines.shift();
    } else if (last && lines.length === 1 && "SUBJECT:".startsWith(first.trim().toUpperCase())) {
      // "SUBJ" still arriving: not body text.
      lines.shift();
    }
    return { subject, body: lines.join("\n").trim() };
  });
}

/** The finished drafts, held to the channel and the number asked for. */
export function finishStreamed(text: string, input: Pick<WriteInput, "channel" | "variants">): Draft[] {
  const parsed = modelAnswer.safeParse({ variants: parseStreamed(text).filter((v) => v.body !== "") });
  if (!parsed.success) throw new AppError("bad_gateway", MALFORMED_ANSWER, { cause: parsed.error });
  return parsed.data.variants.slice(0, input.variants).map((draft) => fitToChannel(draft, input.channel));
}
