// The series a chart draws from a report result, shared by the PDF (lib/reports/pdf.ts) and the share page's
// SVG chart: the first group gives the labels; with a second group each of its values is a series (of the
// first measure), else each measure is one. Pure, no server imports.
import type { ReportResult, ReportValue } from "./query.ts";

export interface ChartSeries {
  label: string;
  values: number[];
}

export interface ChartData {
  labels: string[];
  series: ChartSeries[];
}

export function label(value: ReportValue): string {
  return value === null ? "(none)" : String(value);
}

/**
 * The chart's data from a result: the first group gives the labels; with a second group each of its values is
 * a series (of the first measure), else each measure is one, as long as it shares the first measure's type (a count
 * next to a sum of money would be a flat line on the money's scale: the table shows it instead).
 */
export function chartData(result: ReportResult): ChartData {
  const groups = result.columns.filter((c) => c.role === "group");
  const allMeasures = result.columns.filter((c) => c.role === "measure");
  const measures = allMeasures.filter((m) => m.type === allMeasures[0]?.type);
  if (groups.length === 0) {
    return {
      labels: measures.map((m) => m.label),
      series: [{ label: "", values: measures.map((m) => num(result.rows[0]?.[m.key])) }],
    };
  }
  const [first, second] = groups;
  if (!second) {
    return {
      labels: result.rows.map((r) => label(r[first.key])),
      series: measures.map((m) => ({ label: m.label, values: result.rows.map((r) => num(r[m.key])) })),
    };
  }
  const labels = [...new Set(result.rows.map((r) => label(r[first.key])))];
  const names = [...new Set(result.rows.map((r) => label(r[second.key])))];
  const measure = measures[0];
  return {
    labels,
    series: names.map((name) => ({
      label: name,
      values: labels.map((l) =>
        num(result.rows.find((r) => label(r[first.key]) === l && label(r[second.key]) === name)?.[measure.key])
      ),
    })),
  };
}

export function num(value: ReportValue | undefined): number {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}
