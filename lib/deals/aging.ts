// How long a deal has sat in its stage, and money as people read it. Pure: the deals board island imports this,
// so nothing here may reach for the server (no imports at all).

export type AgingLevel = "fresh" | "aging" | "stale";

export interface AgingBadge {
  /** Whole days in the stage, never negative (a clock a little ahead of the server's reads as 0). */
  days: number;
  level: AgingLevel;
}

/** Days from which a deal counts as aging, and as stale. */
export const AGING_DAYS = 7;
export const STALE_DAYS = 21;

const DAY_MS = 24 * 60 * 60 * 1000;

export function agingBadge(stageEnteredAt: Date, now: Date): AgingBadge {
  const elapsed = now.getTime() - stageEnteredAt.getTime();
  const days = Number.isFinite(elapsed) ? Math.max(0, Math.floor(elapsed / DAY_MS)) : 0;
  const level: AgingLevel = days >= STALE_DAYS ? "stale" : days >= AGING_DAYS ? "aging" : "fresh";
  return { days, level };
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * "$12,500" or "$12,500.50"; "€1,200" for EUR. Cents only when there are any. An unknown currency code still
 * shows the amount, followed by the code. `locale` defaults to en-US so server and browser render the same text.
 */
export function formatMoney(value: number | string | null | undefined, currency = "USD", locale = "en-US"): string {
  const amount = typeof value === "string" ? Number(value) : value ?? 0;
  const safe = Number.isFinite(amount) ? amount : 0;
  const code = (currency || "USD").toUpperCase();
  const cents = Math.round(safe * 100) % 100 !== 0;
  const key = `${locale}|${code}|${cents}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, {
        style: "currency",
        currency: code,
        minimumFractionDigits: cents ? 2 : 0,
        maximumFractionDigits: cents ? 2 : 0,
      });
    } catch {
      const plain = new Intl.NumberFormat(locale, {
        minimumFractionDigits: cents ? 2 : 0,
        maximumFractionDigits: cents ? 2 : 0,
      });
      return `${plain.format(safe)} ${code}`;
    }
    formatters.set(key, format);
  }
  return format.format(safe);
}
