// What the AI writer is asked (validated at the edge) and what it answers.
import { z } from "zod";
import { UUID } from "../../ids.ts";

import {
  WRITER_CHANNELS,
  WRITER_GOALS,
  WRITER_LANGUAGES,
  WRITER_LENGTHS,
  WRITER_TONES,
  type WriterChannel,
} from "../client/writer-options.ts";

export {
  WRITER_CHANNELS,
  WRITER_GOALS,
  WRITER_LANGUAGES,
  WRITER_LENGTHS,
  WRITER_TONES,
} from "../client/writer-options.ts";
export type { WriterChannel, WriterGoal, WriterLanguage, WriterLength, WriterTone } from "../client/writer-options.ts";

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `Choose a ${what}: ${values.join(", ")}.` });

export const writeInput = z.object({
  recordType: oneOf(["contact", "lead", "deal"] as const, "record type"),
  recordId: z.string({ error: "Name the record (recordId)." }).regex(UUID, "That record id is not valid."),
  channel: oneOf(WRITER_CHANNELS, "channel"),
  goal: oneOf(WRITER_GOALS, "goal"),
  tone: oneOf(WRITER_TONES, "tone").default("friendly"),
  length: oneOf(WRITER_LENGTHS, "length").default("medium"),
  language: oneOf(WRITER_LANGUAGES, "language").default("en"),
  variants: z.number({ error: "Variants must be 2 or 3." }).int().min(2, "Ask for 2 or 3 variants.")
    .max(3, "Ask for 2 or 3 variants.").default(3),
  /** Extra wishes for the model ("mention the webinar"); the offline writer cannot follow them. */
  instructions: z.string().trim().max(500, "Keep the extra instructions under 500 characters.").optional(),
});

export type WriteInput = z.infer<typeof writeInput>;

export interface Draft {
  /** Null for LinkedIn notes and SMS. */
  subject: string | null;
  body: string;
}

/** What the model must answer (JSON mode); checked again after the channel's own limits are applied. */
export const modelAnswer = z.object({
  variants: z.array(z.object({ subject: z.string().max(300).default(""), body: z.string().trim().min(1).max(6000) }))
    .min(1).max(3),
});

export interface WriteResult {
  variants: Draft[];
  /** The model's name, or "offline" for the template writer. */
  provider: string;
  prompt: { name: string; version: string };
  generationId: string;
}

/** Channel limits every draft is held to, whoever wrote it. */
export const CHANNEL_LIMITS: Record<WriterChannel, { subject: number; body: number }> = {
  email: { subject: 120, body: 5000 },
  linkedin: { subject: 0, body: 300 },
  sms: { subject: 0, body: 320 },
};

/** Trims a draft to its channel: no subject outside email, bodies cut at the limit. */
export function fitToChannel(draft: { subject?: string | null; body: string }, channel: WriterChannel): Draft {
  const limits = CHANNEL_LIMITS[channel];
  const subject = limits.subject > 0 ? (draft.subject ?? "").trim().slice(0, limits.subject) || null : null;
  const body = draft.body.trim();
  return { subject, body: body.length <= limits.body ? body : `${body.slice(0, limits.body - 1).trimEnd()}…` };
}
