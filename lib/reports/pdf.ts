// The PDF of a report: its name, when it was made, the chart drawn with pdfkit's vector shapes from the same
// rows the table shows (bars, lines and areas, pie and doughnut slices, funnel steps, a KPI figure), then the
// table. No browser and no chart.js on the server: the shapes are simple enough to draw directly.
import PDFDocument from "pdfkit";
import type { ReportColumn, ReportResult, ReportValue } from "./query.ts";
import { CHART_COLORS } from "./colors.ts";
import { type ChartData, chartData, num } from "./chart-data.ts";
import { describeCurrency } from "./client/currency-note.ts";

type Doc = InstanceType<typeof PDFDocument>;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function formatNumber(n: number): string {
  return Math.abs(n) >= 1000
    ? n.toLocaleString("en-US", { maximumFractionDigits: 0 })
    : String(Math.round(n * 100) / 100);
}

function color(i: number): string {
  return CHART_COLORS[i % CHART_COLORS.length];
}

function drawAxes(doc: Doc, box: Box, max: number) {
  doc.lineWidth(0.5).strokeColor("#cbd5e1");
  for (let i = 0; i <= 4; i++) {
    const y = box.y + box.h - (box.h * i) / 4;
    doc.moveTo(box.x, y).lineTo(box.x + box.w, y).stroke();
    doc.fillColor("#64748b").fontSize(7).text(formatNumber((max * i) / 4), box.x - 44, y - 4, {
      width: 40,
      align: "right",
    });
  }
}

function drawLabels(doc: Doc, box: Box, labels: string[]) {
  const step = box.w / Math.max(labels.length, 1);
  const every = Math.ceil(labels.length / 12);
  labels.forEach((text, i) => {
    if (i % every) return;
    doc.fillColor("#334155").fontSize(7).text(text.slice(0, 18), box.x + i * step, box.y + box.h + 4, {
      width: step * every,
      align: "center",
      lineBreak: false,
    });
  });
}

function drawBars(doc: Doc, box: Box, data: ChartData, stacked: boolean) {
  const totals = data.labels.map((_, i) => data.series.reduce((s, x) => s + Math.max(0, x.values[i]), 0));
  const max = Math.max(1, ...(stacked ? totals : data.series.flatMap((s) => s.values)));
  drawAxes(doc, box, max);
  const step = box.w / Math.max(data.labels.length, 1);
  const barWidth = stacked ? step * 0.7 : (step * 0.8) / Math.max(data.series.length, 1);
  data.labels.forEach((_, i) => {
    let base = box.y + box.h;
    data.series.forEach((s, j) => {
      const h = (box.h * Math.max(0, s.values[i])) / max;
      const x = box.x + i * step + (stacked ? step * 0.15 : step * 0.1 + j * barWidth);
      const y = stacked ? base - h : box.y + box.h - h;
      if (h > 0) doc.rect(x, y, barWidth, h).fill(color(j));
      if (stacked) base -= h;
    });
  });
  drawLabels(doc, box, data.labels);
}

function drawLines(doc: Doc, box: Box, data: ChartData, area: boolean) {
  const max = Math.max(1, ...data.series.flatMap((s) => s.values));
  drawAxes(doc, box, max);
  const n = data.labels.length;
  const xOf = (i: number) => box.x + (n <= 1 ? box.w / 2 : (box.w * i) / (n - 1));
  const yOf = (v: number) => box.y + box.h - (box.h * Math.max(0, v)) / max;
  data.series.forEach((s, j) => {
    if (n === 0) return;
    if (area) {
      doc.moveTo(xOf(0), box.y + box.h);
      s.values.forEach((v, i) => doc.lineTo(xOf(i), yOf(v)));
      doc.lineTo(xOf(n - 1), box.y + box.h).closePath().fillOpacity(0.25).fill(color(j)).fillOpacity(1);
    }
    doc.moveTo(xOf(0), yOf(s.values[0]));
    s.values.forEach((v, i) => doc.lineTo(xOf(i), yOf(v)));
    doc.lineWidth(1.5).strokeColor(color(j)).stroke();
  });
  drawLabels(doc, { ...box, x: box.x - box.w / Math.max(n, 1) / 2 }, data.labels);
}

