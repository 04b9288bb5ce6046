// Files on a deal page in a browser: drop an image and a PDF on the dropzone, see the thumbnail and the PDF
// badge, open the previews, delete the image and undo it; the same section on a 390px phone.
import { assert, assertEquals } from "../helpers/assert.ts";
import {
  assertNoSidewaysScroll,
  BROWSER_TEST,
  launchBrowser,
  type Page,
  PHONE,
  screenshot,
  signInWithCookies,
  type TestBrowser,
} from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { encodeBase64 } from "../../lib/web/base64.ts";
import { newDeal, pdfDocument, pngImage, upload } from "../integration/files_helpers.ts";
import { teamIdOf } from "../integration/realtime_helpers.ts";

const LONG_PDF_NAME = "Initech master services agreement 2026 (signed, final version).pdf";

/** Drops files on the dropzone the way a desktop drag does: a drop event carrying a DataTransfer. */
async function dropFiles(page: Page, files: { name: string; type: string; bytes: Uint8Array }[]) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, data: encodeBase64(f.bytes) }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, payload);
  const zone = page.getByTestId("file-drop");
  await zone.dispatchEvent("dragenter", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
}

// Both flows share one server and one browser (each cost seconds to start). The phone's deal gets its files
// first: the desktop flow ends by filling the workspace's storage.
Deno.test("files on a deal, on desktop and on a phone", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const phoneDealId = await newDeal(alice, "Initech pilot with a rather long name");
  // uploaded before the browser starts (an idle keep-alive connection may be closed meanwhile)
  for (const [name, bytes] of [["site-photo.png", await pngImage(240, 160)], [LONG_PDF_NAME, pdfDocument()]] as const) {
    const res = await upload(alice, bytes, { name, fields: { target_type: "deal", target_id: phoneDealId } });
    assertEquals(res.status, 201);
  }
  const browser = await launchBrowser();
  try {
    await browser.flow(
      t,
      "files on a deal: drag-and-drop an image and a PDF, previews, delete and undo",
      (t) => desktopFlow(t, server, browser, alice),
    );
    await browser.flow(
      t,
      "files on a 390px phone: the section fits, previews open as a sheet",
      (t) => phoneFlow(t, server, browser, phoneDealId),
    );
  } finally {
    await browser.close();
    await server.close();
  }
});

async function desktopFlow(t: Deno.TestContext, server: TestServer, browser: TestBrowser, alice: ApiClient) {
  const dealId = await newDeal(alice, "Globex data room");
  const png = await pngImage(320, 200);
  const pdf = pdfDocument("Globex proposal");
  const page = await browser.newPage({ baseURL: server.url });
  const files = page.getByRole("list", { name: "Files" });

  await browser.step(t, "the deal page shows an empty Files section", async () => {
    await signInWithCookies(page, server.url, "alice@acme.test");
    await page.goto(`/deals/${dealId}`);
    await page.getByText("No files yet.").waitFor();
    assert(await page.getByLabel("Upload files").isEnabled());
  });

  await browser.step(t, "dropping an image and a PDF uploads both, with a thumbnail and a PDF badge", async () => {
    await dropFiles(page, [
      { name: "whiteboard.png", type: "image/png", bytes: png },
      { name: "proposal.pdf", type: "application/pdf", bytes: pdf },
    ]);
    await files.getByRole("button", { name: "whiteboard.png", exact: true }).waitFor();
    await files.getByRole("button", { name: "proposal.pdf", exact: true }).waitFor();
    const thumb = files.locator(".file-thumb-image img");
    await thumb.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".file-thumb-image img");
      return img?.complete && img.naturalWidth === 320;
    });
    assertEquals(await files.locator(".file-thumb-pdf .file-thumb-badge").textContent(), "PDF");
    await page.getByText(/^\d+(\.\d)? KB of 1 GB used$/).waitFor();
    await page.locator(".file-section").evaluate((el) => el.scrollIntoView({ block: "center" }));
    await screenshot(page, "files-deal-desktop");
  });

  await browser.step(t, "the image opens in a large preview", async () => {
    await files.getByRole("button", { name: "whiteboard.png", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "whiteboard.png" });
    await dialog.waitFor();
    await dialog.getByRole("img", { name: "whiteboard.png" }).waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".file-dialog-image");
      return img?.complete && img.naturalWidth === 320;
    });
    await dialog.getByText("v1").waitFor();
    await screenshot(page, "files-image-preview");
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  await browser.step(t, "the PDF opens in a frame served inline", async () => {
    await files.getByRole("button", { name: "proposal.pdf", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "proposal.pdf" });
    const frame = dialog.locator("iframe.file-dialog-frame");
    await frame.waitFor();
    const src = await frame.getAttribute("src");
    assert(src?.match(/^\/api\/v1\/files\/[0-9a-f-]{36}\/preview\?v=1$/), String(src));
    const res = await page.request.get(src!);
    assertEquals(res.status(), 200);
    assertEquals(res.headers()["content-type"], "application/pdf");
    assert(res.headers()["content-disposition"].startsWith("inline;"));
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  await browser.step(t, "deleting the image can be undone from the toast", async () => {
    await files.getByRole("button", { name: "Delete whiteboard.png" }).click();
    const toast = page.getByRole("status").filter({ hasText: "Deleted “whiteboard.png”." });
    await toast.waitFor();
    await files.getByRole("button", { name: "whiteboard.png", exact: true }).waitFor({ state: "detached" });
    await screenshot(page, "files-undo-toast");
    await toast.getByRole("button", { name: "Undo" }).click();
    await files.getByRole("button", { name: "whiteboard.png", exact: true }).waitFor();
    await page.reload();
    await files.getByRole("button", { name: "whiteboard.png", exact: true }).waitFor();
    await files.getByRole("button", { name: "proposal.pdf", exact: true }).waitFor();
  });

  await browser.step(t, "a file too large for the workspace is refused with a sentence", async () => {
    browser.allowConsoleError(/status of 413/);
    const team = await teamIdOf(server, "alice@acme.test");
    await server.db.asService(
      "test:quota",
      (tx) => tx.query("update public.team_storage set quota_bytes = used_bytes + 10 where team_id = $1", [team]),
    );
    await dropFiles(page, [{ name: "big.png", type: "image/png", bytes: png }]);
    await page.getByRole("alert").filter({ hasText: /^This workspace has used .* of storage, so “big.png”/ })
      .waitFor();
    await screenshot(page, "files-quota-full");
  });
  await page.context().close();
}

async function phoneFlow(t: Deno.TestContext, server: TestServer, browser: TestBrowser, dealId: string) {
  const page = await browser.newPage({ ...PHONE, baseURL: server.url });
  await browser.step(t, "the Files section on a phone", async () => {
    await signInWithCookies(page, server.url, "alice@acme.test");
    await page.goto(`/deals/${dealId}`);
    const section = page.locator(".file-section");
    await section.getByRole("button", { name: "site-photo.png", exact: true }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await assertNoSidewaysScroll(page, 390);
    await screenshot(page, "files-deal-phone");
    await section.getByRole("button", { name: "site-photo.png", exact: true }).click();
    await page.getByRole("dialog", { name: "site-photo.png" }).waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".file-dialog-image");
      return img?.complete && img.naturalWidth === 240;
    });
    await screenshot(page, "files-preview-phone");
  });
  await page.context().close();
}
