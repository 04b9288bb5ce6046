// A report config: the validated JSON a report is stored as and run from. Two steps: the zod schema checks
// its shape (unknown keys refused, sizes bounded), then checkConfig checks it against the source's field
// list (unknown fields, a measure that does not fit a field's type, filters of the wrong kind, ranges too
// large to group by day). Every refusal is an AppError "bad_request" with a sentence a person can act on.
import { z } from "zod";
import { AppError } from "../errors.ts";
import { fieldOf, SOURCE_NAMES, SOURCES } from "./sources/mod.ts";
import type { FieldDef, FieldType, SourceDef } from "./sources/types.ts";
import { type DateRange, MAX_DAY_BUCKETS, PERIODS, PRESETS, resolveRange } from "./periods.ts";

export const FILTER_OPS = ["eq", "neq", "in", "gt", "gte", "lt", "lte", "contains", "is_null", "not_null"] as const;
export const MEASURE_FNS = ["count", "sum", "avg", "min", "max", "conversion_rate", "time_in_stage"] as const;
export const CHART_TYPES = [
  "bar",
  "stacked_bar",
  "line",
  "area",
  "pie",
  "doughnut",
  "funnel",
  "kpi",
  "table",
] as const;

export type FilterOp = typeof FILTER_OPS[number];
export type MeasureFn = typeof MEASURE_FNS[number];

const key = z.string().min(1, "A field name is empty.").max(60, "Field names are at most 60 characters.");
const scalar = z.union([z.string().max(500, "A filter value is at most 500 characters."), z.number(), z.boolean()]);
const isoDate = z.string().refine(
  (s) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)),
  "Dates look like 2026-12-31 or 2026-12-31T09:00:00Z.",
);

export const reportConfigSchema = z.strictObject({
  source: z.enum(SOURCE_NAMES, `The source is one of ${SOURCE_NAMES.join(", ")}.`),
  filters: z.array(
    z.strictObject({
      field: key,
      op: z.enum(FILTER_OPS, `A filter's op is one of ${FILTER_OPS.join(", ")}.`),
      value: z.union([scalar, z.array(scalar).max(100, "An in filter takes at most 100 values.")]).optional(),
    }),
  ).max(20, "At most 20 filters.").default([]),
  groupBy: z.array(
    z.strictObject({
      field: key,
      period: z.enum(PERIODS, `A period is one of ${PERIODS.join(", ")}.`).optional(),
    }),
  ).max(2, "Group by at most 2 fields.").default([]),
  measures: z.array(
    z.strictObject({
      fn: z.enum(MEASURE_FNS, `A measure is one of ${MEASURE_FNS.join(", ")}.`),
      field: key.optional(),
    }),
  ).min(1, "Pick at least one measure (count, sum...).").max(4, "At most 4 measures."),
  dateRange: z.strictObject({
    field: key.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    preset: z.enum(PRESETS, `A date preset is one of ${PRESETS.join(", ")}.`).optional(),
  }).optional(),
  compare: z.literal("previous_period", 'compare can only be "previous_period".').optional(),
  chart: z.strictObject({ type: z.enum(CHART_TYPES, `A chart type is one of ${CHART_TYPES.join(", ")}.`) }),
  sort: z.strictObject({ by: key, dir: z.enum(["asc", "desc"], 'sort.dir is "asc" or "desc".') }).optional(),
  limit: z.number().int("limit is a whole number.").min(1, "limit is at least 1.").max(
    1000,
    "limit is at most 1000.",
  ).optional(),
});

export type ReportConfig = z.infer<typeof reportConfigSchema>;
export type ReportConfigInput = z.input<typeof reportConfigSchema>;

/** A measure checked against its source: the field it reads (when any) and its result column. */
export interface CheckedMeasure {
  fn: MeasureFn;
  field: FieldDef | null;
  key: string;
  label: string;
  type: ColumnType;
}

export type ColumnType = FieldType | "percent" | "days";

/** A config that passed both steps, with its fields looked up. */
export interface CheckedConfig {
  config: ReportConfig;
  source: SourceDef;
  filters: { field: FieldDef; op: FilterOp; value: unknown }[];
  groupBy: { field: FieldDef; period?: typeof PERIODS[number] }[];
  measures: CheckedMeasure[];
  /** The date range resolved to instants (null bounds are open), and the field it applies to. */
  range: DateRange | null;
  rangeField: FieldDef | null;
}

const FN_LABELS: Record<MeasureFn, string> = {
  count: "Count",
  sum: "Sum",
  avg: "Average",
  min: "Minimum",
  max: "Maximum",
  conversion_rate: "Conversion rate (%)",
  time_in_stage: "Days in stage",
};

