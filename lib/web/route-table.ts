// Reads the manifest into what the dispatcher needs per route: its URL patterns (most specific
// first), the middlewares of its folders (outer to inner), its layouts, the _app, and the nearest
// _error. Folder scoping follows the file tree, so `(group)` folders scope layouts too.
import { compareRoutes, parseRouteFile, type RouteFile, type RouteFileKind } from "./route-path.ts";
import type { Manifest, Middleware, PageComponent, RouteModule } from "./types.ts";

export interface RouteEntry {
  file: RouteFile;
  module: RouteModule;
  // deno-lint-ignore no-explicit-any
  middlewares: Middleware<any>[];
}

interface SpecialFile {
  file: RouteFile;
  module: RouteModule;
}

export class RouteTable {
  /** Routes and mounted sub-apps, in the order they must be registered with Hono. */
  readonly routes: RouteEntry[] = [];
  readonly #specials: SpecialFile[] = [];

  constructor(manifest: Manifest) {
    const files: SpecialFile[] = [];
    for (const [key, module] of Object.entries(manifest.routes)) {
      const file = parseRouteFile(key.replace(/^\.\/routes\//, ""));
      if (file) files.push({ file, module });
    }
    // Outer folders first, so "prefix" lists below come out outer -> inner.
    files.sort((a, b) => a.file.folder.length - b.file.folder.length || (a.file.key < b.file.key ? -1 : 1));
    for (const entry of files) {
      if (entry.file.kind !== "route") this.#specials.push(entry);
    }
    const routes = files.filter((entry) => entry.file.kind === "route").sort((a, b) => compareRoutes(a.file, b.file));
    for (const { file, module } of routes) {
      validateRouteModule(file, module);
      this.routes.push({ file, module, middlewares: this.middlewaresFor(file.folder) });
    }
  }

  /** Middlewares of `folder` and every folder above it, outermost first. */
  // deno-lint-ignore no-explicit-any
  middlewaresFor(folder: string[]): Middleware<any>[] {
    return this.#within("middleware", folder).flatMap(({ file, module }) => {
      const handler = module.handler;
      const list = Array.isArray(handler) ? handler : [handler];
      if (!list.every((item) => typeof item === "function")) {
        throw new Error(`${file.key} must export \`handler\`: a middleware function or an array of them`);
      }
      // deno-lint-ignore no-explicit-any
      return list as Middleware<any>[];
    });
  }

  /** _app (unless skipped), then the layouts that apply to `folder`, outermost first. */
  wrappersFor(folder: string[], config: RouteModule["config"] = {}): PageComponent[] {
    const app = config.skipAppWrapper ? [] : this.#within("app", []).map(pageOf);
    if (config.skipInheritedLayouts) return app;
    let layouts: SpecialFile[] = [];
    for (const layout of this.#within("layout", folder)) {
      layouts = layout.module.config?.skipInheritedLayouts ? [layout] : [...layouts, layout];
    }
    return [...app, ...layouts.map(pageOf)];
  }

  /** The deepest _error (or _404) whose folder contains `folder`. */
  nearest(kind: "error" | "notFound", folder: string[]): SpecialFile | null {
    return this.#within(kind, folder).at(-1) ?? null;
  }

  /**
   * The folder a URL with no route belongs to: the deepest folder with a _404 or _middleware whose
   * path is static and a prefix of `pathname`. Group folders are skipped: a URL cannot pick one.
   */
  folderForPath(pathname: string): string[] {
    const urlSegments = pathname.split("/").filter(Boolean);
    let best: string[] = [];
    for (const { file } of this.#specials) {
      const { folder } = file;
      if (folder.length <= best.length) continue;
      const staticFolder = folder.every((s) => !s.startsWith("(") && !s.startsWith("["));
      if (staticFolder && folder.every((segment, i) => urlSegments[i] === segment)) best = folder;
    }
    return best;
  }

  #within(kind: RouteFileKind, folder: string[]): SpecialFile[] {
    return this.#specials.filter((entry) =>
      entry.file.kind === kind && entry.file.folder.every((segment, i) => folder[i] === segment)
    );
  }
}

function pageOf({ file, module }: SpecialFile): PageComponent {
  if (typeof module.default !== "function") throw new Error(`${file.key} must default-export a component`);
  return module.default as PageComponent;
}

function validateRouteModule(file: RouteFile, module: RouteModule): void {
  if (module.app && (module.handler || module.default)) {
    throw new Error(`${file.key}: export either \`app\` (a Hono sub-app) or \`handler\`/a page, not both`);
  }
  if (!module.app && !module.handler && !module.default) {
    throw new Error(`${file.key} exports no page, \`handler\` or \`app\``);
  }
}
