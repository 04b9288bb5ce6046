// The import wizard's calls to /api/v1/imports: JSON through the one browser API client (lib/client/api.ts),
// and the file's parts as raw bytes (the client sends JSON only). Both throw an Error whose message a person
// can read.
import { api } from "../../client/api.ts";
import { csrfToken } from "../../web/csrf-token.ts";

export interface PreviewData {
  fields: { key: string; label: string }[];
  rows: {
    row: number;
    values: Record<string, string>;
    errors: { column: string; message: string }[];
    duplicate: boolean;
  }[];
  problem: string | null;
}

export interface ImportJob {
  id: string;
  status: "pending" | "running" | "done" | "failed";
  total_rows: number;
  processed_rows: number;
  created_rows: number;
  updated_rows: number;
  skipped_rows: number;
  error_rows: number;
  companies_created: number;
  errors: { row: number; column: string; field: string; message: string; value?: string }[];
  message: string | null;
}

/** The envelope's `data` of a JSON call (GET without a body, POST with one). */
export async function importCall<T>(csrf: string, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const json = await api.send<{ data: T }>(method, path, body, { csrf });
  return json.data;
}

/** Sends one part of the file; answers how many bytes the server has so far. */
export async function uploadPart(csrf: string, jobId: string, part: number, blob: Blob): Promise<number> {
  const res = await fetch(`/api/v1/imports/${jobId}/parts/${part}`, {
    method: "PUT",
    headers: {
      accept: "application/json",
      "x-csrf-token": csrfToken(csrf),
      "content-type": "application/octet-stream",
    },
    body: blob,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(json?.error?.message ?? `The server answered ${res.status}. Please try again.`);
  return json.data.received;
}
