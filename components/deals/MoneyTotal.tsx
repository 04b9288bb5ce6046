// A total converted into the team's base currency, labelled with that currency, with its make-up on hover
// ("€42,000 → $45,360 at 1.08 (2026-12-01)") and any amounts that could not be converted shown beside it,
// never added in. Used by pages on the server and by the DealBoard island.
import {
  breakdown,
  convert,
  currencyCode,
  formatMoney,
  formatRate,
  type MoneyContext,
  type MoneySummary,
  rateFor,
  unconvertedNote,
} from "../../lib/deals/money.ts";
import { compactMoney } from "../../lib/deals/client/board.ts";
import { cx } from "../ui/cx.ts";

export interface MoneyTotalProps {
  summary: MoneySummary;
  /** The probability-weighted total instead of the plain one. */
  weighted?: boolean;
  /** "$45.4K" instead of "$45,360" (board column headers). Totals show whole units either way. */
  compact?: boolean;
  /** Words after the amount, e.g. "weighted". */
  suffix?: string;
  /** Show what could not be converted right after the amount (default); false when shown elsewhere. */
  note?: boolean;
  class?: string;
}

/** The hover text: what the total is in, then one line per currency. */
export function moneyTitle(summary: MoneySummary, weighted = false): string {
  const lines = breakdown(summary, weighted);
  const what = weighted ? "Weighted total" : "Total";
  return lines ? `${what} in ${summary.base}:\n${lines}` : `${what} in ${summary.base}`;
}

export function MoneyTotal(props: MoneyTotalProps) {
  const { summary, weighted = false, compact = false } = props;
  const value = weighted ? summary.weighted_total : summary.total;
  const note = props.note === false ? "" : unconvertedNote(summary, weighted);
  return (
    <span class={cx("money-total", props.class)} title={moneyTitle(summary, weighted)} data-base={summary.base}>
      <span class="money-amount tabular">
        {compact ? compactMoney(value, summary.base) : formatMoney(Math.round(value), summary.base)}
      </span>
      <span class="money-code">{summary.base}</span>
      {props.suffix && <span class="money-suffix">{props.suffix}</span>}
      {note && <span class="money-unconverted">{note}</span>}
    </span>
  );
}

/** "+ CHF 30,000 unconverted (no rate)" on its own, or nothing when everything converted. */
export function UnconvertedNote({ summary, class: extra }: { summary: MoneySummary; class?: string }) {
  const note = unconvertedNote(summary);
  return note ? <span class={cx("money-unconverted", extra)}>{note}</span> : null;
}

/** The make-up of a total as a list that opens on click or tap (title tooltips do not work on phones). */
export function MoneyBreakdown(
  { summary, label = "How this total adds up" }: { summary: MoneySummary; label?: string },
) {
  const lines = breakdown(summary);
  if (!lines) return null;
  return (
    <details class="money-breakdown">
      <summary
        class="money-breakdown-toggle"
        aria-label={`${summary.parts.length + summary.unconverted.length} currencies: ${label}`}
        title={label}
      >
        <span aria-hidden="true">{summary.parts.length + summary.unconverted.length} currencies</span>
      </summary>
      <ul class="money-breakdown-list">
        {lines.split("\n").map((line) => <li key={line}>{line}</li>)}
      </ul>
    </details>
  );
}

/**
 * One deal's value in the base currency: "≈ $45,360 USD at 1.08 (2026-12-01)", or, without a rate, a plain
 * "not converted" note. Nothing for a deal already in the base currency.
 */
export function ConvertedValue({ amount, currency, money }: { amount: number; currency: string; money: MoneyContext }) {
  const code = currencyCode(currency);
  if (code === money.base) return null;
  const rate = rateFor(money, code);
  if (!rate) {
    return <span class="money-unconverted">not converted to {money.base}: no {code} rate yet</span>;
  }
  return (
    <span class="money-converted" title={`1 ${code} = ${formatRate(rate.rate)} ${money.base}`}>
      ≈ {formatMoney(convert(amount, code, money)!, money.base)} <span class="money-code">{money.base}</span> at{" "}
      {formatRate(rate.rate)}
      {rate.valid_from && ` (${rate.valid_from})`}
    </span>
  );
}
