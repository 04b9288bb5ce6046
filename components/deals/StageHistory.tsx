// A deal's stays in its stages, oldest first: "Qualified · 3 days", who moved it, and when.
import type { StageStay } from "../../lib/deals/deals.ts";
import { formatDuration, shortDate } from "../../lib/deals/client/board.ts";
import { cx } from "../ui/cx.ts";

export function StageHistory({ history }: { history: StageStay[] }) {
  if (history.length === 0) return <p class="muted text-sm">No stage changes yet.</p>;
  return (
    <ol class="stage-history">
      {history.map((stay) => (
        <li
          key={stay.id}
          class={cx("stage-history-item", stay.current && "is-current", stay.stage_kind && `is-${stay.stage_kind}`)}
        >
          <span class="stage-history-marker" aria-hidden="true" />
          <span class="stage-history-text">
            <strong>{stay.stage_name ?? "Deleted stage"}</strong>{" "}
            <span class="muted">· {formatDuration(stay.duration_ms)}</span>
            {stay.current && <span class="stage-history-now">now</span>}
          </span>
          <span class="stage-history-meta subtle text-xs">
            {shortDate(stay.entered_at.slice(0, 10), "")}
            {stay.changed_by_name && ` · by ${stay.changed_by_name}`}
          </span>
        </li>
      ))}
    </ol>
  );
}
