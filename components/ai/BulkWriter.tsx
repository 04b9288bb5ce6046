// "Write with AI" in a contact or lead list's bulk bar (components/list/BulkBar.tsx, inside the RecordList
// island): one form (channel, goal, tone, length, language, drafts) for the selected rows, then drafts per
// record. POST /functions/v1/ai/bulk-write writes a few records at once and the rest in the background; the
// dialog reads /functions/v1/ai/bulk-write/<id> every second while it runs (a progress bar) and lists each
// record's drafts to review: edit, copy, save as template. Offline (no AI key) the template writer answers and
// the dialog says so. Model text is shown in inputs and textareas, never as HTML.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../lib/client/api.ts";
import type { ListUi } from "../../lib/list/client/state.ts";
import type { WriterOptions } from "../../lib/ai/client/writer-options.ts";
import { WriterOptionsForm } from "./WriterOptionsForm.tsx";
import { BulkDraftCard, type BulkDraftView } from "./BulkDraftCard.tsx";
import { BulkRunProgress, type BulkRunView, POLL_MS } from "./BulkRunProgress.tsx";

const DEFAULTS: WriterOptions = {
  channel: "email",
  goal: "introduce",
  tone: "friendly",
  length: "short",
  language: "en",
  variants: 2,
};

export function BulkWriter({ ui }: { ui: ListUi }) {
  const resource = ui.config.resource;
  const recordType = resource === "contacts" ? "contact" : resource === "leads" ? "lead" : null;
  const dialog = useRef<HTMLDialogElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [options, setOptions] = useState<WriterOptions>(DEFAULTS);
  const [provider, setProvider] = useState<string | null>(null);
  const [run, setRun] = useState<BulkRunView | null>(null);
  const [drafts, setDrafts] = useState<BulkDraftView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (!recordType) return null;

  const selectedIds = () => ui.rows.value.filter((r) => ui.selected.value.has(r.id)).map((r) => r.id);
  const offline = (run?.provider ?? provider) === "offline";
  const writing = starting || run?.status === "running";

  const open = async () => {
    setError(null);
    dialog.current?.showModal();
    if (provider === null) {
      const status = await request<{ provider: string }>("GET", "/functions/v1/ai/status");
      setProvider(status.ok && status.body ? status.body.provider : null);
    }
  };

  const read = async (id: string) => {
    const result = await request<{ data: { run: BulkRunView; drafts: BulkDraftView[] } }>(
      "GET",
      `/functions/v1/ai/bulk-write/${id}`,
    );
    if (!result.ok || !result.body) {
      setError(result.error ?? "Could not read the progress.");
      return;
    }
    setRun(result.body.data.run);
    setDrafts(result.body.data.drafts);
    if (result.body.data.run.status === "running") timer.current = setTimeout(() => read(id), POLL_MS);
  };

  const start = async (event: Event) => {
    event.preventDefault();
    const ids = selectedIds();
    if (ids.length === 0) return;
    clearTimeout(timer.current);
    setError(null);
    setStarting(true);
    setRun(null);
    setDrafts([]);
    const { instructions, ...rest } = options;
    const body = { recordType, ids, ...rest, ...(instructions?.trim() ? { instructions } : {}) };
    const result = await request<{ data: BulkRunView }>("POST", "/functions/v1/ai/bulk-write", body, {
      csrf: ui.props.csrf,
    });
    setStarting(false);
    if (!result.ok || !result.body) {
      setError(result.error ?? "The writing could not start.");
      return;
    }
    setRun(result.body.data);
    await read(result.body.data.id);
  };

  const count = ui.selected.value.size;
  const noun = count === 1 ? recordType : `${recordType}s`;
  return (
    <span class="bulk-writer">
      <button
        type="button"
        class="btn btn-secondary btn-sm"
        onClick={open}
        disabled={ui.busy.value}
        title="Write a personal message to each selected record (2 credits each)"
      >
        Write with AI
      </button>
      <dialog ref={dialog} class="ai-writer-dialog ai-bulk-dialog" aria-labelledby="ai-bulk-title">
        <div class="ai-writer-head">
          <h2 id="ai-bulk-title" class="ai-writer-title">Write to {count} {noun} with AI</h2>
          {(run?.provider ?? provider) && (
            <span
              class={`badge ${offline ? "badge-warning" : "badge-accent"} ai-writer-provider`}
              title={offline
                ? "No AI key is set on the server: drafts are filled from templates with each record's facts."
                : `Written by ${run?.provider ?? provider}`}
            >
              {offline ? "offline" : run?.provider ?? provider}
            </span>
          )}
          <button
            type="button"
            class="btn btn-ghost btn-sm btn-icon"
            aria-label="Close"
            onClick={() => dialog.current?.close()}
          >
            ×
          </button>
        </div>
        <form class="stack-sm" onSubmit={start}>
          <WriterOptionsForm
            options={options}
            onChange={setOptions}
            offline={offline}
            disabled={writing}
            idPrefix="ai-bulk"
          />
          <div class="row gap-2 wrap">
            <button type="submit" class="btn btn-primary" disabled={writing || count === 0}>
              {writing ? "Writing…" : `Write for ${count} ${noun}`}
            </button>
            <span class="muted text-sm">
              {offline ? "Offline: filled from templates. " : ""}2 credits per {recordType}, refunded if it fails.
            </span>
          </div>
        </form>
        {error && <p class="ai-writer-error" role="alert">{error}</p>}
        {run && <BulkRunProgress run={run} />}
        {run && (
          <p class="muted text-sm">
            Edits are saved as you type. <a href={`/ai/bulk/${run.id}`} target="_blank">Open these drafts as a page</a>
            {" "}
            to come back to them later.
          </p>
        )}
        {drafts.length > 0 && (
          <ol class="ai-bulk-results" aria-label="Drafts per record">
            {drafts.map((draft) => (
              <BulkDraftCard
                key={draft.record_id}
                runId={run!.id}
                draft={draft}
                recordType={recordType}
                writtenFor={run?.settings ?? options}
                csrf={ui.props.csrf}
              />
            ))}
          </ol>
        )}
      </dialog>
    </span>
  );
}
