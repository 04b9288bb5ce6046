// Report results mapped onto chart.js configs: series per measure, pivoted stacks for two groups, the previous
// period as its own muted series, slices for pie charts, funnels widest first, KPI trends, and table sorting.
import { assertEquals } from "../helpers/assert.ts";
import {
  type ChartPalette,
  chartSpec,
  fitToWidth,
  formatValue,
  kpiModel,
  periodLabel,
  sortRows,
  truncateLabel,
  withAlpha,
} from "../../lib/reports/client/chart-config.ts";
import type { ReportResult } from "../../lib/reports/client/types.ts";
import { normalizeCatalog } from "../../lib/reports/client/sources.ts";
import { describeRrule, scheduleRrule } from "../../lib/reports/client/schedule.ts";

const PALETTE: ChartPalette = {
  series: ["#111111", "#222222", "#333333"],
  text: "#999999",
  grid: "#eeeeee",
  surface: "#ffffff",
};

const BY_STAGE: ReportResult = {
  columns: [
    { key: "stage", label: "Stage", type: "enum" },
    { key: "count", label: "Deals", type: "number" },
    { key: "sum_value", label: "Value", type: "money" },
  ],
  rows: [
    { stage: "Qualified", count: 5, sum_value: 1000 },
    { stage: "Proposal", count: 9, sum_value: "2500.50" },
    { stage: null, count: 2, sum_value: 0 },
  ],
};

Deno.test("a bar chart has one dataset per measure, labelled by the group, numbers parsed", () => {
  const spec = chartSpec(BY_STAGE, "bar", PALETTE)!;
  assertEquals(spec.type, "bar");
  assertEquals(spec.data.labels, ["Qualified", "Proposal", "(none)"]);
  assertEquals(spec.data.datasets.map((d) => d.label), ["Deals", "Value"]);
  assertEquals(spec.data.datasets[1].data, [1000, 2500.5, 0]);
  assertEquals(spec.data.datasets.map((d) => d.backgroundColor), ["#111111", "#222222"]);
  const scales = spec.options.scales as { x: { stacked: boolean }; y: { ticks: { color: string } } };
  assertEquals(scales.x.stacked, false);
  assertEquals(scales.y.ticks.color, "#999999", "axis text takes the theme's chart text colour");
});

Deno.test("two group columns pivot into one stacked dataset per value of the second", () => {
  const result: ReportResult = {
    columns: [
      { key: "month", label: "Month", type: "date" },
      { key: "owner", label: "Owner", type: "user" },
      { key: "count", label: "Deals", type: "number" },
    ],
    rows: [
      { month: "2026-01", owner: "Alice", count: 2 },
      { month: "2026-01", owner: "Bob", count: 3 },
      { month: "2026-02", owner: "Alice", count: 4 },
    ],
  };
  const spec = chartSpec(result, "stacked_bar", PALETTE)!;
  assertEquals(spec.data.labels, ["2026-01", "2026-02"]);
  assertEquals(spec.data.datasets.map((d) => [d.label, d.data]), [["Alice", [2, 4]], ["Bob", [3, 0]]]);
  assertEquals((spec.options.scales as { y: { stacked: boolean } }).y.stacked, true);
});

Deno.test("line and area charts; the previous period is a dashed, muted series aligned by position", () => {
  const result: ReportResult = {
    columns: [{ key: "month", label: "Month", type: "date" }, { key: "count", label: "Won", type: "number" }],
    rows: [{ month: "2026-03", count: 4 }, { month: "2026-04", count: 6 }],
    previous: { rows: [{ month: "2026-01", count: 3 }] },
  };
  const line = chartSpec(result, "line", PALETTE)!;
  assertEquals(line.type, "line");
  assertEquals(line.data.datasets.map((d) => d.data), [[4, 6], [3, 0]]);
  assertEquals(line.data.datasets[1].label, "Won (previous period)");
  assertEquals(line.data.datasets[1].borderDash, [6, 4]);
  const area = chartSpec(result, "area", PALETTE)!;
  assertEquals(area.data.datasets[0].fill, "origin");
  assertEquals(area.data.datasets[0].backgroundColor, "rgba(17, 17, 17, 0.25)");
});

