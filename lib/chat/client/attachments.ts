// Files attached to chat messages. An upload (POST /api/v1/files) puts a markdown link into the message
// source: `![name](/api/v1/files/<id>/preview?v=N)` for an image, `[name](/api/v1/files/<id>/download?v=N)`
// for anything else. The server renders and sanitizes that like any link (an image becomes a plain link to
// its preview); the browser reads the links back out of the source to draw attachment chips, and after a
// send attaches each file to the message (target_type "message").
import { UUID_PATTERN } from "../../ids.ts";

/** What an upload answered, as far as chat needs it. */
export interface UploadedFile {
  id: string;
  name: string;
  kind: string;
  url: string;
  preview_url: string | null;
}

export interface Attachment {
  id: string;
  name: string;
  version: number;
  image: boolean;
  /** Download (always an attachment). */
  url: string;
  /** Inline preview for images, else null. */
  preview_url: string | null;
}

// (!)[name](/api/v1/files/<id>/(preview|download)?v=N): the name may hold escaped brackets
const FILE_LINK = new RegExp(
  `(!?)\\[((?:\\\\.|[^\\]\\\\\\n]){1,300})\\]\\(/api/v1/files/(${UUID_PATTERN})/(preview|download)\\?v=(\\d{1,9})\\)`,
  "g",
);

/**
 * A file name as markdown link text, on one line: brackets become parentheses and backslashes slashes (an
 * image's alt text is shown raw, so nothing can be escaped there); in a link, emphasis marks are escaped.
 */
export function escapeLinkText(name: string, image = false): string {
  const plain = name.replace(/[\r\n\t]+/g, " ").replace(/\[/g, "(").replace(/\]/g, ")").replace(/\\/g, "/").trim();
  return (image ? plain : plain.replace(/[*_`~]/g, (c) => `\\${c}`)) || "file";
}

const unescape = (text: string) => text.replace(/\\([*_`~])/g, "$1");

/** The markdown that stands for an uploaded file in a message. */
export function fileMarkdown(file: UploadedFile): string {
  const image = file.kind === "image" && file.preview_url !== null;
  const text = escapeLinkText(file.name, image);
  return image ? `![${text}](${file.preview_url})` : `[${text}](${file.url})`;
}

/** The files a message source links to, in order, each once. URLs are rebuilt from the id and version only. */
export function attachmentsOf(body: string): Attachment[] {
  const seen = new Set<string>();
  const out: Attachment[] = [];
  for (const match of body.matchAll(FILE_LINK)) {
    const id = match[3].toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    const version = Number(match[5]);
    const image = match[1] === "!" && match[4] === "preview";
    const base = `/api/v1/files/${id}`;
    out.push({
      id,
      name: unescape(match[2]),
      version,
      image,
      url: `${base}/download?v=${version}`,
      preview_url: image ? `${base}/preview?v=${version}` : null,
    });
  }
  return out;
}

/** Inserts `markdown` at the caret, on a line of its own. Returns the new value and caret. */
export function insertFile(value: string, caret: number, markdown: string): { value: string; caret: number } {
  const at = Math.max(0, Math.min(caret, value.length));
  const before = value.slice(0, at);
  const after = value.slice(at);
  const lead = before === "" || before.endsWith("\n") ? "" : "\n";
  const tail = after === "" || after.startsWith("\n") ? "" : "\n";
  const inserted = `${lead}${markdown}${tail}`;
  return { value: before + inserted + after, caret: at + lead.length + markdown.length };
}

/** Files a drag or paste carries (none for text). */
export function filesOf(data: DataTransfer | null | undefined): File[] {
  if (!data) return [];
  return Array.from(data.files ?? []);
}

/** "42%" for an upload in progress. */
export function progressLabel(sent: number, total: number): string {
  if (!total) return "0%";
  return `${Math.min(100, Math.round((sent / total) * 100))}%`;
}
