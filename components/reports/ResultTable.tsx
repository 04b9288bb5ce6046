// A report result as a table whose columns sort on click (aria-sort says how). Used on its own (chart type
// "table") and as the data table of every chart, where it may be visually hidden but stays in the page for
// screen readers.
import { useState } from "preact/hooks";
import { formatValue, sortRows } from "../../lib/reports/client/chart-config.ts";
import { isNumericType } from "../../lib/reports/client/sources.ts";
import type { ReportResult } from "../../lib/reports/client/types.ts";

export interface ResultTableProps {
  result: ReportResult;
  caption: string;
  /** Shown only to screen readers (the chart is what sighted readers see). */
  hidden?: boolean;
  /** Rows shown at most; the rest are summarised under the table. */
  maxRows?: number;
}

export function ResultTable({ result, caption, hidden, maxRows = 500 }: ResultTableProps) {
  const [sort, setSort] = useState<{ key: string; dir: "asc" | "desc" } | null>(null);
  const column = sort && result.columns.find((c) => c.key === sort.key);
  const rows = sort && column ? sortRows(result.rows, sort.key, sort.dir, isNumericType(column.type)) : result.rows;
  const shown = rows.slice(0, maxRows);
  const toggle = (key: string) =>
    setSort((s) => s?.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" });
  const ariaSort = (key: string) => sort?.key === key ? (sort.dir === "asc" ? "ascending" : "descending") : undefined;
  return (
    <div class={hidden ? "visually-hidden" : "table-wrap report-table-wrap"}>
      <table class="table report-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {result.columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={ariaSort(c.key)} class={isNumericType(c.type) ? "num" : ""}>
                <button
                  type="button"
                  class="report-sort"
                  onClick={() =>
                    toggle(c.key)}
                  tabIndex={hidden ? -1 : 0}
                >
                  {c.label}
                  <span aria-hidden="true" class="report-sort-mark">
                    {sort?.key === c.key ? (sort.dir === "asc" ? "▲" : "▼") : ""}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, i) => (
            <tr key={i}>
              {result.columns.map((c) => (
                <td key={c.key} class={isNumericType(c.type) ? "num" : ""}>
                  {formatValue(row[c.key], c.type, "en", c.period)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {result.totals && (
          <tfoot>
            <tr>
              {result.columns.map((c, i) => (
                <td key={c.key} class={isNumericType(c.type) ? "num" : ""}>
                  {result.totals?.[c.key] !== undefined
                    ? formatValue(result.totals?.[c.key], c.type)
                    : i === 0
                    ? "Total"
                    : ""}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
      {rows.length > shown.length && (
        <p class="text-sm muted">Showing {shown.length} of {rows.length} rows; export for all of them.</p>
      )}
    </div>
  );
}
