// Report configs, date periods and the SQL builder, without a database: what a config may say, how dates
// fall into day/week/month/quarter buckets (as Postgres's date_trunc does), and that no value from a config
// ever reaches the SQL text (only $n parameters do).
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { AppError } from "../../lib/errors.ts";
import { parseReportConfig } from "../../lib/reports/config.ts";
import { bucketsBetween, bucketStart, previousRange, resolveRange } from "../../lib/reports/periods.ts";
import { buildReportQuery, fillPeriods, totalsFromRows } from "../../lib/reports/query.ts";
import { sourcesAffectedBy } from "../../lib/reports/live.ts";
import { DASHBOARD_TEMPLATES } from "../../lib/reports/templates.ts";
import { checkWidgets } from "../../lib/reports/dashboards.ts";
import { firstSend, nextSend } from "../../lib/reports/schedules.ts";
import { dirtyInside, rollupFor, splitRange } from "../../lib/reports/rollups/plan.ts";
import { currencyNote, reportRates } from "../../lib/reports/currency.ts";
import { pdfCurrencyLine } from "../../lib/reports/pdf.ts";

const chart = { type: "table" };
const NOW = new Date("2026-12-07T15:30:00Z");

function refusal(config: unknown): string {
  try {
    parseReportConfig(config, NOW);
  } catch (error) {
    assert(error instanceof AppError && error.status === 400, String(error));
    return error.message;
  }
  throw new Error(`accepted: ${JSON.stringify(config)}`);
}

Deno.test("configs: shape, fields, measures that fit their type, filters that fit their field", () => {
  const ok = parseReportConfig({ source: "deals", measures: [{ fn: "count" }], chart }, NOW);
  assertEquals(ok.config.filters, []);
  assertEquals(ok.measures[0].key, "count");

  assertMatch(refusal({ source: "deals", measures: [{ fn: "count" }], chart, extra: 1 }), /Unknown field "extra"/);
  assertMatch(
    refusal({ source: "deals", measures: [{ fn: "count", extra: 1 }], chart }),
    /Unknown field "extra" in measures.0/,
  );
  assertMatch(refusal({ source: "deals", measures: [{ fn: "sum", field: "stage" }], chart }), /sum needs a number/);
  assertMatch(refusal({ source: "deals", measures: [{ fn: "avg", field: "owner" }], chart }), /owner is a user/);
  assertMatch(refusal({ source: "deals", measures: [{ fn: "sum" }], chart }), /needs a field/);
  assertMatch(refusal({ source: "deals", measures: [{ fn: "count" }] }), /needs chart/);
  assertMatch(
    refusal({ source: "deals", measures: [{ fn: "count" }, { fn: "count" }], chart }),
    /same measure is listed twice/,
  );
  assertMatch(
    refusal({
      source: "deals",
      filters: [{ field: "name", op: "gt", value: "a" }],
      measures: [{ fn: "count" }],
      chart,
    }),
    /"gt" does not apply to name/,
  );
  assertMatch(
    refusal({
      source: "deals",
      filters: [{ field: "stage", op: "eq", value: "New" }],
      measures: [{ fn: "count" }],
      chart,
    }),
    /ids from the field list/,
  );
  assertMatch(
    refusal({
      source: "deals",
      filters: [{ field: "value", op: "is_null", value: 1 }],
      measures: [{ fn: "count" }],
      chart,
    }),
    /takes no value/,
  );
  assertMatch(
    refusal({ source: "deals", groupBy: [{ field: "stage", period: "month" }], measures: [{ fn: "count" }], chart }),
    /Only date fields take a period/,
  );
  assertMatch(
    refusal({ source: "deals", groupBy: [{ field: "created_at" }], measures: [{ fn: "count" }], chart }),
    /needs a period/,
  );
  assertMatch(
    refusal({ source: "deals", sort: { by: "value", dir: "asc" }, measures: [{ fn: "count" }], chart }),
    /Sort by one of the report's columns: count/,
  );
  assertMatch(refusal({ source: "deals", measures: [{ fn: "count" }], chart, limit: 5000 }), /at most 1000/);
  assertMatch(
    refusal({
      source: "deals",
      dateRange: { preset: "this_month", from: "2026-01-01" },
      measures: [{ fn: "count" }],
      chart,
    }),
    /not both/,
  );
  assertMatch(
    refusal({
      source: "deals",
      dateRange: { from: "2026-05-01", to: "2026-01-01" },
      measures: [{ fn: "count" }],
      chart,
    }),
    /ends before it starts/,
  );
  assertMatch(
    refusal({ source: "sequences", groupBy: [{ field: "x" }], measures: [{ fn: "count" }], chart }),
    /no fields to report on yet/,
  );
});

