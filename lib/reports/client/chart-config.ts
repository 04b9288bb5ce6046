// Maps a report result onto a chart.js configuration (or a KPI card, or nothing for a plain table). Pure: the
// palette comes in as data (palette.ts reads it from the page's CSS custom properties), so the same result
// gives the same config in tests and in the browser, in light and dark themes alike.
import type { ChartType, ReportResult, ResultColumn, ResultRow } from "./types.ts";
import { isNumericType } from "./sources.ts";

export interface ChartPalette {
  /** Series colours in order; reused cyclically. */
  series: string[];
  text: string;
  grid: string;
  surface: string;
}

/** The subset of chart.js's config this module produces (kept loose so it needs no chart.js types). */
export interface ChartSpec {
  type: "bar" | "line" | "pie" | "doughnut";
  data: { labels: string[]; datasets: Dataset[] };
  options: Record<string, unknown>;
}

export interface Dataset {
  label: string;
  data: number[];
  backgroundColor: string | string[];
  borderColor: string | string[];
  borderWidth?: number;
  fill?: boolean | string;
  tension?: number;
  borderDash?: number[];
  stack?: string;
  pointRadius?: number;
  yAxisID?: string;
}

export interface KpiModel {
  label: string;
  value: number | null;
  formatted: string;
  previous: number | null;
  /** Relative change vs the previous period in percent; null without a comparable previous value. */
  changePct: number | null;
  trend: "up" | "down" | "flat" | null;
}

const EMPTY = "(none)";

/** Columns that name a group (stage, owner, month) vs those that hold a measure. */
export function splitColumns(columns: ResultColumn[]): { dims: ResultColumn[]; measures: ResultColumn[] } {
  // The API says each column's role; without it, numbers are measures and the rest groups.
  const isMeasure = (c: ResultColumn) => c.role ? c.role === "measure" : isNumericType(c.type);
  const measures = columns.filter(isMeasure);
  const dims = columns.filter((c) => !isMeasure(c));
  return { dims, measures };
}

