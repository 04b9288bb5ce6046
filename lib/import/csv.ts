// A small RFC 4180 CSV reader and writer. Runs on the server (the import job) and in the browser (the
// wizard reads the header and the first rows itself), so it uses nothing but the language.
//
// Reading is forgiving the way spreadsheets are: a UTF-8 byte order mark is dropped, CRLF, LF and lone
// CR all end a record, quoted fields may hold commas, quotes ("") and line breaks, a quote inside an
// unquoted field is kept as text, and records may be shorter or longer than the header (ragged rows).
// The separator is a comma unless the header line clearly uses semicolons or tabs (European Excel).

export interface ParsedCsv {
  /** The first record, trimmed. */
  header: string[];
  /** Every later record that is not blank, cells as written (not trimmed). */
  rows: string[][];
  /** For each row, its record number in the file counting the header as 1 (what a spreadsheet shows). */
  rowNumbers: number[];
  separator: string;
  /** True when parsing stopped at `limit` rows. */
  truncated: boolean;
}

export interface ParseOptions {
  /** Stop after this many data rows (the wizard's preview reads only the top of a large file). */
  limit?: number;
  separator?: string;
}

/** The separator the header line uses most, outside quotes: comma, semicolon or tab. */
export function detectSeparator(text: string): string {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","]) return "\t";
  return ",";
}

export function parseCsv(input: string, options: ParseOptions = {}): ParsedCsv {
  const steps = parseSteps(input, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * parseCsv for large files on the server: the same result, but it gives the event loop back every
 * `sliceMs` so other requests are served while a 20 MB file is read.
 */
export async function parseCsvAsync(input: string, options: ParseOptions & { sliceMs?: number } = {}) {
  const sliceMs = options.sliceMs ?? 15;
  const steps = parseSteps(input, options);
  let slice = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - slice >= sliceMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      slice = performance.now();
    }
  }
}

/** The parser; it yields every few thousand records so a caller may pause between them. */
function* parseSteps(input: string, options: ParseOptions): Generator<void, ParsedCsv> {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = options.separator ?? detectSeparator(text);
  const limit = options.limit ?? Infinity;
  const records: string[][] = [];
  const recordNumbers: number[] = [];
  let record: string[] = [];
  let recordNumber = 1;
  let i = 0;
  const n = text.length;
  let truncated = false;

  const endRecord = () => {
    // A blank line (one empty field) is not a record; spreadsheets leave them at the end of files.
    if (!(record.length === 1 && record[0] === "")) {
      records.push(record);
      recordNumbers.push(recordNumber);
    }
    recordNumber++;
    record = [];
  };

  while (i < n) {
    if ((records.length & 1023) === 0) yield;
    if (records.length > limit) {
      truncated = true;
      break;
    }
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      // Quoted field: runs to the next quote not followed by another quote.
      let value = "";
      let start = ++i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          // An unterminated quote swallows the rest of the file, as Excel does.
          value += text.slice(start);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(start, q + 1);
          i = start = q + 2;
          continue;
        }
        value += text.slice(start, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the separator is kept: `"a"b` reads as `ab`.
      let tail = i;
      while (tail < n) {
        const ch = text[tail];
        if (ch === sep || ch === "\n" || ch === "\r") break;
        tail++;
      }
      field = value + text.slice(i, tail);
      i = tail;
    } else {
      let end = i;
      while (end < n) {
        const ch = text[end];
        if (ch === sep || ch === "\n" || ch === "\r") break;
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    record.push(field);
    if (i >= n) {
      endRecord();
      break;
    }
    const ch = text[i];
    if (ch === sep) {
      i++;
      // A separator at the very end still opens one last, empty field.
      if (i >= n) {
        record.push("");
        endRecord();
      }
    } else {
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      endRecord();
    }
  }
  if (records.length > limit + 1) {
    records.length = limit + 1;
    recordNumbers.length = limit + 1;
    truncated = true;
  }
  const [header = [], ...rows] = records;
  return {
    header: header.map((h) => h.trim()),
    rows,
    rowNumbers: recordNumbers.slice(1),
    separator: sep,
    truncated,
  };
}

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first).
 * "+49 30 1234" and "-5" are numbers, not formulas.
 */
export function looksLikeFormula(value: string): boolean {
  return /^[=@\t\r]/.test(value) || /^[+-](?![\d\s().])/.test(value);
}

/**
 * Takes off the apostrophe an export puts before formula-like text ("'+1 555 0100" -> "+1 555 0100"),
 * so Leadly's own exports import again; the formula check then judges the value itself.
 */
export function unquoteExported(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** One CSV field; formula-like text gets a leading ' so a spreadsheet shows it instead of running it. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && looksLikeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends and a BOM, which is what Excel opens correctly as UTF-8. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
