// What a report's money is in, and the sentence that says so under a chart, on the share page and in the PDF:
// "Amounts in USD. EUR at 1.08 (default rate). No rate for KWD: left out of the sums". Pure, for islands too.

export interface ReportRate {
  currency: string;
  /** One unit of `currency` in the base currency. */
  rate: number;
  /** The team's own rate (with the day it applies from), or the built-in default. */
  source: "team" | "default";
  valid_from: string | null;
}

/** What a report's money columns are in: the base currency, the rates it used, the currencies left out. */
export interface ReportCurrency {
  base: string;
  rates: ReportRate[];
  missing: string[];
}

/** "In USD. EUR at 1.08 (default rate). No rate for XYZ: left out." for the report's footnote. */
export function describeCurrency(note: ReportCurrency): string {
  const parts = [`Amounts in ${note.base}.`];
  for (const r of note.rates) {
    parts.push(`${r.currency} at ${r.rate}${r.source === "default" ? " (default rate)" : ` (from ${r.valid_from})`}.`);
  }
  if (note.missing.length) {
    parts.push(`No rate for ${note.missing.join(", ")}: left out of the sums (add one in Settings → Workspace).`);
  }
  return parts.join(" ");
}
