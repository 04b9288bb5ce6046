// File URL <-> path helpers without @std/path (JSR is unreachable here).
import { fileURLToPath } from "node:url";
import { dirname } from "node:path";

export function fromFileUrl(url: string | URL): string {
  return fileURLToPath(url);
}

/** The project directory: the folder holding routes.gen.ts, whose import.meta.url is `baseUrl`. */
export function projectDirOf(baseUrl: string): string {
  return dirname(fromFileUrl(baseUrl));
}
