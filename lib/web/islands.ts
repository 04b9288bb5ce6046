// Finds the islands in the manifest: every default export of a module in islands/. Each gets a
// name from its path ("./islands/deals/Board.tsx" -> "deals_Board"), which names its bundle file
// and its marker, and is registered with the server-side marker hook.
import type { ComponentType } from "preact";
import type { Manifest } from "./types.ts";
import type { IslandSource } from "./bundle.ts";
import { registerIsland } from "./island-marker.ts";
import { fromFileUrl } from "./paths.ts";

export function islandName(key: string): string {
  return key.replace(/^\.\/islands\//, "").replace(/\.(tsx|ts|jsx|js)$/, "").replace(/[^A-Za-z0-9]/g, "_");
}

/** Registers the manifest's islands for SSR marking and lists them for the bundler. */
export function collectIslands(manifest: Manifest): IslandSource[] {
  const sources: IslandSource[] = [];
  const seen = new Map<string, string>();
  for (const [key, module] of Object.entries(manifest.islands)) {
    if (typeof module.default !== "function") continue;
    const name = islandName(key);
    const clash = seen.get(name);
    if (clash) throw new Error(`Islands ${clash} and ${key} both get the name ${name}; rename one`);
    seen.set(name, key);
    registerIsland(name, module.default as ComponentType);
    sources.push({ name, file: fromFileUrl(new URL(key, manifest.baseUrl)) });
  }
  return sources;
}
