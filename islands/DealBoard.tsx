// The deals kanban board. Server-rendered first (cards are links, the toolbar is a GET form), then hydrated:
// drag and drop with mouse, pen and touch (pointer events; long-press on touch), keyboard moves (Space picks
// a card up, arrows carry it, Space drops, Escape cancels) announced to screen readers, and a "Move to…"
// menu on each card for phones. Moves are applied at once (cards and column totals), sent to
// POST /api/v1/deals/:id/move, and undone with a readable message when the server refuses.
// Live: teammates' moves, new deals, edits and deletes arrive over the team's room and are applied where the
// server says the card is now (applying one twice changes nothing, so deal.moved and record.updated for the same
// move are harmless); while a card is being carried or a move is on its way they wait, then apply.
// Money: each column keeps its sums per currency (moved along with the cards), and its header and the pipeline
// summary convert them into the team's base currency with lib/deals/money.ts, the same code the server uses.
//
// The state is one set of signals (lib/deals/client/state.ts) shared by the parts: moving in
// lib/deals/client/move.ts, pointer and keyboard carrying in lib/deals/client/pointer-drag.ts and keyboard-carry.ts,
// live changes in lib/deals/client/live.ts, columns, toolbar and dialogs in components/deals/.
import { useCallback, useMemo, useRef } from "preact/hooks";
import type { BoardStage } from "@/lib/deals/client/board.ts";
import { type MoneySummary, summarize } from "@/lib/deals/money.ts";
import {
  type BoardFilterValues,
  carried,
  createBoardState,
  type DealBoardProps,
  PAGE,
  pipelineTotals,
} from "@/lib/deals/client/state.ts";
import { useBoardLive } from "@/lib/deals/client/live.ts";
import { usePointerDrag } from "@/lib/deals/client/pointer-drag.ts";
import { useKeyboardCarry } from "@/lib/deals/client/keyboard-carry.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { BoardColumn } from "@/components/deals/BoardColumn.tsx";
import { BoardToolbar } from "@/components/deals/BoardToolbar.tsx";
import { BoardToast, MoveSheet, ReasonDialog } from "@/components/deals/BoardDialogs.tsx";
import { PipelineSummary } from "@/components/deals/PipelineSummary.tsx";
import { Icon } from "@/components/ui/Icon.tsx";
import { cx } from "@/components/ui/cx.ts";

export type { BoardFilterValues, DealBoardProps };

export default function DealBoard(props: DealBoardProps) {
  const hydrated = useHydrated();
  const s = useMemo(() => createBoardState(props), []);
  const movable = hydrated && props.canWrite;
  useBoardLive(s);
  const pointer = usePointerDrag(s, movable);
  const onKeyDown = useKeyboardCarry(s, movable);

  const stages = s.stages.value;
  const carry = s.carry.value;
  const shown = s.shown.value;
  const money = props.money;
  // Per column, recomputed only when the column's sums changed: the same summary object keeps memoised columns
  // from re-rendering when another column changed.
  const summaries = useRef(new WeakMap<object, MoneySummary>());
  const summaryOf = (stage: BoardStage) => {
    const key = stage.by_currency ?? stage;
    let summary = summaries.current.get(key);
    if (!summary) summaries.current.set(key, summary = summarize(stage.by_currency, money));
    return summary;
  };
  const totals = useMemo(() => pipelineTotals(stages, money), [stages, money]);
  const view = useMemo(() => carried(stages, carry), [stages, carry]);
  const onMore = useCallback((stageId: string) => {
    s.shown.value = { ...s.shown.value, [stageId]: (s.shown.value[stageId] ?? PAGE) + PAGE };
  }, []);
  const openMenu = useCallback((dealId: string) => s.menuFor.value = dealId, []);
  const allParams = new URLSearchParams(
    Object.entries({ pipeline: props.pipelineId, ...props.filters, all: "1" }).filter(([, v]) => v),
  );
  const allHref = `/deals?${allParams}`;

  return (
    <div class="deal-board" data-hydrated={hydrated ? "true" : undefined}>
      <PipelineSummary {...totals} />
      <BoardToolbar
        pipelineId={props.pipelineId}
        pipelines={props.pipelines}
        members={props.members}
        filters={props.filters}
      />
      {s.stale.value && (
        <div class="live-banner" role="status">
          <button type="button" class="live-banner-button" onClick={() => location.reload()}>
            <Icon name="arrow-right" size="sm" />
            Deals changed — refresh the board
          </button>
        </div>
      )}
      <div
        class={cx("deal-columns", carry?.mode === "pointer" && "is-dragging")}
        ref={s.scroller}
        onPointerDown={pointer.onPointerDown}
        onKeyDown={onKeyDown}
        onClickCapture={pointer.onClickCapture}
        aria-describedby="deal-board-help"
      >
        {view.map((stage) => (
          <BoardColumn
            key={stage.id}
            stage={stages.find((x) => x.id === stage.id) ?? stage}
            deals={stage.deals}
            money={summaryOf(stages.find((x) => x.id === stage.id) ?? stage)}
            now={props.now}
            shown={shown[stage.id] ?? PAGE}
            carryId={carry && (carry.target.stageId === stage.id) ? carry.dealId : null}
            carryMode={carry && carry.target.stageId === stage.id ? carry.mode : null}
            movable={movable}
            onMore={onMore}
            onMenu={openMenu}
            allHref={allHref}
          />
        ))}
      </div>
      <p id="deal-board-help" class="visually-hidden">
        {props.canWrite
          ? "To move a deal with the keyboard, focus it and press Space, move it with the arrow keys, and press Space again to drop it."
          : "You can view deals but not move them."}
      </p>
      <p class="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">{s.announcement.value}</p>
      <ReasonDialog s={s} />
      <MoveSheet s={s} />
      <BoardToast s={s} />
    </div>
  );
}
