// page_js: JavaScript a browser downloads per page, gzip'd (goal: CRM pages <= 60 KB).
import { gzipSync } from "node:zlib";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";
import { type BenchResult, result } from "./results.ts";

const PAGES = [
  "/login",
  "/signup",
  "/",
  "/settings/team",
  "/settings/security",
  "/contacts",
  "/companies",
  "/leads",
  "/deals",
  "/tasks",
  "/tasks/new",
];

function scriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+)"/g)) {
    urls.add(match[1]);
  }
  // Islands are also imported from the inline boot script.
  for (const match of html.matchAll(/["'](\/_islands\/[^"']+\.js)["']/g)) urls.add(match[1]);
  return [...urls];
}

export async function pageJs(): Promise<BenchResult[]> {
  const server = await startTestServer({ seed: true });
  try {
    const web = new WebClient(server.url);
    const results: BenchResult[] = [];
    for (const path of PAGES) {
      if (path === "/") await web.login("alice@acme.test");
      const page = await web.get(path);
      let bytes = 0;
      for (const url of scriptUrls(page.html)) {
        const body = new Uint8Array(await (await fetch(new URL(url, server.url))).arrayBuffer());
        bytes += gzipSync(body).length;
      }
      const name = path === "/" ? "home" : path.slice(1).replace(/\//g, "_");
      results.push(result("page_js", `${name}_gzip_kb`, bytes / 1024, "KB", 60));
    }
    return results;
  } finally {
    await server.close();
  }
}
