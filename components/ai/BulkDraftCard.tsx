// One record's drafts in the bulk writer's review list (components/ai/BulkWriter.tsx): the record's name and a
// link to it, the drafts as tabs, subject and message editable, Copy and Save as template. A record that could
// not be written says why.
import { useState } from "preact/hooks";
import { request } from "../../lib/client/api.ts";
import type { DraftText, WriterOptions } from "../../lib/ai/client/writer-options.ts";
import { DraftTabs } from "./DraftTabs.tsx";

export interface BulkDraftView {
  record_id: string;
  record_name: string;
  position: number;
  status: "written" | "failed";
  variants: DraftText[];
  error: string | null;
}

interface BulkDraftCardProps {
  draft: BulkDraftView;
  recordType: "contact" | "lead";
  writtenFor: Pick<WriterOptions, "channel" | "language">;
  csrf: string;
}

const asText = (d: DraftText) => d.subject ? `Subject: ${d.subject}\n\n${d.body}` : d.body;

export function BulkDraftCard({ draft, recordType, writtenFor, csrf }: BulkDraftCardProps) {
  const id = `ai-bulk-${draft.record_id.slice(0, 8)}`;
  const [variants, setVariants] = useState<DraftText[]>(draft.variants);
  const [selected, setSelected] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [templateName, setTemplateName] = useState<string | null>(null);
  const shown = variants[selected] ?? null;
  const href = `/${recordType}s/${draft.record_id}`;

  const edit = (patch: Partial<DraftText>) =>
    setVariants(variants.map((v, i) => i === selected ? { ...v, ...patch } : v));
  const copy = async () => {
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(asText(shown));
      setNotice("Copied.");
    } catch {
      setNotice("Copying is blocked here: select the text and copy it.");
    }
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!shown || !templateName?.trim()) return;
    const saved = await request("POST", "/functions/v1/ai/templates", {
      name: templateName.trim(),
      channel: writtenFor.channel,
      language: writtenFor.language,
      subject: shown.subject,
      body: shown.body,
    }, { csrf });
    if (!saved.ok) return setNotice(saved.error ?? "The template could not be saved.");
    setTemplateName(null);
    setNotice(`Saved as the template “${templateName.trim()}”.`);
  };

  return (
    <li class={`ai-bulk-record is-${draft.status}`} data-record-id={draft.record_id}>
      <div class="ai-bulk-record-head">
        <a class="ai-bulk-record-name" href={href}>{draft.record_name}</a>
        {draft.status === "failed" && <span class="badge badge-danger">not written</span>}
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
              />
            )}
            <textarea
              class="textarea ai-bulk-body"
              aria-label={`Message for ${draft.record_name}`}
              rows={5}
              value={shown.body}
              onInput={(e) => edit({ body: (e.target as HTMLTextAreaElement).value })}
            />
          </div>
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
          {templateName !== null && (
            <form class="row gap-2 wrap ai-writer-template" onSubmit={save}>
              <input
                class="input input-sm"
                aria-label="Template name"
                placeholder="Template name"
                maxLength={120}
                required
                value={templateName}
                onInput={(e) => setTemplateName((e.target as HTMLInputElement).value)}
              />
              <button type="submit" class="btn btn-primary btn-sm">Save</button>
            </form>
          )}
          {notice && <p class="muted text-sm" role="status">{notice}</p>}
        </div>
      )}
    </li>
  );
}
