// Builds the browser JavaScript once at startup with esbuild, in memory: one entry per island
// plus the hydration runtime, with shared chunks (so there is exactly one preact and one
// @preact/signals in the page). Bare imports (preact, @preact/signals...) resolve from the
// project's node_modules/, which `"nodeModulesDir": "auto"` creates.
import * as esbuild from "esbuild";
import { basename, join, relative, resolve } from "node:path";
import { fromFileUrl } from "./paths.ts";
import { bundleCache } from "./bundle-cache.ts";

export const RUNTIME_ENTRY = "leadly-runtime";
export const ISLANDS_PATH = "/_islands/";

export interface IslandSource {
  name: string;
  /** Absolute path of the island module. */
  file: string;
}

export interface IslandBundle {
  /** File name (e.g. "Counter-3KQ2.js") -> contents, served under /_islands/. */
  files: Map<string, Uint8Array>;
  /** Entry name (island name or RUNTIME_ENTRY) -> URL of its entry file. */
  entries: Map<string, string>;
  /** Entry name -> URLs of every file it imports statically (for modulepreload). */
  imports: Map<string, string[]>;
  /** How long the build took, in milliseconds. */
  buildMs: number;
}

export interface BundleOptions {
  projectDir: string;
  islands: IslandSource[];
  dev?: boolean;
  /** Keep the build here and reuse it while its inputs are unchanged (see bundle-cache.ts). */
  cacheDir?: string;
}

/** The JSON-friendly part of a bundle: entry and import URLs. */
interface BundleIndex {
  entries: [string, string][];
  imports: [string, string[]][];
}

const RUNTIME_FILE = fromFileUrl(new URL("./hydrate.ts", import.meta.url));

export async function bundleIslands(options: BundleOptions): Promise<IslandBundle> {
  const started = performance.now();
  const projectDir = resolve(options.projectDir);
  const outdir = join(projectDir, "_islands");
  const entryPoints: Record<string, string> = { [RUNTIME_ENTRY]: RUNTIME_FILE };
  for (const island of options.islands) entryPoints[island.name] = island.file;
  const cache = options.cacheDir
    ? await bundleCache<BundleIndex>(options.cacheDir, projectDir, { entryPoints, dev: options.dev ?? false })
    : null;
  const cached = await cache?.load();
  if (cached) {
    const { entries, imports } = cached.build;
    return {
      files: cached.files,
      entries: new Map(entries),
      imports: new Map(imports),
      buildMs: performance.now() - started,
    };
  }

  const result = await esbuild.build({
    entryPoints,
    outdir,
    absWorkingDir: projectDir,
    nodePaths: [join(projectDir, "node_modules"), join(Deno.cwd(), "node_modules")],
    write: false,
    metafile: true,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    jsx: "automatic",
    jsxImportSource: "preact",
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    sourcemap: options.dev ? "inline" : false,
    define: { "process.env.NODE_ENV": JSON.stringify(options.dev ? "development" : "production") },
    logLevel: "silent",
    plugins: [projectAlias(projectDir)],
  });

  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) files.set(basename(file.path), file.contents);
  const { entries, imports } = readMetafile(result.metafile, projectDir, outdir, entryPoints);
  await cache?.save(Object.keys(result.metafile.inputs), { entries: [...entries], imports: [...imports] }, files);
  return { files, entries, imports, buildMs: performance.now() - started };
}

/** `@/lib/...` means the project's `lib/...`, as deno.json's import map says, in the browser bundle too. */
function projectAlias(projectDir: string): esbuild.Plugin {
  return {
    name: "project-alias",
    setup(build) {
      build.onResolve({ filter: /^@\// }, (args) => ({ path: join(projectDir, args.path.slice(2)) }));
    },
  };
}

/** Works out, from esbuild's metafile, each entry's output file and its static imports. */
function readMetafile(
  metafile: esbuild.Metafile,
  projectDir: string,
  outdir: string,
  entryPoints: Record<string, string>,
): { entries: Map<string, string>; imports: Map<string, string[]> } {
  const urlOf = (output: string) => ISLANDS_PATH + basename(output);
  const outputByInput = new Map<string, string>();
  for (const [output, meta] of Object.entries(metafile.outputs)) {
    if (meta.entryPoint) outputByInput.set(resolve(projectDir, meta.entryPoint), output);
  }
  const staticImports = (output: string, seen = new Set<string>()): Set<string> => {
    for (const item of metafile.outputs[output]?.imports ?? []) {
      if (item.kind !== "import-statement" || seen.has(item.path)) continue;
      seen.add(item.path);
      staticImports(item.path, seen);
    }
    return seen;
  };

  const entries = new Map<string, string>();
  const imports = new Map<string, string[]>();
  for (const [name, input] of Object.entries(entryPoints)) {
    const output = outputByInput.get(resolve(input));
    if (!output) throw new Error(`esbuild produced no output for ${relative(outdir, input)}`);
    entries.set(name, urlOf(output));
    imports.set(name, [...staticImports(output)].map(urlOf).sort());
  }
  return { entries, imports };
}

/** esbuild keeps a child process alive between builds; tests and shutdown stop it. */
export async function stopBundler(): Promise<void> {
  await esbuild.stop();
}
