// The pure parts of credits: which instants a usage month covers (UTC, as app.credit_month_start), moving
// between months across a year, and the ledger's page cursor (round trip; anything else is refused).
import { assertEquals } from "../helpers/assert.ts";
import { currentMonth, monthLabel, monthRange, shiftMonth } from "../../lib/credits/month.ts";
import { decodeCursor, encodeCursor } from "../../lib/credits/cursor.ts";

Deno.test("a month is the half-open UTC range from its 1st to the next month's 1st", () => {
  const range = monthRange("2026-12")!;
  assertEquals(range.start.toISOString(), "2026-12-01T00:00:00.000Z");
  assertEquals(range.end.toISOString(), "2027-01-01T00:00:00.000Z");
  assertEquals(monthRange("2026-02")!.end.toISOString(), "2026-03-01T00:00:00.000Z");
  for (const bad of ["2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", ""]) {
    assertEquals(monthRange(bad), null, bad);
  }
});

Deno.test("months move across years, and the current one is read in UTC", () => {
  assertEquals(shiftMonth("2026-01", -1), "2025-12");
  assertEquals(shiftMonth("2026-12", 1), "2027-01");
  assertEquals(shiftMonth("2026-05", 0), "2026-05");
  // 23:30 on 31 December in New York is already January in UTC.
  assertEquals(currentMonth(new Date("2027-01-01T04:30:00Z")), "2027-01");
  assertEquals(monthLabel("2026-12"), "December 2026");
  assertEquals(monthLabel("nope"), "nope");
});

Deno.test("the ledger cursor round-trips and refuses anything that is not one", () => {
  const cursor = { createdAt: "2026-12-07 17:30:01.151234+00", id: "0b5c2a9e-6c1f-4d3e-9a57-5b1f0f0c3a11" };
  assertEquals(decodeCursor(encodeCursor(cursor)), cursor, "microseconds survive");
  for (
    const bad of ["nope", btoa("2026-12-07|not-an-id"), btoa(`yesterday|${cursor.id}`), btoa(`x|${cursor.id}|extra`)]
  ) {
    assertEquals(decodeCursor(bad), null, bad);
  }
});