Deno.test("pie and doughnut colour each slice; funnel sorts widest first with its share of the top", () => {
  const pie = chartSpec(BY_STAGE, "doughnut", PALETTE)!;
  assertEquals(pie.type, "doughnut");
  assertEquals(pie.data.datasets[0].backgroundColor, ["#111111", "#222222", "#333333"]);
  assertEquals(pie.data.datasets[0].data, [5, 9, 2]);
  const funnel = chartSpec(BY_STAGE, "funnel", PALETTE)!;
  assertEquals(funnel.type, "bar");
  assertEquals(funnel.options.indexAxis, "y");
  assertEquals(funnel.data.labels, ["Proposal (100 %)", "Qualified (56 %)", "(none) (22 %)"]);
  assertEquals(funnel.data.datasets[0].data, [9, 5, 2]);
});

Deno.test("kpi and table are drawn without chart.js", () => {
  assertEquals(chartSpec(BY_STAGE, "kpi", PALETTE), null);
  assertEquals(chartSpec(BY_STAGE, "table", PALETTE), null);
});

Deno.test("a KPI shows the first measure's total and its trend against the previous period", () => {
  const result: ReportResult = {
    columns: [{ key: "sum_value", label: "Won value", type: "money" }],
    rows: [{ sum_value: 1500 }],
    totals: { sum_value: 1500 },
    previous: { rows: [{ sum_value: 1200 }], totals: { sum_value: 1200 } },
  };
  assertEquals(kpiModel(result), {
    label: "Won value",
    value: 1500,
    formatted: "1,500",
    previous: 1200,
    changePct: 25,
    trend: "up",
  });
  const down = kpiModel({ ...result, totals: null, rows: [{ sum_value: 600 }, { sum_value: 300 }] });
  assertEquals([down.value, down.changePct, down.trend], [900, -25, "down"]);
  const noPrevious = kpiModel({ ...result, previous: null });
  assertEquals([noPrevious.changePct, noPrevious.trend], [null, null]);
  const fromZero = kpiModel({ ...result, previous: { rows: [], totals: { sum_value: 0 } } });
  assertEquals(fromZero.trend, null, "no percentage change from zero");
});

Deno.test("table rows sort numerically or by text, empty values last", () => {
  const rows = [{ n: "10", s: "b" }, { n: 9, s: null }, { n: 100, s: "a" }];
  assertEquals(sortRows(rows, "n", "asc", true).map((r) => r.n), [9, "10", 100]);
  assertEquals(sortRows(rows, "n", "desc", true).map((r) => r.n), [100, "10", 9]);
  assertEquals(sortRows(rows, "s", "asc", false).map((r) => r.s), ["a", "b", null]);
  assertEquals(formatValue(null, "number"), "–");
  assertEquals(formatValue(12.345, "percent"), "12.3 %");
  assertEquals(withAlpha("rgb(1 2 3)", 0.5), "rgba(1, 2, 3, 0.5)");
});

Deno.test("the sources catalogue is read from arrays or keyed objects, with defaults by type", () => {
  const catalog = normalizeCatalog({
    sources: {
      leads: { label: "Leads", fields: [{ key: "status", type: "enum", values: ["new", "paid"] }] },
      deals: {
        fields: {
          value: { label: "Value", type: "money" },
          owner_id: { type: "user", values: [{ id: "u1", name: "Alice" }] },
        },
        measures: ["count", "sum", "conversion_rate"],
      },
      bogus: { fields: [] },
    },
  });
  assertEquals(catalog.map((s) => s.name), ["deals", "leads"]);
  const [value, owner] = catalog[0].fields;
  assertEquals([value.measurable, value.groupable, value.measures], [true, false, ["sum", "avg", "min", "max"]]);
  assertEquals([owner.label, owner.groupable, owner.values], ["Owner", true, [{ value: "u1", label: "Alice" }]]);
  assertEquals(catalog[0].measures, ["count", "conversion_rate"]);
  assertEquals(catalog[1].fields[0].ops.includes("in"), true);
});