function drawPie(doc: Doc, box: Box, data: ChartData, hole: boolean) {
  const values = data.series[0]?.values.map((v) => Math.max(0, v)) ?? [];
  const total = values.reduce((a, b) => a + b, 0);
  const r = Math.min(box.w / 2 - 80, box.h) / 2;
  const cx = box.x + r + 10, cy = box.y + box.h / 2;
  let angle = -Math.PI / 2;
  values.forEach((v, i) => {
    if (total === 0 || v === 0) return;
    const sweep = (2 * Math.PI * v) / total;
    const end = angle + sweep;
    if (sweep >= 2 * Math.PI - 1e-6) doc.circle(cx, cy, r).fill(color(i));
    else {
      const large = sweep > Math.PI ? 1 : 0;
      const [x1, y1, x2, y2] = [
        cx + r * Math.cos(angle),
        cy + r * Math.sin(angle),
        cx + r * Math.cos(end),
        cy + r * Math.sin(end),
      ];
      doc.path(`M ${cx} ${cy} L ${x1} ${y1} A ${r} ${r} 0 ${large} 1 ${x2} ${y2} Z`).fill(color(i));
    }
    angle = end;
  });
  if (hole) doc.circle(cx, cy, r * 0.55).fill("#ffffff");
  data.labels.slice(0, 14).forEach((text, i) => {
    const y = box.y + i * 13;
    doc.rect(cx + r + 30, y, 8, 8).fill(color(i));
    const share = total ? ` (${Math.round((100 * values[i]) / total)}%)` : "";
    doc.fillColor("#334155").fontSize(8).text(
      `${text.slice(0, 30)}: ${formatNumber(values[i])}${share}`,
      cx + r + 44,
      y,
      {
        lineBreak: false,
      },
    );
  });
}

function drawFunnel(doc: Doc, box: Box, data: ChartData) {
  const values = data.series[0]?.values ?? [];
  const max = Math.max(1, ...values);
  const step = Math.min(28, box.h / Math.max(values.length, 1));
  values.forEach((v, i) => {
    const w = Math.max(2, (box.w * 0.7 * Math.max(0, v)) / max);
    const y = box.y + i * step;
    doc.rect(box.x + (box.w * 0.7 - w) / 2, y, w, step - 4).fill(color(i));
    doc.fillColor("#334155").fontSize(8).text(
      `${data.labels[i]}: ${formatNumber(v)}`,
      box.x + box.w * 0.72,
      y + step / 2 - 6,
      {
        lineBreak: false,
      },
    );
  });
}

function drawKpi(doc: Doc, box: Box, result: ReportResult) {
  const measures = result.columns.filter((c) => c.role === "measure");
  const width = box.w / Math.max(measures.length, 1);
  measures.forEach((m, i) => {
    const value = num(result.totals?.[m.key] ?? result.rows[0]?.[m.key]);
    const x = box.x + i * width;
    doc.fillColor("#64748b").fontSize(9).text(m.label, x, box.y, { width: width - 10 });
    doc.fillColor("#0f172a").fontSize(26).text(formatNumber(value), x, box.y + 16, { width: width - 10 });
    const before = result.previous ? num(result.previous.totals?.[m.key] ?? result.previous.rows[0]?.[m.key]) : null;
    if (before !== null) drawTrend(doc, x, box.y + 52, value, before, width - 10);
  });
}

/** A KPI's change against the previous period: a triangle (Helvetica has no arrow glyphs) and the change. */
function drawTrend(doc: Doc, x: number, y: number, value: number, before: number, width: number) {
  const up = value >= before;
  const tint = value === before ? "#64748b" : up ? "#15803d" : "#b91c1c";
  if (up) doc.polygon([x, y + 8], [x + 8, y + 8], [x + 4, y]).fill(tint);
  else doc.polygon([x, y], [x + 8, y], [x + 4, y + 8]).fill(tint);
  const change = before === 0 ? "" : `${up ? "+" : ""}${Math.round((100 * (value - before)) / Math.abs(before))}% `;
  doc.fillColor(tint).fontSize(10).text(`${change}vs previous period (${formatNumber(before)})`, x + 12, y - 1, {
    width: width - 12,
  });
}

/** Which colour is which series, under the chart, when there is more than one. */
function drawLegend(doc: Doc, x: number, y: number, data: ChartData) {
  if (data.series.length < 2) return;
  let at = x;
  data.series.slice(0, 10).forEach((s, i) => {
    const text = s.label.slice(0, 28);
    const width = doc.fontSize(8).widthOfString(text) + 22;
    doc.rect(at, y, 8, 8).fill(color(i));
    doc.fillColor("#334155").text(text, at + 11, y, { lineBreak: false });
    at += width;
  });
}

