// Which requests are for files (static/ and the island bundle) rather than pages or APIs.
// A signed-in page's first load fetches ~50 of them; looking up the session for each cost a
// database transaction apiece, so the session and CSRF middlewares skip them.
import { join } from "node:path";
import { ISLANDS_PATH } from "./bundle.ts";

/** A matcher over static/'s top-level names (read once at startup) and the island bundle's path. */
export function assetPathMatcher(staticDir: string): (pathname: string) => boolean {
  const names = new Set<string>();
  try {
    for (const entry of Deno.readDirSync(staticDir)) names.add(entry.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return (pathname) => pathname.startsWith(ISLANDS_PATH) || names.has(pathname.split("/")[1] ?? "");
}

/** The project's static/ folder. */
export const STATIC_DIR = join(new URL("../..", import.meta.url).pathname, "static");
