// Mounts the Fresh-style pages of routes/ (via the generated manifest) on the root app.
import type { Hono } from "hono";
import manifest from "../routes.gen.ts";
import type { State } from "../utils.ts";
import type { AppEnv, AppServices } from "./services.ts";
import { createWebApp } from "../lib/web/app.ts";

// Beside the packages the build reads: as disposable as they are, and never in a clone.
const BUNDLE_CACHE_DIR = new URL("../node_modules/.cache/leadly-islands", import.meta.url).pathname;

export async function mountPages(root: Hono<AppEnv>, services: AppServices) {
  const web = createWebApp<State>(manifest, {
    initState: (c) => ({
      csrf: c.get("csrf") as string,
      session: c.get("session") as State["session"],
      app: services,
    }),
    log: () => {},
    bundleCacheDir: BUNDLE_CACHE_DIR,
  });
  await web.ready();
  root.route("/", web.hono);
  return web;
}

/** Builds the island bundle into the cache (the test runner does this once before its parallel files). */
export async function prebuildIslands() {
  const web = createWebApp<State>(manifest, { log: () => {}, bundleCacheDir: BUNDLE_CACHE_DIR });
  await web.buildIslands();
  await web.close();
}
