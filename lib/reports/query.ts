// Turns a checked report config into SQL and runs it as the caller. Identifiers and expressions come only
// from the source definitions (lib/reports/sources/) and the fixed tables below, picked by key; every value
// from the config (filter values, dates, the limit) is a $n parameter. The query runs inside db.asUser, so
// RLS decides which rows count: a team report shows each viewer only what that viewer may see.
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/types.ts";
import type { CheckedConfig, CheckedMeasure, ColumnType } from "./config.ts";
import type { FieldDef, SqlCast } from "./sources/types.ts";
import { bucketsBetween, type DateRange, type Period, previousRange } from "./periods.ts";

export interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
  /** Group columns by a date: the bucket size (values are the bucket's first day, YYYY-MM-DD). */
  period?: Period;
  role: "group" | "measure";
}

export type ReportValue = string | number | null;
export type ReportRow = Record<string, ReportValue>;

export interface ReportResult {
  columns: ReportColumn[];
  rows: ReportRow[];
  totals?: Record<string, ReportValue>;
  previous?: { rows: ReportRow[]; totals?: Record<string, ReportValue>; from: string; to: string };
  /** The range the report covered (ISO instants), when it had one. */
  range?: { from: string | null; to: string | null };
  generatedAt: string;
  /** Why a report is empty when it cannot have data (a source that does not exist yet). */
  notice?: string;
}

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

// Fixed SQL for the period keywords: the config's period is looked up here, never pasted.
const TRUNC: Record<Period, string> = { day: "'day'", week: "'week'", month: "'month'", quarter: "'quarter'" };
const CASTS: Record<SqlCast, string> = {
  text: "text",
  numeric: "numeric",
  timestamptz: "timestamptz",
  date: "date",
  uuid: "uuid",
};

const DEFAULT_LIMIT = 1000;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: SqlCast | `${SqlCast}[]` | "int"): string {
    const base = cast.replace("[]", "") as SqlCast | "int";
    const sqlCast = base === "int" ? "int" : CASTS[base];
    return `$${this.values.push(value)}::${sqlCast}${cast.endsWith("[]") ? "[]" : ""}`;
  }
}

function groupExpression(field: FieldDef, period: Period | undefined): string {
  if (!period) return field.sql;
  const at = field.cast === "date" ? `${field.sql}::timestamp` : `(${field.sql} at time zone 'UTC')`;
  return `to_char(date_trunc(${TRUNC[period]}, ${at}), 'YYYY-MM-DD')`;
}

