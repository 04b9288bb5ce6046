// "Understand a reply" on lead and contact pages: paste the reply you received, and see its intent, how sure the
// classifier is, which provider answered ("offline" model or the configured one), the next step and an answer
// to start from (a template, labelled). When the reply moved the lead to Interested, say so with an Undo (owners
// and admins: the flow moves backwards only by override); when it was an unsubscribe, say the person is opted
// out. Everything the server returns is shown as text, never as HTML.
import { useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { request } from "@/lib/client/api.ts";
import { MAX_REPLY_CHARS } from "@/lib/ai/reply/intents.ts";

/** The suggested answer is written in the reply's language (lib/ai/reply/language.ts): say which. */
const LANGUAGE_NAMES: Record<string, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  pt: "Português",
  it: "Italiano",
  nl: "Nederlands",
};

export interface ReplyAnalyzerProps {
  recordType: "lead" | "contact";
  recordId: string;
  canWrite: boolean;
  csrf?: string;
}

interface Understanding {
  intent: string;
  label: string;
  confidence: number;
  provider: string;
  suggestion: { nextStep: string; answer: string; language?: string; source: "template" };
  transition: { leadId: string; from: string; to: string; changeId: number; undoable: boolean } | null;
  transitionSkipped: string | null;
  optOut: { id: string; created: boolean } | null;
}

const INTENT_TONE: Record<string, string> = {
  interested: "success",
  meeting_request: "success",
  asking_price: "accent",
  question: "info",
  referral: "info",
  out_of_office: "neutral",
  not_interested: "warning",
  unsubscribe: "danger",
};

/** Never "100%": a classifier is not certain, and rounding should not say it is. */
function percent(confidence: number): string {
  return confidence >= 0.995 ? ">99%" : `${Math.round(confidence * 100)}%`;
}

export default function ReplyAnalyzer({ recordType, recordId, canWrite, csrf }: ReplyAnalyzerProps) {
  const hydrated = useHydrated();
  const id = `reply-${recordId.slice(0, 8)}`;
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Understanding | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [undone, setUndone] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const analyze = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setUndone(null);
    setCopied(false);
    const target = recordType === "lead" ? { leadId: recordId } : { contactId: recordId };
    const res = await request<Understanding>("POST", "/functions/v1/ai/understand-reply", { text, ...target }, {
      csrf,
    });
    setBusy(false);
    if (res.ok && res.body) setResult(res.body);
    else setError(res.error);
  };

  const undo = async () => {
    if (!result?.transition) return;
    setBusy(true);
    const { leadId, changeId } = result.transition;
    const res = await request("POST", "/functions/v1/ai/understand-reply/undo", { leadId, changeId }, { csrf });
    setBusy(false);
    if (res.ok) {
      setResult({ ...result, transition: null });
      setUndone("Undone: the lead is back in Contacted.");
    } else setError(res.error);
  };

  const copy = async () => {
    if (!result) return;
    try {
      await navigator.clipboard.writeText(result.suggestion.answer);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const tooLong = text.length > MAX_REPLY_CHARS;
  return (
    <section class="card reply-analyzer" aria-labelledby={`${id}-title`}>
      <header class="card-header">
        <h2 class="card-title" id={`${id}-title`}>Understand a reply</h2>
      </header>
      <div class="card-body stack-sm">
        {!canWrite
          ? <p class="muted text-sm">Viewers cannot analyse replies.</p>
          : (
            <form class="stack-sm" onSubmit={analyze}>
              <label class="field-label" for={`${id}-text`}>The reply you received</label>
              <textarea
                id={`${id}-text`}
                class="textarea reply-analyzer-text"
                rows={4}
                placeholder="Paste the reply, quoted thread and all: Leadly reads only what they wrote."
                value={text}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              />
              {tooLong && (
                <p class="field-error">
                  The reply is too long: at most {MAX_REPLY_CHARS.toLocaleString("en")} characters.
                </p>
              )}
              <div class="row gap-2 wrap">
                <button
                  type="submit"
                  class="btn btn-primary btn-sm"
                  disabled={!hydrated || busy || text.trim() === "" || tooLong}
                >
                  {busy ? "Reading…" : "Analyse reply"}
                </button>
                <span class="muted text-xs">1 credit</span>
              </div>
            </form>
          )}
        {error && <p class="reply-analyzer-error" role="alert">{error}</p>}
        {result && (
          <div class="reply-analyzer-result stack-sm" aria-live="polite" data-intent={result.intent}>
            <p class="row gap-2 wrap">
              <span class={`badge badge-${INTENT_TONE[result.intent] ?? "neutral"} reply-intent`}>{result.label}</span>
              <span class="reply-confidence" title="How sure the classifier is">
                <meter min={0} max={1} value={result.confidence} aria-label="Confidence" />
                <span class="tabular text-sm">{percent(result.confidence)}</span>
              </span>
              <span class={`badge badge-outline ${result.provider === "offline" ? "badge-warning" : "badge-accent"}`}>
                {result.provider === "offline" ? "Offline model" : result.provider}
              </span>
            </p>
            {result.transition && (
              <div class="alert alert-success reply-transition" role="status">
                <div class="alert-body">
                  <p class="alert-title">Moved to Interested: an AI decision</p>
                  <p class="text-sm">
                    The reply reads as interest, so the lead left Contacted. It shows on the status history.
                  </p>
                  {result.transition.undoable
                    ? (
                      <button type="button" class="btn btn-secondary btn-sm" disabled={busy} onClick={undo}>
                        Undo
                      </button>
                    )
                    : <p class="text-xs muted">Only owners and admins can move it back (the flow's override).</p>}
                </div>
              </div>
            )}
            {undone && <p class="text-sm reply-undone" role="status">{undone}</p>}
            {result.transitionSkipped && <p class="text-sm muted">{result.transitionSkipped}</p>}
            {result.optOut && (
              <div class="alert alert-warning reply-opt-out" role="status">
                <div class="alert-body">
                  <p class="alert-title">
                    {result.optOut.created ? "Opted out" : "Already opted out"}
                  </p>
                  <p class="text-sm">Outreach will not contact this person again.</p>
                </div>
              </div>
            )}
            <div class="stack-xs">
              <h3 class="reply-analyzer-heading">Next step</h3>
              <p class="text-sm">{result.suggestion.nextStep}</p>
            </div>
            {result.suggestion.answer && (
              <div class="stack-xs">
                <h3 class="reply-analyzer-heading">
                  Suggested answer <span class="badge badge-outline">Template</span>
                  {result.suggestion.language && (
                    <span
                      class="badge badge-outline reply-analyzer-language"
                      data-language={result.suggestion.language}
                    >
                      {LANGUAGE_NAMES[result.suggestion.language] ?? result.suggestion.language}
                    </span>
                  )}
                </h3>
                <textarea
                  class="textarea reply-analyzer-answer"
                  rows={6}
                  aria-label="Suggested answer"
                  value={result.suggestion.answer}
                  onInput={(e) =>
                    setResult({
                      ...result,
                      suggestion: { ...result.suggestion, answer: (e.target as HTMLTextAreaElement).value },
                    })}
                />
                <div class="row gap-2">
                  <button type="button" class="btn btn-ghost btn-sm" onClick={copy}>Copy</button>
                  {copied && <span class="text-xs muted" role="status">Copied</span>}
                </div>
              </div>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
