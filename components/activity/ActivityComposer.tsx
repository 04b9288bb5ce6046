// The timeline's composer: a tab per kind (note, call, email, meeting), subject, text with @mentions, and for
// calls and meetings a duration and an outcome. Part of the ActivityTimeline island; keeps its own draft.
import { useState } from "preact/hooks";
import {
  CALL_OUTCOMES,
  MANUAL_TYPE_LABELS,
  MANUAL_TYPES,
  type ManualType,
  MEETING_OUTCOMES,
  OUTCOME_LABELS,
  type TimelineMember,
} from "../../lib/activities/client/format.ts";
import type { Api } from "../../lib/activities/client/api.ts";
import { MentionTextarea } from "./MentionTextarea.tsx";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";

const SUBMIT_LABELS: Record<ManualType, string> = {
  note: "Add note",
  call: "Log call",
  email: "Log email",
  meeting: "Log meeting",
};
const SUBJECT_PLACEHOLDERS: Record<ManualType, string> = {
  note: "",
  call: "e.g. Discovery call",
  email: "e.g. Sent the pricing sheet",
  meeting: "e.g. Demo with the buying team",
};

export interface ActivityComposerProps {
  /** Prefix of the element ids (one timeline per record on a page). */
  idBase: string;
  record: { type: string; id: string };
  members: TimelineMember[];
  hydrated: boolean;
  api: Api;
  /** An entry was saved: the timeline reloads its first page. */
  onSaved(): Promise<void>;
}

export function ActivityComposer({ idBase, record, members, hydrated, api, onSaved }: ActivityComposerProps) {
  const [tab, setTab] = useState<ManualType>("note");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [minutes, setMinutes] = useState("");
  const [outcome, setOutcome] = useState("");
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setSubject("");
    setBody("");
    setMinutes("");
    setOutcome("");
  };

  const submit = async () => {
    if (posting) return;
    setError(null);
    if (!subject.trim() && !body.trim()) {
      setError(tab === "note" ? "Write the note first." : "Write a subject or some text.");
      return;
    }
    const payload: Record<string, unknown> = {
      record_type: record.type,
      record_id: record.id,
      type: tab,
      subject: subject.trim() || null,
      body: body.trim() || null,
    };
    if (tab === "call" || tab === "meeting") {
      if (minutes.trim()) {
        const value = Number(minutes);
        if (!Number.isFinite(value) || value < 0) {
          setError("Duration is a number of minutes.");
          return;
        }
        payload.duration_seconds = Math.round(value * 60);
      }
      if (outcome) payload.outcome = outcome;
    }
    setPosting(true);
    const res = await api("POST", "/api/v1/activities", payload);
    setPosting(false);
    if (!res.ok) {
      setError(res.body?.error?.message ?? "That could not be saved.");
      return;
    }
    reset();
    await onSaved();
  };

  const isCallOrMeeting = tab === "call" || tab === "meeting";
  const outcomes = tab === "call" ? CALL_OUTCOMES : MEETING_OUTCOMES;

  return (
    <form
      class="activity-composer"
      aria-label="Log an activity"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div class="activity-tabs" role="tablist" aria-label="Kind of activity">
        {MANUAL_TYPES.map((type) => (
          <button
            key={type}
            type="button"
            role="tab"
            id={`${idBase}-tab-${type}`}
            aria-selected={tab === type ? "true" : "false"}
            aria-controls={`${idBase}-panel`}
            class={cx("activity-tab", tab === type && "is-active")}
            disabled={!hydrated}
            onClick={() => {
              setTab(type);
              setOutcome("");
              setError(null);
            }}
          >
            {MANUAL_TYPE_LABELS[type]}
          </button>
        ))}
      </div>
      <div class="activity-composer-body stack-sm" id={`${idBase}-panel`} role="tabpanel">
        {tab !== "note" && (
          <div class="field">
            <label class="visually-hidden" for={`${idBase}-subject`}>Subject</label>
            <input
              id={`${idBase}-subject`}
              class="input"
              placeholder={`Subject — ${SUBJECT_PLACEHOLDERS[tab]}`}
              maxLength={200}
              value={subject}
              disabled={!hydrated}
              onInput={(event) => setSubject((event.target as HTMLInputElement).value)}
            />
          </div>
        )}
        <MentionTextarea
          id={`${idBase}-body`}
          label={tab === "note" ? "Note" : "Details"}
          value={body}
          members={members}
          onValue={setBody}
          onSubmit={submit}
          rows={tab === "note" ? 3 : 2}
          disabled={!hydrated}
          placeholder={tab === "note"
            ? "Write a note… type @ to mention a teammate"
            : "What was said, what happens next…"}
        />
        {isCallOrMeeting && (
          <div class="activity-composer-row">
            <label class="activity-inline-field">
              <span class="field-label">Duration</span>
              <span class="activity-minutes">
                <input
                  type="number"
                  class="input input-sm"
                  min={0}
                  max={1440}
                  step={1}
                  inputMode="numeric"
                  value={minutes}
                  disabled={!hydrated}
                  onInput={(event) => setMinutes((event.target as HTMLInputElement).value)}
                />
                <span class="muted text-sm">min</span>
              </span>
            </label>
            <label class="activity-inline-field">
              <span class="field-label">Outcome</span>
              <span class="select-wrap">
                <select
                  class="select select-sm"
                  value={outcome}
                  disabled={!hydrated}
                  onChange={(event) => setOutcome((event.target as HTMLSelectElement).value)}
                >
                  <option value="">Not set</option>
                  {outcomes.map((o) => <option key={o} value={o}>{OUTCOME_LABELS[o]}</option>)}
                </select>
                <Icon name="chevron-down" size="sm" class="select-icon" />
              </span>
            </label>
          </div>
        )}
        {error && <p class="field-error" role="alert">{error}</p>}
        <div class="activity-composer-actions">
          <span class="text-xs subtle desktop-only">Ctrl+Enter to save</span>
          <Button type="submit" variant="primary" size="sm" disabled={!hydrated || posting}>
            {posting ? "Saving…" : SUBMIT_LABELS[tab]}
          </Button>
        </div>
      </div>
    </form>
  );
}
