// The activity timeline of a record (contact, company, lead, deal): grouped by day, newest first, with filters by
// kind, person and dates, "Load more" on the API's cursor, a composer for notes, calls, emails and meetings, and
// comment threads with @mentions. The first page arrives server-rendered (readable without JavaScript) when the
// page loaded it; otherwise the island loads it itself. Live: entries teammates log (and the automatic ones their
// edits write), deletions and new comments arrive through the record's room and appear in place.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useHydrated } from "../lib/web/hydrated.ts";
import { subscribe } from "../lib/realtime-client/connection.ts";
import {
  type ActivityDay,
  type ActivityItem,
  CALL_OUTCOMES,
  dayKey,
  dayLabel,
  MANUAL_TYPE_LABELS,
  MANUAL_TYPES,
  type ManualType,
  MEETING_OUTCOMES,
  mergeDays,
  OUTCOME_LABELS,
  type TimelineData,
  type TimelineMember,
  TYPE_FILTERS,
} from "../lib/activity-ui/format.ts";
import { ActivityEntry } from "../components/activity/ActivityEntry.tsx";
import { type Api, CommentThread } from "../components/activity/CommentThread.tsx";
import { MentionTextarea } from "../components/activity/MentionTextarea.tsx";
import { Alert } from "../components/ui/Alert.tsx";
import { Button } from "../components/ui/Button.tsx";
import { EmptyState } from "../components/ui/EmptyState.tsx";
import { Icon } from "../components/ui/Icon.tsx";
import { cx } from "../components/ui/cx.ts";
import { csrfToken } from "../lib/web/csrf-token.ts";

export interface ActivityTimelineProps {
  recordType: string;
  recordId: string;
  /** CSRF token for the API calls; read from the page's forms when not given. */
  csrf?: string;
  /** The server-rendered first page; null = load it in the browser. */
  initial: TimelineData | null;
}

