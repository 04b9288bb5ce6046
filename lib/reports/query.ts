// Turns a checked report config into SQL and runs it as the caller. Identifiers and expressions come only
// from the source definitions (lib/reports/sources/) and the fixed tables below, picked by key; every value
// from the config (filter values, dates, the limit) is a $n parameter. The query runs inside db.asUser, so
// RLS decides which rows count: a team report shows each viewer only what that viewer may see.
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/types.ts";
import type { CheckedConfig, CheckedMeasure, ColumnType } from "./config.ts";
import type { FieldDef, SqlCast } from "./sources/types.ts";
import { bucketsBetween, type DateRange, type Period, previousRange } from "./periods.ts";
import { readMoney } from "../deals/exchange-rates.ts";
import { currencyNote, type ReportCurrency, type ReportRate, reportRates } from "./currency.ts";
import type { RollupDef } from "./rollups/defs.ts";
import { MAX_DIRTY_DAYS } from "./rollups/defs.ts";
import { dirtyInside, rollupFor, splitRange } from "./rollups/plan.ts";
import { refreshTeamNow } from "./rollups/refresh.ts";

export interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
  /** Group columns by a date: the bucket size (values are the bucket's first day, YYYY-MM-DD). */
  period?: Period;
  role: "group" | "measure";
  /** Money measures: the currency the values are in (the team's base currency). */
  currency?: string;
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
  /** Reports summing money: the currency, the rates used and the currencies left out for want of a rate. */
  currency?: ReportCurrency;
  /** True when the answer came from the rollup tables (the same numbers as the raw rows, faster). */
  rollup?: boolean;
}

/** How a query reads its rows: from a rollup (whole clean days) plus the raw rows of the other days. */
export interface RollupRead {
  def: RollupDef;
  /** Out-of-date days of the team (YYYY-MM-DD), read raw. */
  dirty: string[];
}

/** Options of one query: totals only, a rollup to read, rates to convert money with. */
export interface QueryOptions {
  totals?: boolean;
  rollup?: RollupRead;
  /** Rates into the base currency: money sums are converted (rows without a rate add nothing). */
  rates?: { base: string; rates: ReportRate[] };
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

/** SQL for how a query reads its measures: from raw rows, or from a rollup's counts and sums. */
interface MeasureContext {
  rollup?: RollupDef;
  /** `(case t.currency when 'EUR' then 1.08 ... end)` with parameters, when money is converted. */
  rate?: string;
}

function measureExpression(m: CheckedMeasure, checked: CheckedConfig, ctx: MeasureContext = {}): string {
  const source = checked.source;
  const rows = ctx.rollup ? "sum(t.n)" : "count(*)";
  if (m.fn === "conversion_rate") {
    const hits = ctx.rollup
      ? `coalesce(sum(t.n) filter (where ${source.conversion!.sql}), 0)`
      : `count(*) filter (where ${source.conversion!.sql})`;
    return `round(100.0 * ${hits} / nullif(${rows}, 0), 1)`;
  }
  if (m.fn === "time_in_stage") return `round(avg(${source.timeInStage!.sql})::numeric, 1)`;
  if (m.fn === "count") return m.field ? `count(${m.field.sql})` : ctx.rollup ? `coalesce(${rows}, 0)` : rows;
  const field = m.field!;
  const converted = ctx.rate && field.type === "money";
  if (ctx.rollup) {
    const summed = `t.${ctx.rollup.sums[field.key].name}`;
    return converted ? `round(coalesce(sum(${summed} * ${ctx.rate}), 0), 2)` : `coalesce(sum(${summed}), 0)`;
  }
  if (converted) {
    const value = `(${field.sql} * ${ctx.rate})`;
    if (m.fn === "sum") return `round(coalesce(sum(${value}), 0), 2)`;
    if (m.fn === "avg") return `round(avg(${value})::numeric, 2)`;
    return `round(${m.fn}(${value}), 2)`;
  }
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
  const where = [`t.team_id = ${params.add(ids.teamId, "uuid")}`, checked.source.where];
  if (range && checked.rangeField) {
    if (range.from) where.push(`${checked.rangeField.sql} >= ${params.add(range.from.toISOString(), "timestamptz")}`);
    if (range.to) where.push(`${checked.rangeField.sql} < ${params.add(range.to.toISOString(), "timestamptz")}`);
  }
  return [...where, ...filterClauses(checked, params, ids.userId)];
}

/**
 * The rows a rollup query aggregates, as a subquery aliased t with the source's column names: the rollup's
 * clean whole days, plus the raw rows of the range's partial edge days and of the out-of-date days.
 */
function rollupRows(read: RollupRead, checked: CheckedConfig, params: Params, team: string, range: DateRange | null) {
  const { def } = read;
  const split = splitRange(range);
  const dirty = dirtyInside(split, read.dirty);
  const rolled = [`r.team_id = ${team}`];
  if (split.fromDay) rolled.push(`r.day >= ${params.add(split.fromDay, "date")}`);
  if (split.toDay) rolled.push(`r.day < ${params.add(split.toDay, "date")}`);
  if (dirty.length) rolled.push(`r.day <> all(${params.add(dirty, "date[]")})`);
  const sums = Object.values(def.sums);
  const parts = [
    `select ${def.columns.map((c) => `r.${c.name}`).join(", ")}, ` +
    `(r.day::timestamp at time zone 'UTC') as ${def.dateColumn}, r.n` +
    sums.map((s) => `, r.${s.name}`).join("") + ` from ${def.table} r where ${rolled.join(" and ")}`,
  ];
  const intervals = [
    ...split.edges,
    ...dirty.map((d) => ({
      from: new Date(`${d}T00:00:00Z`),
      to: new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000),
    })),
  ].map(({ from, to }) =>
    `(t.${def.dateColumn} >= ${params.add(from.toISOString(), "timestamptz")} and t.${def.dateColumn} < ${
      params.add(to.toISOString(), "timestamptz")
    })`
  );
  if (intervals.length) {
    parts.push(
      `select ${def.columns.map((c) => `${c.raw} as ${c.name}`).join(", ")}, t.${def.dateColumn}, 1 as n` +
        sums.map((s) => `, ${s.raw} as ${s.name}`).join("") +
        ` from ${checked.source.from} where t.team_id = ${team} and ${def.rawWhere} and (${intervals.join(" or ")})`,
    );
  }
  return `(${parts.join(" union all ")}) t`;
}

