// Money in one currency: report sums of deal and lead values are converted into the team's base currency.
// The team's own exchange rates (Settings → Workspace, lib/deals/exchange-rates.ts) come first; for common
// currencies without one, a default rate from the table below applies and the report says so; a currency
// with neither is left out of the sums and named in the report, never silently counted as the base.
import type { MoneyContext } from "../deals/money.ts";
import type { ReportCurrency, ReportRate } from "./client/currency-note.ts";

export { describeCurrency } from "./client/currency-note.ts";
export type { ReportCurrency, ReportRate } from "./client/currency-note.ts";

/**
 * Approximate value of one unit in US dollars (mid-market, late 2026, rounded): a starting point so a report
 * over mixed currencies is not empty before an admin enters rates. Teams set their own on the settings page.
 */
export const DEFAULT_USD_VALUE: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  CHF: 1.13,
  CAD: 0.73,
  AUD: 0.66,
  NZD: 0.6,
  JPY: 0.0067,
  CNY: 0.14,
  INR: 0.012,
  SEK: 0.095,
  NOK: 0.093,
  DKK: 0.145,
  PLN: 0.25,
  CZK: 0.043,
  BRL: 0.2,
  MXN: 0.058,
  SGD: 0.74,
  HKD: 0.128,
  ZAR: 0.055,
};

/** Every rate a report may use into `money.base`: the team's, then defaults for the rest. */
export function reportRates(money: MoneyContext): ReportRate[] {
  const rates = new Map<string, ReportRate>();
  for (const r of money.rates) {
    if (r.currency !== money.base) {
      rates.set(r.currency, { currency: r.currency, rate: r.rate, source: "team", valid_from: r.valid_from });
    }
  }
  const baseInUsd = DEFAULT_USD_VALUE[money.base];
  if (baseInUsd) {
    for (const [currency, usd] of Object.entries(DEFAULT_USD_VALUE)) {
      if (currency === money.base || rates.has(currency)) continue;
      rates.set(currency, {
        currency,
        rate: Number((usd / baseInUsd).toPrecision(8)),
        source: "default",
        valid_from: null,
      });
    }
  }
  return [...rates.values()];
}

/** The rates a result used (currencies present in its rows), and the present ones without a rate. */
export function currencyNote(base: string, rates: ReportRate[], present: Iterable<string>): ReportCurrency {
  const seen = [...new Set([...present].map((c) => c.trim().toUpperCase()))].filter((c) => c && c !== base).sort();
  const byCode = new Map(rates.map((r) => [r.currency, r]));
  return {
    base,
    rates: seen.filter((c) => byCode.has(c)).map((c) => byCode.get(c)!),
    missing: seen.filter((c) => !byCode.has(c)),
  };
}
