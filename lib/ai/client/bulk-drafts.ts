// Saving a person's edits to a bulk run's drafts (PATCH /functions/v1/ai/bulk-write/<run>/drafts/<record>),
// for the bulk writer's cards (components/ai/BulkDraftCard.tsx). Browser-safe.
import { request } from "../../client/api.ts";
import type { DraftText } from "./writer-options.ts";

export interface SavedBulkDraft {
  record_id: string;
  variants: DraftText[];
  version: number;
  edited_at: string | null;
}

export type DraftSave =
  | { kind: "saved"; draft: SavedBulkDraft }
  | { kind: "conflict"; draft: SavedBulkDraft; message: string }
  | { kind: "failed"; message: string };

/** How long after the last keystroke an edit is saved. */
export const SAVE_DELAY_MS = 700;

export async function saveBulkDraft(
  runId: string,
  recordId: string,
  version: number,
  variants: DraftText[],
  csrf?: string,
): Promise<DraftSave> {
  const result = await request<{ data: SavedBulkDraft }>(
    "PATCH",
    `/functions/v1/ai/bulk-write/${runId}/drafts/${recordId}`,
    { version, variants },
    { csrf },
  );
  if (result.ok && result.body) return { kind: "saved", draft: result.body.data };
  if (result.status === 409 && result.body?.data) {
    return { kind: "conflict", draft: result.body.data, message: result.error ?? "Someone saved these drafts first." };
  }
  return { kind: "failed", message: result.error ?? "Your edit could not be saved. It is kept here; try again." };
}

/** Whether two sets of drafts say the same. */
export function sameDrafts(a: DraftText[], b: DraftText[]): boolean {
  return a.length === b.length &&
    a.every((v, i) => (v.subject ?? null) === (b[i].subject ?? null) && v.body === b[i].body);
}
