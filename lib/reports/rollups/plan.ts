// Whether a checked report config can be answered from its source's rollup, and how a date range splits into
// whole UTC days (read from the rollup) and the partial days at its edges (read raw). Pure: unit-tested.
import type { CheckedConfig } from "../config.ts";
import type { DateRange } from "../periods.ts";
import { type RollupDef, ROLLUPS } from "./defs.ts";

/** The rollup that answers this config exactly, or null (then the raw query runs). */
export function rollupFor(checked: CheckedConfig): RollupDef | null {
  const def = ROLLUPS[checked.source.name];
  if (!def) return null;
  if (checked.filters.some((f) => !def.fields.includes(f.field.key))) return null;
  for (const g of checked.groupBy) {
    const stored = g.period ? g.field.key === def.dateField : def.fields.includes(g.field.key);
    if (!stored) return null;
  }
  for (const m of checked.measures) {
    const answered = (m.fn === "count" && !m.field) || m.fn === "conversion_rate" ||
      (m.fn === "sum" && m.field !== null && def.sums[m.field.key] !== undefined);
    if (!answered) return null;
  }
  if (checked.rangeField && checked.rangeField.key !== def.dateField) return null;
  return def;
}

const DAY = 86_400_000;

function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The first UTC midnight at or after `instant`. */
function ceilDay(instant: Date): Date {
  const floor = new Date(`${dayOf(instant)}T00:00:00Z`);
  return floor.getTime() === instant.getTime() ? floor : new Date(floor.getTime() + DAY);
}

export interface DaySplit {
  /** Whole days [fromDay, toDay) come from the rollup; null bounds are open. */
  fromDay: string | null;
  toDay: string | null;
  /** Instants read raw: [from, fromDay) and [toDay, to), when not empty. */
  edges: { from: Date; to: Date }[];
}

/** Splits a range into whole UTC days and the partial days around them. */
export function splitRange(range: DateRange | null): DaySplit {
  const from = range?.from ?? null;
  const to = range?.to ?? null;
  const fromDay = from ? ceilDay(from) : null;
  const toDay = to ? new Date(`${dayOf(to)}T00:00:00Z`) : null;
  if (from && to && fromDay && toDay && fromDay >= toDay) {
    // less than a whole day inside the range: all of it is read raw
    return { fromDay: dayOf(fromDay), toDay: dayOf(fromDay), edges: [{ from, to }] };
  }
  const edges: { from: Date; to: Date }[] = [];
  if (from && fromDay && from < fromDay) edges.push({ from, to: fromDay });
  if (to && toDay && toDay < to) edges.push({ from: toDay, to });
  return { fromDay: fromDay ? dayOf(fromDay) : null, toDay: toDay ? dayOf(toDay) : null, edges };
}

/** Out-of-date days inside the whole-day part (the edges are read raw anyway). */
export function dirtyInside(split: DaySplit, dirty: string[]): string[] {
  return [...new Set(dirty)].filter((d) =>
    (split.fromDay === null || d >= split.fromDay) && (split.toDay === null || d < split.toDay)
  ).sort();
}