Deno.test("configs: grouping by day is bounded to 5 years; weeks are not", () => {
  const byDay = (from: string) => ({
    source: "deals",
    dateRange: { from, to: "2026-12-31" },
    groupBy: [{ field: "created_at", period: "day" }],
    measures: [{ fn: "count" }],
    chart,
  });
  parseReportConfig(byDay("2022-01-01"), NOW);
  assertMatch(refusal(byDay("2021-01-01")), /at most 1827 days/);
  assertMatch(refusal({ ...byDay("2021-01-01"), dateRange: { preset: "all_time" } }), /5 years/);
  parseReportConfig({ ...byDay("2001-01-01"), groupBy: [{ field: "created_at", period: "week" }] }, NOW);
});

Deno.test("periods: presets, the previous period, and buckets as date_trunc makes them", () => {
  const month = resolveRange({ preset: "this_month" }, NOW);
  assertEquals([month.from?.toISOString(), month.to?.toISOString()], [
    "2026-12-01T00:00:00.000Z",
    "2027-01-01T00:00:00.000Z",
  ]);
  const before = previousRange(month);
  assertEquals([before.from?.toISOString(), before.to?.toISOString()], [
    "2026-11-01T00:00:00.000Z",
    "2026-12-01T00:00:00.000Z",
  ]);
  const quarter = previousRange(resolveRange({ preset: "this_quarter" }, NOW));
  assertEquals(quarter.from?.toISOString(), "2026-07-01T00:00:00.000Z");
  const week = resolveRange({ preset: "last_7_days" }, NOW);
  assertEquals(previousRange(week).from?.toISOString(), "2026-11-23T15:30:00.000Z");
  const custom = resolveRange({ from: "2026-01-01", to: "2026-01-31" }, NOW);
  assertEquals(custom.to?.toISOString(), "2026-02-01T00:00:00.000Z", "a date-only end includes that day");
  assertEquals(resolveRange({ preset: "all_time" }, NOW), { from: null, to: null });

  const sunday = new Date("2026-12-06T23:59:59Z");
  assertEquals(bucketStart(sunday, "day"), "2026-12-06");
  assertEquals(bucketStart(sunday, "week"), "2026-11-30", "weeks start on Monday");
  assertEquals(bucketStart(new Date("2026-11-30T00:00:00Z"), "week"), "2026-11-30");
  assertEquals(bucketStart(sunday, "month"), "2026-12-01");
  assertEquals(bucketStart(new Date("2026-05-15T00:00:00Z"), "quarter"), "2026-04-01");
  assertEquals(bucketsBetween(new Date("2026-01-15T00:00:00Z"), new Date("2026-04-01T00:00:00Z"), "month"), [
    "2026-01-01",
    "2026-02-01",
    "2026-03-01",
  ]);
  assertEquals(bucketsBetween(new Date("2026-01-01T00:00:00Z"), new Date("2027-01-01T00:00:00Z"), "quarter").length, 4);
  assertEquals(bucketsBetween(new Date("2024-02-27T00:00:00Z"), new Date("2024-03-02T00:00:00Z"), "day"), [
    "2024-02-27",
    "2024-02-28",
    "2024-02-29",
    "2024-03-01",
  ]);
});

