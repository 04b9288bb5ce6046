// One column of the deals board: its stage's header with counts and money, its cards (the first PAGE, then
// "Show more"), and a placeholder where a dragged card was. Memoised: a column re-renders only when its own
// cards, sums or carry state changed.
import { memo } from "preact/compat";
import type { BoardStage, DealCard as Deal } from "../../lib/deals/client/board.ts";
import type { MoneySummary } from "../../lib/deals/money.ts";
import { PAGE } from "../../lib/deals/client/state.ts";
import { stageTone } from "../../lib/deals/client/stage-tone.ts";
import { cx } from "../ui/cx.ts";
import { DealCard } from "./DealCard.tsx";
import { MoneyTotal, UnconvertedNote } from "./MoneyTotal.tsx";

export interface ColumnProps {
  stage: BoardStage;
  deals: Deal[];
  /** The column's totals in the base currency (from stage.by_currency, so they follow moves). */
  money: MoneySummary;
  now: string;
  shown: number;
  carryId: string | null;
  carryMode: "pointer" | "keyboard" | null;
  movable: boolean;
  onMore: (stageId: string) => void;
  onMenu: (dealId: string) => void;
  /** This page with every card loaded (?all=1). */
  allHref: string;
}

export const BoardColumn = memo(function BoardColumn(props: ColumnProps) {
  const { stage, deals, money, now, shown, carryId, carryMode, movable, allHref } = props;
  const visible = deals.slice(0, shown);
  const hidden = deals.length - visible.length;
  const unloaded = Math.max(0, stage.count - stage.deals.length);
  const headingId = `stage-${stage.id}`;
  return (
    <section
      class={cx("deal-column", `stage-tone-${stageTone(stage.color, stage.kind)}`, `deal-column-${stage.kind}`)}
      data-stage-id={stage.id}
      aria-labelledby={headingId}
    >
      <header class="deal-column-head">
        <div class="deal-column-title">
          <span class="stage-dot" aria-hidden="true" />
          <h2 id={headingId}>{stage.name}</h2>
          <span class="deal-column-count" aria-label={`${stage.count} deals`}>{stage.count}</span>
          <span class="deal-column-prob" title="Win probability of this stage">{stage.probability}%</span>
        </div>
        <div class="deal-column-sums">
          <MoneyTotal summary={money} compact note={false} class="deal-column-total" />
          <MoneyTotal summary={money} compact weighted note={false} suffix="weighted" class="deal-column-weighted" />
          <UnconvertedNote summary={money} />
        </div>
        <span class="deal-column-bar" aria-hidden="true" />
      </header>
      <div class="deal-column-cards" role="list" aria-label={`${stage.name} deals`}>
        {visible.map((deal) =>
          deal.id === carryId && carryMode === "pointer"
            ? <div key={deal.id} class="deal-placeholder" role="listitem" aria-hidden="true" />
            : (
              <div key={deal.id} role="listitem" class="deal-card-slot">
                <DealCard
                  deal={deal}
                  now={now}
                  lifted={deal.id === carryId}
                  movable={movable}
                  onMenu={props.onMenu}
                />
              </div>
            )
        )}
        {/* A list item, so an empty column is still a well-formed list (axe: aria-required-children). */}
        {deals.length === 0 && <p class="deal-column-empty" role="listitem">No deals</p>}
        {hidden > 0 && (
          <button type="button" class="deal-column-more" onClick={() => props.onMore(stage.id)}>
            Show {Math.min(hidden, PAGE)} more
          </button>
        )}
        {hidden <= 0 && unloaded > 0 && (
          <a class="deal-column-more" href={allHref}>
            Load all {stage.count} deals
          </a>
        )}
      </div>
    </section>
  );
});
