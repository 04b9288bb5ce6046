// A note (a proposal, or any note) as a PDF, server-side with pdfkit: headings, paragraphs with bold/italic,
// lists, checklists, quotes, code, and tables drawn as a grid with a shaded header row (the proposal's pricing
// table). Page numbers in the footer. pdfkit's built-in fonts speak WinAnsi only, so other characters are
// replaced rather than drawn as garbage.
import PDFDocument from "pdfkit";
import type { PmJson } from "../notes/content.ts";

const MARGIN = 56;
const FONTS = {
  regular: "Helvetica",
  bold: "Helvetica-Bold",
  italic: "Helvetica-Oblique",
  boldItalic: "Helvetica-BoldOblique",
  mono: "Courier",
};
const INK = "#16161d";
const MUTED = "#5c5c6b";
const RULE = "#d0d0d9";
const HEADER_FILL = "#efeffd";

// The characters WinAnsi adds to Latin-1 (curly quotes, dashes, euro, ellipsis, bullet...).
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard fonts can draw: Latin-1 and WinAnsi's extras kept, tabs as spaces, the rest "?". */
export function pdfSafe(text: string): string {
  let out = "";
  for (const ch of text.replace(/\t/g, "    ").normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    out += (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === "\n"
      ? ch
      : ch === "→"
      ? "->"
      : ch === "≈"
      ? "~"
      : "?";
  }
  return out;
}

interface Run {
  text: string;
  font: string;
}

function runsOf(node: PmJson): Run[] {
  const runs: Run[] = [];
  const walk = (n: PmJson) => {
    if (n.type === "text") {
      const marks = (n.marks as { type: string }[] | undefined ?? []).map((m) => m.type);
      const b = marks.includes("bold");
      const i = marks.includes("italic");
      const font = marks.includes("code")
        ? FONTS.mono
        : b && i
        ? FONTS.boldItalic
        : b
        ? FONTS.bold
        : i
        ? FONTS.italic
        : FONTS.regular;
      runs.push({ text: pdfSafe(String(n.text ?? "")), font });
    } else if (n.type === "hardBreak") {
      runs.push({ text: "\n", font: FONTS.regular });
    } else if (n.type === "mention") {
      runs.push({ text: pdfSafe(`@${(n.attrs?.label ?? n.attrs?.id ?? "") as string}`), font: FONTS.bold });
    } else {
      for (const child of n.content ?? []) walk(child);
    }
  };
  walk(node);
  return runs;
}

const plain = (node: PmJson) => runsOf(node).map((r) => r.text).join("");

type Doc = InstanceType<typeof PDFDocument>;

function writeRuns(doc: Doc, runs: Run[], options: { x?: number; width?: number; size?: number; color?: string } = {}) {
  const width = options.width ?? doc.page.width - MARGIN * 2 - ((options.x ?? MARGIN) - MARGIN);
  doc.fontSize(options.size ?? 10.5).fillColor(options.color ?? INK);
  if (runs.length === 0 || runs.every((r) => r.text === "")) {
    doc.moveDown(0.6);
    return;
  }
  // Neighbouring runs in the same font are one text call: fewer pieces for pdfkit's line wrapper to join.
  const merged = runs.reduce<Run[]>((out, run) => {
    const last = out.at(-1);
    if (last && last.font === run.font) last.text += run.text;
    else out.push({ ...run });
    return out;
  }, []);
  merged.forEach((run, i) => {
    const continued = i < merged.length - 1;
    // Only the first piece places and sizes the paragraph; the rest continue its lines.
    if (i === 0) doc.font(run.font).text(run.text, options.x ?? MARGIN, undefined, { width, continued, lineGap: 2 });
    else doc.font(run.font).text(run.text, { continued });
  });
}

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function drawTable(doc: Doc, node: PmJson) {
  const rows = (node.content ?? []).map((row) =>
    (row.content ?? []).map((c) => ({
      text: plain(c),
      header: c.type === "tableHeader",
      bold: runsOf(c).some((r) => r.font === FONTS.bold),
    }))
  );
  if (rows.length === 0) return;
  const columns = Math.max(...rows.map((r) => r.length));
  const total = doc.page.width - MARGIN * 2;
  // Columns share the width by their longest text (clamped), so names get room and numbers stay compact.
  const weights = Array.from(
    { length: columns },
    (_, i) => Math.min(40, Math.max(6, ...rows.map((r) => r[i]?.text.length ?? 0))),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / sum) * total);
  const pad = 5;
  // A column whose body cells are all amounts or counts is right-aligned, its header too.
  const isNumber = (text: string) => /^[\s\d.,%()$€£¥+-]*[\d—-][\s\d.,%A-Z$€£¥]*$/.test(text);
  const numericColumn = widths.map((_, i) =>
    i > 0 && rows.slice(1).some((r) => r[i]?.text) && rows.slice(1).every((r) => !r[i]?.text || isNumber(r[i].text))
  );
  doc.moveDown(0.3);
  for (const row of rows) {
    doc.fontSize(9.5);
    const heights = row.map((c, i) =>
      doc.font(c.header || c.bold ? FONTS.bold : FONTS.regular).heightOfString(c.text || " ", {
        width: widths[i] - pad * 2,
      })
    );
    const height = Math.max(...heights) + pad * 2;
    ensureSpace(doc, height);
    const top = doc.y;
    let x = MARGIN;
    if (row.some((c) => c.header)) doc.rect(MARGIN, top, total, height).fill(HEADER_FILL);
    row.forEach((c, i) => {
      doc.font(c.header || c.bold ? FONTS.bold : FONTS.regular).fillColor(INK)
        .text(c.text, x + pad, top + pad, { width: widths[i] - pad * 2, align: numericColumn[i] ? "right" : "left" });
      x += widths[i];
    });
    doc.moveTo(MARGIN, top + height).lineTo(MARGIN + total, top + height).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  }
  doc.moveDown(0.8);
}