interface Filters {
  kinds: string[];
  actor: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { kinds: [], actor: "", from: "", to: "" };
const PAGE_SIZE = "30";
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

function hasFilters(f: Filters) {
  return f.kinds.length > 0 || Boolean(f.actor || f.from || f.to);
}

export default function ActivityTimeline(props: ActivityTimelineProps) {
  const hydrated = useHydrated();
  const initial = props.initial;
  const [timeZone, setTimeZone] = useState(initial?.timeZone ?? "UTC");
  const [today, setToday] = useState(initial?.today ?? "");
  const [members, setMembers] = useState<TimelineMember[]>(initial?.members ?? []);
  const [days, setDays] = useState<ActivityDay[]>(initial?.days ?? []);
  const [nextCursor, setNextCursor] = useState<string | null>(initial?.nextCursor ?? null);
  const [loading, setLoading] = useState<"first" | "more" | null>(initial ? null : "first");
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [openThreads, setOpenThreads] = useState<Set<string>>(() => new Set());
  const [confirming, setConfirming] = useState<string | null>(null);
  const canWrite = initial?.canWrite ?? true;

  // composer
  const [tab, setTab] = useState<ManualType>("note");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [minutes, setMinutes] = useState("");
  const [outcome, setOutcome] = useState("");
  const [posting, setPosting] = useState(false);
  const [composerError, setComposerError] = useState<string | null>(null);

  const seq = useRef(0);
  const memberNames = useMemo(() => Object.fromEntries(members.map((m) => [m.id, m.name])), [members]);

  const api: Api = async (method, path, payload) => {
    try {
      const res = await fetch(path, {
        method,
        headers: {
          accept: "application/json",
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
          ...(method === "GET" ? {} : { "x-csrf-token": csrfToken(props.csrf) }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const json = await res.json().catch(() => null);
      return { ok: res.ok, status: res.status, body: json };
    } catch {
      return { ok: false, status: 0, body: { error: { message: "Could not reach the server. Try again." } } };
    }
  };

  const load = async (f: Filters, mode: "first" | "more", cursor = "") => {
    const mine = ++seq.current;
    setLoading(mode);
    if (mode === "first") setError(null);
    const params = new URLSearchParams({ record_type: props.recordType, record_id: props.recordId, limit: PAGE_SIZE });
    params.set("tz", timeZone);
    const types = TYPE_FILTERS.filter((t) => f.kinds.includes(t.key)).flatMap((t) => t.types);
    if (types.length) params.set("types", types.join(","));
    if (f.actor) params.set("actor_id", f.actor);
    if (f.from) params.set("from", f.from);
    if (f.to) params.set("to", f.to);
    if (cursor) params.set("cursor", cursor);
    const res = await api("GET", `/api/v1/activities?${params}`);
    if (mine !== seq.current) return;
    setLoading(null);
    if (!res.ok) {
      setError(res.body?.error?.message ?? `The activity could not be loaded (${res.status}).`);
      return;
    }
    setDays((current) => (mode === "more" ? mergeDays(current, res.body.days) : res.body.days));
    setNextCursor(res.body.next_cursor);
  };

  // Without a server-rendered page: learn the time zone and teammates, then load.
  useEffect(() => {
    if (initial) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    setTimeZone(zone);
    setToday(dayKey(new Date(), zone));
    api("GET", "/api/v1/activities/mentionable").then((res) => {
      if (res.ok) setMembers(res.body.data);
    });
    // the time zone state is not set yet within this tick
    (async () => {
      const mine = ++seq.current;
      const params = new URLSearchParams({
        record_type: props.recordType,
        record_id: props.recordId,
        limit: PAGE_SIZE,
        tz: zone,
      });
      const res = await api("GET", `/api/v1/activities?${params}`);
      if (mine !== seq.current) return;
      setLoading(null);
      if (!res.ok) return setError(res.body?.error?.message ?? "The activity could not be loaded.");
      setDays(res.body.days);
      setNextCursor(res.body.next_cursor);
    })();
  }, []);

  const applyFilters = (next: Filters) => {
    setFilters(next);
    load(next, "first");
  };

  const toggleKind = (key: string) => {
    const kinds = filters.kinds.includes(key) ? filters.kinds.filter((k) => k !== key) : [...filters.kinds, key];
    applyFilters({ ...filters, kinds });
  };

  const resetComposer = () => {
    setSubject("");
    setBody("");
    setMinutes("");
    setOutcome("");
  };

  const submit = async () => {
    if (posting) return;
    setComposerError(null);
    if (!subject.trim() && !body.trim()) {
      setComposerError(tab === "note" ? "Write the note first." : "Write a subject or some text.");
      return;
    }
    const payload: Record<string, unknown> = {
      record_type: props.recordType,
      record_id: props.recordId,
      type: tab,
      subject: subject.trim() || null,
      body: body.trim() || null,
    };
    if (tab === "call" || tab === "meeting") {
      if (minutes.trim()) {
        const value = Number(minutes);
        if (!Number.isFinite(value) || value < 0) {
          setComposerError("Duration is a number of minutes.");
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
      setComposerError(res.body?.error?.message ?? "That could not be saved.");
      return;
    }
    resetComposer();
    const zone = timeZone;
    setToday(dayKey(new Date(), zone));
    // Reload the first page with the current filters: the new entry lands where the server puts it.
    await load(filters, "first");
  };

  // ---- live entries ----------------------------------------------------------------------------------------
  const liveState = useRef({ filters, timeZone, nextCursor, days });
  liveState.current = { filters, timeZone, nextCursor, days };
  const reloadSoon = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Puts an entry where it belongs (newest first); replaces it when it is already shown. */
  const placeItem = (item: ActivityItem) => {
    setDays((current) => {
      const shown = current.some((d) => d.items.some((i) => i.id === item.id));
      if (shown) {
        return current.map((d) => ({ ...d, items: d.items.map((i) => (i.id === item.id ? item : i)) }));
      }
      const last = current.at(-1)?.items.at(-1);
      // Older than everything loaded while more pages remain: it comes with "Load more".
      if (last && liveState.current.nextCursor && item.occurred_at < last.occurred_at) return current;
      const date = dayKey(item.occurred_at, liveState.current.timeZone);
      const next = current.map((d) => ({ ...d, items: [...d.items] }));
      let day = next.find((d) => d.date === date);
      if (!day) {
        day = { date, items: [] };
        next.push(day);
        next.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
      }
      const at = day.items.findIndex((i) => i.occurred_at < item.occurred_at);
      day.items.splice(at < 0 ? day.items.length : at, 0, item);
      return next;
    });
    requestAnimationFrame(() => {
      const entry = document.querySelector<HTMLElement>(`.timeline-item[data-id="${item.id}"]`);
      entry?.classList.add("live-flash");
      entry?.addEventListener("animationend", () => entry.classList.remove("live-flash"), { once: true });
    });
  };

  const fetchItem = async (id: string) => {
    const res = await api("GET", `/api/v1/activities/${id}`);
    if (res.ok && res.body?.data) placeItem(res.body.data as ActivityItem);
  };

  useEffect(() => {
    if (!hydrated) return;
    return subscribe(`record:${props.recordType}:${props.recordId}`, {
      onEvent(event) {
        if (event.record_type !== "activity") return;
        const id = String(event.record_id);
        const payload = (event.payload ?? {}) as { parent_type?: string; parent_id?: string };
        if (payload.parent_id && (payload.parent_id !== props.recordId || payload.parent_type !== props.recordType)) {
          return;
        }
        if (event.type === "record.deleted") {
          updateItem(id, () => null);
          return;
        }
        const shown = liveState.current.days.some((d) => d.items.some((i) => i.id === id));
        if (event.type === "record.updated" && !shown) return;
        if (hasFilters(liveState.current.filters) && !shown) {
          // Whether it matches the filters is the server's call: read the first page again, once.
          clearTimeout(reloadSoon.current);
          reloadSoon.current = setTimeout(() => load(liveState.current.filters, "first"), 300);
          return;
        }
        void fetchItem(id);
      },
      onReset() {
        load(liveState.current.filters, "first");
      },
    });
  }, [hydrated, props.recordType, props.recordId]);

  const updateItem = (id: string, change: (item: ActivityItem) => ActivityItem | null) => {
    setDays((current) =>
      current.map((day) => ({
        ...day,
        items: day.items.map((item) => (item.id === id ? change(item) : item)).filter((i): i is ActivityItem =>
          i !== null
        ),
      })).filter((day) => day.items.length > 0)
    );
  };

  const remove = async (id: string) => {
    setConfirming(null);
    const res = await api("DELETE", `/api/v1/activities/${id}`);
    if (!res.ok) {
      setError(res.body?.error?.message ?? "That entry could not be deleted.");
      return;
    }
    updateItem(id, () => null);
  };

  const toggleThread = (id: string) => {
    const next = new Set(openThreads);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpenThreads(next);
  };

  const filtered = hasFilters(filters);
  const isCallOrMeeting = tab === "call" || tab === "meeting";
  const outcomes = tab === "call" ? CALL_OUTCOMES : MEETING_OUTCOMES;
  const idBase = `activity-${props.recordId}`;

  return (
    <section
      class="card activity"
      aria-labelledby={`${idBase}-title`}
      data-hydrated={hydrated ? "true" : undefined}
      aria-busy={loading ? "true" : "false"}
    >
      <header class="card-header">
        <h2 class="card-title" id={`${idBase}-title`}>Activity</h2>
      </header>
      <div class="card-body stack">
        {canWrite && (
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
                    setComposerError(null);
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
              {composerError && <p class="field-error" role="alert">{composerError}</p>}
              <div class="activity-composer-actions">
                <span class="text-xs subtle desktop-only">Ctrl+Enter to save</span>
                <Button type="submit" variant="primary" size="sm" disabled={!hydrated || posting}>
                  {posting ? "Saving…" : SUBMIT_LABELS[tab]}
                </Button>
              </div>
            </div>
          </form>
        )}

        <div class="activity-filters" role="group" aria-label="Filter the activity">
          <div class="activity-chips">
            {TYPE_FILTERS.map((f) => (
              <button
                key={f.key}
                type="button"
                class={cx("chip", filters.kinds.includes(f.key) && "is-active")}
                aria-pressed={filters.kinds.includes(f.key) ? "true" : "false"}
                disabled={!hydrated}
                onClick={() => toggleKind(f.key)}
              >
                {f.label}
              </button>
            ))}
          </div>
          <div class="activity-filter-row">
            <span class="select-wrap">
              <select
                class="select select-sm"
                aria-label="Person"
                value={filters.actor}
                disabled={!hydrated}
                onChange={(event) => applyFilters({ ...filters, actor: (event.target as HTMLSelectElement).value })}
              >
                <option value="">Anyone</option>
                {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
            <label class="activity-date">
              <span class="text-xs muted">From</span>
              <input
                type="date"
                class="input input-sm"
                aria-label="From date"
                value={filters.from}
                max={filters.to || undefined}
                disabled={!hydrated}
                onChange={(event) => applyFilters({ ...filters, from: (event.target as HTMLInputElement).value })}
              />
            </label>
            <label class="activity-date">
              <span class="text-xs muted">To</span>
              <input
                type="date"
                class="input input-sm"
                aria-label="To date"
                value={filters.to}
                min={filters.from || undefined}
                disabled={!hydrated}
                onChange={(event) => applyFilters({ ...filters, to: (event.target as HTMLInputElement).value })}
              />
            </label>
            {filtered && (
              <button type="button" class="link-button text-sm" onClick={() => applyFilters(NO_FILTERS)}>
                Clear
              </button>
            )}
          </div>
        </div>

        {error && <Alert tone="error">{error}</Alert>}

        {loading === "first" && days.length === 0 && <p class="muted text-sm">Loading activity…</p>}
        {!loading && !error && days.length === 0 && (
          filtered
            ? (
              <EmptyState
                icon="search"
                title="Nothing matches these filters"
                text="Try other kinds, people or dates."
              />
            )
            : (
              <EmptyState
                icon="sparkles"
                title="No activity yet"
                text="Calls, emails, meetings, notes and changes will show up here."
              />
            )
        )}

        {days.length > 0 && (
          <ol class={cx("timeline", loading === "first" && "is-loading")} aria-label="Activity, newest first">
            {days.map((day) => (
              <li key={day.date} class="timeline-day" data-date={day.date}>
                <h3 class="timeline-day-label">{dayLabel(day.date, today || day.date)}</h3>
                <ol class="timeline-items">
                  {day.items.map((item) => (
                    <ActivityEntry key={item.id} item={item} memberNames={memberNames} timeZone={timeZone}>
                      <div class="timeline-actions">
                        <button
                          type="button"
                          class="link-button text-sm"
                          aria-expanded={openThreads.has(item.id) ? "true" : "false"}
                          disabled={!hydrated}
                          onClick={() =>
                            toggleThread(item.id)}
                        >
                          <Icon name="message" size="sm" />
                          {item.comment_count > 0
                            ? `${item.comment_count} comment${item.comment_count === 1 ? "" : "s"}`
                            : "Comment"}
                        </button>
                        {item.can_delete && confirming !== item.id && (
                          <button
                            type="button"
                            class="link-button text-sm timeline-delete"
                            disabled={!hydrated}
                            onClick={() => setConfirming(item.id)}
                          >
                            <Icon name="trash" size="sm" />
                            Delete
                          </button>
                        )}
                        {confirming === item.id && (
                          <span class="timeline-confirm" role="group" aria-label="Confirm delete">
                            <span class="text-sm">Delete this entry?</span>
                            <Button
                              size="sm"
                              variant="danger"
                              onClick={() =>
                                remove(item.id)}
                            >
                              Delete
                            </Button>
                            <Button
                              size="sm"
                              variant="ghost"
                              onClick={() =>
                                setConfirming(null)}
                            >
                              Keep
                            </Button>
                          </span>
                        )}
                      </div>
                      {openThreads.has(item.id) && (
                        <CommentThread
                          activityId={item.id}
                          members={members}
                          timeZone={timeZone}
                          canWrite={canWrite}
                          api={api}
                          onCount={(count) => updateItem(item.id, (i) => ({ ...i, comment_count: count }))}
                        />
                      )}
                    </ActivityEntry>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        )}

        {nextCursor && (
          <div class="timeline-more">
            <Button
              variant="secondary"
              size="sm"
              disabled={!hydrated || loading !== null}
              onClick={() => load(filters, "more", nextCursor)}
            >
              {loading === "more" ? "Loading…" : "Load more"}
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}
