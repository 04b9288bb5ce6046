// What to do about a reply, per intent: the next step for the rep and a short answer to start from. These are
// templates (labelled as such in the UI and the API: `source: "template"`), filled with the person's first name;
// the rep edits them before anything is sent. Pure: safe to bundle for the browser.
import type { ReplyIntent } from "./intents.ts";
import { ANSWER_TEMPLATES } from "./answers.ts";
import type { ReplyLanguage } from "./language.ts";

export interface ReplySuggestion {
  nextStep: string;
  answer: string;
  /** The language of the answer: the reply's own (lib/ai/reply/language.ts). */
  language: ReplyLanguage;
  source: "template";
}

const NEXT_STEPS: Record<ReplyIntent, string> = {
  interested: "Strike while it is warm: send a short overview and offer two times for a call or a proposal.",
  not_interested: "Thank them and stop the follow-ups. If the no is final, mark the lead as lost with their reason.",
  asking_price: "Send the pricing for their team size and offer a short call to tailor a quote.",
  meeting_request: "Book the meeting at the time they proposed and send a calendar invite today.",
  question: "Answer the question plainly, then offer a short demo for anything it leaves open.",
  referral: "Write to the person they named, say who referred you, and add them as a contact.",
  out_of_office: "Nothing to answer now: set a task to follow up the day after they are back.",
  unsubscribe: "They are opted out: send nothing more. A one-line confirmation at most.",
};

/** The next step (for the rep, in English like the app) and an answer in the reply's language. */
export function suggestionFor(
  intent: ReplyIntent,
  firstName: string | null,
  language: ReplyLanguage = "en",
): ReplySuggestion {
  const templates = ANSWER_TEMPLATES[language];
  const body = templates.answers[intent];
  return {
    nextStep: NEXT_STEPS[intent],
    answer: body === "" ? "" : `${templates.greeting(firstName)}\n\n${body}\n\n${templates.signOff}`,
    language,
    source: "template",
  };
}
