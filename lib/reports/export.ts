// Report downloads: CSV and XLSX of the result table (spreadsheet formulas neutralised as in list exports,
// lib/list/export.ts), and a PDF with the chart drawn from the same rows and the table under it.
import { csvField, neutraliseFormula } from "../list/export.ts";
import type { ReportResult, ReportValue } from "./query.ts";
import { reportPdf } from "./pdf.ts";

export type ReportFormat = "csv" | "xlsx" | "pdf";

interface Named {
  name: string;
  config: { chart: { type: string } };
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

/** The table as it is downloaded: the header row, then each row's values in column order. */
export function tableRows(result: ReportResult): ReportValue[][] {
  return [
    result.columns.map((c) => c.label),
    ...result.rows.map((row) => result.columns.map((c) => row[c.key] ?? null)),
  ];
}

export function reportCsv(result: ReportResult): string {
  return tableRows(result).map((row) => row.map((v) => csvField(v)).join(",")).join("\r\n") + "\r\n";
}

export async function reportXlsx(name: string, result: ReportResult): Promise<Uint8Array<ArrayBuffer>> {
  // Loaded on first use: exceljs is slow to load (see lib/list/export.ts).
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName(name));
  tableRows(result).forEach((values, i) => {
    const row = sheet.addRow(values.map((v) => (typeof v === "string" ? neutraliseFormula(v) : v)));
    if (i === 0) row.font = { bold: true };
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ . */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31).trim() || "Report";
}

export function exportFilename(name: string, format: ReportFormat, now = new Date()): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "report";
  return `${slug}-${now.toISOString().slice(0, 10)}.${format}`;
}

export async function exportBytes(
  format: ReportFormat,
  report: Named,
  result: ReportResult,
): Promise<Uint8Array<ArrayBuffer>> {
  if (format === "csv") return new TextEncoder().encode(reportCsv(result));
  if (format === "xlsx") return await reportXlsx(report.name, result);
  return await reportPdf(report.name, report.config.chart.type, result);
}

export async function exportReport(format: ReportFormat, report: Named, result: ReportResult): Promise<Response> {
  const body = await exportBytes(format, report, result);
  return new Response(body, {
    headers: {
      "content-type": CONTENT_TYPES[format],
      "content-disposition": `attachment; filename="${exportFilename(report.name, format)}"`,
      "cache-control": "no-store",
    },
  });
}
