// The fixture app under tests/fixtures/webapp, built the way main.ts builds the real one.
import { dirname, fromFileUrl } from "./paths.ts";
import manifest from "../../fixtures/webapp/routes.gen.ts";
import { createWebApp, type WebApp } from "../../../lib/web/app.ts";
import type { Manifest } from "../../../lib/web/types.ts";
import type { State } from "../../fixtures/webapp/utils.ts";

export const FIXTURE_DIR = dirname(fromFileUrl(import.meta.resolve("../../fixtures/webapp/routes.gen.ts")));
export const FIXTURE_MANIFEST: Manifest = manifest;

export interface TestApp {
  web: WebApp<State>;
  errors: unknown[];
}

/** The fixture app; `without` drops route files (e.g. "_404.tsx"), `islands: false` skips esbuild. */
export function createFixtureApp(options: { without?: string[]; islands?: boolean } = {}): TestApp {
  const routes = Object.fromEntries(
    Object.entries(manifest.routes).filter(([key]) => !options.without?.some((name) => key === `./routes/${name}`)),
  );
  const islands = options.islands === false ? {} : manifest.islands;
  const errors: unknown[] = [];
  const web = createWebApp<State>({ ...manifest, routes, islands }, {
    initState: () => ({ trail: [] }),
    logError: (error) => errors.push(error),
    log: () => {},
  });
  return { web, errors };
}
