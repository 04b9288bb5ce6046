// Files in chat, in two browsers: Alice drops an image on the composer (uploaded with progress, then a link
// in the text), sends it, and Bob sees the attachment live as a thumbnail; the file ends up attached to the
// message.
import { assert, assertEquals } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, type Page, screenshot, signInWithCookies } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { encodeBase64 } from "../../lib/web/base64.ts";
import { pngImage } from "../integration/files_helpers.ts";

const live = (page: Page, channelId: string) =>
  page.locator(`.chat-app[data-hydrated="true"][data-live-channel="${channelId}"]`).waitFor();
const message = (page: Page, text: string) => page.locator(".chat-conv .chat-msg", { hasText: text });

/** Drops a file on the composer the way a desktop drag does: dragenter, then drop carrying a DataTransfer. */
async function dropFile(page: Page, testId: string, file: { name: string; type: string; bytes: Uint8Array }) {
  const dataTransfer = await page.evaluateHandle((f) => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], f.name, { type: f.type }));
    return transfer;
  }, { name: file.name, type: file.type, data: encodeBase64(file.bytes) });
  const zone = page.getByTestId(testId);
  await zone.dispatchEvent("dragenter", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
}

Deno.test("chat files: Alice drops an image on the composer, Bob sees the attachment live", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const { json } = await alice.get("/api/v1/channels");
  const general = json.data.find((c: { name: string }) => c.name === "general").id as string;
  const png = await pngImage(320, 200);
  const browser = await launchBrowser();
  const a = await browser.newPage({ baseURL: server.url });
  const b = await browser.newPage({ baseURL: server.url });
  try {
    await browser.step(t, "Alice attaches an image in #general; Bob sees it live", async () => {
      await signInWithCookies(a, server.url, "alice@acme.test");
      await signInWithCookies(b, server.url, "bob@acme.test");
      await a.goto(`/chat/${general}`);
      await b.goto(`/chat/${general}`);
      await Promise.all([live(a, general), live(b, general)]);
      assert(await a.getByRole("button", { name: "Attach files" }).isEnabled());

      await dropFile(a, "chat-composer-drop", { name: "whiteboard.png", type: "image/png", bytes: png });
      const composer = a.locator("#chat-composer");
      await a.waitForFunction(() =>
        document.querySelector<HTMLTextAreaElement>("#chat-composer")?.value.includes(
          "![whiteboard.png](/api/v1/files/",
        )
      );
      await composer.press("End");
      await composer.pressSequentially(" whiteboard from today");
      await composer.press("Enter");

      const mine = message(a, "whiteboard from today");
      await mine.locator(".chat-attachment-image img[alt='whiteboard.png']").waitFor();
      const theirs = message(b, "whiteboard from today");
      await theirs.locator(".chat-attachment-image img[alt='whiteboard.png']").waitFor();
      await b.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>(".chat-attachment-image img");
        return img?.complete && img.naturalWidth === 320;
      });
      await theirs.getByRole("link", { name: "whiteboard.png" }).last().waitFor();
      await screenshot(b, "chat-attachment-image");

      // the upload is attached to the message it was sent with
      const fileId = await theirs.locator(".chat-attachment").getAttribute("data-file-id");
      const messageId = await theirs.getAttribute("data-message-id");
      assert(fileId && messageId);
      let links: { target_type: string; target_id: string }[] = [];
      for (let i = 0; i < 50 && links.length === 0; i++) {
        links = (await alice.get(`/api/v1/files/${fileId}`)).json.data.links;
        if (links.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      assertEquals(links, [{ target_type: "message", target_id: messageId }]);
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
