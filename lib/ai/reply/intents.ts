// The eight intents a reply to sales outreach can have (the pinned contract of POST /functions/v1/ai/classify-reply).
// Pure: safe to bundle for the browser.

export const REPLY_INTENTS = [
  "interested",
  "not_interested",
  "asking_price",
  "meeting_request",
  "question",
  "referral",
  "out_of_office",
  "unsubscribe",
] as const;

export type ReplyIntent = typeof REPLY_INTENTS[number];

export const REPLY_INTENT_LABELS: Readonly<Record<ReplyIntent, string>> = {
  interested: "Interested",
  not_interested: "Not interested",
  asking_price: "Asking for the price",
  meeting_request: "Wants a meeting",
  question: "Has a question",
  referral: "Refers you to someone else",
  out_of_office: "Out of office",
  unsubscribe: "Unsubscribe",
};

export function isReplyIntent(value: unknown): value is ReplyIntent {
  return typeof value === "string" && (REPLY_INTENTS as readonly string[]).includes(value);
}

/** The longest reply we classify: a pasted thread rarely needs more, and the model's cost grows with length. */
export const MAX_REPLY_CHARS = 20_000;
