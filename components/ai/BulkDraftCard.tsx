// One record's drafts in the bulk writer's review list (components/ai/BulkWriter.tsx, islands/BulkReview.tsx):
// the record's name and a link to it, the drafts as tabs, subject and message editable and saved on the server
// as the person types (lib/ai/client/draft-autosave.ts, with a "Saved" state and a choice when someone else saved
// first), Copy and Save as template of the text as edited. A record that could not be written says why.
import { useState } from "preact/hooks";
import type { DraftText, WriterOptions } from "../../lib/ai/client/writer-options.ts";
import { copyDraft, saveDraftAsTemplate } from "../../lib/ai/client/drafts.ts";
import { type SaveState, useDraftAutosave } from "../../lib/ai/client/draft-autosave.ts";
import { DraftTabs } from "./DraftTabs.tsx";
import { TemplateNameForm } from "./TemplateNameForm.tsx";

export interface BulkDraftView {
  record_id: string;
  record_name: string;
  position: number;
  status: "written" | "failed";
  variants: DraftText[];
  error: string | null;
  version: number;
  edited_at: string | null;
}

interface BulkDraftCardProps {
  runId: string;
  draft: BulkDraftView;
  recordType: "contact" | "lead";
  writtenFor: Pick<WriterOptions, "channel" | "language">;
  csrf: string;
}

function saveLabel(state: SaveState): string | null {
  switch (state.kind) {
    case "pending":
      return "Edited";
    case "saving":
      return "Saving…";
    case "saved":
      return "Saved";
    default:
      return null;
  }
}

export function BulkDraftCard({ runId, draft, recordType, writtenFor, csrf }: BulkDraftCardProps) {
  const id = `ai-bulk-${draft.record_id.slice(0, 8)}`;
  const autosave = useDraftAutosave({ runId, recordId: draft.record_id, csrf }, draft);
  const { variants, state } = autosave;
  const [selected, setSelected] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [templateName, setTemplateName] = useState<string | null>(null);
  const shown = variants[selected] ?? null;
  const href = `/${recordType}s/${draft.record_id}`;

  const edit = (patch: Partial<DraftText>) =>
    autosave.edit(variants.map((v, i) => i === selected ? { ...v, ...patch } : v));
  const label = saveLabel(state);
  const copy = async () => shown && setNotice(await copyDraft(shown));
  const save = async (event: Event) => {
    event.preventDefault();
    if (!shown || !templateName?.trim()) return;
    const saved = await saveDraftAsTemplate(templateName.trim(), shown, writtenFor, csrf);
    if (!saved.ok) return setNotice(saved.error);
    setTemplateName(null);
    setNotice(saved.notice);
  };

  return (
    <li class={`ai-bulk-record is-${draft.status}`} data-record-id={draft.record_id}>
      <div class="ai-bulk-record-head">
        <a class="ai-bulk-record-name" href={href}>{draft.record_name}</a>
        {draft.status === "failed" && <span class="badge badge-danger">not written</span>}
        {label && (
          <span class={`ai-bulk-save is-${state.kind}`} data-save-state={state.kind} role="status">{label}</span>
        )}
      </div>
      {draft.status === "failed" && <p class="muted text-sm ai-bulk-record-error">{draft.error}</p>}
      {shown && (
        <div class="stack-sm">
          {variants.length > 1 && (
            <DraftTabs count={variants.length} selected={selected} onSelect={setSelected} idPrefix={id} />
          )}
          <div class="stack-sm" id={`${id}-panel`} role="tabpanel">
            {shown.subject !== null && (
              <input
                class="input input-sm"
                aria-label={`Subject for ${draft.record_name}`}
                value={shown.subject}
                onInput={(e) => edit({ subject: (e.target as HTMLInputElement).value })}
                onBlur={autosave.flush}
              />
            )}
            <textarea
              class="textarea ai-bulk-body"
              aria-label={`Message for ${draft.record_name}`}
              rows={5}
              value={shown.body}
              onInput={(e) => edit({ body: (e.target as HTMLTextAreaElement).value })}
              onBlur={autosave.flush}
            />
          </div>
          {state.kind === "failed" && <p class="ai-writer-error text-sm" role="alert">{state.message}</p>}
          {state.kind === "conflict" && (
            <div class="ai-bulk-conflict" role="alert">
              <p class="text-sm">{state.message}</p>
              <div class="row gap-2 wrap">
                <button type="button" class="btn btn-secondary btn-sm" onClick={autosave.keepMine}>
                  Keep mine
                </button>
                <button type="button" class="btn btn-ghost btn-sm" onClick={autosave.takeTheirs}>Take theirs</button>
              </div>
            </div>
          )}
          <div class="row gap-2 wrap">
            <button type="button" class="btn btn-secondary btn-sm" onClick={copy}>Copy</button>
            <button
              type="button"
              class="btn btn-secondary btn-sm"
              aria-expanded={templateName !== null}
              onClick={() => setTemplateName(templateName === null ? "" : null)}
            >
              Save as template
            </button>
          </div>
          {templateName !== null && <TemplateNameForm name={templateName} onName={setTemplateName} onSave={save} />}
          {notice && <p class="muted text-sm" role="status">{notice}</p>}
        </div>
      )}
    </li>
  );
}
