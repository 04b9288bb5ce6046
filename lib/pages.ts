// Mounts the Fresh-style pages of routes/ (via the generated manifest) on the root app.
import type { Hono } from "hono";
import manifest from "../routes.gen.ts";
import type { State } from "../utils.ts";
import type { AppEnv, AppServices } from "./app.ts";
import { createWebApp } from "./web/app.ts";

export async function mountPages(root: Hono<AppEnv>, services: AppServices) {
  const web = createWebApp<State>(manifest, {
    initState: (c) => ({
      csrf: c.get("csrf") as string,
      session: c.get("session") as State["session"],
      app: services,
    }),
    log: () => {},
  });
  await web.ready();
  root.route("/", web.hono);
  return web;
}
