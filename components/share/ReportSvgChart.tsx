// A report's chart as a static SVG, for the public share page (no JavaScript shipped): bars, lines and areas,
// pie and doughnut slices, or the KPI figures. Drawn from the same series as the PDF (lib/reports/chart-data.ts);
// the table under it on the page is the accessible view of the same numbers. `compact` draws it for a phone
// (a narrower canvas, so text stays legible when scaled to 390 px): fewer axis labels, cut short with the full
// text in a <title> tooltip, and the legend in rows below the plot; the page shows one or the other by CSS.
import type { ReportResult } from "@/lib/reports/query.ts";
import { chartData, num } from "@/lib/reports/chart-data.ts";
import { CHART_COLORS } from "@/lib/reports/colors.ts";

interface Frame {
  W: number;
  H: number;
  PAD: number;
  /** At most this many category labels along the axis. */
  labels: number;
  /** Characters a label keeps. */
  chars: number;
}

const WIDE: Frame = { W: 720, H: 300, PAD: 40, labels: 12, chars: 14 };
const COMPACT: Frame = { W: 360, H: 240, PAD: 34, labels: 5, chars: 10 };

function cut(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1).trimEnd()}…` : text;
}

function color(i: number) {
  return CHART_COLORS[i % CHART_COLORS.length];
}

function short(n: number) {
  return Math.abs(n) >= 1000
    ? n.toLocaleString("en-US", { maximumFractionDigits: 0 })
    : String(Math.round(n * 100) / 100);
}

export function ReportSvgChart(
  { type, result, title, compact = false }: { type: string; result: ReportResult; title: string; compact?: boolean },
) {
  if (type === "table" || result.rows.length === 0) return null;
  const frame = compact ? COMPACT : WIDE;
  const { W, H, PAD } = frame;
  const chartClass = `share-chart ${compact ? "share-chart-compact" : "share-chart-wide"}`;
  if (type === "kpi") {
    const measures = result.columns.filter((c) => c.role === "measure");
    if (compact) return null; // the KPI cards reflow by themselves: drawn once, by the wide call
    return (
      <div class="share-kpis">
        {measures.map((m) => (
          <div class="share-kpi" key={m.key}>
            <div class="share-kpi-label">{m.label}</div>
            <div class="share-kpi-value">{short(num(result.totals?.[m.key] ?? result.rows[0]?.[m.key]))}</div>
          </div>
        ))}
      </div>
    );
  }
  const data = chartData(result);
  const n = Math.max(data.labels.length, 1);
  if (type === "pie" || type === "doughnut") {
    const values = data.series[0]?.values.map((v) => Math.max(0, v)) ?? [];
    const total = values.reduce((a, b) => a + b, 0) || 1;
    const r = compact ? 90 : 120, cx = compact ? W / 2 : 150, cy = compact ? 100 : 150;
    const shown = data.labels.slice(0, 14);
    // compact: the legend goes below the pie, one entry per row
    const legendAt = (i: number) => compact ? { x: PAD, y: 2 * r + 30 + i * 18 } : { x: 320, y: 20 + i * 19 };
    const height = compact ? 2 * r + 36 + shown.length * 18 : H;
    let angle = -Math.PI / 2;
    const slices = values.map((v, i) => {
      const sweep = (2 * Math.PI * v) / total;
      const end = angle + Math.min(sweep, 2 * Math.PI - 1e-4);
      const d = `M ${cx} ${cy} L ${cx + r * Math.cos(angle)} ${cy + r * Math.sin(angle)} A ${r} ${r} 0 ${
        sweep > Math.PI ? 1 : 0
      } 1 ${cx + r * Math.cos(end)} ${cy + r * Math.sin(end)} Z`;
      angle += sweep;
      return <path key={i} d={d} fill={color(i)} />;
    });
    return (
      <svg class={chartClass} viewBox={`0 0 ${W} ${height}`} role="img" aria-label={`${title}: chart`}>
        {slices}
        {type === "doughnut" && <circle cx={cx} cy={cy} r={r * 0.55} fill="var(--surface, #fff)" />}
        {shown.map((l, i) => (
          <g key={l + i}>
            <title>{`${l}: ${short(values[i])}`}</title>
            <rect x={legendAt(i).x} y={legendAt(i).y} width={10} height={10} fill={color(i)} />
            <text x={legendAt(i).x + 16} y={legendAt(i).y + 9} font-size="12" fill="currentColor">
              {`${compact ? cut(l, 24) : l}: ${short(values[i])}`}
            </text>
          </g>
        ))}
      </svg>
    );
  }
  const stacked = type === "stacked_bar";
  const totals = data.labels.map((_, i) => data.series.reduce((s, x) => s + Math.max(0, x.values[i]), 0));
  const max = Math.max(1, ...(stacked ? totals : data.series.flatMap((s) => s.values)));
  const plotW = W - PAD * 2, plotH = H - PAD * 2;
  const step = plotW / n;
  const y = (v: number) => PAD + plotH - (plotH * Math.max(0, v)) / max;
  const shapes = type === "line" || type === "area"
    ? data.series.map((s, j) => {
      const pts = s.values.map((v, i) => `${PAD + step * i + step / 2},${y(v)}`).join(" ");
      return (
        <g key={j}>
          {type === "area" && (
            <polygon
              points={`${PAD + step / 2},${PAD + plotH} ${pts} ${PAD + step * (n - 1) + step / 2},${PAD + plotH}`}
              fill={color(j)}
              fill-opacity="0.25"
            />
          )}
          <polyline points={pts} fill="none" stroke={color(j)} stroke-width="2" />
        </g>
      );
    })
    : data.labels.map((_, i) => {
      let base = PAD + plotH;
      const width = stacked ? step * 0.7 : (step * 0.8) / Math.max(data.series.length, 1);
      return data.series.map((s, j) => {
        const h = (plotH * Math.max(0, s.values[i])) / max;
        const x = PAD + i * step + (stacked ? step * 0.15 : step * 0.1 + j * width);
        const top = stacked ? base - h : PAD + plotH - h;
        if (stacked) base -= h;
        return <rect key={`${i}-${j}`} x={x} y={top} width={width} height={h} fill={color(j)} />;
      });
    });
  const every = Math.ceil(n / frame.labels);
  const legend = data.series.length > 1 ? data.series.slice(0, 8) : [];
  // legend entries below the plot: 8 to a row when wide, 2 to a row on a phone
  const perRow = compact ? 2 : 8;
  const slot = (W - PAD * 2) / perRow;
  const legendRows = Math.ceil(legend.length / perRow);
  return (
    <svg
      class={chartClass}
      viewBox={`0 0 ${W} ${H + legendRows * 20 + (legend.length ? 4 : 0)}`}
      role="img"
      aria-label={`${title}: chart`}
    >
      {legend.map((s, j) => (
        <g key={`legend-${j}`}>
          <title>{s.label}</title>
          <rect
            x={PAD + (j % perRow) * slot}
            y={H + 6 + Math.floor(j / perRow) * 20}
            width={10}
            height={10}
            fill={color(j)}
          />
          <text
            x={PAD + (j % perRow) * slot + 14}
            y={H + 15 + Math.floor(j / perRow) * 20}
            font-size="11"
            fill="currentColor"
          >
            {cut(s.label, compact ? 18 : 12)}
          </text>
        </g>
      ))}
      {(compact ? [0, 2, 4] : [0, 1, 2, 3, 4]).map((k) => (
        <g key={k}>
          <line x1={PAD} x2={W - PAD} y1={y((max * k) / 4)} y2={y((max * k) / 4)} stroke="#cbd5e1" stroke-width="0.5" />
          <text x={PAD - 4} y={y((max * k) / 4) + 4} font-size="10" text-anchor="end" fill="currentColor">
            {short((max * k) / 4)}
          </text>
        </g>
      ))}
      {shapes}
      {data.labels.map((l, i) =>
        i % every ? null : (
          <text
            key={i}
            x={PAD + step * i + step / 2}
            y={H - PAD + 14}
            font-size="10"
            text-anchor="middle"
            fill="currentColor"
          >
            <title>{l}</title>
            {cut(l, frame.chars)}
          </text>
        )
      )}
    </svg>
  );
}
