// One timeline entry: its icon, the sentence or subject, who and when, duration and outcome, the text, and the
// buttons under it (comments, delete). Rendered by the ActivityTimeline island, on the server and in the browser.
import type { ComponentChildren } from "preact";
import { Badge } from "../ui/Badge.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";
import {
  type ActivityComment,
  type ActivityItem,
  dateTime,
  formatDuration,
  itemText,
  MANUAL_TYPE_LABELS,
  type ManualType,
  OUTCOME_LABELS,
  timeOfDay,
  TYPE_ICONS,
} from "../../lib/activities/client/format.ts";

const LOGGED: Record<string, string> = { call: "logged a call", email: "logged an email", meeting: "logged a meeting" };

export interface ActivityEntryProps {
  item: ActivityItem;
  memberNames: Record<string, string>;
  timeZone: string;
  /** Buttons and the comment thread, from the island. */
  children?: ComponentChildren;
}

export function ActivityEntry({ item, memberNames, timeZone, children }: ActivityEntryProps) {
  const manual = item.type in MANUAL_TYPE_LABELS;
  const text = itemText(item, memberNames);
  const who = item.actor?.name ?? "Leadly";
  const showsActor = !manual && (item.type === "status_change" || item.type === "stage_change" ||
    item.type.startsWith("task_"));
  const duration = formatDuration(item.duration_seconds);
  return (
    <li class={cx("timeline-item", `timeline-item-${item.type}`, item.is_system && "is-system")} data-id={item.id}>
      <span class="timeline-icon" aria-hidden="true">
        <Icon name={TYPE_ICONS[item.type] ?? "circle"} size="sm" />
      </span>
      <div class="timeline-content">
        <p class="timeline-title">
          {manual && <span class="timeline-kind">{MANUAL_TYPE_LABELS[item.type as ManualType]}</span>}
          {(!manual || item.subject) && <span class="timeline-title-text">{text.title}</span>}
        </p>
        {text.lines.length > 0 && (
          <ul class="timeline-changes">
            {text.lines.map((line, i) => <li key={i}>{line}</li>)}
          </ul>
        )}
        <p class="timeline-meta">
          {manual && <span>{who} {LOGGED[item.type] ?? "added a note"}</span>}
          {showsActor && <span>{who}</span>}
          <time dateTime={item.occurred_at} title={dateTime(item.occurred_at, timeZone)}>
            {timeOfDay(item.occurred_at, timeZone)}
          </time>
          {duration && <span class="timeline-duration">{duration}</span>}
          {item.outcome && (
            <Badge tone={item.outcome === "connected" || item.outcome === "held" ? "success" : "neutral"}>
              {OUTCOME_LABELS[item.outcome] ?? item.outcome}
            </Badge>
          )}
        </p>
        {manual && item.body && <p class="timeline-body">{item.body}</p>}
        {children}
      </div>
    </li>
  );
}

/** A comment's text with its @mentions as chips; tokens are strings, so nothing here can become markup. */
export function CommentText({ comment }: { comment: ActivityComment }) {
  return (
    <p class="comment-text">
      {comment.tokens.map((token, i) =>
        token.type === "mention"
          ? <span key={i} class="mention-chip" data-user-id={token.userId}>{token.text}</span>
          : <span key={i}>{token.text}</span>
      )}
    </p>
  );
}
