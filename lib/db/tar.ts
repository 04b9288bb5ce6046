// A small streaming tar.gz writer and reader for database snapshots and backups. Files are read and written
// in 256 KB pieces with an await between them, so archiving a large data directory never holds the event
// loop for long. The format is plain ustar, the same PGlite's dumpDataDir produces and `tar xzf` reads.
import { dirname, join, normalize } from "node:path";

const BLOCK = 512;
const CHUNK = 256 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** A ustar header; names longer than 100 bytes are split into prefix/name at a slash. */
function header(name: string, size: number, type: "0" | "5", mode: number, mtime: Date): Uint8Array {
  let prefix = "";
  let short = name;
  const bytes = (text: string) => encoder.encode(text).length;
  if (bytes(name) > 100) {
    let at = -1;
    for (let i = name.indexOf("/"); i !== -1 && at === -1; i = name.indexOf("/", i + 1)) {
      if (bytes(name.slice(i + 1)) <= 100 && bytes(name.slice(0, i)) <= 155) at = i;
    }
    if (at === -1) throw new Error(`A path is too long to archive: ${name}`);
    prefix = name.slice(0, at);
    short = name.slice(at + 1);
  }
  const block = new Uint8Array(BLOCK);
  const put = (text: string, offset: number) => block.set(encoder.encode(text), offset);
  put(short, 0);
  put(octal(mode & 0o7777, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(Math.floor(mtime.getTime() / 1000), 12), 136);
  put("        ", 148);
  put(type, 156);
  put("ustar\u000000", 257);
  put(prefix, 345);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(octal(sum, 7) + " ", 148);
  return block;
}

/** Writes a .tar.gz file entry by entry; `close()` finishes it and flushes it to disk. */
export class TarGzWriter {
  #writer: WritableStreamDefaultWriter<BufferSource>;
  #piped: Promise<void>;
  bytesIn = 0;

  private constructor(readonly path: string, readonly file: Deno.FsFile) {
    const gzip = new CompressionStream("gzip");
    this.#writer = gzip.writable.getWriter();
    this.#piped = (async () => {
      for await (const chunk of gzip.readable) {
        let written = 0;
        while (written < chunk.length) written += await file.write(chunk.subarray(written));
      }
    })();
    // a failed write surfaces in close(); keep it from going unhandled meanwhile
    this.#piped.catch(() => {});
  }

  /** Creates (or replaces) `path`. */
  static async create(path: string): Promise<TarGzWriter> {
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    return new TarGzWriter(path, file);
  }

  async #write(bytes: Uint8Array) {
    await this.#writer.ready;
    await this.#writer.write(bytes as Uint8Array<ArrayBuffer>);
    this.bytesIn += bytes.length;
  }

  async addDir(name: string, mtime = new Date()) {
    await this.#write(header(name.endsWith("/") ? name : `${name}/`, 0, "5", 0o755, mtime));
  }

  async addBytes(name: string, bytes: Uint8Array, mtime = new Date()) {
    await this.#write(header(name, bytes.length, "0", 0o644, mtime));
    for (let at = 0; at < bytes.length; at += CHUNK) await this.#write(bytes.slice(at, at + CHUNK));
    await this.#pad(bytes.length);
  }

  /**
   * Archives the file at `source` as it is now. A file that changes while it is read (a live database) is
   * archived with the size it had when it was opened: shorter reads are padded with zeros (what the
   * database replays from its log), longer files are cut at that size. Returns false if the file is gone.
   */
  async addFile(name: string, source: string): Promise<boolean> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(source, { read: true });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
    try {
      const info = await file.stat();
      const size = info.size;
      await this.#write(header(name, size, "0", info.mode ?? 0o600, info.mtime ?? new Date()));
      let done = 0;
      const buffer = new Uint8Array(CHUNK);
      while (done < size) {
        const want = Math.min(CHUNK, size - done);
        const read = await file.read(buffer.subarray(0, want));
        if (read === null || read === 0) {
          await this.#write(new Uint8Array(size - done));
          done = size;
          break;
        }
        await this.#write(buffer.slice(0, read));
        done += read;
      }
      await this.#pad(size);
      return true;
    } finally {
      file.close();
    }
  }

  async #pad(size: number) {
    const rest = size % BLOCK;
    if (rest > 0) await this.#write(new Uint8Array(BLOCK - rest));
  }

  /** Ends the archive, flushes it to disk and closes the file. */
  async close() {
    try {
      await this.#write(new Uint8Array(BLOCK * 2));
      await this.#writer.close();
      await this.#piped;
      await this.file.syncData();
    } finally {
      this.file.close();
    }
  }

  /** Gives up: closes the file (the caller removes it). */
  async abort() {
    await this.#writer.abort().catch(() => {});
    await this.#piped.catch(() => {});
    try {
      this.file.close();
    } catch { /* already closed */ }
  }
}

