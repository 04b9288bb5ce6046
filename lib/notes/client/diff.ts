// The version diff: a note's ProseMirror JSON turned into one line of text per block (headings marked with
// "#", list items with "•", tasks with "[ ]"/"[x]", table rows with " | "), then compared line by line and,
// inside a changed line, word by word. Pure: used by the server-rendered history page.
import { diffArrays, diffWordsWithSpace } from "diff";

export interface PMNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: PMNode[];
}

/** Inline text of a node: text, mentions as "@Name", record links as "#Label", hard breaks as spaces. */
export function inlineText(node: PMNode): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "mention") return `@${node.attrs?.label ?? node.attrs?.id ?? ""}`;
  if (node.type === "recordMention") return `#${node.attrs?.label ?? node.attrs?.id ?? ""}`;
  if (node.type === "hardBreak") return " ";
  if (node.type === "image") return `[image${node.attrs?.alt ? `: ${node.attrs.alt}` : ""}]`;
  return (node.content ?? []).map(inlineText).join("");
}

/** One line per block, in document order. */
export function docLines(doc: PMNode | null | undefined): string[] {
  const lines: string[] = [];
  const walk = (node: PMNode, prefix: string) => {
    switch (node.type) {
      case "doc":
      case "blockquote":
        for (const child of node.content ?? []) walk(child, node.type === "blockquote" ? `${prefix}> ` : prefix);
        return;
      case "heading":
        lines.push(`${prefix}${"#".repeat(Number(node.attrs?.level ?? 1))} ${inlineText(node)}`);
        return;
      case "bulletList":
      case "orderedList":
      case "taskList": {
        let n = Number(node.attrs?.start ?? 1);
        for (const item of node.content ?? []) {
          const mark = node.type === "bulletList"
            ? "• "
            : node.type === "orderedList"
            ? `${n++}. `
            : item.attrs?.checked
            ? "[x] "
            : "[ ] ";
          const [first, ...rest] = item.content ?? [];
          lines.push(`${prefix}${mark}${first ? inlineText(first) : ""}`);
          for (const child of rest) walk(child, `${prefix}  `);
        }
        return;
      }
      case "table":
        for (const row of node.content ?? []) {
          lines.push(`${prefix}| ${(row.content ?? []).map((cell) => inlineText(cell).trim()).join(" | ")} |`);
        }
        return;
      case "codeBlock":
        for (const line of inlineText(node).split("\n")) lines.push(`${prefix}    ${line}`);
        return;
      case "horizontalRule":
        lines.push(`${prefix}———`);
        return;
      default: {
        const text = inlineText(node);
        if (text || node.type === "paragraph") lines.push(`${prefix}${text}`);
      }
    }
  };
  if (doc) walk(doc, "");
  // Empty paragraphs at the end are not content.
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

export interface DiffLine {
  kind: "same" | "added" | "removed" | "changed";
  /** For "changed": the words, each same/added/removed. Otherwise one part. */
  parts: DiffPart[];
}

/** Line diff from `before` to `after`; a removed line directly followed by an added one becomes "changed". */
export function diffDocs(before: PMNode | null | undefined, after: PMNode | null | undefined): DiffLine[] {
  return diffLines(docLines(before), docLines(after));
}

function changedLine(before: string, after: string): DiffLine {
  const parts = diffWordsWithSpace(before, after).map((c): DiffPart => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
  return { kind: "changed", parts };
}

/** "+3 −1 lines" style counts for a summary. */
export function diffStats(lines: DiffLine[]): { added: number; removed: number; changed: number } {
  const stats = { added: 0, removed: 0, changed: 0 };
  for (const line of lines) if (line.kind !== "same") stats[line.kind]++;
  return stats;
}

/** The same diff over plain text snapshots (one block per line), as the versions API returns them. */
export function diffTexts(before: string, after: string): DiffLine[] {
  const lines = (text: string) => {
    const list = text.replace(/\r\n?/g, "\n").split("\n");
    while (list.length > 0 && list[list.length - 1].trim() === "") list.pop();
    return list;
  };
  return diffLines(lines(before), lines(after));
}

function diffLines(before: string[], after: string[]): DiffLine[] {
  const changes = diffArrays(before, after);
  const out: DiffLine[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      const pairs = Math.min(change.value.length, next.value.length);
      for (let j = 0; j < pairs; j++) out.push(changedLine(change.value[j], next.value[j]));
      for (const line of change.value.slice(pairs)) {
        out.push({ kind: "removed", parts: [{ kind: "removed", text: line }] });
      }
      for (const line of next.value.slice(pairs)) out.push({ kind: "added", parts: [{ kind: "added", text: line }] });
      i++;
      continue;
    }
    const kind = change.added ? "added" : change.removed ? "removed" : "same";
    for (const line of change.value) out.push({ kind, parts: [{ kind, text: line }] });
  }
  return out;
}
