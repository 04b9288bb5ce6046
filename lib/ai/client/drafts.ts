// What the single-record writer (islands/AiWriter.tsx) and the bulk writer's cards (components/ai/BulkDraftCard.tsx)
// do with a finished draft: copy it, or save it as a team template.
import { request } from "../../client/api.ts";
import type { DraftText, WriterOptions } from "./writer-options.ts";

/** A draft as one clipboard text: the subject line first when the channel has one. */
export function draftAsText(draft: DraftText): string {
  return draft.subject ? `Subject: ${draft.subject}\n\n${draft.body}` : draft.body;
}

/** Copies the draft; the sentence to show says whether it worked. */
export async function copyDraft(draft: DraftText): Promise<string> {
  try {
    await navigator.clipboard.writeText(draftAsText(draft));
    return "Copied.";
  } catch {
    return "Copying is blocked here: select the text and copy it.";
  }
}

/** Saves the draft as a template named `name`, for the channel and language it was written for. */
export async function saveDraftAsTemplate(
  name: string,
  draft: DraftText,
  writtenFor: Pick<WriterOptions, "channel" | "language">,
  csrf?: string,
): Promise<{ ok: true; notice: string } | { ok: false; error: string }> {
  const saved = await request("POST", "/functions/v1/ai/templates", {
    name,
    channel: writtenFor.channel,
    language: writtenFor.language,
    subject: draft.subject,
    body: draft.body,
  }, { csrf });
  if (!saved.ok) return { ok: false, error: saved.error ?? "The template could not be saved." };
  return { ok: true, notice: `Saved as the template “${name}”.` };
}
