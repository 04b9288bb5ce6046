// Money across currencies: which exchange rate applies on a day, converting sums into the team's base currency,
// and the texts that explain a converted total ("€42,000 → $45,360 at 1.08 (2026-12-01)"). The one place this
// arithmetic lives: the server (board, dashboard, deal pages) and the DealBoard island both use it, so it is
// pure (no imports that reach for the server). A currency without a rate is never counted as base: it is kept
// apart as "unconverted" and shown as such.
import { formatMoney } from "./aging.ts";

export { formatMoney };

/** One dated rate: one unit of `currency` is worth `rate` units of the base currency from `valid_from` on. */
export interface ExchangeRate {
  currency: string;
  rate: number;
  /** "YYYY-MM-DD". */
  valid_from: string;
}

/** What converting needs: the base currency and the rates that apply on `on` (one per currency). */
export interface MoneyContext {
  base: string;
  /** "YYYY-MM-DD": the day the rates were picked for. */
  on: string;
  rates: ExchangeRate[];
}

/** Sums of deals in one currency (a board column's `by_currency` entry). */
export interface CurrencySums {
  count: number;
  total: number;
  weighted_total: number;
}

export type SumsByCurrency = Record<string, CurrencySums>;

/** One currency's share of a total, with the rate used (null when there is none). */
export interface MoneyPart {
  currency: string;
  count: number;
  amount: number;
  weighted: number;
  /** In the base currency; null when no rate applies. */
  converted: number | null;
  converted_weighted: number | null;
  /** 1 for the base currency itself. */
  rate: number | null;
  /** Null for the base currency and for missing rates. */
  valid_from: string | null;
}

/** A total in the base currency, and what it is made of. */
export interface MoneySummary {
  base: string;
  count: number;
  /** Converted currencies only (the base included); unconverted amounts are in `unconverted`. */
  total: number;
  weighted_total: number;
  /** Base first, then the other converted currencies by amount. */
  parts: MoneyPart[];
  /** Currencies with no rate on the day: never added to the totals. */
  unconverted: MoneyPart[];
}

/** Cents, half away from zero, without binary float surprises like 1.005 → 1.00. */
export function roundMoney(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const sign = value < 0 ? -1 : 1;
  return (sign * Math.round(Number((Math.abs(value) * 100).toPrecision(15)))) / 100;
}

const CODE = /^[A-Z]{3}$/;

/** "eur " → "EUR"; anything else stays as it is (and then matches no rate). */
export function currencyCode(value: string | null | undefined): string {
  return String(value ?? "").trim().toUpperCase();
}

/** Whether `code` is an ISO 4217 currency this runtime knows (rejects made-up codes such as "XYZ"). */
export function isKnownCurrency(code: string): boolean {
  if (!CODE.test(code)) return false;
  try {
    return Intl.supportedValuesOf("currency").includes(code);
  } catch {
    return true;
  }
}