export function toNumber(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

export function labelOf(value: unknown, period?: string, locale = "en"): string {
  if (value === null || value === undefined || value === "") return EMPTY;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (period) return periodLabel(String(value), period, locale);
  return String(value);
}

/** A date bucket ("2026-12-01", its first day) as people name it: "Dec 2026", "Q4 2026", "Week of 30 Nov". */
export function periodLabel(value: string, period: string, locale = "en"): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(date);
  if (period === "month") return format({ month: "short", year: "numeric" });
  if (period === "quarter") return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`;
  if (period === "week") return `Week of ${format({ day: "numeric", month: "short" })}`;
  return format({ day: "numeric", month: "short", year: "numeric" });
}

/** The label of a group column's value in a row. */
function groupLabel(row: ResultRow, column: ResultColumn | undefined): string {
  return column ? labelOf(row[column.key], column.period) : "Total";
}

/** A value as a person reads it in a table cell or a KPI card. */
export function formatValue(value: unknown, type: string, locale = "en", period?: string): string {
  if (value === null || value === undefined || value === "") return "–";
  if (!isNumericType(type)) return labelOf(value, period);
  const n = toNumber(value);
  if (type === "percent") return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n)} %`;
  if (type === "duration" || type === "days") {
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n)} d`;
  }
  const digits = Number.isInteger(n) ? 0 : 2;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

function color(palette: ChartPalette, index: number): string {
  return palette.series[index % palette.series.length] ?? palette.text;
}

function axes(palette: ChartPalette, stacked: boolean, horizontal = false) {
  const ticks = { color: palette.text, font: { size: 12 } };
  const grid = { color: palette.grid };
  const category = { stacked, ticks: { ...ticks, autoSkip: true, maxRotation: 45 }, grid: { display: false } };
  const value = { stacked, beginAtZero: true, ticks, grid };
  return horizontal ? { x: value, y: category } : { x: category, y: value };
}

function baseOptions(palette: ChartPalette, legend: boolean) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { display: legend, position: "bottom", labels: { color: palette.text, boxWidth: 12 } },
      tooltip: { enabled: true },
    },
  };
}

/** Rows with two group columns become one dataset per value of the second (for stacked and grouped bars). */
function pivot(rows: ResultRow[], dim0: ResultColumn, dim1: ResultColumn, measure: string) {
  const labels: string[] = [];
  const series: string[] = [];
  const cells = new Map<string, number>();
  for (const row of rows) {
    const a = groupLabel(row, dim0);
    const b = groupLabel(row, dim1);
    if (!labels.includes(a)) labels.push(a);
    if (!series.includes(b)) series.push(b);
    cells.set(`${a}\u0000${b}`, (cells.get(`${a}\u0000${b}`) ?? 0) + toNumber(row[measure]));
  }
  return {
    labels,
    series: series.map((name) => ({ name, data: labels.map((l) => cells.get(`${l}\u0000${name}`) ?? 0) })),
  };
}

function seriesDatasets(result: ReportResult, kind: "bar" | "line" | "area", palette: ChartPalette) {
  const { dims, measures } = splitColumns(result.columns);
  const line = kind !== "bar";
  const style = (index: number, label: string, data: number[]): Dataset => ({
    label,
    data,
    backgroundColor: kind === "area" ? withAlpha(color(palette, index), 0.25) : color(palette, index),
    borderColor: color(palette, index),
    borderWidth: line ? 2 : 0,
    ...(line ? { tension: 0.25, pointRadius: 3, fill: kind === "area" ? "origin" : false } : {}),
  });
  if (dims.length >= 2 && measures[0]) {
    const { labels, series } = pivot(result.rows, dims[0], dims[1], measures[0].key);
    return { labels, datasets: series.map((s, i) => style(i, s.name, s.data)) };
  }
  const labels = dims[0] ? result.rows.map((row) => groupLabel(row, dims[0])) : [measures[0]?.label ?? "Total"];
  // A second measure of another kind or scale (a count next to a sum of money) gets its own axis on the right.
  const secondAxis = measures.length > 1 && needsSecondAxis(result.rows, measures);
  const datasets = measures.map((m, i) => ({
    ...style(i, m.label, result.rows.map((row) => toNumber(row[m.key]))),
    ...(secondAxis && i > 0 ? { yAxisID: "y1" } : {}),
  }));
  const previous = result.previous?.rows;
  if (previous && measures[0]) {
    // Periods of the previous range line up by position (its labels are other dates), so compare by index.
    const data = labels.map((_, i) => toNumber(previous[i]?.[measures[0].key]));
    datasets.push({
      ...style(measures.length, `${measures[0].label} (previous period)`, data),
      backgroundColor: withAlpha(palette.text, 0.25),
      borderColor: withAlpha(palette.text, 0.6),
      ...(line ? { borderDash: [6, 4], fill: false } : {}),
    });
  }
  return { labels, datasets };
}

/** Measures of different types, or whose largest values differ more than tenfold, do not share an axis. */
function needsSecondAxis(rows: ResultRow[], measures: ResultColumn[]): boolean {
  const max = (m: ResultColumn) => Math.max(0, ...rows.map((row) => Math.abs(toNumber(row[m.key]))));
  const [first, ...rest] = measures;
  return rest.some((m) => {
    if (m.type !== first.type) return true;
    const a = max(first);
    const b = max(m);
    return Math.min(a, b) > 0 && Math.max(a, b) / Math.min(a, b) > 10;
  });
}

/** `#rrggbb` or `rgb(...)` with an alpha, for area fills and the previous period's series. */
export function withAlpha(value: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(value.trim());
  if (hex) {
    const n = parseInt(hex[1], 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(value.trim());
  if (rgb) {
    const parts = rgb[1].split(/[\s,/]+/).filter(Boolean).slice(0, 3);
    return `rgba(${parts.join(", ")}, ${alpha})`;
  }
  return value;
}

function sliceSpec(result: ReportResult, type: "pie" | "doughnut", palette: ChartPalette): ChartSpec {
  const { dims, measures } = splitColumns(result.columns);
  const measure = measures[0];
  const labels = dims[0] ? result.rows.map((row) => groupLabel(row, dims[0])) : [measure?.label ?? "Total"];
  const data = measure ? result.rows.map((row) => toNumber(row[measure.key])) : [];
  return {
    type,
    data: {
      labels,
      datasets: [{
        label: measure?.label ?? "",
        data,
        backgroundColor: labels.map((_, i) => color(palette, i)),
        borderColor: palette.surface,
        borderWidth: 2,
      }],
    },
    options: baseOptions(palette, true),
  };
}

/** A funnel drawn as horizontal bars, widest first, each labelled with its share of the first step. */
function funnelSpec(result: ReportResult, palette: ChartPalette): ChartSpec {
  const { dims, measures } = splitColumns(result.columns);
  const measure = measures[0];
  const steps = result.rows
    .map((row) => ({ label: groupLabel(row, dims[0]), value: measure ? toNumber(row[measure.key]) : 0 }))
    .sort((a, b) => b.value - a.value);
  const top = steps[0]?.value || 0;
  const labels = steps.map((s) => top > 0 ? `${s.label} (${Math.round((s.value / top) * 100)} %)` : s.label);
  const options = baseOptions(palette, false);
  return {
    type: "bar",
    data: {
      labels,
      datasets: [{
        label: measure?.label ?? "",
        data: steps.map((s) => s.value),
        backgroundColor: steps.map((_, i) => color(palette, i)),
        borderColor: steps.map((_, i) => color(palette, i)),
        borderWidth: 0,
      }],
    },
    options: { ...options, indexAxis: "y", scales: axes(palette, false, true) },
  };
}

function withPrecision(axis: unknown) {
  const value = axis as { ticks: Record<string, unknown> };
  return { ...value, ticks: { ...value.ticks, precision: 0 } };
}

/** The chart.js config for a result, or null for types drawn without chart.js (kpi, table). */
export function chartSpec(result: ReportResult, type: ChartType, palette: ChartPalette): ChartSpec | null {
  if (type === "kpi" || type === "table") return null;
  if (type === "pie" || type === "doughnut") return sliceSpec(result, type, palette);
  if (type === "funnel") return funnelSpec(result, palette);
  const kind = type === "line" ? "line" : type === "area" ? "area" : "bar";
  const { labels, datasets } = seriesDatasets(result, kind, palette);
  const stacked = type === "stacked_bar";
  const scales: Record<string, unknown> = axes(palette, stacked);
  const valueAxis = scales.y as Record<string, unknown>;
  const whole = (d: Dataset) => d.data.every(Number.isInteger);
  // Counts step by whole numbers (no "2.5 deals").
  if (datasets.filter((d) => !d.yAxisID).every(whole)) scales.y = withPrecision(scales.y);
  if (datasets.some((d) => d.yAxisID === "y1")) {
    const right = { ...valueAxis, position: "right", grid: { drawOnChartArea: false } };
    scales.y1 = datasets.filter((d) => d.yAxisID === "y1").every(whole) ? withPrecision(right) : right;
  }
  return {
    type: kind === "bar" ? "bar" : "line",
    data: { labels, datasets },
    options: { ...baseOptions(palette, datasets.length > 1), scales },
  };
}

/** The headline figure: the first measure's total (or its sum over rows) against the previous period's. */
export function kpiModel(result: ReportResult, locale = "en"): KpiModel {
  const { measures } = splitColumns(result.columns);
  const measure = measures[0];
  if (!measure) return { label: "", value: null, formatted: "–", previous: null, changePct: null, trend: null };
  const total = (totals: ResultRow | null | undefined, rows: ResultRow[] | undefined): number | null => {
    if (totals && totals[measure.key] !== undefined && totals[measure.key] !== null) {
      return toNumber(totals[measure.key]);
    }
    if (!rows || rows.length === 0) return rows ? 0 : null;
    return rows.length === 1 ? toNumber(rows[0][measure.key]) : rows.reduce((s, r) => s + toNumber(r[measure.key]), 0);
  };
  const value = total(result.totals, result.rows);
  const previous = result.previous ? total(result.previous.totals, result.previous.rows) : null;
  const changePct = value !== null && previous !== null && previous !== 0
    ? Math.round(((value - previous) / Math.abs(previous)) * 1000) / 10
    : null;
  const trend = changePct === null ? null : changePct > 0 ? "up" : changePct < 0 ? "down" : "flat";
  return {
    label: measure.label,
    value,
    formatted: formatValue(value, measure.type, locale),
    previous,
    changePct,
    trend,
  };
}

/** Rows sorted by one column for the sortable table (numbers numerically, the rest by locale). */
export function sortRows(rows: ResultRow[], key: string, dir: "asc" | "desc", numeric: boolean): ResultRow[] {
  const factor = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return factor * (numeric ? toNumber(x) - toNumber(y) : String(x).localeCompare(String(y)));
  });
}

