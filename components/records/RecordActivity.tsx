// The activity timeline column of a record page. Pages that load the first page on the server
// (lib/activities/timeline-load.ts loadTimeline) pass it as `timeline` and the timeline reads without JavaScript;
// otherwise the ActivityTimeline island loads it in the browser.
import ActivityTimeline from "../../islands/ActivityTimeline.tsx";
import type { TimelineData } from "../../lib/activities/client/format.ts";

export interface RecordActivityProps {
  recordType: string;
  recordId: string;
  /** The server-rendered first page, from loadTimeline(). */
  timeline?: TimelineData | null;
  /** The page's CSRF token; without it the island reads it from the page's forms. */
  csrf?: string;
}

export function RecordActivity({ recordType, recordId, timeline, csrf }: RecordActivityProps) {
  return (
    <>
      <ActivityTimeline recordType={recordType} recordId={recordId} csrf={csrf} initial={timeline ?? null} />
      {!timeline && (
        <noscript>
          <p class="text-sm muted">Turn on JavaScript to see this record's activity.</p>
        </noscript>
      )}
    </>
  );
}
