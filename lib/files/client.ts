// Browser side of the files API: uploads with progress (XMLHttpRequest reports upload progress, fetch does
// not) and small JSON calls, both with the page's CSRF token. Errors come back as sentences to show.
import { formatBytes, MAX_UPLOAD_BYTES } from "./limits.ts";
import { type Method, OFFLINE_MESSAGE, request } from "../client/api.ts";

export interface ApiResult<T = unknown> {
  ok: boolean;
  status: number;
  data: T | null;
  /** The server's sentence, or ours when the network failed. */
  error: string | null;
}

const OFFLINE = OFFLINE_MESSAGE;

function errorOf(status: number, body: unknown): string {
  const message = (body as { error?: { message?: string } } | null)?.error?.message;
  if (message) return message;
  if (status === 413) return `That file is too large: files can be ${formatBytes(MAX_UPLOAD_BYTES)} at most.`;
  return "Something went wrong. Please try again.";
}

/** A JSON call through the app's one browser client, answering in this module's `ApiResult` shape. */
export async function api<T>(method: Method, path: string, csrf: string, payload?: unknown): Promise<ApiResult<T>> {
  const result = await request<{ data: T }>(method, path, payload, { csrf });
  if (result.ok) return { ok: true, status: result.status, data: result.body?.data ?? null, error: null };
  return {
    ok: false,
    status: result.status,
    data: null,
    error: result.status ? errorOf(result.status, result.body) : OFFLINE,
  };
}

/** Checks a file before sending it, so a person learns at once that it cannot go. */
export function precheck(file: File): string | null {
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > MAX_UPLOAD_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}; files can be ${formatBytes(MAX_UPLOAD_BYTES)} at most.`;
  }
  return null;
}

/** POSTs `file` (plus `fields`) as multipart/form-data, reporting progress as bytes sent of total. */
export function uploadWithProgress<T>(
  path: string,
  file: File,
  fields: Record<string, string>,
  csrf: string,
  onProgress: (sent: number, total: number) => void,
): Promise<ApiResult<T>> {
  return new Promise((resolve) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    form.set("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("accept", "application/json");
    xhr.setRequestHeader("x-csrf-token", csrf);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: errorOf falls back on the status
      }
      const ok = xhr.status >= 200 && xhr.status < 300;
      resolve(
        ok
          ? { ok, status: xhr.status, data: (body as { data: T }).data, error: null }
          : { ok, status: xhr.status, data: null, error: errorOf(xhr.status, body) },
      );
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, data: null, error: OFFLINE });
    xhr.send(form);
  });
}