function drawList(doc: Doc, node: PmJson, depth: number) {
  const ordered = node.type === "orderedList";
  const start = Number(node.attrs?.start ?? 1);
  (node.content ?? []).forEach((item, index) => {
    const checked = item.type === "taskItem" ? (item.attrs?.checked ? "[x] " : "[ ] ") : null;
    const marker = checked ?? (ordered ? `${start + index}.` : "•");
    const x = MARGIN + 14 + depth * 16;
    for (const [i, child] of (item.content ?? []).entries()) {
      if (child.type === "bulletList" || child.type === "orderedList" || child.type === "taskList") {
        drawList(doc, child, depth + 1);
        continue;
      }
      ensureSpace(doc, 16);
      const top = doc.y;
      if (i === 0) {
        doc.font(FONTS.regular).fontSize(10.5).fillColor(MUTED).text(marker, x - 14, top, {
          width: 24,
          lineBreak: false,
        });
        doc.y = top;
      }
      writeRuns(doc, runsOf(child), { x: x + (checked ? 10 : 4) });
    }
  });
  doc.x = MARGIN;
  doc.moveDown(0.4);
}

function drawBlock(doc: Doc, node: PmJson, depth = 0) {
  switch (node.type) {
    case "heading": {
      const level = Number(node.attrs?.level ?? 1);
      const size = level === 1 ? 20 : level === 2 ? 14 : 12;
      ensureSpace(doc, size * 3);
      if (level > 1) doc.moveDown(0.6);
      doc.font(FONTS.bold).fontSize(size).fillColor(INK).text(plain(node), MARGIN, undefined, {
        width: doc.page.width - MARGIN * 2,
      });
      if (level === 1) {
        doc.moveTo(MARGIN, doc.y + 4).lineTo(doc.page.width - MARGIN, doc.y + 4).lineWidth(1).strokeColor(RULE)
          .stroke();
        doc.moveDown(0.6);
      } else doc.moveDown(0.3);
      return;
    }
    case "paragraph":
      ensureSpace(doc, 16);
      writeRuns(doc, runsOf(node));
      doc.moveDown(0.5);
      return;
    case "bulletList":
    case "orderedList":
    case "taskList":
      drawList(doc, node, depth);
      return;
    case "table":
      drawTable(doc, node);
      return;
    case "blockquote":
      for (const child of node.content ?? []) {
        ensureSpace(doc, 16);
        writeRuns(doc, runsOf(child), { x: MARGIN + 16, color: MUTED });
        doc.moveDown(0.4);
      }
      doc.x = MARGIN;
      return;
    case "codeBlock":
      ensureSpace(doc, 16);
      doc.font(FONTS.mono).fontSize(9).fillColor(INK).text(plain(node), MARGIN + 8, undefined, {
        width: doc.page.width - MARGIN * 2 - 16,
      });
      doc.x = MARGIN;
      doc.moveDown(0.5);
      return;
    case "horizontalRule":
      doc.moveTo(MARGIN, doc.y + 4).lineTo(doc.page.width - MARGIN, doc.y + 4).lineWidth(0.5).strokeColor(RULE)
        .stroke();
      doc.moveDown(1);
      return;
    case "image":
      writeRuns(doc, [{
        text: `[image${node.attrs?.alt ? `: ${pdfSafe(String(node.attrs.alt))}` : ""}]`,
        font: FONTS.italic,
      }], { color: MUTED });
      doc.moveDown(0.5);
      return;
    default:
      for (const child of node.content ?? []) drawBlock(doc, child, depth);
  }
}

/** The note as a PDF (A4), with "title · page n of m" in every footer. */
export function notePdf(title: string, content: PmJson): Promise<Uint8Array<ArrayBuffer>> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: pdfSafe(title), Creator: "Leadly", Producer: "Leadly (pdfkit)" },
  });
  const chunks: Uint8Array[] = [];
  doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on("end", () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    doc.on("error", reject);
  });
  // The note's title heads the first page, unless the document already starts with a top heading.
  const blocks = content.content ?? [];
  const first = blocks[0];
  if (!(first?.type === "heading" && Number(first.attrs?.level ?? 1) === 1)) {
    drawBlock(doc, { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: title }] });
  }
  for (const block of blocks) drawBlock(doc, block);
  const range = doc.bufferedPageRange();
  const safeTitle = pdfSafe(title);
  const footerTitle = safeTitle.length > 70 ? `${safeTitle.slice(0, 69)}…` : safeTitle;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would start a new page: lift it for the footer line.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONTS.regular).fontSize(8).fillColor(MUTED).text(
      `${footerTitle} · page ${i - range.start + 1} of ${range.count}`,
      MARGIN,
      doc.page.height - MARGIN / 2 - 4,
      { width: doc.page.width - MARGIN * 2, align: "center", lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
