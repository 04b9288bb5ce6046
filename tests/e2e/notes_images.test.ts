// Images in notes: Alice uploads an image into a note through the file chooser (the toolbar's Image action),
// sees the upload go through and the image in her editor; Bob, with the same note open, sees it appear.
// Pasting or dropping an image uploads it too, a refused upload shows the server's sentence, and a viewer
// cannot upload.
import { Buffer } from "node:buffer";
import { assert, assertEquals } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, type Page, screenshot, signInWithCookies } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { pngImage } from "../integration/files_helpers.ts";
import { encodeBase64 } from "../../lib/web/base64.ts";

async function aliceAndTeam(server: TestServer) {
  return await server.db.asService("test:notes-images", async (tx) => {
    const [row] = await tx.query<{ user_id: string; team_id: string }>(
      `select m.user_id, m.team_id from public.team_members m join auth.users u on u.id = m.user_id
       where u.email = 'alice@acme.test' limit 1`,
    );
    return row;
  });
}

async function createNote(server: TestServer, teamId: string, ownerId: string, title: string, permission = "edit") {
  return await server.db.asService("test:notes-images", async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.notes (team_id, title, owner_id, created_by, updated_by, visibility, team_permission)
       values ($1, $2, $3, $3, $3, 'team', $4) returning id`,
      [teamId, title, ownerId, permission],
    );
    return row.id;
  });
}

const editorOf = (page: Page) => page.locator(".note-editor-mount .ProseMirror");
const ready = (page: Page) => page.locator('.note-editor[data-ready="true"]').waitFor();
const saved = (page: Page) => page.locator('.note-status[data-status="saved"]').waitFor();

/** Pastes `bytes` as an image file into the editor, the way a screenshot paste does. */
async function pasteImage(page: Page, name: string, bytes: Uint8Array) {
  await page.evaluate(({ name, data }) => {
    const transfer = new DataTransfer();
    const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([raw], name, { type: "image/png" }));
    const target = document.querySelector(".note-editor-mount .ProseMirror")!;
    target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, { name, data: encodeBase64(bytes) });
}

/** Drops an image file on the editor, the way a desktop drag does. */
async function dropImage(page: Page, name: string, bytes: Uint8Array) {
  const dataTransfer = await page.evaluateHandle(({ name, data }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: "image/png" }));
    return transfer;
  }, { name, data: encodeBase64(bytes) });
  // ProseMirror only takes drops at a point inside the document: aim at the end of its last block.
  const box = await editorOf(page).locator(":scope > *").last().boundingBox();
  assert(box, "the editor has content");
  const at = { clientX: box.x + box.width - 4, clientY: box.y + box.height - 4 };
  await editorOf(page).dispatchEvent("dragover", { dataTransfer, ...at });
  await editorOf(page).dispatchEvent("drop", { dataTransfer, ...at });
}

Deno.test(
  "notes: upload an image into a note, a co-editor sees it, paste uploads, viewers cannot",
  BROWSER_TEST,
  async (t) => {
    const server = await startTestServer({ seed: true });
    const browser = await launchBrowser();
    // The refused upload below makes the browser log the 413.
    browser.allowConsoleError(/status of 413/);
    try {
      const { user_id: aliceId, team_id: teamId } = await aliceAndTeam(server);
      const noteId = await createNote(server, teamId, aliceId, "Site visit photos");
      const alice = await browser.newPage({ baseURL: server.url });
      const bob = await browser.newPage({ baseURL: server.url });
      await signInWithCookies(alice, server.url, "alice@acme.test");
      await signInWithCookies(bob, server.url, "bob@acme.test");
      const png = await pngImage(240, 160);

      await browser.step(t, "Alice picks an image with the file chooser; Bob sees it appear", async () => {
        await Promise.all([alice.goto(`/notes/${noteId}`), bob.goto(`/notes/${noteId}`)]);
        await Promise.all([ready(alice), ready(bob), saved(alice), saved(bob)]);
        await editorOf(alice).click();
        await alice.keyboard.type("Warehouse entrance:");
        await alice.keyboard.press("Enter");
        await alice.getByRole("toolbar", { name: "Formatting" }).getByRole("button", { name: "Image" }).click();
        const [chooser] = await Promise.all([
          alice.waitForEvent("filechooser"),
          alice.getByRole("button", { name: "Upload from device…" }).click(),
        ]);
        await chooser.setFiles({ name: "entrance.png", mimeType: "image/png", buffer: Buffer.from(png) });
        const mine = editorOf(alice).locator('img[alt="entrance.png"]');
        await mine.waitFor();
        const src = await mine.getAttribute("src");
        assert(src?.startsWith("/api/v1/files/") && src.includes("/preview"), `src ${src}`);
        // The image really loads (same-origin preview, allowed by the page's CSP).
        await alice.waitForFunction(() => {
          const img = document.querySelector<HTMLImageElement>('.ProseMirror img[alt="entrance.png"]');
          return img?.complete && img.naturalWidth === 240;
        });
        const theirs = editorOf(bob).locator('img[alt="entrance.png"]');
        await theirs.waitFor({ timeout: 30_000 });
        assertEquals(await theirs.getAttribute("src"), src);
        await bob.waitForFunction(() => {
          const img = document.querySelector<HTMLImageElement>('.ProseMirror img[alt="entrance.png"]');
          return img?.complete && img.naturalWidth === 240;
        });
        await saved(alice);
        assertEquals(await alice.locator(".note-upload").count(), 0, "the uploading line went away");
        // The file is attached to the note.
        const files = await alice.evaluate(async (id) => {
          const res = await fetch(`/api/v1/files?target_type=note&target_id=${id}`, {
            headers: { accept: "application/json" },
          });
          return (await res.json()).data.map((f: { name: string }) => f.name);
        }, noteId);
        assertEquals(files, ["entrance.png"]);
        await screenshot(alice, "notes-image-upload");
      });

      await browser.step(t, "pasting an image uploads it as well", async () => {
        await editorOf(bob).click();
        await bob.keyboard.press("ControlOrMeta+End");
        await pasteImage(bob, "loading-dock.png", png);
        await editorOf(bob).locator('img[alt="loading-dock.png"]').waitFor();
        await editorOf(alice).locator('img[alt="loading-dock.png"]').waitFor({ timeout: 30_000 });
      });

      await browser.step(
        t,
        "dropping an image uploads it; a full workspace's 413 shows as a readable error",
        async () => {
          await dropImage(alice, "dock-door.png", png);
          await editorOf(alice).locator('img[alt="dock-door.png"]').waitFor();
          const quota = "This workspace has used 1 GB of 1 GB of storage, so “big.png” (20 KB) does not fit.";
          await alice.route("**/api/v1/files", (route) =>
            route.fulfill({
              status: 413,
              contentType: "application/json",
              body: JSON.stringify({ error: { message: quota } }),
            }));
          await dropImage(alice, "big.png", png);
          await alice.getByRole("alert").filter({ hasText: quota }).waitFor();
          assertEquals(await editorOf(alice).locator('img[alt="big.png"]').count(), 0);
          await alice.getByRole("button", { name: "Dismiss" }).click();
          await alice.unroute("**/api/v1/files");
        },
      );

      await browser.step(t, "a viewer has no Image action and a paste uploads nothing", async () => {
        const viewNote = await createNote(server, teamId, aliceId, "Board photos", "view");
        await bob.goto(`/notes/${viewNote}`);
        await ready(bob);
        await bob.locator('.note-status[data-status="readonly"]').waitFor();
        assertEquals(await bob.getByRole("button", { name: "Image" }).count(), 0);
        assertEquals(await bob.locator('input[type="file"]').count(), 0);
        await pasteImage(bob, "nope.png", png);
        await bob.waitForTimeout(500);
        assertEquals(await editorOf(bob).locator("img").count(), 0);
        assertEquals(await bob.locator(".note-upload").count(), 0);
      });
    } finally {
      await browser.close();
      await server.close();
    }
  },
);
