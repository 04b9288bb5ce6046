// Converting deal values into a team's base currency: which rate applies on a day, missing rates kept apart
// (never counted as base), rounding, and the texts that explain a total.
import { assertEquals } from "../helpers/assert.ts";
import {
  addSums,
  breakdown,
  convert,
  effectiveRates,
  type ExchangeRate,
  formatMoney,
  isKnownCurrency,
  moneyContext,
  roundMoney,
  shiftSums,
  summarize,
  unconvertedNote,
} from "../../lib/deals/money.ts";

const RATES: ExchangeRate[] = [
  { currency: "EUR", rate: 1.07, valid_from: "2026-11-01" },
  { currency: "EUR", rate: 1.08, valid_from: "2026-12-01" },
  { currency: "EUR", rate: 1.1, valid_from: "2026-12-15" },
  { currency: "GBP", rate: 1.27, valid_from: "2026-12-01" },
];

Deno.test("effectiveRates: the latest rate on or before the day, per currency; future ones wait", () => {
  assertEquals(effectiveRates(RATES, "2026-12-07"), [
    { currency: "EUR", rate: 1.08, valid_from: "2026-12-01" },
    { currency: "GBP", rate: 1.27, valid_from: "2026-12-01" },
  ]);
  assertEquals(effectiveRates(RATES, "2026-12-01")[0].rate, 1.08, "a rate applies from its own day");
  assertEquals(effectiveRates(RATES, "2026-11-30"), [{ currency: "EUR", rate: 1.07, valid_from: "2026-11-01" }]);
  assertEquals(effectiveRates(RATES, "2026-12-15")[0].rate, 1.1);
  assertEquals(effectiveRates(RATES, "2026-10-31"), [], "nothing before the first rate");
  assertEquals(effectiveRates([{ currency: "eur ", rate: 0, valid_from: "2026-01-01" }], "2026-12-01"), []);
});

Deno.test("convert: base as is, others at their rate, null without a rate", () => {
  const ctx = moneyContext("USD", RATES, "2026-12-07");
  assertEquals(convert(42_000, "EUR", ctx), 45_360);
  assertEquals(convert(100, "USD", ctx), 100);
  assertEquals(convert(100, "JPY", ctx), null);
  assertEquals(convert(100, " eur", ctx), 108, "codes are normalised");
  // a rate against the base currency itself is ignored: the base is always 1
  const odd = moneyContext("EUR", RATES, "2026-12-07");
  assertEquals(convert(10, "EUR", odd), 10);
});

Deno.test("rounding: cents, half away from zero, no float drift", () => {
  assertEquals(roundMoney(1.005), 1.01);
  assertEquals(roundMoney(2.675), 2.68);
  assertEquals(roundMoney(-1.005), -1.01);
  assertEquals(roundMoney(0.1 + 0.2), 0.3);
  assertEquals(roundMoney(Number.NaN), 0);
  const ctx = moneyContext("USD", [{ currency: "JPY", rate: 0.0066667, valid_from: "2026-01-01" }], "2026-12-07");
  assertEquals(convert(1_234_567, "JPY", ctx), 8230.49);
});

Deno.test("summarize: converted currencies add up; a currency without a rate is kept apart, never as base", () => {
  const ctx = moneyContext("USD", RATES, "2026-12-07");
  const summary = summarize({
    USD: { count: 3, total: 287_300, weighted_total: 100_000 },
    EUR: { count: 1, total: 42_000, weighted_total: 25_200 },
    CHF: { count: 2, total: 5_000, weighted_total: 500 },
  }, ctx);
  assertEquals(summary.total, 287_300 + 45_360);
  assertEquals(summary.weighted_total, 100_000 + 27_216);
  assertEquals(summary.count, 6);
  assertEquals(summary.parts.map((p) => p.currency), ["USD", "EUR"], "base first");
  assertEquals(summary.unconverted.map((p) => [p.currency, p.amount, p.converted]), [["CHF", 5_000, null]]);
  assertEquals(
    breakdown(summary),
    `$287,300 in USD\n€42,000 → $45,360 at 1.08 (2026-12-01)\n+ ${formatMoney(5000, "CHF")} unconverted (no rate)`,
  );
  assertEquals(unconvertedNote(summary).endsWith("unconverted (no rate)"), true);
  assertEquals(breakdown(summarize({ USD: { count: 1, total: 5, weighted_total: 1 } }, ctx)), "", "one currency");
});

Deno.test("summarize: with no rates at all, only the base counts", () => {
  const summary = summarize(
    { EUR: { count: 1, total: 42_000, weighted_total: 0 } },
    moneyContext("USD", [], "2026-12-07"),
  );
  assertEquals(summary.total, 0);
  assertEquals(unconvertedNote(summary), "+ €42,000 unconverted (no rate)");
});

Deno.test("shiftSums and addSums: a card moving between columns moves its currency's sums", () => {
  const card = { value: 42_000, currency: "EUR", probability: 60 };
  const into = shiftSums({ USD: { count: 1, total: 10, weighted_total: 1 } }, card, 1);
  assertEquals(into.EUR, { count: 1, total: 42_000, weighted_total: 25_200 });
  const out = shiftSums(into, card, -1);
  assertEquals(out, { USD: { count: 1, total: 10, weighted_total: 1 } }, "an emptied currency disappears");
  assertEquals(addSums(into, out).USD, { count: 2, total: 20, weighted_total: 2 });
});

Deno.test("isKnownCurrency: ISO codes only", () => {
  assertEquals(isKnownCurrency("EUR"), true);
  assertEquals(isKnownCurrency("XYZ"), false);
  assertEquals(isKnownCurrency("eur"), false);
  assertEquals(isKnownCurrency("EURO"), false);
});
