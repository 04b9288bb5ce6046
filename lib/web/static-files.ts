// Serves static/ at "/": /styles.css, /icons/x.png, /manifest.webmanifest, /sw.js.
// Caching: with ?v=<anything> (see asset.ts) the URL is versioned, so it is immutable for a year;
// without it, browsers revalidate every time with the ETag (a content hash) and get 304s.
// The service worker must never be cached long, and may control the whole origin.
import { join, relative, resolve, sep } from "node:path";
import type { MiddlewareHandler } from "hono";
import { contentTypeFor } from "./content-types.ts";
import { encodeHex } from "./base64.ts";

export const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "public, max-age=0, must-revalidate";
const SERVICE_WORKER = "/sw.js";

interface CachedTag {
  mtime: number;
  size: number;
  etag: string;
}

/**
 * Maps a URL path to a file inside `root`, or null when it would leave `root` or names something
 * we never serve (dot files, backslashes, NUL, undecodable escapes).
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").filter((s) => s !== "");
  const unsafe = segments.some((s) => s === ".." || (s.startsWith(".") && s !== ".well-known"));
  if (unsafe || segments.length === 0) return null;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file.startsWith(base + sep) ? file : null;
}

async function sha1(bytes: Uint8Array): Promise<string> {
  return encodeHex(new Uint8Array(await crypto.subtle.digest("SHA-1", bytes as Uint8Array<ArrayBuffer>)));
}

export class StaticFiles {
  readonly #root: string;
  readonly #tags = new Map<string, CachedTag>();
  /** In development files change under the same ?v=, so nothing is cached as immutable. */
  readonly #dev: boolean;

  constructor(root: string, options: { dev?: boolean } = {}) {
    this.#root = resolve(root);
    this.#dev = options.dev ?? false;
  }

  /** Hono middleware: answers GET/HEAD for existing files, passes everything else on. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const method = c.req.method;
      if (method !== "GET" && method !== "HEAD") return await next();
      const url = new URL(c.req.url);
      const response = await this.serve(url, c.req.header("if-none-match"));
      if (!response) return await next();
      return response;
    };
  }

  async serve(url: URL, ifNoneMatch: string | undefined): Promise<Response | null> {
    const file = resolveStaticPath(this.#root, url.pathname);
    if (!file) return null;
    const stat = await Deno.stat(file).catch(() => null);
    if (!stat?.isFile) return null;
    const bytes = await Deno.readFile(file);
    const etag = await this.#etag(file, stat, bytes);
    const headers = new Headers({
      "content-type": contentTypeFor(file),
      etag,
      "cache-control": this.#dev && url.pathname !== SERVICE_WORKER ? REVALIDATE : cacheControlFor(url),
    });
    if (url.pathname === SERVICE_WORKER) headers.set("service-worker-allowed", "/");
    if (ifNoneMatch && matchesEtag(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
    headers.set("content-length", String(bytes.byteLength));
    return new Response(bytes, { headers });
  }

  /** A hash over every file's path and content: changes whenever anything in static/ does. */
  async buildId(): Promise<string> {
    const parts: string[] = [];
    for (const file of await listFiles(this.#root)) {
      const stat = await Deno.stat(file);
      const tag = await this.#etag(file, stat, await Deno.readFile(file));
      parts.push(`${relative(this.#root, file)}:${tag}`);
    }
    const digest = await sha1(new TextEncoder().encode(parts.sort().join("\n")));
    return digest.slice(0, 12);
  }

  async #etag(file: string, stat: Deno.FileInfo, bytes: Uint8Array): Promise<string> {
    const mtime = stat.mtime?.getTime() ?? 0;
    const cached = this.#tags.get(file);
    if (cached && cached.mtime === mtime && cached.size === stat.size) return cached.etag;
    const etag = `"${(await sha1(bytes)).slice(0, 20)}"`;
    this.#tags.set(file, { mtime, size: stat.size, etag });
    return etag;
  }
}

function cacheControlFor(url: URL): string {
  if (url.pathname === SERVICE_WORKER) return "no-cache";
  return url.searchParams.has("v") ? IMMUTABLE : REVALIDATE;
}

function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) files.push(...await listFiles(path));
      else if (entry.isFile) files.push(path);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return files;
}
