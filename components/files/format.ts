// Small words for the files UI: a file's badge ("PDF", "DOCX") and a short "when".
import type { FileRecord } from "../../lib/files/types.ts";

const BADGES: Record<string, string> = {
  "application/pdf": "PDF",
  "application/zip": "ZIP",
  "application/gzip": "GZ",
  "text/csv": "CSV",
  "text/plain": "TXT",
  "text/markdown": "MD",
  "application/json": "JSON",
};

/** A short label for the file's type: the known one, else its extension, else its kind. */
export function fileBadge(file: Pick<FileRecord, "name" | "content_type" | "kind">): string {
  const known = BADGES[file.content_type];
  if (known) return known;
  const ext = file.name.match(/\.([a-z0-9]{1,5})$/i)?.[1];
  if (ext) return ext.toUpperCase();
  return file.kind === "other" ? "FILE" : file.kind.toUpperCase();
}

/** "just now", "5 min ago", "3 h ago", "Mar 4" (this year) or "Mar 4, 2025". */
export function shortWhen(iso: string, now: number): string {
  const at = new Date(iso);
  const seconds = Math.max(0, (now - at.getTime()) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  const sameYear = at.getUTCFullYear() === new Date(now).getUTCFullYear();
  return at.toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone: "UTC",
  });
}
