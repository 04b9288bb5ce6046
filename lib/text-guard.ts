// Text people send may not carry NUL or other control characters (Postgres cannot store NUL at all, and
// the others have no business in a name, a note or a chat message), and JSON may not nest without end.
// One rule for every way text comes in: JSON and form bodies over HTTP (API, pages and /auth/v1, checked
// by `textGuard` before any handler runs) and socket event payloads (realtime/handle.ts). Tab, line feed
// and carriage return are text; everything else below U+0020, and U+007F, is refused with a sentence.
import type { MiddlewareHandler } from "hono";
import { AppError } from "./errors.ts";

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Deeper than any real body (a note's document nests a few levels per list); a bomb goes far deeper. */
export const MAX_DEPTH = 100;

const hex = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

function describe(path: (string | number)[]): string {
  return path.length === 0 ? "The text" : path.join(".");
}

/**
 * The first problem with a decoded input (JSON value, form fields, socket payload) as a sentence, or null.
 * Walks plain objects and arrays without recursion; binary data (Uint8Array, Buffer) is not text.
 */
export function textProblem(value: unknown): string | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const found = value.match(CONTROL);
      if (found) {
        return `${describe(path)}: text cannot contain control characters (found ${hex(found[0])}).`;
      }
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const plain = Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype ||
      Object.getPrototypeOf(value) === null;
    if (!plain) continue;
    if (path.length >= MAX_DEPTH) {
      return `${describe(path.slice(0, 3))}…: nested more than ${MAX_DEPTH} levels deep, which is not accepted.`;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const found = key.match(CONTROL);
      if (found) return `A field name contains a control character (${hex(found[0])}), which is not allowed.`;
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}

const isJson = (type: string) => /^application\/([\w.+-]+\+)?json\b/.test(type);

/**
 * Refuses JSON and form bodies with control characters or absurd nesting with a 400 that says where,
 * before any handler reads them. The handler still gets the untouched body (we read a copy). Bodies that
 * are not valid JSON pass on: the handler's own parser answers those. File uploads (`skip`) are bytes.
 */
export function textGuard(options: { skip?: (path: string) => boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    const request = c.req.raw;
    if (!request.body || options.skip?.(c.req.path)) return await next();
    const type = (request.headers.get("content-type") ?? "").toLowerCase();
    let problem: string | null = null;
    if (isJson(type)) {
      const text = await request.clone().text();
      let value: unknown = undefined;
      try {
        value = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: the route's parser says so
      }
      problem = textProblem(value);
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      const fields = new URLSearchParams(await request.clone().text());
      problem = textProblem(Object.fromEntries(fields));
    } else if (type.startsWith("multipart/form-data")) {
      const form = await request.clone().formData().catch(() => null);
      const fields: Record<string, string> = {};
      for (const [key, value] of form ?? []) if (typeof value === "string") fields[key] = value;
      problem = textProblem(fields);
    }
    if (problem) throw new AppError("invalid_text", problem);
    return await next();
  };
}