Deno.test("schedules become RFC 5545 rules naming days (the server sends at 08:00) and read back", () => {
  assertEquals(scheduleRrule({ frequency: "daily" }), "FREQ=DAILY");
  assertEquals(scheduleRrule({ frequency: "weekly", weekday: "FR" }), "FREQ=WEEKLY;BYDAY=FR");
  assertEquals(scheduleRrule({ frequency: "monthly", monthDay: 31 }), "FREQ=MONTHLY;BYMONTHDAY=28");
  assertEquals(describeRrule("RRULE:FREQ=WEEKLY;BYDAY=FR", "Europe/Berlin"), "Every Friday at 08:00 (Europe/Berlin)");
  assertEquals(describeRrule("FREQ=MONTHLY;BYMONTHDAY=1", "UTC"), "Monthly on day 1 at 08:00 (UTC)");
  // a chosen time of day travels as BYHOUR/BYMINUTE and reads back
  const morning = scheduleRrule({ frequency: "weekly", weekday: "TU", time: "07:30" });
  assertEquals(morning, "FREQ=WEEKLY;BYDAY=TU;BYHOUR=7;BYMINUTE=30");
  assertEquals(describeRrule(morning, "Asia/Tokyo"), "Every Tuesday at 07:30 (Asia/Tokyo)");
  assertEquals(scheduleRrule({ frequency: "daily", time: "25:00" }), "FREQ=DAILY");
});

Deno.test("on a phone, labels are cut short with the full text in tooltips, fewer ticks, legend below", () => {
  const long = {
    columns: [
      { key: "stage", label: "Stage", type: "enum", role: "group" as const },
      { key: "count", label: "Count", type: "number", role: "measure" as const },
    ],
    rows: [{ stage: "Proposal sent to procurement", count: 3 }, { stage: "New", count: 1 }],
  };
  const wide = chartSpec(long, "bar", PALETTE)!;
  assertEquals(fitToWidth(wide, 1280), wide);
  const phone = fitToWidth(wide, 360);
  assertEquals(phone.data.labels, ["Proposal se…", "New"]);
  const options = phone.options as {
    scales: Record<string, { ticks: Record<string, unknown> }>;
    plugins: { legend: { position: string }; tooltip: { callbacks: { title(items: unknown[]): string } } };
  };
  assertEquals(options.scales.x.ticks.maxRotation, 0);
  assertEquals(options.scales.x.ticks.maxTicksLimit, 6);
  assertEquals(options.scales.y.ticks.maxTicksLimit, 5);
  assertEquals(options.plugins.legend.position, "bottom");
  assertEquals(
    options.plugins.tooltip.callbacks.title([{ dataIndex: 0, datasetIndex: 0, formattedValue: "3" }]),
    "Proposal sent to procurement",
  );
  assertEquals(truncateLabel("Short", 12), "Short");
});

Deno.test("a count next to a sum of money gets its own axis; counts step by whole numbers", () => {
  const spec = chartSpec(BY_STAGE, "bar", PALETTE)!;
  assertEquals(spec.data.datasets.map((d) => d.yAxisID), [undefined, "y1"]);
  const scales = spec.options.scales as Record<string, { position?: string; ticks: { precision?: number } }>;
  assertEquals(scales.y1.position, "right");
  assertEquals(scales.y.ticks.precision, 0, "the count axis has no 0.5 steps");
  assertEquals(scales.y1.ticks.precision, undefined, "2500.5 is not a whole number");
  const same = chartSpec({ ...BY_STAGE, columns: BY_STAGE.columns.slice(0, 2) }, "bar", PALETTE)!;
  assertEquals((same.options.scales as Record<string, unknown>).y1, undefined);
});

Deno.test("date buckets read as months, quarters and weeks; group roles beat column types", () => {
  const result: ReportResult = {
    columns: [
      { key: "close", label: "Close (month)", type: "date", role: "group", period: "month" },
      { key: "probability", label: "Probability", type: "number", role: "group" },
      { key: "n", label: "Deals", type: "number", role: "measure" },
    ],
    rows: [{ close: "2026-12-01", probability: 50, n: 2 }, { close: "2027-01-01", probability: 50, n: 1 }],
  };
  const spec = chartSpec(result, "stacked_bar", PALETTE)!;
  assertEquals(spec.data.labels, ["Dec 2026", "Jan 2027"]);
  assertEquals(spec.data.datasets.map((d) => d.label), ["50"]);
  assertEquals(periodLabel("2026-10-01", "quarter"), "Q4 2026");
  assertEquals(periodLabel("2026-11-30", "week"), "Week of Nov 30");
  assertEquals(formatValue("2026-12-01", "date", "en", "month"), "Dec 2026");
});