/** For each currency, the latest rate whose `valid_from` is on or before `on`; later rates do not apply yet. */
export function effectiveRates(rates: ExchangeRate[], on: string): ExchangeRate[] {
  const best = new Map<string, ExchangeRate>();
  for (const rate of rates) {
    const code = currencyCode(rate.currency);
    if (rate.valid_from > on || !(rate.rate > 0)) continue;
    const seen = best.get(code);
    if (!seen || rate.valid_from > seen.valid_from) best.set(code, { ...rate, currency: code });
  }
  return [...best.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The context for `on`: the base and the rates that apply that day. */
export function moneyContext(base: string, rates: ExchangeRate[], on: string): MoneyContext {
  const code = currencyCode(base) || "USD";
  return { base: code, on, rates: effectiveRates(rates.filter((r) => currencyCode(r.currency) !== code), on) };
}

/** The rate for one currency in `ctx` (1 for the base), or null when there is none. */
export function rateFor(ctx: MoneyContext, currency: string): { rate: number; valid_from: string | null } | null {
  const code = currencyCode(currency);
  if (code === ctx.base) return { rate: 1, valid_from: null };
  const found = ctx.rates.find((r) => r.currency === code);
  return found ? { rate: found.rate, valid_from: found.valid_from } : null;
}

/** An amount in the base currency, rounded to cents; null when the currency has no rate. */
export function convert(amount: number, currency: string, ctx: MoneyContext): number | null {
  const rate = rateFor(ctx, currency);
  return rate ? roundMoney(amount * rate.rate) : null;
}

/** Totals per currency added together (e.g. every open column of a board). */
export function addSums(...groups: (SumsByCurrency | undefined)[]): SumsByCurrency {
  const out: SumsByCurrency = {};
  for (const group of groups) {
    for (const [code, sums] of Object.entries(group ?? {})) {
      const into = out[code] ??= { count: 0, total: 0, weighted_total: 0 };
      into.count += sums.count ?? 0;
      into.total = roundMoney(into.total + sums.total);
      into.weighted_total = roundMoney(into.weighted_total + sums.weighted_total);
    }
  }
  return out;
}

/**
 * The sums after a deal joins (`sign` 1) or leaves (-1) them: what a board column's totals do when a card moves.
 * A currency whose last deal left disappears, so the breakdown does not list "€0".
 */
export function shiftSums(
  sums: SumsByCurrency | undefined,
  deal: { value: number; currency: string; probability: number },
  sign: 1 | -1,
): SumsByCurrency {
  const code = currencyCode(deal.currency);
  const now = sums?.[code] ?? { count: 0, total: 0, weighted_total: 0 };
  const next: CurrencySums = {
    count: Math.max(0, (now.count ?? 0) + sign),
    total: roundMoney(now.total + sign * deal.value),
    weighted_total: roundMoney(now.weighted_total + sign * deal.value * deal.probability / 100),
  };
  const out = { ...sums };
  if (next.count === 0) delete out[code];
  else out[code] = next;
  return out;
}

/** Converts per-currency sums into one total in the base currency, keeping currencies without a rate apart. */
export function summarize(sums: SumsByCurrency | undefined, ctx: MoneyContext): MoneySummary {
  const parts: MoneyPart[] = [];
  const unconverted: MoneyPart[] = [];
  let count = 0;
  for (const [raw, s] of Object.entries(sums ?? {})) {
    const currency = currencyCode(raw);
    const rate = rateFor(ctx, currency);
    count += s.count ?? 0;
    const part: MoneyPart = {
      currency,
      count: s.count ?? 0,
      amount: roundMoney(s.total),
      weighted: roundMoney(s.weighted_total),
      converted: rate ? roundMoney(s.total * rate.rate) : null,
      converted_weighted: rate ? roundMoney(s.weighted_total * rate.rate) : null,
      rate: rate?.rate ?? null,
      valid_from: rate?.valid_from ?? null,
    };
    (rate ? parts : unconverted).push(part);
  }
  const order = (a: MoneyPart, b: MoneyPart) =>
    Number(b.currency === ctx.base) - Number(a.currency === ctx.base) ||
    (b.converted ?? b.amount) - (a.converted ?? a.amount) || a.currency.localeCompare(b.currency);
  parts.sort(order);
  unconverted.sort(order);
  return {
    base: ctx.base,
    count,
    total: roundMoney(parts.reduce((n, p) => n + p.converted!, 0)),
    weighted_total: roundMoney(parts.reduce((n, p) => n + p.converted_weighted!, 0)),
    parts,
    unconverted,
  };
}

/** "1.08", "0.0067": a rate as people write it (up to 6 significant decimals, no trailing zeros). */
export function formatRate(rate: number): string {
  return new Intl.NumberFormat("en-US", { maximumSignificantDigits: 6, useGrouping: false }).format(rate);
}

/** "€42,000 → $45,360 at 1.08 (2026-12-01)"; "$12,000 in USD" for the base; weighted amounts with `weighted`. */
export function partLine(part: MoneyPart, base: string, weighted = false): string {
  const amount = formatMoney(weighted ? part.weighted : part.amount, part.currency);
  const converted = weighted ? part.converted_weighted : part.converted;
  if (converted === null) return `+ ${amount} unconverted (no rate)`;
  if (part.currency === base) return `${amount} in ${base}`;
  const when = part.valid_from ? ` (${part.valid_from})` : "";
  return `${amount} → ${formatMoney(converted, base)} at ${formatRate(part.rate!)}${when}`;
}

/** The hover text of a total: one line per currency, unconverted ones last. Empty for a single-currency total. */
export function breakdown(summary: MoneySummary, weighted = false): string {
  const all = [...summary.parts, ...summary.unconverted];
  if (all.length === 0 || (all.length === 1 && all[0].currency === summary.base)) return "";
  return all.map((part) => partLine(part, summary.base, weighted)).join("\n");
}

/** "+ €42,000 unconverted (no rate)" (several joined with " · "), or "" when everything converted. */
export function unconvertedNote(summary: MoneySummary, weighted = false): string {
  return summary.unconverted.map((part) => partLine(part, summary.base, weighted)).join(" · ");
}
