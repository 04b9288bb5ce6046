// Quiet hours: windows inside a day and across midnight, in the person's time zone, and bad input.
import { assertEquals } from "../helpers/assert.ts";
import { inQuietHours, isTimeZone, localMinutes, parseClock } from "../../lib/notifications/dnd.ts";

const at = (iso: string) => new Date(iso);

Deno.test("parseClock reads HH:MM and HH:MM:SS, refuses the rest", () => {
  assertEquals(parseClock("00:00"), 0);
  assertEquals(parseClock("22:30"), 22 * 60 + 30);
  assertEquals(parseClock("07:05:00"), 7 * 60 + 5);
  assertEquals(parseClock("24:00"), null);
  assertEquals(parseClock("7:5"), null);
  assertEquals(parseClock("noon"), null);
});

Deno.test("a window across midnight in Berlin", () => {
  const quiet = { dnd_enabled: true, dnd_start: "22:00", dnd_end: "07:00", time_zone: "Europe/Berlin" };
  // winter: Berlin is UTC+1
  assertEquals(inQuietHours(quiet, at("2026-01-15T21:30:00Z")), true, "22:30 local");
  assertEquals(inQuietHours(quiet, at("2026-01-15T05:59:00Z")), true, "06:59 local");
  assertEquals(inQuietHours(quiet, at("2026-01-15T06:00:00Z")), false, "07:00 local: over");
  assertEquals(inQuietHours(quiet, at("2026-01-15T20:59:00Z")), false, "21:59 local");
  // summer: UTC+2
  assertEquals(inQuietHours(quiet, at("2026-07-15T20:30:00Z")), true, "22:30 local in summer");
});

Deno.test("a window inside one day, turned off, or empty", () => {
  const lunch = { dnd_enabled: true, dnd_start: "12:00", dnd_end: "13:00", time_zone: "UTC" };
  assertEquals(inQuietHours(lunch, at("2026-03-01T12:30:00Z")), true);
  assertEquals(inQuietHours(lunch, at("2026-03-01T13:00:00Z")), false);
  assertEquals(inQuietHours({ ...lunch, dnd_enabled: false }, at("2026-03-01T12:30:00Z")), false);
  assertEquals(inQuietHours({ ...lunch, dnd_end: "12:00" }, at("2026-03-01T12:30:00Z")), false);
});

Deno.test("unknown zones fall back to UTC; isTimeZone tells them apart", () => {
  assertEquals(isTimeZone("America/New_York"), true);
  assertEquals(isTimeZone("Mars/Olympus"), false);
  assertEquals(isTimeZone(""), false);
  assertEquals(localMinutes(at("2026-03-01T10:15:00Z"), "Mars/Olympus"), 10 * 60 + 15);
  assertEquals(localMinutes(at("2026-03-01T10:15:00Z"), "Asia/Kolkata"), 15 * 60 + 45);
});
