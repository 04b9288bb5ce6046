// What "Write with AI" on a list selection is asked (validated at the edge): the selected contacts or leads and
// one form for all of them: the single writer's channel, goal, tone, length, language, drafts and wishes.
import { z } from "zod";
import { UUID } from "../../ids.ts";
import { writeInput } from "../writer/input.ts";

/** Most records one bulk run writes for (a list page's selection; 2 credits each). */
export const MAX_BULK_RECORDS = 200;
/** Up to this many records are written during the request; more go to the queue with a progress view. */
export const INLINE_BULK_RECORDS = 3;

export const bulkWriteInput = writeInput.omit({ recordType: true, recordId: true }).extend({
  recordType: z.enum(["contact", "lead"], { error: "Bulk writing works on contacts or leads (recordType)." }),
  ids: z.array(z.string().regex(UUID, "One of the selected ids is not valid."), {
    error: "Select the records to write to (ids).",
  }).min(1, "Select at least one record.").max(
    MAX_BULK_RECORDS,
    `Select at most ${MAX_BULK_RECORDS} records for one bulk write.`,
  ),
  variants: z.number({ error: "Drafts must be 2 or 3." }).int().min(2, "Ask for 2 or 3 drafts per record.")
    .max(3, "Ask for 2 or 3 drafts per record.").default(2),
});
export type BulkWriteInput = z.infer<typeof bulkWriteInput>;

/** The form's settings, as kept on the run (everything but the selection). */
export type BulkWriteSettings = Omit<BulkWriteInput, "recordType" | "ids">;

export function settingsOf(input: BulkWriteInput): BulkWriteSettings {
  const { recordType: _type, ids: _ids, ...settings } = input;
  return settings;
}

/** What a record is called in the review list. */
export function recordName(type: "contact" | "lead", row: Record<string, unknown>): string {
  const name = type === "lead"
    ? String(row.business_name ?? "").trim()
    : [row.first_name, row.last_name].filter((part) => typeof part === "string" && part.trim()).join(" ");
  return (name || (type === "lead" ? "Unnamed lead" : "Unnamed contact")).slice(0, 300);
}