const bad = (message: string) => new AppError("bad_request", message);

/** The first problem of a zod parse as one sentence, with the path when it helps ("measures.0.fn: ..."). */
function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.length ? ` in ${issue.path.join(".")}` : "";
    return `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}${where}.`;
  }
  const path = issue.path.join(".");
  if (issue.code === "invalid_type" && issue.input === undefined) return `The report config needs ${path}.`;
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Parses and checks a config; throws a 400 AppError naming the first problem. */
export function parseReportConfig(input: unknown, now = new Date()): CheckedConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw bad("The report config must be a JSON object with source, measures and chart.");
  }
  const parsed = reportConfigSchema.safeParse(input);
  if (!parsed.success) throw bad(zodMessage(parsed.error));
  return checkConfig(parsed.data, now);
}

function lookup(source: SourceDef, name: string, where: string): FieldDef {
  const field = fieldOf(source, name);
  if (field) return field;
  const known = source.fields.map((f) => f.key).join(", ");
  throw bad(
    known
      ? `Unknown field "${name}" in ${where}: ${source.label.toLowerCase()} have ${known}.`
      : `${source.label} have no fields to report on yet.`,
  );
}

const NUMERIC: readonly FieldType[] = ["number", "money"];
const ORDERED: readonly FieldType[] = ["number", "money", "date"];

/** Which measures a field of this type takes (for the catalogue and for the check below). */
export function measuresFor(type: FieldType): MeasureFn[] {
  if (NUMERIC.includes(type)) return ["count", "sum", "avg", "min", "max"];
  if (type === "date") return ["count", "min", "max"];
  return ["count"];
}

/** Which filter ops a field of this type takes. */
export function opsFor(type: FieldType): FilterOp[] {
  const base: FilterOp[] = ["eq", "neq", "in", "is_null", "not_null"];
  if (ORDERED.includes(type)) return [...base, "gt", "gte", "lt", "lte"];
  if (type === "text") return [...base, "contains"];
  return base;
}