/** Reads exactly the bytes asked for from a stream of chunks. */
class ByteReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffer: Uint8Array = new Uint8Array(0);
  #offset = 0;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** Up to `n` bytes (fewer only at the end of the stream). */
  async read(n: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < n) {
      if (this.#offset >= this.#buffer.length) {
        const { value, done } = await this.#reader.read();
        if (done) break;
        this.#buffer = value;
        this.#offset = 0;
        continue;
      }
      const take = Math.min(n - got, this.#buffer.length - this.#offset);
      parts.push(this.#buffer.subarray(this.#offset, this.#offset + take));
      this.#offset += take;
      got += take;
    }
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(got);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  async cancel() {
    await this.#reader.cancel().catch(() => {});
  }
}

function field(block: Uint8Array, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return decoder.decode(end === -1 ? raw : raw.subarray(0, end));
}

export interface TarEntry {
  /** The path inside the archive, without a leading "./" or "/". */
  name: string;
  type: "file" | "dir" | "other";
  size: number;
  mtime: Date;
}

/**
 * Extracts a .tar.gz (or plain .tar) file. `place(entry)` says where each entry goes: a path under which
 * to write it, or null to skip it. Paths that would leave their target are refused. Returns the entries.
 */
export async function extractTar(
  archive: string,
  place: (entry: TarEntry) => string | null,
): Promise<TarEntry[]> {
  const file = await Deno.open(archive, { read: true });
  const head = new Uint8Array(2);
  await file.read(head);
  await file.seek(0, Deno.SeekMode.Start);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const stream = gzipped ? file.readable.pipeThrough(new DecompressionStream("gzip")) : file.readable;
  const reader = new ByteReader(stream);
  const entries: TarEntry[] = [];
  try {
    for (;;) {
      const block = await reader.read(BLOCK);
      if (block.length < BLOCK || block.every((b) => b === 0)) break;
      const prefix = field(block, 345, 155);
      const rawName = (prefix ? `${prefix}/` : "") + field(block, 0, 100);
      const size = parseInt(field(block, 124, 12).trim() || "0", 8);
      const typeFlag = String.fromCharCode(block[156] || 48);
      const mtime = new Date(parseInt(field(block, 136, 12).trim() || "0", 8) * 1000);
      const name = rawName.replace(/^(\.\/|\/)+/, "").replace(/\/+$/, "");
      const type = typeFlag === "0" || typeFlag === "\0" ? "file" : typeFlag === "5" ? "dir" : "other";
      const entry: TarEntry = { name, type, size: type === "file" ? size : 0, mtime };
      const padded = Math.ceil(entry.size / BLOCK) * BLOCK;
      const target = name === "" ? null : place(entry);
      if (target !== null && normalize(target).split("/").includes("..")) {
        throw new Error(`The archive holds a path that leaves its folder: ${rawName}`);
      }
      if (target !== null && type === "dir") await Deno.mkdir(target, { recursive: true });
      if (target !== null && type === "file") {
        await Deno.mkdir(dirname(target), { recursive: true });
        const out = await Deno.open(target, { write: true, create: true, truncate: true });
        try {
          let left = entry.size;
          while (left > 0) {
            const chunk = await reader.read(Math.min(CHUNK, left));
            if (chunk.length === 0) throw new Error(`The archive ${archive} ends in the middle of ${name}`);
            let written = 0;
            while (written < chunk.length) written += await out.write(chunk.subarray(written));
            left -= chunk.length;
          }
          await out.syncData();
        } finally {
          out.close();
        }
        const rest = padded - entry.size;
        if (rest > 0) await reader.read(rest);
        await Deno.utime(target, entry.mtime, entry.mtime).catch(() => {});
      } else {
        for (let left = padded; left > 0;) {
          const skipped = await reader.read(Math.min(CHUNK, left));
          if (skipped.length === 0) break;
          left -= skipped.length;
        }
      }
      entries.push(entry);
    }
  } finally {
    await reader.cancel();
    try {
      file.close();
    } catch { /* the stream closed it */ }
  }
  return entries;
}

/**
 * Flushes the files under `dir` (and the directories themselves) to disk, one at a time; with `since`, only
 * files changed after it. Returns how many files it flushed.
 */
export async function syncTree(dir: string, since?: Date): Promise<number> {
  let synced = 0;
  const walk = async (path: string) => {
    for await (const entry of Deno.readDir(path)) {
      const full = join(path, entry.name);
      if (entry.isDirectory) await walk(full);
      else if (entry.isFile) {
        if (since) {
          const info = await Deno.stat(full).catch(() => null);
          if (!info?.mtime || info.mtime < since) continue;
        }
        await syncPath(full);
        synced++;
      }
    }
    await syncPath(path);
  };
  await walk(dir);
  return synced;
}

/** fsync of one file or directory; gone is fine. */
export async function syncPath(path: string): Promise<void> {
  try {
    const file = await Deno.open(path, { read: true });
    try {
      await file.syncData();
    } finally {
      file.close();
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
