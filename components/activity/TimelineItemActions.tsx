// Under one timeline entry: open its comments, and delete it (after "Delete this entry?").
import type { ActivityItem } from "../../lib/activities/client/format.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";

export interface TimelineItemActionsProps {
  item: ActivityItem;
  hydrated: boolean;
  threadOpen: boolean;
  confirming: boolean;
  onToggleThread(): void;
  onConfirm(confirming: boolean): void;
  onDelete(): void;
}

export function TimelineItemActions(props: TimelineItemActionsProps) {
  const { item, hydrated } = props;
  return (
    <div class="timeline-actions">
      <button
        type="button"
        class="link-button text-sm"
        aria-expanded={props.threadOpen ? "true" : "false"}
        disabled={!hydrated}
        onClick={props.onToggleThread}
      >
        <Icon name="message" size="sm" />
        {item.comment_count > 0 ? `${item.comment_count} comment${item.comment_count === 1 ? "" : "s"}` : "Comment"}
      </button>
      {item.can_delete && !props.confirming && (
        <button
          type="button"
          class="link-button text-sm timeline-delete"
          disabled={!hydrated}
          onClick={() => props.onConfirm(true)}
        >
          <Icon name="trash" size="sm" />
          Delete
        </button>
      )}
      {props.confirming && (
        <span class="timeline-confirm" role="group" aria-label="Confirm delete">
          <span class="text-sm">Delete this entry?</span>
          <Button size="sm" variant="danger" onClick={props.onDelete}>Delete</Button>
          <Button size="sm" variant="ghost" onClick={() => props.onConfirm(false)}>Keep</Button>
        </span>
      )}
    </div>
  );
}
