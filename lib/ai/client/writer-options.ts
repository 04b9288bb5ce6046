// The AI writer's choices, with the labels people see: shared by the server's validation (lib/ai/writer/input.ts)
// and the browser's form (islands/AiWriter.tsx), so both always offer the same. Browser-safe: no imports.

export const WRITER_CHANNELS = ["email", "linkedin", "sms"] as const;
export const WRITER_GOALS = ["introduce", "follow_up", "book_meeting", "send_proposal", "re_engage"] as const;
export const WRITER_TONES = ["friendly", "professional", "direct"] as const;
export const WRITER_LENGTHS = ["short", "medium", "long"] as const;
export const WRITER_LANGUAGES = ["en", "de", "fr", "es"] as const;

export type WriterChannel = typeof WRITER_CHANNELS[number];
export type WriterGoal = typeof WRITER_GOALS[number];
export type WriterTone = typeof WRITER_TONES[number];
export type WriterLength = typeof WRITER_LENGTHS[number];
export type WriterLanguage = typeof WRITER_LANGUAGES[number];

export const WRITER_LABELS = {
  channel: { email: "Email", linkedin: "LinkedIn note", sms: "SMS" },
  goal: {
    introduce: "Introduce us",
    follow_up: "Follow up",
    book_meeting: "Book a meeting",
    send_proposal: "Send a proposal",
    re_engage: "Re-engage",
  },
  tone: { friendly: "Friendly", professional: "Professional", direct: "Direct" },
  length: { short: "Short", medium: "Medium", long: "Long" },
  language: { en: "English", de: "Deutsch", fr: "Français", es: "Español" },
} as const;

/** What the writer is asked (the body of POST /functions/v1/ai/write). */
export interface WriterOptions {
  channel: WriterChannel;
  goal: WriterGoal;
  tone: WriterTone;
  length: WriterLength;
  language: WriterLanguage;
  variants: 2 | 3;
  instructions?: string;
}

export interface DraftText {
  subject: string | null;
  body: string;
}
