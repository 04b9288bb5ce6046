// page_js: JavaScript a browser downloads per page, gzip'd (goal: CRM pages <= 60 KB, note editor <= 200 KB).
import { gzipSync } from "node:zlib";
import { launchBrowser, signIn } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
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

/** One of Alice's seeded notes by title (lib/seed/demo-notes.ts). */
async function noteId(server: TestServer, title: string): Promise<string> {
  const [note] = await server.db.asService("bench:page-js", (tx) =>
    tx.query<{ id: string }>(
      `select n.id from public.notes n join auth.users u on u.id = n.owner_id
        where u.email = 'alice@acme.test' and n.deleted_at is null and n.title = $1
        order by n.created_at limit 1`,
      [title],
    ));
  if (!note) throw new Error(`No seeded note "${title}"`);
  return note.id;
}

/** A new, empty note of Alice's in her team: a note with no code block, table or image. */
async function plainNote(server: TestServer): Promise<string> {
  const [note] = await server.db.asService("bench:page-js", (tx) =>
    tx.query<{ id: string }>(
      `insert into public.notes (team_id, title, owner_id, created_by, updated_by, visibility, team_permission)
       select m.team_id, 'Plain note', u.id, u.id, u.id, 'team', 'edit'
         from auth.users u join public.team_members m on m.user_id = u.id
        where u.email = 'alice@acme.test' limit 1
       returning id`,
    ));
  return note.id;
}

/**
 * Every chunk reachable from the note page, dynamic imports included (the table of code-highlighting
 * languages too): what a browser could ever download for the editor, worst case.
 */
async function allReachableJs(base: string, web: WebClient, id: string): Promise<number> {
  const page = await web.get(`/notes/${id}`);
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
  return bytes;
}

/**
 * What a browser really downloads to open a note and have the live editor ready: the page's scripts plus the
 * chunks the editor imports for this note (code highlighting only with a code block, and so on). Measured
 * in Chromium, so it follows the dynamic imports the code actually makes. Returns the gzip'd bytes and URLs.
 */
async function loadedJs(server: TestServer, ids: string[]): Promise<{ bytes: number; urls: Set<string> }[]> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ baseURL: server.url });
    await signIn(page, "alice@acme.test", "leadly-demo");
    const results = [];
    for (const id of ids) {
      const urls = new Set<string>();
      const record = (response: { url(): string }) => {
        const url = new URL(response.url());
        if (url.origin === server.url && url.pathname.endsWith(".js")) urls.add(url.pathname + url.search);
      };
      page.on("response", record);
      await page.goto(`/notes/${id}`);
      await page.locator('.note-editor[data-ready="true"]').waitFor();
      // Chunks a note needs (code highlighting) load right after the document arrives.
      await page.locator('.note-status[data-status="saved"]').waitFor();
      await page.waitForLoadState("networkidle");
      page.off("response", record);
      let bytes = 0;
      for (const url of urls) bytes += (await gzipSize(server.url, url)).gzip;
      results.push({ bytes, urls });
    }
    return results;
  } finally {
    await browser.close();
  }
}

/**
 * What Chromium downloads to show a CRM page and hydrate it, dynamic imports made at startup included: for
 * pages whose islands load chunks of their own (the chat's panel and dialogs, the palette's results load only
 * when opened, so they must not show up here). Counted beside the page's HTML scripts; the larger one counts.
 */
async function loadedPageJs(server: TestServer, path: string, hydrated: string): Promise<number> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ baseURL: server.url });
    await signIn(page, "alice@acme.test", "leadly-demo");
    const urls = new Set<string>();
    page.on("response", (response: { url(): string }) => {
      const url = new URL(response.url());
      if (url.origin === server.url && url.pathname.endsWith(".js")) urls.add(url.pathname + url.search);
    });
    await page.goto(path);
    await page.locator(hydrated).waitFor();
    await page.waitForLoadState("networkidle");
    let bytes = 0;
    for (const url of urls) bytes += (await gzipSize(server.url, url)).gzip;
    return bytes;
  } finally {
    await browser.close();
  }
}

/** Pages also measured in the browser, with what shows that their islands have hydrated. */
const HYDRATED: Record<string, string> = { "/chat": '.chat-app[data-hydrated="true"]' };

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
      if (HYDRATED[path]) bytes = Math.max(bytes, await loadedPageJs(server, path, HYDRATED[path]));
      const name = path === "/" ? "home" : path.slice(1).replace(/\//g, "_");
      results.push(result("page_js", `${name}_gzip_kb`, bytes / 1024, "KB", 60));
    }
    // A note without code, and one with a code block (which loads highlighting).
    const plain = await plainNote(server);
    const withCode = await noteId(server, "Weekly pipeline review");
    const [plainJs, codeJs] = await loadedJs(server, [plain, withCode]);
    results.push(result("page_js", "note_editor_gzip_kb", plainJs.bytes / 1024, "KB", NOTE_EDITOR_GOAL_KB));
    results.push(result("page_js", "note_editor_with_code_gzip_kb", codeJs.bytes / 1024, "KB", null));
    const all = await allReachableJs(server.url, web, withCode);
    results.push(result("page_js", "note_editor_all_chunks_gzip_kb", all / 1024, "KB", null));
    return results;
  } finally {
    await server.close();
  }
}
