// The activity timeline of a record (contact, company, lead, deal): grouped by day, newest first, with filters by
// kind, person and dates, "Load more" on the API's cursor, a composer for notes, calls, emails and meetings, and
// comment threads with @mentions. The first page arrives server-rendered (readable without JavaScript) when the
// page loaded it; otherwise the island loads it itself. Live: entries teammates log (and the automatic ones their
// edits write), deletions and new comments arrive through the record's room and appear in place.
// Its parts live in components/activity/ (composer, filters, entry actions) and lib/activities/client/ (days, query).
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { subscribe } from "@/lib/bus/client/connection.ts";
import {
  type ActivityDay,
  type ActivityItem,
  dayKey,
  dayLabel,
  mergeDays,
  type TimelineData,
  type TimelineMember,
} from "@/lib/activities/client/format.ts";
import { activityApi } from "@/lib/activities/client/api.ts";
import { type Filters, hasFilters, NO_FILTERS, timelineQuery } from "@/lib/activities/client/filters.ts";
import { changeItem, flashEntry, placeItem } from "@/lib/activities/client/days.ts";
import { ActivityEntry } from "@/components/activity/ActivityEntry.tsx";
import { CommentThread } from "@/components/activity/CommentThread.tsx";
import { ActivityComposer } from "@/components/activity/ActivityComposer.tsx";
import { ActivityFilters } from "@/components/activity/ActivityFilters.tsx";
import { TimelineItemActions } from "@/components/activity/TimelineItemActions.tsx";
import { Alert } from "@/components/ui/Alert.tsx";
import { Button } from "@/components/ui/Button.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";
import { cx } from "@/components/ui/cx.ts";

export interface ActivityTimelineProps {
  recordType: string;
  recordId: string;
  /** CSRF token for the API calls; read from the page's forms when not given. */
  csrf?: string;
  /** The server-rendered first page; null = load it in the browser. */
  initial: TimelineData | null;
}

export default function ActivityTimeline(props: ActivityTimelineProps) {
  const hydrated = useHydrated();
  const initial = props.initial;
  const record = { type: props.recordType, id: props.recordId };
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

  const seq = useRef(0);
  const memberNames = useMemo(() => Object.fromEntries(members.map((m) => [m.id, m.name])), [members]);
  const api = useMemo(() => activityApi(props.csrf), [props.csrf]);

  const load = async (f: Filters, mode: "first" | "more", cursor = "") => {
    const mine = ++seq.current;
    setLoading(mode);
    if (mode === "first") setError(null);
    const res = await api("GET", `/api/v1/activities?${timelineQuery(record, timeZone, f, cursor)}`);
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
      const res = await api("GET", `/api/v1/activities?${timelineQuery(record, zone, NO_FILTERS)}`);
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

  const saved = async () => {
    setToday(dayKey(new Date(), timeZone));
    // Reload the first page with the current filters: the new entry lands where the server puts it.
    await load(filters, "first");
  };

  // ---- live entries ----------------------------------------------------------------------------------------
  const liveState = useRef({ filters, timeZone, nextCursor, days });
  liveState.current = { filters, timeZone, nextCursor, days };
  const reloadSoon = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const updateItem = (id: string, change: (item: ActivityItem) => ActivityItem | null) => {
    setDays((current) => changeItem(current, id, change));
  };

  const fetchItem = async (id: string) => {
    const res = await api("GET", `/api/v1/activities/${id}`);
    if (!res.ok || !res.body?.data) return;
    const item = res.body.data as ActivityItem;
    const { timeZone, nextCursor } = liveState.current;
    setDays((current) => placeItem(current, item, { timeZone, moreToLoad: Boolean(nextCursor) }));
    flashEntry(item.id);
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
          <ActivityComposer
            idBase={idBase}
            record={record}
            members={members}
            hydrated={hydrated}
            api={api}
            onSaved={saved}
          />
        )}

        <ActivityFilters filters={filters} members={members} hydrated={hydrated} onChange={applyFilters} />

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
                      <TimelineItemActions
                        item={item}
                        hydrated={hydrated}
                        threadOpen={openThreads.has(item.id)}
                        confirming={confirming === item.id}
                        onToggleThread={() =>
                          toggleThread(item.id)}
                        onConfirm={(yes) =>
                          setConfirming(yes ? item.id : null)}
                        onDelete={() =>
                          remove(item.id)}
                      />
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
