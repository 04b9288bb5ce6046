// What a file really is, read from its first bytes; the type a browser sends is never trusted.
// Only raster images and PDFs are ever shown inline (previews). Everything else, including SVG and HTML
// (which can carry scripts), is served as an attachment with a content type that cannot run in the page.

export type FileKind = "image" | "pdf" | "video" | "audio" | "text" | "document" | "archive" | "other";

export interface Sniffed {
  /** The content type stored and reported for the file. */
  contentType: string;
  kind: FileKind;
  /** Raster image or PDF: may be served inline by the preview endpoint. */
  previewable: boolean;
}

const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "application/pdf"]);

/** Office formats are zip files inside; their extension names which one (no script can hide in the type). */
const ZIP_BY_EXTENSION: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
};

const TEXT_BY_EXTENSION: Record<string, string> = {
  csv: "text/csv",
  md: "text/markdown",
  json: "application/json",
  txt: "text/plain",
};

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
}

function extensionOf(name: string): string {
  const match = name.toLowerCase().match(/\.([a-z0-9]{1,8})$/);
  return match ? match[1] : "";
}

/** UTF-8 that decodes cleanly and has no NUL bytes: a text file. A cut sample may end mid-character. */
function isText(head: Uint8Array, truncated: boolean): boolean {
  if (head.includes(0)) return false;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      decoder.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try a byte shorter
    }
  }
  return false;
}

function looksLikeMarkup(head: Uint8Array): "svg" | "html" | "xml" | null {
  const text = new TextDecoder().decode(head.subarray(0, 1024)).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (/<svg[\s>]/.test(text) && (text.startsWith("<svg") || text.startsWith("<?xml") || text.startsWith("<!--"))) {
    return "svg";
  }
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]|^<script[\s>]|^<iframe[\s>]/.test(text)) return "html";
  if (text.startsWith("<?xml")) return text.includes("<svg") ? "svg" : "xml";
  return null;
}

/** Sniffs the type from the first bytes (4 KB are plenty) and the file name (only to name zip/text flavours). */
export function sniff(bytes: Uint8Array, name = ""): Sniffed {
  const head = bytes.subarray(0, 4096);
  const ext = extensionOf(name);
  const result = (contentType: string, kind: FileKind): Sniffed => ({
    contentType,
    kind,
    previewable: INLINE_TYPES.has(contentType),
  });

  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return result("image/png", "image");
  if (startsWith(head, [0xff, 0xd8, 0xff])) return result("image/jpeg", "image");
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") return result("image/gif", "image");
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return result("image/webp", "image");
  if (ascii(head, 4, 8) === "ftyp") {
    const brand = ascii(head, 8, 12);
    if (brand === "avif" || brand === "avis") return result("image/avif", "image");
    if (brand.startsWith("M4A")) return result("audio/mp4", "audio");
    if (brand === "qt  ") return result("video/quicktime", "video");
    return result("video/mp4", "video");
  }
  if (ascii(head, 0, 5) === "%PDF-") return result("application/pdf", "pdf");
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return result("video/webm", "video");
  if (ascii(head, 0, 4) === "OggS") return result("audio/ogg", "audio");
  if (ascii(head, 0, 3) === "ID3" || startsWith(head, [0xff, 0xfb]) || startsWith(head, [0xff, 0xf3])) {
    return result("audio/mpeg", "audio");
  }
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WAVE") return result("audio/wav", "audio");
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    const office = ZIP_BY_EXTENSION[ext];
    return office ? result(office, "document") : result("application/zip", "archive");
  }
  if (startsWith(head, [0x1f, 0x8b])) return result("application/gzip", "archive");
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // the pre-2007 Office container (doc, xls, ppt)
    return result("application/x-ole-storage", "document");
  }
  if (isText(head, bytes.length > head.length)) {
    const markup = looksLikeMarkup(head);
    if (markup === "svg") return result("image/svg+xml", "image");
    if (markup === "html") return result("text/html", "text");
    if (markup === "xml") return result("application/xml", "text");
    return result(TEXT_BY_EXTENSION[ext] ?? "text/plain", "text");
  }
  return result("application/octet-stream", "other");
}

/** Types that are harmless to label a download with; anything else goes out as application/octet-stream. */
const SAFE_DOWNLOAD =
  /^(image\/(png|jpeg|gif|webp|avif)|application\/pdf|video\/|audio\/|text\/(plain|csv|markdown)$|application\/(zip|gzip|json|x-ole-storage|vnd\.))/;

/** The Content-Type a download is served with: never one a browser would render as a page or run. */
export function downloadContentType(contentType: string): string {
  if (!SAFE_DOWNLOAD.test(contentType)) return "application/octet-stream";
  return contentType.startsWith("text/") ? `${contentType}; charset=utf-8` : contentType;
}

export function isPreviewable(contentType: string): boolean {
  return INLINE_TYPES.has(contentType);
}

export function kindOf(contentType: string): FileKind {
  if (contentType === "application/pdf") return "pdf";
  if (contentType.startsWith("image/")) return "image";
  if (contentType.startsWith("video/")) return "video";
  if (contentType.startsWith("audio/")) return "audio";
  if (contentType === "application/zip" || contentType === "application/gzip") return "archive";
  if (contentType.startsWith("application/vnd.") || contentType === "application/x-ole-storage") return "document";
  if (contentType.startsWith("text/") || contentType === "application/json" || contentType === "application/xml") {
    return "text";
  }
  return "other";
}

/**
 * A Content-Disposition header for `name`: a plain ASCII fallback (quotes, backslashes and control
 * characters replaced) plus the exact name in RFC 5987 form.
 */
export function contentDisposition(type: "attachment" | "inline", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_").replace(/[\r\n]/g, "") || "file";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * A file name as stored: no folders (a browser may send a path), no control characters, at most 255
 * characters (keeping the extension), never empty.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // deno-lint-ignore no-control-regex
  let name = base.replace(/[\x00-\x1f\x7f]/g, "").replace(/\s+/g, " ").trim().replace(/^\.+$/, "");
  if (name.length > 255) {
    const ext = extensionOf(name);
    name = ext ? `${name.slice(0, 254 - ext.length)}.${ext}` : name.slice(0, 255);
  }
  return name || "file";
}
