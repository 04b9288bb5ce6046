// Shared by the files_*.test.ts files (and the files browser test): multipart uploads over the API and a
// few real files made on the spot (a PNG with pixels in it, a one-page PDF).
import { ApiClient } from "../helpers/api-client.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";
import type { Db } from "../../lib/db/mod.ts";

export interface UploadOptions {
  name?: string;
  /** What the client claims the type is; the server sniffs the bytes anyway. */
  type?: string;
  fields?: Record<string, string>;
}

// deno-lint-ignore no-explicit-any
export type Json = any;

/** POSTs `bytes` as the multipart field `file` (plus `fields`) with the client's Bearer token. */
export async function upload(
  client: ApiClient,
  bytes: Uint8Array | null,
  { name = "file.bin", type = "application/octet-stream", fields = {} }: UploadOptions = {},
  path = "/api/v1/files",
): Promise<{ status: number; json: Json }> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  if (bytes) form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  const res = await fetch(`${client.base}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${client.token}` },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** GETs a file URL with the client's token; the body as bytes. */
export async function fetchBytes(client: ApiClient, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${client.base}${path}`, {
    headers: { authorization: `Bearer ${client.token}`, ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

export function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

/** `n` bytes of repeating content (a "document" of a given size). */
export function bytesOf(n: number, fill = 0x61): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A real RGB PNG of `width`×`height` with a diagonal colour gradient (so a thumbnail shows something). */
export async function pngImage(width = 160, height = 120): Promise<Uint8Array> {
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // no filter
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = Math.round((x / width) * 255);
      raw[row + 2 + x * 3] = Math.round((y / height) * 200) + 40;
      raw[row + 3 + x * 3] = 214;
    }
  }
  const compressed = new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer(),
  );
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", compressed),
    chunk("IEND", new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A valid one-page PDF that says `line`. */
export function pdfDocument(line = "Proposal for Acme"): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null, // the content stream, below
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 18 Tf 24 100 Td (${line.replace(/[()\\]/g, "")}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new deal in the client's team (first stage of the default pipeline); its id. */
export async function newDeal(client: ApiClient, name = "Files deal"): Promise<string> {
  const stage = (await client.get("/api/v1/pipelines")).json.data[0].stages[0].id;
  const created = await client.post("/api/v1/deals", { name, value: 1000, stage_id: stage });
  if (created.status !== 201) throw new Error(`could not create a deal: ${JSON.stringify(created.json)}`);
  return created.json.data.id;
}

/** A new contact in the client's team; its id. */
export async function newContact(client: ApiClient, first_name = "Fiona"): Promise<string> {
  const created = await client.post("/api/v1/contacts", { first_name, last_name: "Files" });
  if (created.status !== 201) throw new Error(`could not create a contact: ${JSON.stringify(created.json)}`);
  return created.json.data.id;
}

/** A new person with the demo password in `teamId` with `role`, signed in over the API. */
export async function memberWithRole(
  server: { url: string; db: Db },
  email: string,
  teamId: string,
  role: "owner" | "admin" | "manager" | "rep" | "viewer",
): Promise<ApiClient> {
  const person = await createPerson(server.db, email);
  const hash = await hashPassword("leadly-demo");
  await server.db.asService("test:member", async (tx) => {
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [hash, person.id]);
    await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, $3)", [
      teamId,
      person.id,
      role,
    ]);
  });
  return await ApiClient.signIn(server.url, email);
}

/** Sets a team's quota (and optionally what it has used), as an operator would. */
export async function setQuota(
  db: Db,
  teamId: string,
  quotaBytes: number,
  usedBytes?: number,
): Promise<void> {
  await db.asService("test:quota", (tx) =>
    tx.query(
      `insert into public.team_storage (team_id, quota_bytes, used_bytes) values ($1, $2, coalesce($3, 0))
       on conflict (team_id) do update set quota_bytes = $2, used_bytes = coalesce($3, team_storage.used_bytes)`,
      [teamId, quotaBytes, usedBytes ?? null],
    ));
}

/** How many stored objects a team has on local disk storage. */
export async function blobsOnDisk(dataDir: string, teamId: string): Promise<number> {
  let count = 0;
  async function walk(dir: string) {
    try {
      for await (const entry of Deno.readDir(dir)) {
        if (entry.isDirectory) await walk(`${dir}/${entry.name}`);
        else if (!entry.name.endsWith(".part")) count++;
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  await walk(`${dataDir}/files/teams/${teamId}`);
  return count;
}

/** Bytes a team's objects take on local disk storage (leftover .part files included). */
export async function bytesOnDisk(dataDir: string, teamId: string): Promise<number> {
  let bytes = 0;
  async function walk(dir: string) {
    try {
      for await (const entry of Deno.readDir(dir)) {
        if (entry.isDirectory) await walk(`${dir}/${entry.name}`);
        else bytes += (await Deno.stat(`${dir}/${entry.name}`)).size;
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  await walk(`${dataDir}/files/teams/${teamId}`);
  return bytes;
}
