// Serving a file's bytes safely. Downloads are attachments with a content type that cannot render as a
// page; previews (raster images and PDFs only) are inline. Both carry nosniff and a locked-down CSP, and
// answer conditional requests from the content hash.
import { contentDisposition, downloadContentType, isPreviewable } from "./sniff.ts";
import type { FileContent } from "./service.ts";

/** Images: nothing may load or run; sandboxed. */
const LOCKED_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";
/** Chrome's PDF viewer is a plugin that a sandbox or object-src 'none' would block; it runs no page script. */
const PDF_CSP = "frame-ancestors 'self'";

export function fileResponse(content: FileContent, mode: "attachment" | "inline", request: Request): Response {
  const inline = mode === "inline" && isPreviewable(content.content_type);
  const etag = `"${content.sha256}"`;
  const headers = new Headers({
    "content-type": inline ? content.content_type : downloadContentType(content.content_type),
    "content-disposition": contentDisposition(inline ? "inline" : "attachment", content.name),
    "x-content-type-options": "nosniff",
    "content-security-policy": inline && content.content_type === "application/pdf" ? PDF_CSP : LOCKED_CSP,
    "cross-origin-resource-policy": "same-origin",
    // The browser asks again each time (and gets a 304 from the hash): who may read a file changes with where it
    // is attached (a note unshared, someone leaving a DM), and each answer, a 304 too, checks that first.
    "cache-control": "private, no-cache",
    etag,
  });
  // the app's pages may show a preview in a frame; nobody else may
  headers.set("x-frame-options", inline ? "SAMEORIGIN" : "DENY");
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").map((s) => s.trim().replace(/^W\//, "")).includes(etag)) {
    content.object.body.cancel().catch(() => {});
    return new Response(null, { status: 304, headers });
  }
  headers.set("content-length", String(content.object.size));
  if (request.method === "HEAD") {
    content.object.body.cancel().catch(() => {});
    return new Response(null, { status: 200, headers });
  }
  return new Response(content.object.body, { status: 200, headers });
}
