// The reports API's shapes as the browser sees them (docs/reports.md is the contract; the server validates
// with zod in lib/reports/config.ts). Browser-only types: nothing here imports server code.
import type { ReportCurrency } from "./currency-note.ts";

export type SourceName = "deals" | "deal_stages" | "leads" | "contacts" | "activities" | "tasks" | "sequences";
export type FilterOp = "eq" | "neq" | "in" | "gt" | "gte" | "lt" | "lte" | "contains" | "is_null" | "not_null";
export type Period = "day" | "week" | "month" | "quarter";
export type MeasureFn = "count" | "sum" | "avg" | "min" | "max" | "conversion_rate" | "time_in_stage";
export type ChartType = "bar" | "stacked_bar" | "line" | "area" | "pie" | "doughnut" | "funnel" | "kpi" | "table";
export type DatePreset =
  | "last_7_days"
  | "last_30_days"
  | "this_month"
  | "last_month"
  | "this_quarter"
  | "this_year"
  | "all_time";

export interface ReportFilter {
  field: string;
  op: FilterOp;
  value?: unknown;
}

export interface ReportConfig {
  source: SourceName;
  filters: ReportFilter[];
  groupBy: { field: string; period?: Period }[];
  measures: { fn: MeasureFn; field?: string }[];
  dateRange?: { field: string; from?: string; to?: string; preset?: DatePreset };
  compare?: "previous_period";
  chart: { type: ChartType };
  sort?: { by: string; dir: "asc" | "desc" };
  limit?: number;
}

export interface ResultColumn {
  key: string;
  label: string;
  type: string;
  role?: "group" | "measure";
  period?: Period;
}

export type ResultRow = Record<string, unknown>;

export interface ReportResult {
  columns: ResultColumn[];
  rows: ResultRow[];
  totals?: ResultRow | null;
  previous?: { rows: ResultRow[]; totals?: ResultRow | null } | null;
  generatedAt?: string;
  /** Why the report is empty when it cannot have data (a source that does not exist yet). */
  notice?: string;
  /** Money measures: the base currency they are in, the rates used and currencies without one. */
  currency?: ReportCurrency;
}

export type Visibility = "private" | "team";

export interface SavedReport {
  id: string;
  name: string;
  config: ReportConfig;
  visibility: Visibility;
  owner_id?: string;
  ownerId?: string;
  owner_name?: string;
  /** The caller owns it (lib/reports/store.ts). */
  mine?: boolean;
  updated_at?: string;
  updatedAt?: string;
}

/** One tile on a dashboard's 12-column grid: a saved report or an inline config. */
export interface Widget {
  id: string;
  title: string;
  reportId?: string;
  config?: ReportConfig;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Dashboard {
  id: string;
  name: string;
  visibility: Visibility;
  widgets: Widget[];
  owner_id?: string;
  ownerId?: string;
  is_default?: boolean;
  isDefault?: boolean;
  mine?: boolean;
}

export interface DashboardTemplate {
  id?: string;
  key?: string;
  name: string;
  description?: string;
  widgets?: unknown[];
}

/** A field the builder offers, normalised from GET /api/v1/reports/sources (see sources.ts). */
export interface CatalogField {
  key: string;
  label: string;
  type: string;
  groupable: boolean;
  measurable: boolean;
  measures: MeasureFn[];
  ops: FilterOp[];
  values: { value: string; label: string }[];
}

export interface CatalogSource {
  name: SourceName;
  label: string;
  fields: CatalogField[];
  /** Measures that take no field (count, conversion rate...). */
  measures: MeasureFn[];
  /** Set when the source has nothing yet (e.g. sequences before outreach exists). */
  message?: string;
}
