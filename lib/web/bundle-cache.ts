// A build of the islands kept on disk, reused while none of its inputs changed. Every test file starts
// its own server and a restart costs a full esbuild run (seconds on a loaded 2-core machine), yet the
// inputs rarely change between starts. Validation is make's: each input esbuild read is recorded with
// its size and modification time (project files also with their SHA-256), and one changed, added or
// removed entry, a different esbuild or different options means a fresh build.
import { join, resolve } from "node:path";
import { version as esbuildVersion } from "esbuild";
import { encodeHex } from "./base64.ts";

interface InputStamp {
  path: string;
  size: number;
  mtimeMs: number;
  /** Only for files outside node_modules, whose edits within one mtime tick must still count. */
  sha256?: string;
}

interface CachedBuild<T> {
  inputs: InputStamp[];
  build: T;
  /** Output file names, stored next to build.json. */
  files: string[];
}

export interface BundleCache<T> {
  load(): Promise<{ build: T; files: Map<string, Uint8Array> } | null>;
  save(inputPaths: string[], build: T, files: Map<string, Uint8Array>): Promise<void>;
}

/** A cache slot for one set of build options (entries, dev flag) under `dir`. */
export async function bundleCache<T>(dir: string, projectDir: string, options: unknown): Promise<BundleCache<T>> {
  const key = (await sha256(new TextEncoder().encode(JSON.stringify({ esbuildVersion, projectDir, options }))))
    .slice(0, 20);
  const slot = join(dir, `islands-${key}`);

  return {
    async load() {
      let cached: CachedBuild<T>;
      try {
        cached = JSON.parse(await Deno.readTextFile(join(slot, "build.json")));
        for (const input of cached.inputs) {
          if (!await unchanged(input)) return null;
        }
        const files = new Map<string, Uint8Array>();
        for (const name of cached.files) files.set(name, await Deno.readFile(join(slot, name)));
        return { build: cached.build, files };
      } catch {
        return null;
      }
    },
    async save(inputPaths, build, files) {
      try {
        const inputs = await Promise.all(inputPaths.map((path) => stamp(resolve(projectDir, path))));
        // Written aside and swapped in whole: parallel test servers never read half a build.
        const tmp = `${slot}.${crypto.randomUUID()}`;
        await Deno.mkdir(tmp, { recursive: true });
        for (const [name, data] of files) await Deno.writeFile(join(tmp, name), data);
        const cached: CachedBuild<T> = { inputs, build, files: [...files.keys()] };
        await Deno.writeTextFile(join(tmp, "build.json"), JSON.stringify(cached));
        await Deno.remove(slot, { recursive: true }).catch(() => {});
        await Deno.rename(tmp, slot).catch(() => Deno.remove(tmp, { recursive: true }));
      } catch (error) {
        // A read-only install just builds at every start.
        console.warn(`islands: build not cached (${error instanceof Error ? error.message : error})`);
      }
    },
  };
}

async function stamp(path: string): Promise<InputStamp> {
  const info = await Deno.stat(path);
  const result: InputStamp = { path, size: info.size, mtimeMs: info.mtime?.getTime() ?? 0 };
  if (!path.includes("/node_modules/")) result.sha256 = await sha256(await Deno.readFile(path));
  return result;
}

async function unchanged(input: InputStamp): Promise<boolean> {
  try {
    const info = await Deno.stat(input.path);
    if (info.size !== input.size) return false;
    if (input.sha256 !== undefined) return await sha256(await Deno.readFile(input.path)) === input.sha256;
    return (info.mtime?.getTime() ?? 0) === input.mtimeMs;
  } catch {
    return false;
  }
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return encodeHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}
