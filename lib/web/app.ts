// The web layer in one call. Map of lib/web/ for newcomers:
//   app.ts            createWebApp: wires everything below onto one Hono app
//   define.ts         createDefine<State>(): typed handlers / page / middleware helpers
//   context.ts        ctx (Ctx<State>) and PageResponse (what ctx.render returns)
//   types.ts          PageProps, handler and module shapes, Manifest
//   route-path.ts     routes/ file path -> URL pattern, precedence order
//   manifest.ts       generates routes.gen.ts (used by scripts/gen.ts)
//   route-table.ts    per route: middlewares, layouts, _app, nearest _error/_404
//   chain.ts          runs middlewares then the route (ctx.next())
//   dispatch.ts       Hono handlers for routes, sub-apps, errors and 404s
//   render.tsx        page -> HTML (head, island scripts, modulepreload)
//   render-context.ts what one render collects (head tags, island props)
//   head.tsx          <Head> for pages
//   island-marker.ts  preact vnode hook marking islands during SSR
//   islands.ts        finds islands in the manifest, names them
//   bundle.ts         esbuild: islands + runtime -> /_islands/*.js
//   hydrate.ts        browser runtime: hydrates marked islands
//   hydrated.ts       IS_BROWSER, useHydrated() for island authors
//   serialize.ts      island props <-> text (signals, Map, Date, cycles...)
//   security-headers.ts  CSP with nonce + other security headers
//   static-files.ts   static/ with ETag and caching; asset.ts: versioned URLs
//   errors.ts         error -> status, code, message; JSON error bodies
//
// Usage (main.ts):
//   import manifest from "./routes.gen.ts";
//   const web = createWebApp<State>(manifest, { initState: () => ({ csrf: "", session: null }) });
//   await web.ready();              // bundles islands (logs the time), hashes static/
//   root.route("/", web.hono);      // last, after /auth/v1, /functions/v1, ...
import { type Context as HonoContext, Hono } from "hono";
import { join } from "node:path";
import type { Manifest } from "./types.ts";
import { RouteTable } from "./route-table.ts";
import { Dispatcher } from "./dispatch.ts";
import { collectIslands } from "./islands.ts";
import { bundleIslands, type IslandBundle, ISLANDS_PATH, stopBundler } from "./bundle.ts";
import { StaticFiles } from "./static-files.ts";
import { createNonce, withSecurityHeaders } from "./security-headers.ts";
import { setBuildId } from "./asset.ts";
import { projectDirOf } from "./paths.ts";
import { serveIslandFile } from "./island-files.ts";

export interface WebAppOptions<State extends { nonce: string }> {
  /** Folder served at "/"; defaults to <project>/static. */
  staticDir?: string;
  /**
   * Creates ctx.state for each request (session, csrf... usually filled later by _middleware).
   * The glue adds `nonce` itself: a fresh CSP nonce per request.
   */
  initState?: (c: HonoContext) => Omit<State, "nonce">;
  /** Development: inline source maps in island bundles, no immutable caching of static/. */
  dev?: boolean;
  /** Reuse island builds kept here while their sources are unchanged; unset: build at every start. */
  bundleCacheDir?: string;
  /** Where unexpected errors go; defaults to console.error. */
  logError?: (error: unknown, request: Request) => void;
  /** Startup messages (island build time); defaults to console.log. */
  log?: (message: string) => void;
}

/** Hono env of the web app: `c.get("state")` is ctx.state (also in mounted sub-apps). */
export type WebEnv<State> = { Variables: { state: State } };

export interface WebApp<State> {
  /** Mount as the last thing on the root app: `root.route("/", web.hono)`. */
  hono: Hono<WebEnv<State>>;
  /** Bundles islands and hashes static/ (for asset()); call once at startup. Idempotent. */
  ready(): Promise<void>;
  /** The island bundle (builds it on first call); null when there are no islands. */
  buildIslands(): Promise<IslandBundle | null>;
  /** Stops the esbuild service (tests, shutdown). */
  close(): Promise<void>;
}

export function createWebApp<State extends { nonce: string }>(
  manifest: Manifest,
  options: WebAppOptions<State> = {},
): WebApp<State> {
  const projectDir = projectDirOf(manifest.baseUrl);
  const log = options.log ?? console.log;
  const logError = options.logError ?? ((error, request) => console.error(`${request.method} ${request.url}`, error));
  const staticFiles = new StaticFiles(options.staticDir ?? join(projectDir, "static"), { dev: options.dev });
  const table = new RouteTable(manifest);
  const islands = collectIslands(manifest);

  let bundling: Promise<IslandBundle | null> | null = null;
  const buildIslands = () => {
    bundling ??= islands.length === 0
      ? Promise.resolve(null)
      : bundleIslands({ projectDir, islands, dev: options.dev, cacheDir: options.bundleCacheDir })
        .then((bundle) => {
          log(`islands: ${islands.length} bundled in ${bundle.buildMs.toFixed(0)} ms (${bundle.files.size} files)`);
          return bundle;
        });
    return bundling;
  };
  let preparing: Promise<void> | null = null;
  const ready = () => {
    preparing ??= Promise.all([buildIslands(), staticFiles.buildId().then(setBuildId)]).then(() => {});
    return preparing;
  };

  const dispatcher = new Dispatcher({ table, logError, bundle: async () => (await ready(), await buildIslands()) });
  const hono = new Hono<WebEnv<State>>();

  hono.use("*", async (c, next) => {
    const nonce = createNonce();
    c.set("state", { ...(options.initState?.(c) ?? {}), nonce } as State);
    await next();
    c.res = withSecurityHeaders(c.res, nonce);
  });
  hono.use("*", staticFiles.middleware());
  hono.get(`${ISLANDS_PATH}:file`, async (c, next) => {
    // Unknown files fall through to the 404 handler below.
    return serveIslandFile(await buildIslands(), c.req.param("file")) ?? await next();
  });

  for (const entry of table.routes) {
    if (entry.module.app) {
      const pattern = entry.file.patterns[0];
      // "/x/*" also matches "/x" itself in Hono, so one registration covers the whole sub-app.
      hono.use(`${pattern === "/" ? "" : pattern}/*`, dispatcher.mount(entry));
      hono.route(pattern, entry.module.app);
    } else {
      for (const pattern of entry.file.patterns) hono.all(pattern, dispatcher.route(entry));
    }
  }
  hono.all("*", dispatcher.notFound());
  hono.onError(dispatcher.onError());

  return { hono, ready, buildIslands, close: stopBundler };
}
