// The note editor's lazy chunks (lib/notes/client/lazy-features.ts, docs/notes-chunks.md): a note with a
// table, an image and a code block, opened fresh, shows all three, and loads table editing and code
// highlighting but not the typing aids (no focus yet) or carets (nobody else here). Then a second person
// opens it, both edit, and the stored document still has every table cell, the image and the code: the
// browser's light schema knew every node, so the Yjs binding dropped nothing.
import { assert, assertEquals } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, type Page, screenshot, signInWithCookies } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { claimsForUser } from "../../lib/db/claims.ts";
import { createNote, getNote } from "../../lib/notes/notes.ts";
import type { PmJson } from "../../lib/notes/content.ts";

const IMAGE = "/icons/apple-touch-icon.png";

const text = (value: string): PmJson => ({ type: "text", text: value });
const para = (value: string): PmJson => ({ type: "paragraph", content: [text(value)] });
const cell = (type: string, value: string): PmJson => ({ type, content: [para(value)] });
const row = (type: string, ...values: string[]): PmJson => ({
  type: "tableRow",
  content: values.map((v) => cell(type, v)),
});

const CONTENT: PmJson = {
  type: "doc",
  content: [
    para("Pricing for the three plants"),
    { type: "table", content: [row("tableHeader", "Plan", "Seats"), row("tableCell", "Pro", "40")] },
    { type: "image", attrs: { src: IMAGE, alt: "Plant map" } },
    { type: "codeBlock", attrs: { language: "sql" }, content: [text("select plan, seats from quotes;")] },
    para("End"),
  ],
};

const editorOf = (page: Page) => page.locator(".note-editor-mount .ProseMirror");

async function openNote(page: Page, id: string): Promise<Set<string>> {
  const scripts = new Set<string>();
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith("/_islands/")) scripts.add(path);
  });
  await page.goto(`/notes/${id}`);
  await page.locator('.note-editor[data-ready="true"]').waitFor();
  await page.locator('.note-status[data-status="saved"]').waitFor();
  return scripts;
}

/** Which of the editor's lazy chunks a set of script paths holds, by what each chunk's code contains. */
async function lazyChunks(page: Page, scripts: Set<string>) {
  const bodies = await page.evaluate(async (paths) => {
    const out: string[] = [];
    for (const path of paths) out.push(await (await fetch(path)).text());
    return out;
  }, [...scripts]);
  const has = (needle: string) => bodies.some((body) => body.includes(needle));
  return {
    tables: has("leadlyTableView"),
    highlight: has("leadlyCodeHighlight"),
    typingAids: has("slashCommands"),
    carets: has("collaboration-carets__caret"),
  };
}

Deno.test("notes: a note with a table, an image and code opens whole and loses nothing", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const [alice] = await server.db.asService("test:notes-lazy", (tx) =>
      tx.query<{ user_id: string; team_id: string }>(
        `select m.user_id, m.team_id from public.team_members m join auth.users u on u.id = m.user_id
          where u.email = 'alice@acme.test' limit 1`,
      ));
    const claims = claimsForUser(alice.user_id, "alice@acme.test", alice.team_id);
    const note = await createNote(server.db, claims, alice.team_id, { title: "Plant pricing", content: CONTENT });
    const alicePage = await browser.newPage({ baseURL: server.url });
    const bobPage = await browser.newPage({ baseURL: server.url });
    await signInWithCookies(alicePage, server.url, "alice@acme.test");
    await signInWithCookies(bobPage, server.url, "bob@acme.test");

    await browser.step(t, "opened fresh, the table, image and code block all render", async () => {
      const scripts = await openNote(alicePage, note.id);
      const editor = editorOf(alicePage);
      // The table view of the lazy table chunk wraps the table once that chunk is in.
      await editor.locator(".tableWrapper table").waitFor();
      assertEquals(await editor.locator("table th").allTextContents(), ["Plan", "Seats"]);
      assertEquals(await editor.locator("table td").allTextContents(), ["Pro", "40"]);
      assertEquals(await editor.locator(`img[src="${IMAGE}"]`).getAttribute("alt"), "Plant map");
      await editor.locator("pre .hljs-keyword").first().waitFor();
      assertEquals(await editor.locator("pre").textContent(), "select plan, seats from quotes;");
      const loaded = await lazyChunks(alicePage, scripts);
      assertEquals(loaded, { tables: true, highlight: true, typingAids: false, carets: false });
      await screenshot(alicePage, "notes-lazy-chunks");
    });

    await browser.step(t, "a second person brings carets; both edit; the document keeps every node", async () => {
      const bobScripts = await openNote(bobPage, note.id);
      await editorOf(bobPage).locator(".tableWrapper table").waitFor();
      // Alice sees Bob and starts typing (the typing aids load with the focus): "/" opens the command menu.
      await alicePage.locator(".note-peer").first().waitFor();
      await editorOf(alicePage).locator("p").last().click();
      await alicePage.keyboard.press("End");
      await alicePage.keyboard.type(" /tab");
      await alicePage.getByRole("option", { name: /Table/ }).first().waitFor();
      await alicePage.keyboard.press("Escape");
      await alicePage.keyboard.press("Backspace");
      await alicePage.keyboard.press("Backspace");
      await alicePage.keyboard.press("Backspace");
      await alicePage.keyboard.press("Backspace");
      await alicePage.keyboard.type("ing. Alice was here");
      // Bob types into a table cell, which table editing keeps whole.
      await editorOf(bobPage).locator("table td").last().click();
      await bobPage.keyboard.press("End");
      await bobPage.keyboard.type("0");
      await editorOf(alicePage).locator("table td", { hasText: "400" }).waitFor();
      await editorOf(bobPage).getByText("Alice was here").waitFor();
      // Alice has Bob's caret drawn (the caret chunk arrived once he was here).
      await editorOf(alicePage).locator(".collaboration-carets__caret").first().waitFor();
      assertEquals((await lazyChunks(bobPage, bobScripts)).tables, true);
      await Promise.all([
        alicePage.locator('.note-status[data-status="saved"]').waitFor(),
        bobPage.locator('.note-status[data-status="saved"]').waitFor(),
      ]);
      const stored = (await getNote(server.db, claims, alice.team_id, note.id)).json;
      const types = JSON.stringify(stored);
      for (const piece of ['"type":"table"', '"Plan"', '"Seats"', '"Pro"', '"400"', IMAGE, "select plan, seats"]) {
        assert(types.includes(piece), `${piece} is in the stored note: ${types}`);
      }
      assert(types.includes("Alice was here"), types);
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
