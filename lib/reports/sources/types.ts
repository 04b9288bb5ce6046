// What a report source is: the table it reads, the fields a report may filter, group and measure by, and
// the SQL behind each field. The SQL here is fixed text written by us: a report config only ever picks
// fields by key from these lists (lib/reports/query.ts), so no identifier in a query comes from input.

export type FieldType = "text" | "number" | "money" | "date" | "enum" | "user";

/** How a filter value is cast in SQL ($n::cast). */
export type SqlCast = "text" | "numeric" | "timestamptz" | "date" | "uuid";

/** Values an enum field takes from the caller's team (read as the caller when the catalogue is built). */
export type DynamicValues = "stages" | "pipelines" | "owners";

export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldDef {
  key: string;
  label: string;
  type: FieldType;
  /** Expression over the source's row alias `t` (and the source's joins). */
  sql: string;
  cast: SqlCast;
  groupable: boolean;
  /**
   * What a group shows for this field (a stage's name for its id). Computed per group, so it may refer to the
   * row only through `sql` (the grouped value); same for orderSql.
   */
  labelSql?: string;
  /** The natural order of groups (a stage's position); by label or value when absent. */
  orderSql?: string;
  options?: readonly FieldOption[];
  dynamic?: DynamicValues;
}

export type SourceName = "deals" | "deal_stages" | "leads" | "contacts" | "activities" | "tasks" | "sequences";

export interface SourceDef {
  name: SourceName;
  label: string;
  /** `public.<table> t`: the row alias is always t (no joins: per-row joins cost more than the aggregates). */
  from: string;
  /** Always applied (soft-deleted rows never count). */
  where: string;
  /** The date field a date range applies to when the config names none. */
  defaultDateField: string | null;
  fields: readonly FieldDef[];
  /** conversion_rate: the share of rows for which this is true (in percent). */
  conversion?: { sql: string; label: string };
  /** time_in_stage: the days a row has spent in its current stage/status (averaged). */
  timeInStage?: { sql: string; label: string };
  /** The row's currency (alias t): money measures are converted into the team's base currency by it. */
  currencySql?: string;
  /**
   * The source's where clause is an anti-join that must be hashed: the report's transaction turns nested loops
   * off. PGlite never gathers statistics, and without them the planner probes an index once per row (deal
   * stages: 42,000 probes, over half a second) where one hash of the few rows to leave out costs milliseconds.
   */
  hashJoins?: boolean;
  /** False for a source that has no data yet (sequences before the outreach feature). */
  available: boolean;
  message?: string;
}

/** A user field: its label is the person's name, read per group. */
export function userField(key: string, label: string, column: string): FieldDef {
  return {
    key,
    label,
    type: "user",
    sql: `t.${column}`,
    cast: "uuid",
    groupable: true,
    labelSql: `coalesce((select nullif(p.full_name, '') from public.profiles p where p.id = t.${column}), 'Nobody')`,
    dynamic: "owners",
  };
}

export function dateField(key: string, label: string, column: string, cast: SqlCast = "timestamptz"): FieldDef {
  return { key, label, type: "date", sql: `t.${column}`, cast, groupable: true };
}

export function textField(key: string, label: string, column: string, groupable = true): FieldDef {
  return { key, label, type: "text", sql: `t.${column}`, cast: "text", groupable };
}

export function numberField(key: string, label: string, sql: string, type: "number" | "money" = "number"): FieldDef {
  return { key, label, type, sql, cast: "numeric", groupable: false };
}

export function enumField(key: string, label: string, sql: string, options: readonly FieldOption[]): FieldDef {
  return { key, label, type: "enum", sql, cast: "text", groupable: true, options };
}