function drawChart(doc: Doc, box: Box, type: string, result: ReportResult) {
  const data = chartData(result);
  if (type === "kpi") return drawKpi(doc, box, result);
  if (result.rows.length === 0) {
    doc.fillColor("#64748b").fontSize(10).text(result.notice ?? "No data for this report.", box.x, box.y);
    return;
  }
  if (!["pie", "doughnut", "funnel"].includes(type)) drawLegend(doc, box.x, box.y + box.h + 18, data);
  switch (type) {
    case "bar":
      return drawBars(doc, box, data, false);
    case "stacked_bar":
      return drawBars(doc, box, data, true);
    case "line":
      return drawLines(doc, box, data, false);
    case "area":
      return drawLines(doc, box, data, true);
    case "pie":
      return drawPie(doc, box, data, false);
    case "doughnut":
      return drawPie(doc, box, data, true);
    case "funnel":
      return drawFunnel(doc, box, data);
  }
}

function drawTable(doc: Doc, columns: ReportColumn[], result: ReportResult) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const colWidth = width / Math.max(columns.length, 1);
  const row = (values: string[], bold: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    const y = doc.y;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8).fillColor("#0f172a");
    values.forEach((v, i) =>
      doc.text(v, left + i * colWidth, y, { width: colWidth - 6, lineBreak: false, ellipsis: true })
    );
    doc.moveTo(left, y + 12).lineTo(left + width, y + 12).lineWidth(0.3).strokeColor("#e2e8f0").stroke();
    doc.x = left;
    doc.y = y + 15;
  };
  row(columns.map((c) => c.label), true);
  const show = (v: ReportValue | undefined) => (typeof v === "number" ? formatNumber(v) : v == null ? "" : String(v));
  for (const r of result.rows) row(columns.map((c) => show(r[c.key])), false);
  if (result.totals && result.columns.some((c) => c.role === "group")) {
    row(columns.map((c, i) => (c.role === "measure" ? show(result.totals?.[c.key]) : i === 0 ? "Total" : "")), true);
  }
}

/**
 * The currency sentence the app shows under a chart ("Amounts in USD. EUR at 1.08 (default rate)."), in the
 * characters pdfkit's built-in Helvetica can draw (WinAnsi: no arrows). Null when the report sums no money.
 */
export function pdfCurrencyLine(result: ReportResult): string | null {
  if (!result.currency) return null;
  return describeCurrency(result.currency).replaceAll("→", ">");
}

function drawCurrencyLine(doc: Doc, result: ReportResult) {
  const line = pdfCurrencyLine(result);
  if (!line) return;
  const left = doc.page.margins.left;
  doc.font("Helvetica").fontSize(9).fillColor("#475569")
    .text(line, left, doc.y, { width: doc.page.width - left - doc.page.margins.right });
  doc.x = left;
  doc.moveDown(0.8);
}

/** The PDF bytes: title, the chart (unless the report is a plain table), the currency line and the table. */
export function reportPdf(name: string, chartType: string, result: ReportResult): Promise<Uint8Array<ArrayBuffer>> {
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: name, Producer: "Leadly" } });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    doc.on("end", () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) out.set(c, (at += c.length) - c.length);
      resolve(out);
    });
    doc.on("error", reject);
  });
  doc.font("Helvetica-Bold").fontSize(18).fillColor("#0f172a").text(name);
  doc.font("Helvetica").fontSize(9).fillColor("#64748b").text(
    `Generated ${result.generatedAt.replace("T", " ").slice(0, 16)} UTC`,
  );
  doc.moveDown();
  if (chartType !== "table") {
    const top = doc.y + 10;
    const box = {
      x: doc.page.margins.left + 48,
      y: top,
      w: doc.page.width - doc.page.margins.left - doc.page.margins.right - 56,
      h: chartType === "kpi" ? 70 : 220,
    };
    drawChart(doc, box, chartType, result);
    doc.x = doc.page.margins.left;
    doc.y = top + box.h + 40;
  }
  // what the money is in, under the chart as in the app (and above a plain table)
  drawCurrencyLine(doc, result);
  doc.font("Helvetica");
  drawTable(doc, result.columns, result);
  doc.end();
  return done;
}
