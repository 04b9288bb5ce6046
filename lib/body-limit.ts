// Request body limits that ordinary HTTP clients can read the answer of. Hono's bodyLimit answers 413 as
// soon as Content-Length is too big, before the body is read; the connection is then closed under a client
// that is still sending, which sees a broken pipe instead of the 413. Here the rest of the body is read and
// thrown away first (up to DRAIN_MAX_BYTES and DRAIN_MAX_MS, so nobody can keep us reading forever), and
// only then is the 413 sent, with a message that names the limit.
import type { MiddlewareHandler } from "hono";
import { AppError } from "./errors.ts";

/** How much of an oversized body we are willing to read just to be able to answer. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
export const DRAIN_MAX_MS = 30_000;

export interface BodyLimitOptions {
  maxSize: number;
  /** The 413's sentence; it should name the limit ("… 1 MB at most."). */
  message: string;
}

export function bodyLimit({ maxSize, message }: BodyLimitOptions): MiddlewareHandler {
  const tooLarge = () => new AppError("request_too_large", message);
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return await next();
    const declared = c.req.raw.headers.get("content-length");
    if (declared !== null && !c.req.raw.headers.has("transfer-encoding")) {
      if (Number(declared) <= maxSize) return await next();
      await drain(body.getReader(), 0);
      throw tooLarge();
    }
    // No length given (chunked): count while reading, keep what fits, drain the rest.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxSize) {
        await drain(reader, size);
        throw tooLarge();
      }
      chunks.push(value);
    }
    const buffer = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      buffer.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: buffer });
    return await next();
  };
}

/** Reads and discards the rest of a body; gives up (the connection will be closed) past the caps. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): Promise<void> {
  const deadline = Date.now() + DRAIN_MAX_MS;
  let read = alreadyRead;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), DRAIN_MAX_MS);
  });
  try {
    while (read <= DRAIN_MAX_BYTES && Date.now() < deadline) {
      const result = await Promise.race([reader.read(), timeout]);
      if (result === "timeout" || result.done) break;
      read += result.value.byteLength;
    }
  } catch {
    // the client went away: nothing left to answer
  } finally {
    clearTimeout(timer);
    if (read > DRAIN_MAX_BYTES || Date.now() >= deadline) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
}
