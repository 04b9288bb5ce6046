// What to do about a reply, per intent: the next step for the rep and a short answer to start from. These are
// templates (labelled as such in the UI and the API: `source: "template"`), filled with the person's first name;
// the rep edits them before anything is sent. Pure: safe to bundle for the browser.
import type { ReplyIntent } from "./intents.ts";

export interface ReplySuggestion {
  nextStep: string;
  answer: string;
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

const ANSWERS: Record<ReplyIntent, string> = {
  interested:
    "Thanks for getting back to me, great to hear it sounds useful. I've attached a short overview. Would Tuesday or Thursday suit you for a 20-minute call to see whether it fits your team?",
  not_interested:
    "Thanks for letting me know, I appreciate the clear answer. I won't follow up on this; if things change, you know where to find me.",
  asking_price:
    "Happy to share pricing. How many people would use it? With that I can send you the exact figure, and I'm glad to walk you through the plans on a short call.",
  meeting_request:
    "Great, that works for me. I'll send a calendar invite for the time you suggested; let me know if anyone else should join.",
  question:
    "Good question. Here's the short answer: [answer]. Happy to show you how it works in a quick demo if that helps.",
  referral:
    "Thank you for pointing me in the right direction, I'll reach out to them directly and mention you suggested it.",
  out_of_office: "",
  unsubscribe: "Understood, I've removed you from our list and you won't hear from us again. Sorry for the bother.",
};

export function suggestionFor(intent: ReplyIntent, firstName: string | null): ReplySuggestion {
  const body = ANSWERS[intent];
  const greeting = firstName ? `Hi ${firstName},` : "Hi,";
  return {
    nextStep: NEXT_STEPS[intent],
    answer: body === "" ? "" : `${greeting}\n\n${body}\n\nBest regards`,
    source: "template",
  };
}
