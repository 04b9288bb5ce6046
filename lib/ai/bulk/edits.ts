// A person's edits to a bulk run's drafts, saved on the server: the review shows them after a reload and to
// teammates, and Copy / Save as template use them. Writers of the run's team may edit (RLS: another team's run
// is a 404, a viewer a 403). Each save names the draft's version it started from; when someone saved in
// between, it is a 409 carrying the draft as it is now, so nobody's text is overwritten unseen.
import { z } from "zod";
import type { Caller } from "../../caller.ts";
import { AppError } from "../../errors.ts";
import { isUuid } from "../../ids.ts";
import { CHANNEL_LIMITS, type Draft } from "../writer/input.ts";
import type { WriterChannel } from "../client/writer-options.ts";

export const draftEditInput = z.object({
  version: z.number({ error: "Say which version of the draft you edited (version)." }).int().min(
    0,
    "The version is a whole number from 0.",
  ),
  variants: z.array(
    z.object({
      subject: z.string({ error: "A subject is text." }).max(300, "Keep the subject under 300 characters.")
        .nullable().optional(),
      body: z.string({ error: "Each draft has a message (body)." }).trim().min(1, "A draft's message cannot be empty.")
        .max(6000, "Keep a draft under 6,000 characters."),
    }),
    { error: "Send the drafts (variants)." },
  ).min(1, "Send the drafts (variants).").max(3, "A record has at most 3 drafts."),
});
export type DraftEditInput = z.infer<typeof draftEditInput>;

export interface SavedDraft {
  record_id: string;
  variants: Draft[];
  version: number;
  edited_at: string | null;
}

/** Someone saved first: the draft as it is now rides along, so the review can show it. */
export class DraftConflict extends AppError {
  constructor(readonly draft: SavedDraft) {
    super(
      "conflict",
      "Someone saved these drafts since you opened them. Keep yours to save over theirs, or take theirs.",
    );
  }
}

/** The edited drafts held to the run's channel (subjects only on email, the channel's lengths), or a 422. */
export function checkedVariants(channel: WriterChannel, variants: DraftEditInput["variants"]): Draft[] {
  const limits = CHANNEL_LIMITS[channel];
  return variants.map((v, i) => {
    const subject = limits.subject > 0 ? (v.subject ?? "").trim() || null : null;
    if (subject && subject.length > limits.subject) {
      throw new AppError(
        "unprocessable_entity",
        `Draft ${i + 1}: a subject line is at most ${limits.subject} characters.`,
      );
    }
    if (v.body.length > limits.body) {
      throw new AppError(
        "unprocessable_entity",
        `Draft ${i + 1}: this channel takes at most ${limits.body.toLocaleString("en")} characters.`,
      );
    }
    return { subject, body: v.body };
  });
}

/** Saves the edited drafts of one record of a run, as the caller; answers the saved draft. */
export async function saveDraftEdit(
  caller: Caller,
  runId: string,
  recordId: string,
  input: DraftEditInput,
): Promise<SavedDraft> {
  const notFound = new AppError("not_found", "That draft does not exist in this workspace.");
  if (!isUuid(runId) || !isUuid(recordId)) throw notFound;
  if (caller.role === "viewer") throw new AppError("forbidden", "Viewers cannot edit drafts.");
  return await caller.db.asUser(caller.claims, async (tx) => {
    const [current] = await tx.query<SavedDraft & { status: string; channel: WriterChannel }>(
      `select d.record_id, d.variants, d.version, d.edited_at, d.status, r.settings->>'channel' as channel
       from public.ai_bulk_drafts d join public.ai_bulk_runs r on r.id = d.run_id
       where d.run_id = $1 and d.record_id = $2 and d.team_id = $3
       for update of d`,
      [runId, recordId, caller.teamId],
    );
    if (!current) throw notFound;
    if (current.status !== "written") {
      throw new AppError("unprocessable_entity", "This record has no drafts to edit: it could not be written.");
    }
    if (input.variants.length !== current.variants.length) {
      throw new AppError(
        "unprocessable_entity",
        `This record has ${current.variants.length} drafts; send all ${current.variants.length}.`,
      );
    }
    const variants = checkedVariants(current.channel, input.variants);
    if (current.version !== input.version) {
      const { status: _status, channel: _channel, ...draft } = current;
      throw new DraftConflict(draft);
    }
    const [saved] = await tx.query<SavedDraft>(
      `update public.ai_bulk_drafts set variants = $4::jsonb, version = version + 1,
         edited_by = (select auth.uid()), edited_at = now()
       where run_id = $1 and record_id = $2 and team_id = $3
       returning record_id, variants, version, edited_at`,
      [runId, recordId, caller.teamId, JSON.stringify(variants)],
    );
    if (!saved) throw new AppError("forbidden", "You can read these drafts but not edit them.");
    return saved;
  });
}
