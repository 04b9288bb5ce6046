// Where the bytes of files live, behind one interface: the local disk in embedded mode (LocalDiskStorage,
// under <dataDir>/files) or any S3-compatible store (S3Storage in s3.ts) when S3_BUCKET is configured.
// Keys are chosen by the server (teams/<team>/<file>/<version>), never by users; they are checked anyway.
import { basename, dirname, join } from "node:path";

export interface StoredHead {
  size: number;
}

export interface StoredObject extends StoredHead {
  body: ReadableStream<Uint8Array>;
}

export interface Storage {
  readonly kind: "local" | "s3";
  /** Stores the bytes under `key`, replacing what was there. Resolves once they are durable. */
  put(key: string, body: Uint8Array, options: { contentType: string }): Promise<void>;
  /** The bytes as a stream, or null when nothing is stored under `key`. */
  get(key: string): Promise<StoredObject | null>;
  /** Size of what is stored under `key`, or null when nothing is. */
  head(key: string): Promise<StoredHead | null>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)*$/;

/** Throws on keys that could leave the storage root or are not the server's own shape. */
export function checkKey(key: string): string {
  if (key.length > 500 || !KEY.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
  }
  return key;
}

/** The storage key of one version of one file. */
export function storageKey(teamId: string, fileId: string, versionId: string): string {
  return checkKey(`teams/${teamId}/${fileId}/${versionId}`);
}

export class LocalDiskStorage implements Storage {
  readonly kind = "local";

  constructor(readonly root: string) {}

  #path(key: string) {
    return join(this.root, ...checkKey(key).split("/"));
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    const path = this.#path(key);
    await Deno.mkdir(dirname(path), { recursive: true });
    // Written under a temporary name, flushed and renamed: a reader never sees half a file.
    const tmp = `${path}.${crypto.randomUUID()}.part`;
    try {
      const file = await Deno.open(tmp, { write: true, createNew: true });
      try {
        let written = 0;
        while (written < body.length) written += await file.write(body.subarray(written));
        await file.sync();
      } finally {
        file.close();
      }
      await Deno.rename(tmp, path);
    } catch (error) {
      await Deno.remove(tmp).catch(() => {});
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const file = await Deno.open(this.#path(key), { read: true });
      const { size } = await file.stat();
      return { size, body: file.readable };
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
  }

  async head(key: string): Promise<StoredHead | null> {
    try {
      const info = await Deno.stat(this.#path(key));
      return info.isFile ? { size: info.size } : null;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
  }

  /** Removes the object and whatever a write of it that was cut short (a killed process) left behind. */
  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    await Deno.remove(path).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
    const prefix = `${basename(path)}.`;
    try {
      for await (const entry of Deno.readDir(dirname(path))) {
        if (entry.name.startsWith(prefix) && entry.name.endsWith(".part")) {
          await Deno.remove(join(dirname(path), entry.name)).catch(() => {});
        }
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
}