function measureExpression(m: CheckedMeasure, checked: CheckedConfig): string {
  const source = checked.source;
  if (m.fn === "conversion_rate") {
    return `round(100.0 * count(*) filter (where ${source.conversion!.sql}) / nullif(count(*), 0), 1)`;
  }
  if (m.fn === "time_in_stage") return `round(avg(${source.timeInStage!.sql})::numeric, 1)`;
  if (m.fn === "count") return m.field ? `count(${m.field.sql})` : "count(*)";
  const field = m.field!;
  if (field.type === "date") {
    const format = field.cast === "date" ? "'YYYY-MM-DD'" : `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;
    const value = field.cast === "date" ? `${m.fn}(${field.sql})` : `(${m.fn}(${field.sql}) at time zone 'UTC')`;
    return `to_char(${value}, ${format})`;
  }
  if (m.fn === "sum") return `coalesce(sum(${field.sql}), 0)`;
  if (m.fn === "avg") return `round(avg(${field.sql})::numeric, 2)`;
  return `${m.fn}(${field.sql})`;
}

function whereClauses(
  checked: CheckedConfig,
  params: Params,
  ids: { teamId: string; userId: string },
  range: DateRange | null,
): string[] {
  const userId = ids.userId;
  const where = [`t.team_id = ${params.add(ids.teamId, "uuid")}`, checked.source.where];
  if (range && checked.rangeField) {
    if (range.from) where.push(`${checked.rangeField.sql} >= ${params.add(range.from.toISOString(), "timestamptz")}`);
    if (range.to) where.push(`${checked.rangeField.sql} < ${params.add(range.to.toISOString(), "timestamptz")}`);
  }
  for (const { field, op, value } of checked.filters) {
    const me = (v: unknown) => field.type === "user" && v === "me" ? userId : v;
    const one = () => params.add(me(value), field.cast);
    switch (op) {
      case "eq":
        where.push(`${field.sql} = ${one()}`);
        break;
      case "neq":
        where.push(`${field.sql} is distinct from ${one()}`);
        break;
      case "in":
        where.push(`${field.sql} = any(${params.add((value as unknown[]).map(me), `${field.cast}[]`)})`);
        break;
      case "gt":
        where.push(`${field.sql} > ${one()}`);
        break;
      case "gte":
        where.push(`${field.sql} >= ${one()}`);
        break;
      case "lt":
        where.push(`${field.sql} < ${one()}`);
        break;
      case "lte":
        where.push(`${field.sql} <= ${one()}`);
        break;
      case "contains":
        where.push(`${field.sql} ilike ${params.add(`%${escapeLike(String(value))}%`, "text")}`);
        break;
      case "is_null":
        where.push(`${field.sql} is null`);
        break;
      case "not_null":
        where.push(`${field.sql} is not null`);
        break;
    }
  }
  return where;
}

/** The grouped query of a report (or, with `totals`, its one-row totals). The team id is always $1. */
export function buildReportQuery(
  checked: CheckedConfig,
  teamId: string,
  userId: string,
  range: DateRange | null,
  options: { totals?: boolean } = {},
): BuiltQuery {
  const params = new Params();
  const where = whereClauses(checked, params, { teamId, userId }, range);
  const groups = options.totals ? [] : checked.groupBy;
  const select: string[] = [];
  const groupBy: string[] = [];
  groups.forEach(({ field, period }, i) => {
    const expr = groupExpression(field, period);
    select.push(`${expr} as g${i}`);
    groupBy.push(expr);
    // Labels and orders are computed from the grouped value, once per group (not in GROUP BY: there a
    // subquery would run once per row).
    if (field.labelSql && !period) select.push(`${field.labelSql} as l${i}`);
    if (field.orderSql && !period) select.push(`${field.orderSql} as o${i}`);
  });
  checked.measures.forEach((m, j) => select.push(`${measureExpression(m, checked)} as m${j}`));
  let sql = `select ${select.join(", ")} from ${checked.source.from} where ${where.join(" and ")}`;
  if (groupBy.length) {
    sql += ` group by ${groupBy.join(", ")} order by ${orderBy(checked).join(", ")}`;
    sql += ` limit ${params.add(checked.config.limit ?? DEFAULT_LIMIT, "int")}`;
  }
  return { sql, params: params.values };
}

/** The sort the config asks for, else each group's natural order (periods in time, stages in pipeline order). */
function orderBy(checked: CheckedConfig): string[] {
  const { sort } = checked.config;
  const order: string[] = [];
  if (sort) {
    const g = checked.groupBy.findIndex((x) => x.field.key === sort.by);
    const alias = g >= 0
      ? (checked.groupBy[g].field.labelSql && !checked.groupBy[g].period ? `l${g}` : `g${g}`)
      : `m${checked.measures.findIndex((m) => m.key === sort.by)}`;
    order.push(`${alias} ${sort.dir === "desc" ? "desc" : "asc"} nulls last`);
  }
  checked.groupBy.forEach(({ field, period }, i) => {
    if (period) order.push(`g${i} asc`);
    else if (field.orderSql) order.push(`o${i} asc nulls last`);
    else if (field.labelSql) order.push(`l${i} asc`);
    else if (i === 0 && checked.groupBy.length === 1) order.push("m0 desc nulls last", `g${i} asc nulls last`);
    else order.push(`g${i} asc nulls last`);
  });
  return order;
}

// Reading results ------------------------------------------------------------------------------------

function toValue(value: unknown, type: ColumnType): ReportValue {
  if (value === null || value === undefined) return null;
  if (type === "number" || type === "money" || type === "percent" || type === "days") return Number(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function reportColumns(checked: CheckedConfig): ReportColumn[] {
  return [
    ...checked.groupBy.map(({ field, period }) => ({
      key: field.key,
      label: period ? `${field.label} (${period})` : field.label,
      type: field.type as ColumnType,
      ...(period ? { period } : {}),
      role: "group" as const,
    })),
    ...checked.measures.map((m) => ({ key: m.key, label: m.label, type: m.type, role: "measure" as const })),
  ];
}

function groupValue(field: FieldDef, row: Record<string, unknown>, i: number): ReportValue {
  const raw = row[`g${i}`];
  if (raw === null || raw === undefined) return field.type === "user" ? "Nobody" : null;
  if (row[`l${i}`] !== undefined) return row[`l${i}`] === null ? null : String(row[`l${i}`]);
  const option = field.options?.find((o) => o.value === String(raw));
  return option ? option.label : toValue(raw, field.type === "date" ? "date" : "text");
}

function readRows(checked: CheckedConfig, rows: Record<string, unknown>[]): ReportRow[] {
  return rows.map((row) => {
    const out: ReportRow = {};
    checked.groupBy.forEach(({ field }, i) => out[field.key] = groupValue(field, row, i));
    checked.measures.forEach((m, j) => out[m.key] = toValue(row[`m${j}`], m.type));
    return out;
  });
}

/** A measure's value for a period nobody did anything in: 0 for counts and sums, nothing for the rest. */
function emptyValue(m: CheckedMeasure): ReportValue {
  return m.fn === "count" || m.fn === "sum" ? 0 : null;
}

/**
 * One date group: every period in the range gets a row, so a line chart shows the quiet weeks as zero.
 * Without a range, the periods between the first and last row are filled.
 */
export function fillPeriods(checked: CheckedConfig, rows: ReportRow[], range: DateRange | null): ReportRow[] {
  const [group] = checked.groupBy;
  if (checked.groupBy.length !== 1 || !group.period || checked.config.sort) return rows;
  const key = group.field.key;
  const seen = rows.map((r) => r[key]).filter((v): v is string => typeof v === "string").sort();
  const from = range?.from ?? (seen.length ? new Date(`${seen[0]}T00:00:00Z`) : null);
  const to = range?.to ??
    (seen.length ? new Date(new Date(`${seen[seen.length - 1]}T00:00:00Z`).getTime() + 1) : null);
  if (!from || !to) return rows;
  const byBucket = new Map(rows.map((r) => [r[key], r]));
  const filled = bucketsBetween(from, to, group.period, checked.config.limit ?? DEFAULT_LIMIT).map((b) =>
    byBucket.get(b) ?? Object.fromEntries([[key, b], ...checked.measures.map((m) => [m.key, emptyValue(m)])])
  );
  // rows without a date (null bucket) stay at the end
  return [...filled, ...rows.filter((r) => r[key] === null)];
}

/**
 * Totals added up from the groups, when that is exact: every row is in the answer (none cut by the limit) and
 * every measure adds up (count, sum) or compares (min, max of numbers). Else null, and a totals query runs.
 */
export function totalsFromRows(
  checked: CheckedConfig,
  rows: ReportRow[],
  complete: boolean,
): Record<string, ReportValue> | null {
  const additive = checked.measures.every((m) =>
    m.fn === "count" || m.fn === "sum" || ((m.fn === "min" || m.fn === "max") && m.type !== "date")
  );
  if (!complete || !additive) return null;
  const totals: Record<string, ReportValue> = {};
  for (const m of checked.measures) {
    const values = rows.map((r) => r[m.key]).filter((v): v is number => typeof v === "number");
    if (m.fn === "count" || m.fn === "sum") totals[m.key] = Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
    else totals[m.key] = values.length ? (m.fn === "min" ? Math.min(...values) : Math.max(...values)) : null;
  }
  return totals;
}

async function runOnce(tx: Tx, caller: Caller, checked: CheckedConfig, range: DateRange | null) {
  const main = buildReportQuery(checked, caller.teamId, caller.claims.sub, range);
  const found = readRows(checked, await tx.query(main.sql, main.params));
  const rows = fillPeriods(checked, found, range);
  if (checked.groupBy.length === 0) return { rows, totals: rows[0] };
  const complete = found.length < (checked.config.limit ?? DEFAULT_LIMIT);
  const added = totalsFromRows(checked, found, complete);
  if (added) return { rows, totals: added };
  const total = buildReportQuery(checked, caller.teamId, caller.claims.sub, range, { totals: true });
  const [totalRow] = await tx.query(total.sql, total.params);
  const totals: Record<string, ReportValue> = {};
  checked.measures.forEach((m, j) => totals[m.key] = toValue(totalRow?.[`m${j}`], m.type));
  return { rows, totals };
}

/** Runs a checked report as the caller (RLS applies), with the previous period when the config asks. */
export async function runReport(caller: Caller, checked: CheckedConfig, now = new Date()): Promise<ReportResult> {
  const columns = reportColumns(checked);
  const generatedAt = now.toISOString();
  const range = checked.range;
  const rangeOut = range ? { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null } : undefined;
  if (!checked.source.available) {
    const totals = Object.fromEntries(checked.measures.map((m) => [m.key, emptyValue(m)]));
    return { columns, rows: [], totals, generatedAt, notice: checked.source.message };
  }
  return await caller.db.asUser(caller.claims, async (tx) => {
    const current = await runOnce(tx, caller, checked, range);
    const result: ReportResult = { columns, rows: current.rows, totals: current.totals, generatedAt };
    if (rangeOut) result.range = rangeOut;
    if (checked.config.compare === "previous_period" && range) {
      const before = previousRange(range);
      const previous = await runOnce(tx, caller, checked, before);
      result.previous = { ...previous, from: before.from!.toISOString(), to: before.to!.toISOString() };
    }
    return result;
  });
}
