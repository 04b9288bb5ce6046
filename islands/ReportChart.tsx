// One report result drawn as a chart.js chart, a KPI card with its trend against the previous period, or a
// sortable table. Every chart keeps its data table in the page (visually hidden until "Show data" is pressed),
// and the canvas carries a one-sentence summary, so the figures are readable without seeing the chart.
// chart.js is loaded on demand (lib/reports/client/chart-runtime.ts), registered with only what is drawn here.
import { useEffect, useRef, useState } from "preact/hooks";
import { chartSpec, chartSummary, COMPACT_WIDTH, fitToWidth, kpiModel } from "@/lib/reports/client/chart-config.ts";
import { onThemeChange, readPalette } from "@/lib/reports/client/palette.ts";
import type { ChartType, ReportResult } from "@/lib/reports/client/types.ts";
import { ResultTable } from "@/components/reports/ResultTable.tsx";
import { describeCurrency } from "@/lib/reports/client/currency-note.ts";

/** "Amounts in USD. EUR at 1.08 (default rate)." under a report that sums money in several currencies. */
function CurrencyNote({ result }: { result: ReportResult }) {
  if (!result.currency) return null;
  const { rates, missing } = result.currency;
  return (
    <p class={`report-currency text-xs ${missing.length ? "report-currency-missing" : "muted"}`}>
      {rates.length || missing.length ? describeCurrency(result.currency) : `Amounts in ${result.currency.base}.`}
    </p>
  );
}

export interface ReportChartProps {
  result: ReportResult | null;
  type: ChartType;
  title: string;
  /** Start with the data table shown under the chart. */
  showTable?: boolean;
  /** A problem to show instead of the chart (e.g. the report could not run). */
  error?: string | null;
}

type ChartInstance = { destroy(): void };

function useChart(canvas: { current: HTMLCanvasElement | null }, result: ReportResult | null, type: ChartType) {
  useEffect(() => {
    const element = canvas.current;
    if (!element || !result) return;
    let chart: ChartInstance | null = null;
    let cancelled = false;
    let compact: boolean | null = null;
    const draw = async () => {
      const full = chartSpec(result, type, readPalette());
      if (!full) return;
      const width = element.parentElement?.clientWidth ?? element.clientWidth;
      compact = width < COMPACT_WIDTH;
      const spec = fitToWidth(full, width);
      const { Chart } = await import("@/lib/reports/client/chart-runtime.ts");
      if (cancelled) return;
      chart?.destroy();
      // deno-lint-ignore no-explicit-any
      chart = new Chart(element, spec as any);
      element.dataset.chartReady = "true";
    };
    void draw();
    // Colours come from the theme's CSS variables: draw again in the new theme's colours.
    const stop = onThemeChange(() => void draw());
    // Crossing the phone width (rotation, a resized window) redraws with the other label and tick settings.
    const resized = new ResizeObserver(() => {
      const width = element.parentElement?.clientWidth ?? 0;
      if (compact !== null && width > 0 && (width < COMPACT_WIDTH) !== compact) void draw();
    });
    if (element.parentElement) resized.observe(element.parentElement);
    return () => {
      cancelled = true;
      resized.disconnect();
      stop();
      chart?.destroy();
    };
  }, [result, type]);
}

function Kpi({ result }: { result: ReportResult }) {
  const kpi = kpiModel(result);
  const arrow = kpi.trend === "up" ? "▲" : kpi.trend === "down" ? "▼" : kpi.trend === "flat" ? "▶" : "";
  return (
    <div class="report-kpi">
      <span class="report-kpi-label">{kpi.label}</span>
      <strong class="report-kpi-value">{kpi.formatted}</strong>
      {kpi.changePct !== null && (
        <span class={`report-kpi-trend report-kpi-${kpi.trend}`}>
          <span aria-hidden="true">{arrow}</span> {kpi.changePct > 0 ? "+" : ""}
          {kpi.changePct} % vs previous period
        </span>
      )}
    </div>
  );
}

export default function ReportChart(props: ReportChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [tableShown, setTableShown] = useState(props.showTable ?? false);
  const { result, type } = props;
  useChart(canvas, result, type);

  if (props.error) return <p class="report-chart-error" role="alert">{props.error}</p>;
  if (!result) return <p class="report-chart-empty muted">Loading…</p>;
  if (result.rows.length === 0 && !result.totals) {
    return <p class="report-chart-empty muted">No data matches this report yet.</p>;
  }
  if (type === "table") return <ResultTable result={result} caption={props.title} />;
  if (type === "kpi") {
    return (
      <div class="report-chart report-chart-kpi">
        <Kpi result={result} />
        <CurrencyNote result={result} />
        <ResultTable result={result} caption={props.title} hidden />
      </div>
    );
  }
  return (
    <figure class="report-chart" data-chart-type={type}>
      <div class="report-canvas">
        <canvas ref={canvas} role="img" aria-label={`${props.title}: ${chartSummary(result, type)}`} />
      </div>
      <figcaption class="report-chart-caption">
        <button
          type="button"
          class="btn btn-ghost btn-sm report-table-toggle"
          aria-expanded={tableShown}
          onClick={() => setTableShown(!tableShown)}
        >
          {tableShown ? "Hide data" : "Show data"}
        </button>
        <CurrencyNote result={result} />
      </figcaption>
      <ResultTable result={result} caption={props.title} hidden={!tableShown} />
    </figure>
  );
}
