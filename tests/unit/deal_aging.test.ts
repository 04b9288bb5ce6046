// Deal aging badges and money formatting: pure functions the deals board island shares with the server.
import { assertEquals } from "../helpers/assert.ts";
import { agingBadge, formatMoney } from "../../lib/deals/aging.ts";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-11-22T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

Deno.test("agingBadge: under 7 days is fresh", () => {
  assertEquals(agingBadge(now, now), { days: 0, level: "fresh" });
  assertEquals(agingBadge(ago(DAY - 1), now), { days: 0, level: "fresh" });
  assertEquals(agingBadge(ago(6 * DAY + 23 * 3600_000), now), { days: 6, level: "fresh" });
});

Deno.test("agingBadge: 7 to 20 days is aging, 21 and more is stale (boundaries included)", () => {
  assertEquals(agingBadge(ago(7 * DAY), now), { days: 7, level: "aging" });
  assertEquals(agingBadge(ago(21 * DAY - 1), now), { days: 20, level: "aging" });
  assertEquals(agingBadge(ago(21 * DAY), now), { days: 21, level: "stale" });
  assertEquals(agingBadge(ago(400 * DAY), now), { days: 400, level: "stale" });
});

Deno.test("agingBadge: a future date or an invalid date reads as 0 days, fresh", () => {
  assertEquals(agingBadge(new Date(now.getTime() + 5 * DAY), now), { days: 0, level: "fresh" });
  assertEquals(agingBadge(new Date("not a date"), now), { days: 0, level: "fresh" });
});

Deno.test("formatMoney: whole amounts without cents, cents when there are any", () => {
  assertEquals(formatMoney(12500, "USD"), "$12,500");
  assertEquals(formatMoney(12500.5, "USD"), "$12,500.50");
  assertEquals(formatMoney("1200.00", "EUR"), "€1,200");
  assertEquals(formatMoney(0, "USD"), "$0");
});

Deno.test("formatMoney: lower-case codes, missing values and odd codes still read well", () => {
  assertEquals(formatMoney(99, "gbp"), "£99");
  assertEquals(formatMoney(null, "USD"), "$0");
  assertEquals(formatMoney(Number.NaN, "USD"), "$0");
  assertEquals(formatMoney(1500, "1$"), "1,500 1$");
});
