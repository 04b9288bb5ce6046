// The installable app: manifest and icons, the service worker with its offline page and cached
// recent pages (forgotten on sign-out), and the theme toggle that remembers the choice.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, type Page, screenshot, signIn, signOut } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";

interface ManifestIcon {
  src: string;
  sizes: string;
  type?: string;
  purpose?: string;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assertEquals([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG file");
  return `${view.getUint32(16)}x${view.getUint32(20)}`;
}

/** Whether the service worker's caches hold a response for this path. */
const cached = (page: Page, path: string) => page.evaluate(async (path) => Boolean(await caches.match(path)), path);

const theme = (page: Page) => page.locator("html").getAttribute("data-theme");

Deno.test("PWA and theme in the browser", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: "allow" });
    const page = await context.newPage();

    await browser.step(t, "the manifest is linked and served with its icons", async () => {
      await page.goto("/login");
      const href = await page.locator('link[rel="manifest"]').getAttribute("href");
      assertEquals(href, "/manifest.webmanifest");
      const response = await page.request.get(href!);
      assertEquals(response.status(), 200);
      assertMatch(response.headers()["content-type"], /^application\/manifest\+json/);
      const manifest = await response.json();
      assertEquals(manifest.name, "Leadly");
      assertEquals(manifest.display, "standalone");
      assertMatch(manifest.start_url, /^\//);

      const icons: ManifestIcon[] = manifest.icons;
      const pngs = icons.filter((icon) => icon.type === "image/png");
      for (const size of ["192x192", "512x512"]) {
        assert(pngs.some((icon) => icon.sizes === size), `a ${size} PNG icon is listed`);
      }
      assert(icons.some((icon) => icon.purpose?.includes("maskable")), "a maskable icon is listed");
      for (const icon of icons) {
        const file = await page.request.get(icon.src);
        assertEquals(file.status(), 200, `${icon.src} is served`);
        assertEquals(file.headers()["content-type"].split(";")[0], icon.type, `${icon.src} has its type`);
        if (icon.type === "image/png") assertEquals(pngSize(await file.body()), icon.sizes, `${icon.src} size`);
      }
      for (const link of ['link[rel="icon"]', 'link[rel="apple-touch-icon"]']) {
        const src = await page.locator(link).getAttribute("href");
        assertEquals((await page.request.get(src!)).status(), 200, `${link} ${src} is served`);
      }
    });

    await browser.step(t, "the service worker registers, takes control and precaches /offline", async () => {
      const registration = await page.evaluate(async () => {
        const ready = await navigator.serviceWorker.ready;
        return { script: ready.active?.scriptURL, scope: ready.scope };
      });
      assertEquals(registration, { script: `${server.url}/sw.js`, scope: `${server.url}/` });
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      assert(await cached(page, "/offline"), "the offline page is precached");
    });

    await browser.step(t, "offline: visited pages open from the cache, others show the offline page", async () => {
      await signIn(page, "alice@acme.test", "leadly-demo");
      await page.getByRole("heading", { name: /, Alice$/ }).waitFor();
      // The page is stored after the response went out; wait for it rather than race it.
      await page.waitForFunction(async () => Boolean(await caches.match("/")));

      // Live parts (the bell's count, the socket) fail to reach the server while offline; that is expected.
      browser.allowConsoleError(/ERR_INTERNET_DISCONNECTED/);
      await context.setOffline(true);
      try {
        await page.goto("/settings/profile");
        await page.getByRole("heading", { name: "You're offline" }).waitFor();
        await page.getByRole("link", { name: "Try again" }).waitFor();
        // The offline page keeps the app's look: the stylesheet still applies.
        const token = await page.evaluate(() =>
          getComputedStyle(document.documentElement).getPropertyValue("--bottom-nav-h").trim()
        );
        assertEquals(token, "60px", "the app stylesheet is applied offline");
        await screenshot(page, "offline-page");

        await page.goto("/");
        await page.getByRole("heading", { name: /, Alice$/ }).waitFor();
      } finally {
        await context.setOffline(false);
      }
    });

    await browser.step(t, "signing out forgets the cached pages", async () => {
      await page.goto("/");
      await signOut(page);
      await page.waitForFunction(async () => !(await caches.match("/")));
      await context.setOffline(true);
      try {
        await page.goto("/");
        await page.getByRole("heading", { name: "You're offline" }).waitFor();
        assertEquals(await page.getByText("Alice").count(), 0, "nothing of alice's is shown");
      } finally {
        await context.setOffline(false);
      }
    });

    await browser.step(t, "the theme toggle cycles light, dark, system and is remembered", async () => {
      await signIn(page, "bob@acme.test", "leadly-demo");
      const menu = page.getByRole("banner").getByLabel(/^Account menu for /);
      const toggle = page.getByRole("button", { name: /^Theme: / });
      await menu.click();
      await page.getByRole("button", { name: "Theme: System. Switch to light" }).and(page.locator(":enabled"))
        .waitFor();
      assertEquals(await theme(page), "system");

      await toggle.click();
      await page.getByRole("button", { name: "Theme: Light. Switch to dark" }).waitFor();
      assertEquals(await theme(page), "light");
      await toggle.click();
      await page.getByRole("button", { name: "Theme: Dark. Switch to system" }).waitFor();
      assertEquals(await theme(page), "dark");

      await page.reload();
      assertEquals(await theme(page), "dark", "the stored theme is applied before the page shows");
      await menu.click();
      await page.getByRole("button", { name: "Theme: Dark. Switch to system" }).and(page.locator(":enabled"))
        .waitFor();
      await toggle.click();
      await page.getByRole("button", { name: "Theme: System. Switch to light" }).waitFor();
      assertEquals(await theme(page), "system");
      assertEquals(await page.evaluate(() => localStorage.getItem("leadly-theme")), "system");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
