// "Write with AI" on contact, lead and deal pages: choose channel, goal, tone, length, language and how many
// drafts; the drafts stream in as they are written (tabs), then can be edited, copied or saved as a team
// template. Offline (no AI key on the server) the template writer answers, and the dialog says so. Everything
// the model writes is shown as text (inputs and textareas), never as HTML.
import { useRef, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { request } from "@/lib/client/api.ts";
import { copyDraft, saveDraftAsTemplate } from "@/lib/ai/client/drafts.ts";
import { streamDrafts } from "@/lib/ai/client/writer-stream.ts";
import type { DraftText, WriterOptions } from "@/lib/ai/client/writer-options.ts";
import { WriterOptionsForm } from "@/components/ai/WriterOptionsForm.tsx";
import { DraftTabs } from "@/components/ai/DraftTabs.tsx";
import { TemplateNameForm } from "@/components/ai/TemplateNameForm.tsx";

export interface AiWriterProps {
  recordType: "contact" | "lead" | "deal";
  recordId: string;
  /** What the record is called, for the dialog's title. */
  recordName: string;
  canWrite: boolean;
  csrf?: string;
}

type Phase = "idle" | "writing" | "done";

const DEFAULTS: WriterOptions = {
  channel: "email",
  goal: "follow_up",
  tone: "friendly",
  length: "medium",
  language: "en",
  variants: 3,
};

export default function AiWriter({ recordType, recordId, recordName, canWrite, csrf }: AiWriterProps) {
  const hydrated = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const running = useRef<AbortController | null>(null);
  const id = `ai-writer-${recordId.slice(0, 8)}`;
  const [options, setOptions] = useState<WriterOptions>(DEFAULTS);
  const [provider, setProvider] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [drafts, setDrafts] = useState<DraftText[]>([]);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [templateName, setTemplateName] = useState<string | null>(null);
  // What the shown drafts were written for (the form may have changed since): templates are saved with it.
  const [writtenFor, setWrittenFor] = useState<Pick<WriterOptions, "channel" | "language">>(DEFAULTS);

  const offline = provider === "offline";
  const writing = phase === "writing";
  const draft = drafts[selected] ?? null;

  const open = async () => {
    dialog.current?.showModal();
    if (provider === null) {
      const status = await request<{ provider: string }>("GET", "/functions/v1/ai/status");
      setProvider(status.ok && status.body ? status.body.provider : null);
    }
  };

  const close = () => {
    running.current?.abort();
    dialog.current?.close();
  };

  const write = async (event: Event) => {
    event.preventDefault();
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setPhase("writing");
    setError(null);
    setNotice(null);
    setTemplateName(null);
    setDrafts([]);
    setSelected(0);
    const { instructions, ...rest } = options;
    setWrittenFor({ channel: options.channel, language: options.language });
    const payload = { recordType, recordId, ...rest, ...(instructions?.trim() ? { instructions } : {}) };
    let streamed = 0;
    try {
      const result = await streamDrafts(payload, {
        csrf,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.event === "start") setProvider(e.data.provider);
          // Follow the draft being written, so the text that moves is the one on screen.
          if (e.event === "progress") {
            streamed = e.data.variants.length;
            setDrafts(e.data.variants);
            setSelected(e.data.variants.length - 1);
          }
        },
      });
      setDrafts(result.variants);
      setSelected(0);
      setPhase("done");
    } catch (failure) {
      if ((failure as Error).name === "AbortError") return;
      setError((failure as Error).message);
      setPhase(streamed > 0 ? "done" : "idle");
    } finally {
      if (running.current === controller) running.current = null;
    }
  };

  const edit = (patch: Partial<DraftText>) => {
    setDrafts(drafts.map((d, i) => (i === selected ? { ...d, ...patch } : d)));
  };

  const copy = async () => {
    if (!draft) return;
    setNotice(await copyDraft(draft));
  };

  const saveTemplate = async (event: Event) => {
    event.preventDefault();
    if (!draft || !templateName?.trim()) return;
    const saved = await saveDraftAsTemplate(templateName.trim(), draft, writtenFor, csrf);
    if (!saved.ok) return setError(saved.error);
    setTemplateName(null);
    setNotice(saved.notice);
  };

  if (!canWrite) return null;
  return (
    <section class="card ai-writer-card" aria-labelledby={`${id}-title`}>
      <header class="card-header">
        <h2 class="card-title" id={`${id}-title`}>AI writer</h2>
        <button type="button" class="btn btn-primary btn-sm" disabled={!hydrated} onClick={open}>
          Write with AI
        </button>
      </header>
      <div class="card-body">
        <p class="muted text-sm">Personal emails, LinkedIn notes and SMS from this {recordType}, in a few seconds.</p>
      </div>
      <dialog ref={dialog} class="ai-writer-dialog" aria-labelledby={`${id}-dialog-title`} onClose={close}>
        <div class="ai-writer-head">
          <h2 id={`${id}-dialog-title`} class="ai-writer-title">Write to {recordName}</h2>
          {provider && (
            <span
              class={`badge ${offline ? "badge-warning" : "badge-accent"} ai-writer-provider`}
              title={offline
                ? "No AI key is set on the server: drafts are filled from templates with this record's facts."
                : `Written by ${provider}`}
            >
              {offline ? "offline" : provider}
            </span>
          )}
          <button type="button" class="btn btn-ghost btn-sm btn-icon" aria-label="Close" onClick={close}>×</button>
        </div>
        <form class="stack-sm" onSubmit={write}>
          <WriterOptionsForm
            options={options}
            onChange={setOptions}
            offline={offline}
            disabled={writing}
            idPrefix={id}
          />
          <div class="row gap-2 wrap">
            <button type="submit" class="btn btn-primary" disabled={!hydrated || writing}>
              {writing ? "Writing…" : drafts.length > 0 ? "Write again" : "Write"}
            </button>
            {writing && (
              <button type="button" class="btn btn-ghost" onClick={() => running.current?.abort()}>Stop</button>
            )}
            {offline && <span class="muted text-sm">Offline: filled from templates, 2 credits per request.</span>}
          </div>
        </form>
        {error && <p class="ai-writer-error" role="alert">{error}</p>}
        <div class="ai-writer-result" aria-live="polite" aria-busy={writing}>
          {drafts.length > 0 && (
            <DraftTabs count={drafts.length} selected={selected} onSelect={setSelected} idPrefix={id} />
          )}
          {draft && (
            <div class="stack-sm ai-writer-draft" id={`${id}-panel`} role="tabpanel">
              {draft.subject !== null && (
                <div class="field">
                  <label class="field-label" for={`${id}-subject`}>Subject</label>
                  <input
                    id={`${id}-subject`}
                    class="input"
                    value={draft.subject}
                    readOnly={writing}
                    onInput={(e) => edit({ subject: (e.target as HTMLInputElement).value })}
                  />
                </div>
              )}
              <div class="field">
                <label class="field-label" for={`${id}-body`}>Message</label>
                <textarea
                  id={`${id}-body`}
                  class="textarea ai-writer-body"
                  value={draft.body}
                  readOnly={writing}
                  rows={8}
                  onInput={(e) => edit({ body: (e.target as HTMLTextAreaElement).value })}
                />
                <span class="field-hint">{draft.body.length} characters</span>
              </div>
              {phase === "done" && (
                <div class="row gap-2 wrap ai-writer-actions">
                  <button type="button" class="btn btn-secondary btn-sm" onClick={copy}>Copy</button>
                  <button
                    type="button"
                    class="btn btn-secondary btn-sm"
                    onClick={() => setTemplateName(templateName === null ? "" : null)}
                    aria-expanded={templateName !== null}
                  >
                    Save as template
                  </button>
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm"
                    disabled
                    title="Sequences come with the outreach update."
                  >
                    Hand to a sequence (soon)
                  </button>
                </div>
              )}
              {templateName !== null && (
                <TemplateNameForm name={templateName} onName={setTemplateName} onSave={saveTemplate} />
              )}
              {notice && <p class="muted text-sm" role="status">{notice}</p>}
            </div>
          )}
        </div>
      </dialog>
    </section>
  );
}
