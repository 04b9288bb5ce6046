// One card on the deals board. Memoised: with 2,000 deals on a board, a drag re-renders only the cards whose
// props changed. Works without JavaScript: the name is a link to the deal, stretched over the whole card.
import { memo } from "preact/compat";
import type { DealCard as Deal } from "../../lib/deals/deals.ts";
import { agingBadge, formatMoney } from "../../lib/deals/aging.ts";
import { isOverdue, shortDate } from "../../lib/deals/client/board.ts";
import { Avatar } from "../ui/Avatar.tsx";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";

export interface DealCardProps {
  deal: Deal;
  /** ISO time the board was rendered at: server and browser show the same aging. */
  now: string;
  /** Being dragged or carried with the keyboard. */
  lifted?: boolean;
  /** Shows the "Move to…" button (writers, once hydrated). */
  movable?: boolean;
  onMenu?: (dealId: string) => void;
}

const AGING_LABEL = { fresh: "Fresh", aging: "Aging", stale: "Stale" } as const;

export const DealCard = memo(function DealCard({ deal, now, lifted, movable, onMenu }: DealCardProps) {
  const aging = agingBadge(new Date(deal.stage_entered_at), new Date(now));
  const close = shortDate(deal.expected_close_date, now);
  const overdue = isOverdue(deal, now);
  const owner = deal.owner_name;
  return (
    <div class={cx("deal-card", lifted && "is-lifted")} data-deal-id={deal.id}>
      <a class="deal-card-link" href={`/deals/${deal.id}`} draggable={false} data-deal-link={deal.id}>
        {deal.name}
      </a>
      {deal.company_name && <span class="deal-card-company truncate">{deal.company_name}</span>}
      <span class="deal-card-value tabular">{formatMoney(deal.value, deal.currency)}</span>
      <span class="deal-card-meta">
        <span
          class={cx("deal-aging", `deal-aging-${aging.level}`)}
          title={`${AGING_LABEL[aging.level]}: ${aging.days} ${aging.days === 1 ? "day" : "days"} in this stage`}
        >
          {aging.days}d
        </span>
        {close && (
          <span class={cx("deal-card-close", overdue && "is-overdue")} title="Expected close date">
            <Icon name="calendar" size="sm" />
            {close}
          </span>
        )}
        <span class="deal-card-owner">
          {owner
            ? <Avatar name={owner} size="xs" userId={deal.owner_id} />
            : <span class="deal-card-nobody" title="No owner">?</span>}
          <span class="visually-hidden">Owner: {owner ?? "nobody"}</span>
        </span>
      </span>
      {movable && (
        <button
          type="button"
          class="deal-card-menu"
          aria-label={`Move ${deal.name} to…`}
          aria-haspopup="true"
          onClick={() => onMenu?.(deal.id)}
        >
          <Icon name="selector" size="sm" />
        </button>
      )}
    </div>
  );
});
