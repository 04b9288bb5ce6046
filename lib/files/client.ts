// Browser side of the files API: uploads with progress (XMLHttpRequest reports upload progress, fetch does
// not) and small JSON calls, both with the page's CSRF token. Errors come back as sentences to show.
import { formatBytes, MAX_UPLOAD_BYTES } from "./limits.ts";

export interface ApiResult<T = unknown> {
  ok: boolean;
  status: number;
  data: T | null;
  /** The server's sentence, or ours when the network failed. */
  error: string | null;
}

const OFFLINE = "Could not reach the server. Check your connection and try again.";

function errorOf(status: number, body: unknown): string {
  const message = (body as { error?: { message?: string } } | null)?.error?.message;
  if (message) return message;
  if (status === 413) return `That file is too large: files can be ${formatBytes(MAX_UPLOAD_BYTES)} at most.`;
  return "Something went wrong. Please try again.";
}

export async function api<T>(method: string, path: string, csrf: string, payload?: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(path, {
      method,
      headers: {
        accept: "application/json",
        ...(payload === undefined ? {} : { "content-type": "application/json" }),
        ...(method === "GET" ? {} : { "x-csrf-token": csrf }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const body = await res.json().catch(() => null);
    return res.ok
      ? { ok: true, status: res.status, data: (body as { data: T }).data, error: null }
      : { ok: false, status: res.status, data: null, error: errorOf(res.status, body) };
  } catch {
    return { ok: false, status: 0, data: null, error: OFFLINE };
  }
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
