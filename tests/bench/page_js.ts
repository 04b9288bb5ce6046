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
  "/chat",
  "/notifications",
  "/notes",
];

const NOTE_EDITOR_GOAL_KB = 200;

function scriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+)"/g)) {
    urls.add(match[1]);
  }
  // Islands are also imported from the inline boot script.
  for (const match of html.matchAll(/["'](\/_islands\/[^"']+\.js)["']/g)) urls.add(match[1]);
  return [...urls];
}

async function gzipSize(base: string, url: string): Promise<{ gzip: number; text: string }> {
  const body = new Uint8Array(await (await fetch(new URL(url, base))).arrayBuffer());
  return { gzip: gzipSync(body).length, text: new TextDecoder().decode(body) };
}

async function someNoteId(server: Awaited<ReturnType<typeof startTestServer>>): Promise<string> {
  const [note] = await server.db.asService("bench:page-js", (tx) =>
    tx.query<{ id: string }>(
      `select n.id from public.notes n join auth.users u on u.id = n.owner_id
        where u.email = 'alice@acme.test' and n.deleted_at is null order by n.created_at limit 1`,
    ));
  return note.id;
}

/**
 * The note editor loads Tiptap, ProseMirror and Yjs with import() once the page shows, so its figure follows
 * every chunk reachable from the page, dynamic imports included (code-highlighting languages too: worst case).
 */
async function noteEditorJs(base: string, web: WebClient, noteId: string): Promise<BenchResult> {
  const page = await web.get(`/notes/${noteId}`);
  const queue = scriptUrls(page.html);
  const seen = new Set<string>();
  let bytes = 0;
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const { gzip, text } = await gzipSize(base, url);
    bytes += gzip;
    if (!url.startsWith("/_islands/")) continue;
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"\.\/([^"]+\.js)"/g)) {
      queue.push(`/_islands/${match[1]}`);
    }
  }
  return result("page_js", "note_editor_all_chunks_gzip_kb", bytes / 1024, "KB", NOTE_EDITOR_GOAL_KB);
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
      for (const url of scriptUrls(page.html)) bytes += (await gzipSize(server.url, url)).gzip;
      const name = path === "/" ? "home" : path.slice(1).replace(/\//g, "_");
      results.push(result("page_js", `${name}_gzip_kb`, bytes / 1024, "KB", 60));
    }
    results.push(await noteEditorJs(server.url, web, await someNoteId(server)));
    return results;
  } finally {
    await server.close();
  }
}
