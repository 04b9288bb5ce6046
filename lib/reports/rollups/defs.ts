// Which report sources have a rollup table (supabase/migrations/20261209050000_report_rollups.sql), and what
// it stores: its dimension columns (named as in the source, so the source's field SQL reads them unchanged),
// the date field it is bucketed by (UTC days), and the sums it keeps. Fixed text written by us, like the
// sources themselves; a config only picks among these by key.
import type { SourceName } from "../sources/types.ts";

export interface RollupColumn {
  /** The column's name in the rollup table and in the rows the query reads (`t.<name>`). */
  name: string;
  /** The same value from a raw source row (alias t). */
  raw: string;
}

export interface RollupDef {
  source: SourceName;
  table: string;
  /** The source's date field the rollup is bucketed by (UTC days) and its raw column. */
  dateField: string;
  dateColumn: string;
  /** Source field keys a report may filter and group by and still be answered from the rollup. */
  fields: readonly string[];
  columns: readonly RollupColumn[];
  /** Summed measures: the source field key → the rollup column and the raw expression summed. */
  sums: Readonly<Record<string, RollupColumn>>;
  /** Rows the source counts (its fixed where clause), over alias t. */
  rawWhere: string;
}

export const DEAL_ROLLUP: RollupDef = {
  source: "deals",
  table: "public.report_deal_rollups",
  dateField: "created_at",
  dateColumn: "created_at",
  fields: ["stage", "pipeline", "status", "owner", "currency"],
  columns: [
    { name: "owner_id", raw: "t.owner_id" },
    { name: "pipeline_id", raw: "t.pipeline_id" },
    { name: "stage_id", raw: "t.stage_id" },
    { name: "currency", raw: "t.currency::text" },
  ],
  sums: {
    value: { name: "value_sum", raw: "t.value" },
    weighted_value: { name: "weighted_sum", raw: "(t.value * t.probability / 100.0)" },
  },
  rawWhere: "t.deleted_at is null",
};

export const ACTIVITY_ROLLUP: RollupDef = {
  source: "activities",
  table: "public.report_activity_rollups",
  dateField: "occurred_at",
  dateColumn: "occurred_at",
  fields: ["type", "record_type", "outcome", "actor"],
  columns: [
    { name: "actor_id", raw: "t.actor_id" },
    { name: "type", raw: "t.type" },
    { name: "record_type", raw: "t.record_type" },
    { name: "outcome", raw: "t.outcome" },
  ],
  sums: { duration_minutes: { name: "duration_minutes_sum", raw: "(t.duration_seconds / 60.0)" } },
  rawWhere: "t.deleted_at is null",
};

export const ROLLUPS: Partial<Record<SourceName, RollupDef>> = { deals: DEAL_ROLLUP, activities: ACTIVITY_ROLLUP };

/** Above this many out-of-date days in a range, the raw query is simpler and about as fast. */
export const MAX_DIRTY_DAYS = 60;