/** One sentence summarising the chart for screen readers (the full data is in the table next to it). */
export function chartSummary(result: ReportResult, type: ChartType): string {
  const { dims, measures } = splitColumns(result.columns);
  const what = measures.map((m) => m.label).join(", ") || "Values";
  const by = dims.length ? ` by ${dims.map((d) => d.label).join(" and ")}` : "";
  return `${type.replace("_", " ")} chart of ${what}${by}, ${result.rows.length} rows. The data table follows.`;
}

// Small widths ---------------------------------------------------------------------------------------------

/** Below this many CSS pixels a chart is drawn compact: fewer ticks, short labels, the legend below. */
export const COMPACT_WIDTH = 480;

/** "Proposal sent to the customer" → "Proposal se…" (the full text stays in tooltips and the table). */
export function truncateLabel(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…` : text;
}

interface TooltipItem {
  dataIndex: number;
  datasetIndex: number;
  formattedValue: string;
}

/**
 * The spec for a chart `width` pixels wide: unchanged on wide screens; on a phone, category labels and series
 * names are cut short (tooltips show them in full), axes keep a few unrotated ticks, and the legend sits below
 * in a smaller font, so labels never crowd each other. The data table under the chart has every full value.
 */
export function fitToWidth(spec: ChartSpec, width: number): ChartSpec {
  if (width >= COMPACT_WIDTH) return spec;
  const slices = spec.type === "pie" || spec.type === "doughnut";
  const labels = spec.data.labels.map(String);
  const series = spec.data.datasets.map((d) => d.label);
  const max = slices ? 18 : 12;
  const font = { size: 11 };
  const plugins = (spec.options.plugins ?? {}) as Record<string, Record<string, unknown>>;
  const legend = plugins.legend ?? {};
  const scales = Object.fromEntries(
    Object.entries((spec.options.scales ?? {}) as Record<string, Record<string, unknown>>).map(([key, axis]) => {
      const ticks = (axis.ticks ?? {}) as Record<string, unknown>;
      const category = "autoSkip" in ticks;
      const compact = category
        ? { ...ticks, autoSkip: true, maxRotation: 0, minRotation: 0, maxTicksLimit: 6, font }
        : { ...ticks, maxTicksLimit: 5, font };
      return [key, { ...axis, ticks: compact }];
    }),
  );
  return {
    type: spec.type,
    data: {
      labels: labels.map((l) => truncateLabel(l, max)),
      datasets: spec.data.datasets.map((d) => ({ ...d, label: truncateLabel(d.label, 16) })),
    },
    options: {
      ...spec.options,
      ...(spec.options.scales ? { scales } : {}),
      plugins: {
        ...plugins,
        legend: {
          ...legend,
          position: "bottom",
          labels: { ...(legend.labels as Record<string, unknown> ?? {}), boxWidth: 10, padding: 8, font },
        },
        tooltip: {
          enabled: true,
          callbacks: {
            title: (items: TooltipItem[]) => items.length && !slices ? labels[items[0].dataIndex] ?? "" : "",
            label: (item: TooltipItem) =>
              `${slices ? labels[item.dataIndex] : series[item.datasetIndex]}: ${item.formattedValue}`,
          },
        },
      },
    },
  };
}