function checkMeasure(source: SourceDef, m: ReportConfig["measures"][number]): CheckedMeasure {
  if (m.fn === "conversion_rate" || m.fn === "time_in_stage") {
    const def = m.fn === "conversion_rate" ? source.conversion : source.timeInStage;
    if (!def) throw bad(`${source.label} have no ${FN_LABELS[m.fn].toLowerCase().replace(" (%)", "")} measure.`);
    if (m.field) throw bad(`${m.fn} takes no field: ${source.label.toLowerCase()} define it themselves.`);
    return {
      fn: m.fn,
      field: null,
      key: m.fn,
      label: def.label,
      type: m.fn === "conversion_rate" ? "percent" : "days",
    };
  }
  if (!m.field) {
    if (m.fn === "count") return { fn: "count", field: null, key: "count", label: "Count", type: "number" };
    throw bad(`"${m.fn}" needs a field, e.g. { "fn": "${m.fn}", "field": "value" }.`);
  }
  const field = lookup(source, m.field, "measures");
  if (!measuresFor(field.type).includes(m.fn)) {
    const what = m.fn === "min" || m.fn === "max" ? "a number, money or date field" : "a number or money field";
    throw bad(
      `"${m.fn}" of ${field.label.toLowerCase()} does not make sense: ${m.fn} needs ${what}, and ${field.key} is ${
        field.type === "enum" ? "an" : "a"
      } ${field.type}.`,
    );
  }
  const type: ColumnType = m.fn === "count" ? "number" : field.type;
  return { fn: m.fn, field, key: `${m.fn}_${field.key}`, label: `${FN_LABELS[m.fn]} of ${field.label}`, type };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One filter value against its field: numbers for numbers, dates for dates, known options for enums. */
function checkValue(field: FieldDef, value: unknown): unknown {
  const label = field.label.toLowerCase();
  if (NUMERIC.includes(field.type)) {
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof n !== "number" || !Number.isFinite(n)) throw bad(`Filter values of ${label} are numbers.`);
    return n;
  }
  if (typeof value !== "string") throw bad(`Filter values of ${label} are text.`);
  if (field.type === "date" && (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    throw bad(`Filter values of ${label} are dates like 2026-12-31.`);
  }
  if (field.type === "user" && value !== "me" && !UUID.test(value)) {
    throw bad(`Filter values of ${label} are a person's id, or "me".`);
  }
  if (field.cast === "uuid" && field.type !== "user" && !UUID.test(value)) {
    throw bad(`Filter values of ${label} are ids from the field list (GET /api/v1/reports/sources).`);
  }
  if (field.options && !field.options.some((o) => o.value === value)) {
    throw bad(`"${value}" is not a ${label}: use ${field.options.map((o) => o.value).join(", ")}.`);
  }
  return value;
}

function checkFilter(source: SourceDef, f: ReportConfig["filters"][number]) {
  const field = lookup(source, f.field, "filters");
  if (!opsFor(field.type).includes(f.op)) {
    throw bad(
      `The filter "${f.op}" does not apply to ${field.label.toLowerCase()} (${field.type}); use ${
        opsFor(field.type).join(", ")
      }.`,
    );
  }
  if (f.op === "is_null" || f.op === "not_null") {
    if (f.value !== undefined) throw bad(`The filter "${f.op}" takes no value.`);
    return { field, op: f.op, value: null };
  }
  if (f.value === undefined) throw bad(`The filter "${f.op}" on ${field.label.toLowerCase()} needs a value.`);
  if (f.op === "in") {
    if (!Array.isArray(f.value) || f.value.length === 0) throw bad(`The filter "in" takes a list of values.`);
    return { field, op: f.op, value: f.value.map((v) => checkValue(field, v)) };
  }
  if (Array.isArray(f.value)) throw bad(`The filter "${f.op}" takes one value; use "in" for a list.`);
  if (f.op === "contains") {
    if (typeof f.value !== "string" || f.value === "") throw bad(`The filter "contains" takes some text.`);
    return { field, op: f.op, value: f.value };
  }
  return { field, op: f.op, value: checkValue(field, f.value) };
}

/** Checks a parsed config against its source; throws a 400 AppError naming the first problem. */
export function checkConfig(config: ReportConfig, now = new Date()): CheckedConfig {
  const source = SOURCES[config.source];
  const filters = config.filters.map((f) => checkFilter(source, f));
  const groupBy = config.groupBy.map((g) => {
    const field = lookup(source, g.field, "groupBy");
    if (!field.groupable) {
      throw bad(`Reports cannot group by ${field.label.toLowerCase()}: it is different on every row.`);
    }
    if (g.period && field.type !== "date") {
      throw bad(`Only date fields take a period; ${field.key} is a ${field.type}.`);
    }
    if (!g.period && field.type === "date") {
      throw bad(`Grouping by ${field.label.toLowerCase()} needs a period: day, week, month or quarter.`);
    }
    return { field, period: g.period };
  });
  if (new Set(config.groupBy.map((g) => g.field)).size < config.groupBy.length) {
    throw bad("Group by two different fields.");
  }
  const measures = config.measures.map((m) => checkMeasure(source, m));
  if (new Set(measures.map((m) => m.key)).size < measures.length) throw bad("The same measure is listed twice.");

  let range: DateRange | null = null;
  let rangeField: FieldDef | null = null;
  if (config.dateRange) {
    const fieldName = config.dateRange.field ?? source.defaultDateField;
    if (!fieldName) throw bad(`${source.label} have no date field to limit by.`);
    rangeField = lookup(source, fieldName, "dateRange");
    if (rangeField.type !== "date") {
      throw bad(`dateRange needs a date field; ${rangeField.key} is a ${rangeField.type}.`);
    }
    if (config.dateRange.preset && (config.dateRange.from || config.dateRange.to)) {
      throw bad("Give a date preset or from/to dates, not both.");
    }
    range = resolveRange(config.dateRange, now);
    if (range.from && range.to && range.from >= range.to) throw bad("The date range ends before it starts.");
  }
  if (config.compare && !(range?.from && range.to)) {
    throw bad("Comparing to the previous period needs a date range with a start (a preset other than all_time).");
  }
  for (const g of groupBy) {
    if (g.period !== "day") continue;
    const days = range?.from && range.to ? (range.to.getTime() - range.from.getTime()) / 86_400_000 : Infinity;
    if (days > MAX_DAY_BUCKETS) {
      throw bad(
        `Grouping by day covers at most 5 years: give a date range of at most ${MAX_DAY_BUCKETS} days, or group by week or month.`,
      );
    }
  }
  const columnKeys = [...groupBy.map((g) => g.field.key), ...measures.map((m) => m.key)];
  if (config.sort && !columnKeys.includes(config.sort.by)) {
    throw bad(`Sort by one of the report's columns: ${columnKeys.join(", ")}.`);
  }
  if (!source.available && (filters.length || groupBy.length || measures.some((m) => m.fn !== "count"))) {
    throw bad(source.message ?? `${source.label} cannot be reported on yet.`);
  }
  return { config, source, filters, groupBy, measures, range, rangeField };
}
