// Upload limits and the way sizes are written for people. Shared by the HTTP layer (app/services.ts gives the
// upload routes their own body limit), the files API and the browser (the dropzone checks before sending).

/** The largest file one upload may carry. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** Room for the multipart envelope (boundaries, headers, small fields) around the file itself. */
export const UPLOAD_ENVELOPE_BYTES = 64 * 1024;

/** Requests to these paths carry files and get MAX_UPLOAD_BYTES instead of the app's 1 MB form limit. */
export function isUploadPath(path: string): boolean {
  return path === "/api/v1/files" || /^\/api\/v1\/files\/[^/]+\/versions$/.test(path);
}

/** "0 bytes", "812 bytes", "14 KB", "3.4 MB", "1 GB": binary units, at most one decimal, no trailing ".0". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "0 bytes";
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}