function filterClauses(checked: CheckedConfig, params: Params, userId: string): string[] {
  const where: string[] = [];
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

/** `(case t.currency when $a then $b ... end)`: one unit of each currency in the base; null without a rate. */
function rateCase(params: Params, currencySql: string, rates: NonNullable<QueryOptions["rates"]>): string {
  const whens = [`when ${params.add(rates.base, "text")} then 1`];
  for (const r of rates.rates) {
    whens.push(`when ${params.add(r.currency, "text")} then ${params.add(r.rate, "numeric")}`);
  }
  return `(case ${currencySql}::text ${whens.join(" ")} end)`;
}

/** The grouped query of a report (or, with `totals`, its one-row totals). The team id is always $1. */
export function buildReportQuery(
  checked: CheckedConfig,
  teamId: string,
  userId: string,
  range: DateRange | null,
  options: QueryOptions = {},
): BuiltQuery {
  const params = new Params();
  let from = checked.source.from;
  let where: string[];
  if (options.rollup) {
    const team = params.add(teamId, "uuid");
    from = rollupRows(options.rollup, checked, params, team, range);
    where = filterClauses(checked, params, userId);
    if (!where.length) where.push("true");
  } else {
    where = whereClauses(checked, params, { teamId, userId }, range);
  }
  const currencySql = checked.source.currencySql;
  const converts = options.rates && currencySql && checked.measures.some((m) => m.type === "money");
  const ctx: MeasureContext = {
    rollup: options.rollup?.def,
    rate: converts ? rateCase(params, currencySql, options.rates!) : undefined,
  };
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
  checked.measures.forEach((m, j) => select.push(`${measureExpression(m, checked, ctx)} as m${j}`));
  // the currencies the counted rows are in, so the result names only the rates it used (and those it lacked)
  if (ctx.rate) select.push(`array_agg(distinct ${currencySql}::text) as currencies`);
  let sql = `select ${select.join(", ")} from ${from} where ${where.join(" and ")}`;
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

/** The currencies named by the rows' `currencies` arrays (present when the query converts money). */
function currenciesOf(rows: Record<string, unknown>[]): string[] {
  return rows.flatMap((r) => Array.isArray(r.currencies) ? r.currencies.filter((c) => typeof c === "string") : []);
}

/** Whether a range has more out-of-date rollup days than the rollup path reads raw. */
function tooDirty(read: RollupRead | undefined, range: DateRange | null): boolean {
  return !!read && dirtyInside(splitRange(range), read.dirty).length > MAX_DIRTY_DAYS;
}

/** Whether a range has any out-of-date rollup day (edges aside: those are read raw anyway). */
function anyDirty(read: RollupRead | undefined, range: DateRange | null): boolean {
  return !!read && dirtyInside(splitRange(range), read.dirty).length > 0;
}

async function runOnce(
  tx: Tx,
  caller: Caller,
  checked: CheckedConfig,
  range: DateRange | null,
  options: QueryOptions,
) {
  const rollup = tooDirty(options.rollup, range) ? undefined : options.rollup;
  const base = { ...options, rollup };
  const main = buildReportQuery(checked, caller.teamId, caller.claims.sub, range, base);
  const raw = await tx.query(main.sql, main.params);
  const currencies = currenciesOf(raw);
  const found = readRows(checked, raw);
  const rows = fillPeriods(checked, found, range);
  if (checked.groupBy.length === 0) return { rows, totals: rows[0], rollup: !!rollup, currencies };
  const complete = found.length < (checked.config.limit ?? DEFAULT_LIMIT);
  const added = totalsFromRows(checked, found, complete);
  if (added) return { rows, totals: added, rollup: !!rollup, currencies };
  const total = buildReportQuery(checked, caller.teamId, caller.claims.sub, range, { ...base, totals: true });
  const [totalRow] = await tx.query(total.sql, total.params);
  const totals: Record<string, ReportValue> = {};
  checked.measures.forEach((m, j) => totals[m.key] = toValue(totalRow?.[`m${j}`], m.type));
  return { rows, totals, rollup: !!rollup, currencies: [...currencies, ...currenciesOf(totalRow ? [totalRow] : [])] };
}

/** Out-of-date days of the team's rollup for a source (read as the caller: RLS shows only the team's). */
async function dirtyDays(tx: Tx, teamId: string, def: RollupDef): Promise<string[]> {
  const rows = await tx.query<{ day: string }>(
    "select distinct day::text as day from public.report_rollup_dirty where team_id = $1 and source = $2",
    [teamId, def.source],
  );
  return rows.map((r) => r.day);
}

export interface RunOptions {
  /** Read rollups when the config allows it (true); false always reads the raw rows (tests compare both). */
  rollups?: boolean;
  /**
   * Bring a rollup with stale days in the range up to date before reading it (true); false reads those days raw
   * (tests check that path gives the same answers).
   */
  refreshStale?: boolean;
}

/** What one attempt at a report gives: the result, or word that its rollup has stale days to catch up first. */
type Attempt = { result: ReportResult } | { stale: true };

/**
 * Runs a checked report as the caller (RLS applies), with the previous period when the config asks.
 *
 * Stale rollup days would be read from the raw rows, and right after a bulk change (an import, a seed with
 * triggers on) those are most rows: one day can hold 20,000 deals, and every widget of a dashboard would read
 * them again. So when a range has stale days, the team's rollup is brought up to date first (the refresh job's
 * own pass, as the service role, once per team at a time however many widgets ask: its cost is one read of
 * those rows) and the report reads it. Whatever changed in between is still marked stale and read raw, so the
 * answer is the raw rows' either way.
 */
export async function runReport(
  caller: Caller,
  checked: CheckedConfig,
  now = new Date(),
  runOptions: RunOptions = {},
): Promise<ReportResult> {
  const first = await attemptReport(caller, checked, now, runOptions, false);
  if ("result" in first) return first.result;
  await refreshTeamNow(caller.db, caller.teamId, checked.source.name);
  const second = await attemptReport(caller, checked, now, runOptions, true);
  if ("result" in second) return second.result;
  throw new Error("a report with the raw fallback allowed is never stale");
}

async function attemptReport(
  caller: Caller,
  checked: CheckedConfig,
  now: Date,
  runOptions: RunOptions,
  rawWhenStale: boolean,
): Promise<Attempt> {
  const columns = reportColumns(checked);
  const generatedAt = now.toISOString();
  const range = checked.range;
  const rangeOut = range ? { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null } : undefined;
  if (!checked.source.available) {
    const totals = Object.fromEntries(checked.measures.map((m) => [m.key, emptyValue(m)]));
    return { result: { columns, rows: [], totals, generatedAt, notice: checked.source.message } };
  }
  return await caller.db.asUser(caller.claims, async (tx): Promise<Attempt> => {
    const options: QueryOptions = {};
    // only this report's queries run in this transaction (see SourceDef.hashJoins)
    if (checked.source.hashJoins) await tx.query("set local enable_nestloop = off");
    const def = runOptions.rollups === false ? null : rollupFor(checked);
    if (def) options.rollup = { def, dirty: await dirtyDays(tx, caller.teamId, def) };
    const before = checked.config.compare === "previous_period" && range ? previousRange(range) : null;
    const refresh = !rawWhenStale && runOptions.refreshStale !== false;
    if (refresh && (anyDirty(options.rollup, range) || (before && anyDirty(options.rollup, before)))) {
      return { stale: true };
    }
    if (checked.source.currencySql && checked.measures.some((m) => m.type === "money")) {
      const money = await readMoney(tx, caller.teamId);
      options.rates = { base: money.base, rates: reportRates(money) };
    }
    const current = await runOnce(tx, caller, checked, range, options);
    const result: ReportResult = { columns, rows: current.rows, totals: current.totals, generatedAt };
    if (rangeOut) result.range = rangeOut;
    const present = [...current.currencies];
    if (before) {
      const { rollup: _r, currencies, ...previous } = await runOnce(tx, caller, checked, before, options);
      present.push(...currencies);
      result.previous = { ...previous, from: before.from!.toISOString(), to: before.to!.toISOString() };
    }
    if (current.rollup) result.rollup = true;
    if (options.rates) {
      const base = options.rates.base;
      result.columns = columns.map((c) => c.type === "money" && c.role === "measure" ? { ...c, currency: base } : c);
      result.currency = currencyNote(base, options.rates.rates, present);
    }
    return { result };
  });
}
