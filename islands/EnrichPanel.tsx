// A contact's or company's enrichment on its page: what providers found, each value with its source and date,
// whether it went into the record or stayed a suggestion (a value someone typed is never replaced unless they
// tick "Replace typed values"), the email check, and the "Enrich" button. Offline (no provider key) it says so.
// Talks to /functions/v1/enrich with the page's session cookie and CSRF token (lib/client/api.ts).
import { useEffect, useState } from "preact/hooks";
import { request } from "@/lib/client/api.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { FIELD_ORDER, fieldLabel, providerLabel, shortDate, VERDICT_WORDS } from "@/lib/enrich/client/labels.ts";

export interface EnrichPanelProps {
  recordType: "contact" | "company";
  recordId: string;
  canWrite: boolean;
}

interface StoredField {
  value: string | string[];
  source: string;
  fetchedAt: string;
  confidence?: number;
  guess?: boolean;
  applied: boolean;
  column?: string;
  matches?: boolean;
}

interface Verification {
  verdict: string;
  reasons: string[];
  deliverability?: string;
}

interface Enrichment {
  fields: Record<string, StoredField>;
  verification: Verification | null;
  enriched_at: string;
}

interface Outcome extends Enrichment {
  applied: string[];
  kept: string[];
  cached: boolean;
  credits: { cost: number; replayed: boolean };
  warnings: string[];
}

type Notice = { tone: "error" | "success" | "warning"; text: string; reload?: boolean } | null;

function FieldValue({ name, field }: { name: string; field: StoredField }) {
  const value = Array.isArray(field.value) ? field.value.join(", ") : field.value;
  const isLink = /^https?:\/\//.test(value) && (name.endsWith("_url"));
  return isLink
    ? <a href={value} target="_blank" rel="noopener noreferrer nofollow">{value.replace(/^https?:\/\/(www\.)?/, "")}</a>
    : <span>{value}</span>;
}

function FieldRow({ name, field }: { name: string; field: StoredField }) {
  return (
    <div class="enrich-field" data-field={name}>
      <dt>{fieldLabel(name)}</dt>
      <dd>
        <FieldValue name={name} field={field} />
        <span class="enrich-meta">
          {providerLabel(field.source)} · {shortDate(field.fetchedAt)}
          {field.guess && <span class="enrich-tag is-guess" title="Inferred, not looked up">guess</span>}
          {field.column && !field.guess && (
            field.applied || field.matches
              ? <span class="enrich-tag is-applied" title="Written into the record">in record</span>
              : <span class="enrich-tag is-kept" title="The record keeps the value someone typed">suggested</span>
          )}
        </span>
      </dd>
    </div>
  );
}

export default function EnrichPanel({ recordType, recordId, canWrite }: EnrichPanelProps) {
  const hydrated = useHydrated();
  const [data, setData] = useState<Enrichment | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "busy">("loading");
  const [offline, setOffline] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const path = `/functions/v1/enrich/${recordType}/${encodeURIComponent(recordId)}`;

  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    Promise.all([
      request<{ data: Enrichment | null }>("GET", path, undefined, { signal }),
      request<{ offline: boolean }>("GET", "/functions/v1/enrich/status", undefined, { signal }),
    ]).then(([stored, status]) => {
      if (stored.ok) setData(stored.body?.data ?? null);
      else setNotice({ tone: "error", text: stored.error ?? "The enrichment could not be loaded." });
      setOffline(status.body?.offline === true);
      setState("ready");
    }).catch(() => {});
    return () => controller.abort();
  }, [path]);

  async function enrich() {
    setState("busy");
    setNotice(null);
    const result = await request<{ data: Outcome }>("POST", path, { overwrite });
    setState("ready");
    if (!result.ok || !result.body) {
      setNotice({ tone: "error", text: result.error ?? "Enrichment failed. Please try again." });
      return;
    }
    const outcome = result.body.data;
    setData(outcome);
    const parts = [
      outcome.applied.length > 0
        ? `${outcome.applied.length} field${outcome.applied.length === 1 ? "" : "s"} filled in the record`
        : "Nothing new to fill in",
      outcome.kept.length > 0 ? `${outcome.kept.length} kept as typed` : "",
      outcome.credits.replayed ? "" : `${outcome.credits.cost} credits${outcome.cached ? " (from the cache)" : ""}`,
    ].filter(Boolean);
    setNotice({
      tone: outcome.warnings.length > 0 ? "warning" : "success",
      text: `${parts.join(" · ")}.${outcome.warnings.length > 0 ? ` ${outcome.warnings.join(" ")}` : ""}`,
      reload: outcome.applied.length > 0,
    });
  }

  const fields = data ? FIELD_ORDER.filter((name) => data.fields[name]) : [];
  const verification = data?.verification;
  return (
    <section class="card enrich-panel" aria-label="Enrichment" data-state={state}>
      <header class="card-header enrich-header">
        <h2 class="card-title">Enrichment</h2>
        {offline && (
          <span
            class="badge badge-warning enrich-offline"
            title="No provider key is set: only what the record itself tells"
          >
            offline
          </span>
        )}
        {canWrite && (
          <button
            type="button"
            class="btn btn-secondary btn-sm enrich-button"
            disabled={!hydrated || state !== "ready"}
            onClick={enrich}
          >
            {state === "busy" ? "Enriching…" : "Enrich"}
          </button>
        )}
      </header>
      <div class="card-body stack-sm">
        {notice && (
          <p class={`enrich-notice is-${notice.tone}`} role={notice.tone === "error" ? "alert" : "status"}>
            {notice.text}
            {notice.reload && (
              <>
                {" "}
                <button type="button" class="link-button" onClick={() => location.reload()}>Show in the record</button>
              </>
            )}
          </p>
        )}
        {state === "loading" && <p class="muted">Loading…</p>}
        {state !== "loading" && !data && (
          <p class="muted">
            {offline
              ? "Not enriched yet. Without provider keys, enrichment derives only what the record tells (domain, a company name guess) and checks the email."
              : "Not enriched yet. Enrich looks up work email, phone, title, company size, industry, location, tech and social links."}
          </p>
        )}
        {verification && (
          <p class={`enrich-verdict is-${verification.verdict}`}>
            <strong>Email: {VERDICT_WORDS[verification.verdict] ?? verification.verdict}</strong>
            <span class="muted">{verification.reasons.join(" ")}</span>
          </p>
        )}
        {fields.length > 0 && (
          <dl class="enrich-fields">
            {fields.map((name) => <FieldRow key={name} name={name} field={data!.fields[name]} />)}
          </dl>
        )}
        {canWrite && (
          <label class="enrich-overwrite text-sm">
            <input
              type="checkbox"
              checked={overwrite}
              disabled={!hydrated}
              onChange={(e) => setOverwrite((e.target as HTMLInputElement).checked)}
            />{" "}
            Replace values people typed
          </label>
        )}
      </div>
    </section>
  );
}