Deno.test("periods: empty buckets are filled with zero counts and sums, nothing for averages", () => {
  const checked = parseReportConfig({
    source: "deals",
    dateRange: { from: "2026-01-01", to: "2026-03-31" },
    groupBy: [{ field: "created_at", period: "month" }],
    measures: [{ fn: "count" }, { fn: "avg", field: "value" }],
    chart,
  }, NOW);
  const rows = fillPeriods(checked, [{ created_at: "2026-02-01", count: 3, avg_value: 10 }], checked.range);
  assertEquals(rows, [
    { created_at: "2026-01-01", count: 0, avg_value: null },
    { created_at: "2026-02-01", count: 3, avg_value: 10 },
    { created_at: "2026-03-01", count: 0, avg_value: null },
  ]);
});

Deno.test("the SQL builder puts every value from the config in parameters, never in the text", () => {
  const evil = "x'); drop table public.deals; --";
  const checked = parseReportConfig({
    source: "deals",
    filters: [
      { field: "name", op: "contains", value: evil },
      { field: "competitor", op: "in", value: [evil, "Acme"] },
      { field: "owner", op: "eq", value: "me" },
      { field: "value", op: "gte", value: 1234.5 },
      { field: "closed_at", op: "lt", value: "2026-06-01" },
    ],
    dateRange: { from: "2026-01-01", to: "2026-12-31" },
    groupBy: [{ field: "stage" }, { field: "created_at", period: "quarter" }],
    measures: [{ fn: "sum", field: "value" }, { fn: "conversion_rate" }],
    sort: { by: "sum_value", dir: "desc" },
    limit: 77,
    chart,
  }, NOW);
  const teamId = "11111111-1111-4111-8111-111111111111";
  const userId = "22222222-2222-4222-8222-222222222222";
  const { sql, params } = buildReportQuery(checked, teamId, userId, checked.range);
  for (const value of [evil, "Acme", "1234.5", "2026-06-01", teamId, userId, "77", "drop table"]) {
    assert(!sql.includes(value), `"${value}" is not in the SQL: ${sql}`);
  }
  assertEquals(params[0], teamId);
  assert(params.includes(userId), "me is the caller's id, as a parameter");
  assert(params.includes(`%${evil}%`));
  assert(params.some((p) => Array.isArray(p) && p.includes(evil)));
  assert(params.includes(77));
  const placeholders = new Set(sql.match(/\$\d+/g));
  assertEquals(placeholders.size, params.length, "one placeholder per parameter");
  assertMatch(sql, /date_trunc\('quarter'/);
  assertMatch(sql, /order by m0 desc nulls last/);
});

Deno.test("totals add up from the groups only when that is exact", () => {
  const sums = parseReportConfig({
    source: "deals",
    groupBy: [{ field: "stage" }],
    measures: [{ fn: "count" }, { fn: "sum", field: "value" }, { fn: "max", field: "value" }],
    chart,
  }, NOW);
  const rows = [{ stage: "New", count: 2, sum_value: 10.1, max_value: 9 }, {
    stage: "Won",
    count: 1,
    sum_value: 0.2,
    max_value: 12,
  }];
  assertEquals(totalsFromRows(sums, rows, true), { count: 3, sum_value: 10.3, max_value: 12 });
  assertEquals(totalsFromRows(sums, rows, false), null, "rows cut by the limit: the database adds up");
  const averages = parseReportConfig({
    source: "deals",
    groupBy: [{ field: "stage" }],
    measures: [{ fn: "avg", field: "value" }],
    chart,
  }, NOW);
  assertEquals(totalsFromRows(averages, [{ stage: "New", avg_value: 3 }], true), null);
});

Deno.test("live: which bus events make which source stale", () => {
  assertEquals(sourcesAffectedBy({ type: "deal.moved", record_type: "deal" }), ["deals", "deal_stages"]);
  assertEquals(sourcesAffectedBy({ type: "record.updated", record_type: "task" }), ["tasks"]);
  assertEquals(sourcesAffectedBy({ type: "records.bulk_changed", record_type: "contact" }), ["contacts"]);
  assertEquals(sourcesAffectedBy({ type: "presence.changed", record_type: "presence" }), []);
});

Deno.test("templates: every widget config is valid and fits the 12-column grid", () => {
  assertEquals(DASHBOARD_TEMPLATES.length, 9);
  for (const template of DASHBOARD_TEMPLATES) checkWidgets(template.widgets);
});

Deno.test("schedules: sends at 08:00 local time on the rule's days, missed ones skipped", () => {
  // Monday 2026-12-07 15:30 UTC is 16:30 in Berlin: today's 08:00 is gone, the next Monday is the 14th.
  const first = firstSend("FREQ=WEEKLY;BYDAY=MO", "Europe/Berlin", NOW)!;
  assertEquals(first.toISOString(), "2026-12-14T07:00:00.000Z");
  // 07:30 in Los Angeles: today's 08:00 is still ahead.
  assertEquals(firstSend("FREQ=DAILY", "America/Los_Angeles", NOW)!.toISOString(), "2026-12-07T16:00:00.000Z");
  const late = new Date("2026-12-25T12:00:00Z");
  assertEquals(
    nextSend("FREQ=WEEKLY;BYDAY=MO", "Europe/Berlin", first, late)!.toISOString(),
    "2026-12-28T07:00:00.000Z",
  );
  // across the spring change in Berlin, still 08:00 local
  const march = nextSend(
    "FREQ=WEEKLY;BYDAY=MO",
    "Europe/Berlin",
    new Date("2027-03-22T07:00:00Z"),
    new Date("2027-03-22T08:00:00Z"),
  );
  assertEquals(march!.toISOString(), "2027-03-29T06:00:00.000Z");
});

Deno.test("rollups answer configs on the fields they keep, and ranges split into whole days and edges", () => {
  const deals = (extra: Record<string, unknown>) =>
    parseReportConfig({ source: "deals", measures: [{ fn: "count" }], chart, ...extra }, NOW);
  assertEquals(rollupFor(deals({ groupBy: [{ field: "stage" }] }))?.source, "deals");
  assertEquals(
    rollupFor(deals({ measures: [{ fn: "sum", field: "weighted_value" }, { fn: "conversion_rate" }] }))
      ?.table,
    "public.report_deal_rollups",
  );
  assertEquals(rollupFor(deals({ groupBy: [{ field: "industry" }] })), null);
  assertEquals(rollupFor(deals({ measures: [{ fn: "avg", field: "value" }] })), null);
  assertEquals(rollupFor(deals({ measures: [{ fn: "time_in_stage" }] })), null);
  assertEquals(rollupFor(deals({ dateRange: { field: "closed_at", preset: "this_month" } })), null);
  assertEquals(rollupFor(deals({ groupBy: [{ field: "created_at", period: "month" }] }))?.source, "deals");
  assertEquals(rollupFor(parseReportConfig({ source: "tasks", measures: [{ fn: "count" }], chart }, NOW)), null);

  const split = splitRange({ from: new Date("2026-11-07T15:30:00Z"), to: new Date("2026-12-07T15:30:00Z") });
  assertEquals([split.fromDay, split.toDay], ["2026-11-08", "2026-12-07"]);
  assertEquals(split.edges.map((e) => [e.from.toISOString(), e.to.toISOString()]), [
    ["2026-11-07T15:30:00.000Z", "2026-11-08T00:00:00.000Z"],
    ["2026-12-07T00:00:00.000Z", "2026-12-07T15:30:00.000Z"],
  ]);
  assertEquals(splitRange({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") }).edges, []);
  const inDay = splitRange({ from: new Date("2026-12-07T01:00:00Z"), to: new Date("2026-12-07T02:00:00Z") });
  assertEquals(inDay.edges.length, 1);
  assertEquals(dirtyInside(split, ["2026-11-07", "2026-11-20", "2026-11-20", "2026-12-07"]), ["2026-11-20"]);
  assertEquals(splitRange(null), { fromDay: null, toDay: null, edges: [] });
});

Deno.test("money: team rates win over defaults, cross rates go through the dollar, unknown ones are missing", () => {
  const rates = reportRates({
    base: "EUR",
    on: "2026-12-07",
    rates: [{ currency: "GBP", rate: 1.2, valid_from: "2026-12-01" }],
  });
  const byCode = Object.fromEntries(rates.map((r) => [r.currency, r]));
  assertEquals(byCode.GBP, { currency: "GBP", rate: 1.2, source: "team", valid_from: "2026-12-01" });
  assertEquals(byCode.USD.source, "default");
  assertEquals(Math.round(byCode.USD.rate * 1000) / 1000, 0.926);
  assertEquals(byCode.EUR, undefined);
  const note = currencyNote("EUR", rates, ["EUR", "GBP", "KWD"]);
  assertEquals(note.missing, ["KWD"]);
  assertEquals(note.rates.map((r) => r.currency), ["GBP"]);
  // a base the defaults do not know: only the team's own rates apply
  assertEquals(reportRates({ base: "KWD", on: "2026-12-07", rates: [] }), []);
});

Deno.test("schedules send at the rule's time of day in its zone; a bad time is refused", () => {
  const first = firstSend("FREQ=DAILY;BYHOUR=6;BYMINUTE=45", "Asia/Tokyo", NOW)!;
  assertEquals(first.toISOString(), "2026-12-07T21:45:00.000Z");
  assertEquals(
    nextSend("FREQ=DAILY;BYHOUR=6;BYMINUTE=45", "Asia/Tokyo", first, first)!.toISOString(),
    "2026-12-08T21:45:00.000Z",
  );
  assertMatch(
    String((() => {
      try {
        firstSend("FREQ=DAILY;BYHOUR=24", "UTC", NOW);
      } catch (e) {
        return (e as Error).message;
      }
    })()),
    /BYHOUR/,
  );
});

Deno.test("deal stages: velocity by stage reads the stage history, joined to its deal, all in parameters", () => {
  const checked = parseReportConfig({
    source: "deal_stages",
    filters: [{ field: "stage_kind", op: "eq", value: "open" }],
    groupBy: [{ field: "stage" }],
    measures: [{ fn: "time_in_stage" }],
    chart,
  }, NOW);
  assertEquals(checked.measures[0].type, "days");
  const { sql, params } = buildReportQuery(checked, "team-id", "user-id", null);
  assertMatch(sql, /from public\.deal_stage_history t where/);
  assertMatch(sql, /not exists \(select from public\.deals d where d\.id = t\.deal_id and d\.deleted_at is not null\)/);
  assert(!sql.includes("'open'::") && params.includes("open"));
  assertEquals(rollupFor(checked), null);
  assertMatch(refusal({ source: "deal_stages", measures: [{ fn: "conversion_rate" }], chart }), /no conversion rate/);
});

Deno.test("the PDF's currency line: what the app says under a chart, in characters Helvetica draws", () => {
  const result = { columns: [], rows: [], generatedAt: NOW.toISOString() };
  assertEquals(pdfCurrencyLine(result), null);
  const line = pdfCurrencyLine({
    ...result,
    currency: {
      base: "USD",
      rates: [{ currency: "EUR", rate: 1.08, source: "default", valid_from: null }],
      missing: ["KWD"],
    },
  });
  assertEquals(
    line,
    "Amounts in USD. EUR at 1.08 (default rate). No rate for KWD: left out of the sums (add one in Settings > Workspace).",
  );
});
