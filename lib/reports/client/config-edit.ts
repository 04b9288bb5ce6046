// Small, pure edits of a report config made by the builder's controls: switching source (keeping only what
// still makes sense), the fields a measure or group may use, and the default config of a new report.
import type { CatalogField, CatalogSource, ChartType, MeasureFn, ReportConfig, SourceName } from "./types.ts";

export const MEASURE_LABELS: Record<MeasureFn, string> = {
  count: "Count",
  sum: "Sum of",
  avg: "Average of",
  min: "Minimum of",
  max: "Maximum of",
  conversion_rate: "Conversion rate",
  time_in_stage: "Time in stage",
};

export const CHART_LABELS: Record<ChartType, string> = {
  bar: "Bar",
  stacked_bar: "Stacked bar",
  line: "Line",
  area: "Area",
  pie: "Pie",
  doughnut: "Doughnut",
  funnel: "Funnel",
  kpi: "KPI",
  table: "Table",
};

/** Measures that need a field (sum of value); the others count rows or compute a rate of their own. */
export function needsField(fn: MeasureFn): boolean {
  return fn === "sum" || fn === "avg" || fn === "min" || fn === "max";
}

export function groupableFields(source: CatalogSource | undefined): CatalogField[] {
  return source?.fields.filter((f) => f.groupable) ?? [];
}

export function measureFields(source: CatalogSource | undefined, fn: MeasureFn): CatalogField[] {
  return source?.fields.filter((f) => f.measurable && f.measures.includes(fn)) ?? [];
}

export function dateFields(source: CatalogSource | undefined): CatalogField[] {
  return source?.fields.filter((f) => f.type === "date" || f.type === "datetime" || f.type === "timestamp") ?? [];
}

export function isDateField(field: CatalogField | undefined): boolean {
  return field?.type === "date" || field?.type === "datetime" || field?.type === "timestamp";
}

/** Every measure the source offers: its fieldless ones plus those some field allows. */
export function measureChoices(source: CatalogSource | undefined): MeasureFn[] {
  const withField = (["sum", "avg", "min", "max"] as MeasureFn[]).filter((fn) => measureFields(source, fn).length);
  return [...(source?.measures ?? ["count"]), ...withField];
}

/** A first config for a source: count of rows by its first groupable field (a stage, a status...), as bars. */
export function defaultConfig(source: CatalogSource | undefined, name: SourceName = "deals"): ReportConfig {
  const group = groupableFields(source).find((f) => f.type === "enum") ?? groupableFields(source)[0];
  return {
    source: source?.name ?? name,
    filters: [],
    groupBy: group ? [{ field: group.key }] : [],
    measures: [{ fn: "count" }],
    chart: { type: "bar" },
  };
}

/** Switching source drops filters, groups and measures on fields the new source does not have. */
export function switchSource(config: ReportConfig, source: CatalogSource): ReportConfig {
  const has = (key: string | undefined) => !key || source.fields.some((f) => f.key === key);
  const groupBy = config.groupBy.filter((g) => has(g.field));
  const measures = config.measures.filter((m) => has(m.field) && measureChoices(source).includes(m.fn));
  const next: ReportConfig = {
    ...defaultConfig(source),
    chart: config.chart,
    filters: config.filters.filter((f) => has(f.field)),
    ...(groupBy.length ? { groupBy } : {}),
    ...(measures.length ? { measures } : {}),
  };
  const dateField = config.dateRange && dateFields(source).some((f) => f.key === config.dateRange?.field);
  if (dateField && config.dateRange) next.dateRange = config.dateRange;
  if (next.dateRange && config.compare) next.compare = config.compare;
  return next;
}

/** The config as the API wants it: no empty optional keys, compare only with a date range. */
export function cleanConfig(config: ReportConfig): ReportConfig {
  const out: ReportConfig = { ...config };
  if (!out.dateRange) delete out.compare;
  if (out.sort === undefined) delete out.sort;
  if (out.limit === undefined) delete out.limit;
  if (out.dateRange === undefined) delete out.dateRange;
  out.filters = out.filters.map((f) => f.op === "is_null" || f.op === "not_null" ? { field: f.field, op: f.op } : f);
  return out;
}
