// "Export" of a record list: every record matching the list's filters (not only the loaded ones), in
// its visible columns or with every field (lib/list/all-fields.ts, for importing again), as CSV or XLSX. Rows are read page by page with the same keyset-paginated
// listRecords the API uses (RLS applies) and written out as they come, so memory stays flat.
// Spreadsheet formula injection is neutralised: a text cell that a spreadsheet would run as a formula
// (starting with = + - @, tab or CR) gets a leading apostrophe.
import { PassThrough } from "node:stream";
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import type { ResourceSpec } from "../records/resource-spec.ts";
import { listRecords } from "../records/records.ts";
import { cellValue, type ListConfig, visibleColumns } from "./columns.ts";
import { ALL_FIELDS, loadReferences } from "./all-fields.ts";
import { apiQuery, type ListState } from "./query.ts";

export type ExportFormat = "csv" | "xlsx";
/** The list's visible columns, or every field under the importer's column names. */
export type ExportFields = "visible" | "all";

const PAGE_SIZE = 200;

/** Text a spreadsheet would treat as a formula gets a leading apostrophe; everything else is unchanged. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportFilename(
  resource: string,
  format: ExportFormat,
  now = new Date(),
  fields: ExportFields = "visible",
): string {
  const what = fields === "all" ? `${resource}-all-fields` : resource;
  return `${what}-${now.toISOString().slice(0, 10)}.${format}`;
}

export interface ExportInput {
  db: Db;
  claims: Claims;
  teamId: string;
  spec: ResourceSpec;
  config: ListConfig;
  state: ListState;
  /** user id -> display name, for the Owner column. */
  ownerNames: Record<string, string>;
  format: ExportFormat;
  /** Visible columns unless "all". */
  fields?: ExportFields;
}

type Page = Awaited<ReturnType<typeof listRecords>>;

function readPage(input: ExportInput, cursor: string): Promise<Page> {
  const query = apiQuery(input.config, input.state, { limit: String(PAGE_SIZE), cursor });
  return listRecords(input.db, input.claims, input.teamId, input.spec, query);
}

/** Every matching record, a page at a time, as rows of cell values (header first). */
async function* exportRows(input: ExportInput, firstPage: Page): AsyncGenerator<(string | number | null)[]> {
  if (input.fields === "all") {
    yield* allFieldRows(input, firstPage);
    return;
  }
  const columns = visibleColumns(input.config, input.state.columns);
  yield columns.map((c) => c.label);
  let page: Page | null = firstPage;
  while (page) {
    for (const row of page.data) yield columns.map((c) => cellValue(c, row, input.ownerNames));
    page = page.next_cursor ? await readPage(input, page.next_cursor) : null;
  }
}

/** Every field of every matching record; each page's references are named in one read per kind. */
async function* allFieldRows(input: ExportInput, firstPage: Page): AsyncGenerator<(string | number | null)[]> {
  const fields = ALL_FIELDS[input.config.resource];
  yield fields.map((f) => f.label);
  let page: Page | null = firstPage;
  while (page) {
    const rows = page.data;
    const refs = await input.db.asUser(input.claims, (tx) => loadReferences(tx, rows, input.ownerNames));
    for (const row of rows) yield fields.map((f) => f.value(row, refs));
    page = page.next_cursor ? await readPage(input, page.next_cursor) : null;
  }
}

function csvStream(input: ExportInput, firstPage: Page): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = exportRows(input, firstPage);
  let first = true;
  return new ReadableStream({
    async pull(controller) {
      // A byte order mark so Excel reads the file as UTF-8.
      let chunk = first ? "\uFEFF" : "";
      first = false;
      // Batch lines so each enqueue is a useful size.
      for (let i = 0; i < PAGE_SIZE; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value.map(csvField).join(",") + "\r\n";
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

async function xlsxStream(input: ExportInput, firstPage: Page): Promise<ReadableStream<Uint8Array>> {
  // Loaded on the first XLSX export: exceljs costs about half a CPU-second to load, which every server
  // start (and every test file) paid before.
  const { default: ExcelJS } = await import("exceljs");
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(input.config.plural[0].toUpperCase() + input.config.plural.slice(1));
  const write = async () => {
    let header = true;
    for await (const values of exportRows(input, firstPage)) {
      const row = sheet.addRow(values.map((v) => (typeof v === "string" ? neutraliseFormula(v) : v)));
      if (header) row.font = { bold: true };
      header = false;
      row.commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error) => out.destroy(error));
  return ReadableStream.from(out as AsyncIterable<Uint8Array>);
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * The download response: streamed body, attachment with a dated filename, never cached. The first
 * page is read before answering, so a bad filter is still a proper 422 rather than a broken file.
 */
export async function exportResponse(input: ExportInput): Promise<Response> {
  const firstPage = await readPage(input, "");
  const body = input.format === "csv" ? csvStream(input, firstPage) : await xlsxStream(input, firstPage);
  return new Response(body, {
    headers: {
      "content-type": CONTENT_TYPES[input.format],
      "content-disposition": `attachment; filename="${
        exportFilename(input.config.resource, input.format, new Date(), input.fields)
      }"`,
      "cache-control": "no-store",
    },
  });
}
