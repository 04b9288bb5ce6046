// Layout at phone and desktop widths, light and dark: no sideways scrolling on a 390 px phone, the
// bottom bar instead of the sidebar, and screenshots of the main screens for a person to look at.
import { assert, assertEquals } from "../helpers/assert.ts";
import {
  assertNoSidewaysScroll,
  BROWSER_TEST,
  type ContextOptions,
  DESKTOP,
  launchBrowser,
  type Page,
  PHONE,
  screenshot,
  signIn,
} from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";

const PHONE_WIDTH = PHONE.viewport!.width;

/** Relative luminance (0 black .. 1 white) of the page background, to tell the themes apart. */
async function backgroundLuminance(page: Page): Promise<number> {
  const color = await page.evaluate(() => {
    const body = getComputedStyle(document.body).backgroundColor;
    return body === "rgba(0, 0, 0, 0)" ? getComputedStyle(document.documentElement).backgroundColor : body;
  });
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

Deno.test("phone and desktop layouts", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  // The steps are independent screens: one broken layout should not hide the others.
  const browser = await launchBrowser({ failFast: false });
  const open = async (options: ContextOptions) => await browser.newPage({ baseURL: server.url, ...options });
  try {
    await browser.step(t, "phone: login and signup fit 390 px", async () => {
      const page = await open(PHONE);
      await page.goto("/login");
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await screenshot(page, "phone-login");

      await page.goto("/signup");
      await page.getByRole("button", { name: "Show" }).and(page.locator(":enabled")).waitFor();
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await screenshot(page, "phone-signup-step1");
      await page.context().close();
    });

    await browser.step(t, "phone: the dashboard has the bottom bar instead of the sidebar", async () => {
      const page = await open(PHONE);
      await signIn(page, "alice@acme.test", "leadly-demo");
      // The <nav> itself has no box (its list is position: fixed), so the test looks at the list.
      const bottomNav = page.getByRole("navigation", { name: "Main (phone)" }).getByRole("list");
      await bottomNav.waitFor();
      const items = (await bottomNav.getByRole("link").allInnerTexts()).map((text) => text.trim());
      assertEquals(items, ["Home", "Contacts", "Deals", "Tasks", "More"]);
      assertEquals(await bottomNav.getByRole("link", { name: "Home" }).getAttribute("aria-current"), "page");
      assert(await page.getByRole("navigation", { name: "Main", exact: true }).isHidden(), "the sidebar is hidden");
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await screenshot(page, "phone-dashboard");
      // The fixed bar must not hide the end of the page: the last card clears it once scrolled down.
      await page.evaluate(() => scrollTo(0, document.scrollingElement!.scrollHeight));
      const barTop = (await bottomNav.boundingBox())!.y;
      const lastCard = (await page.locator(".card").last().boundingBox())!;
      assert(lastCard.y + lastCard.height <= barTop, "the last card ends above the bottom bar");
      await screenshot(page, "phone-dashboard-end");
      await page.context().close();
    });

    await browser.step(t, "phone: settings/team does not scroll sideways", async () => {
      const page = await open(PHONE);
      await signIn(page, "alice@acme.test", "leadly-demo");
      await page.goto("/settings/team");
      await page.getByRole("heading", { name: "Members (3)" }).waitFor();
      // Taken first, so a failing layout still leaves its picture behind.
      await screenshot(page, "phone-settings-team");
      await page.evaluate(() => scrollTo(0, document.scrollingElement!.scrollHeight));
      await screenshot(page, "phone-settings-team-end");
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await page.context().close();
    });

    await browser.step(t, "desktop: the same screens at 1280x800", async () => {
      const page = await open(DESKTOP);
      await page.goto("/login");
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await screenshot(page, "desktop-login", { fullPage: true });
      await page.goto("/signup");
      await page.getByRole("button", { name: "Show" }).and(page.locator(":enabled")).waitFor();
      await screenshot(page, "desktop-signup-step1", { fullPage: true });

      await signIn(page, "alice@acme.test", "leadly-demo");
      await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Deals" }).waitFor();
      const bottomNav = page.getByRole("navigation", { name: "Main (phone)" }).getByRole("list");
      assert(await bottomNav.isHidden(), "the bottom bar is hidden");
      await assertNoSidewaysScroll(page, DESKTOP.viewport!.width);
      await screenshot(page, "desktop-dashboard", { fullPage: true });
      await page.goto("/settings/team");
      await page.getByRole("heading", { name: "Members (3)" }).waitFor();
      await assertNoSidewaysScroll(page, DESKTOP.viewport!.width);
      await screenshot(page, "desktop-settings-team", { fullPage: true });
      await page.context().close();
    });

    for (const [device, options] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
      await browser.step(t, `${device}: dark theme for login and dashboard`, async () => {
        const page = await open({ ...options, colorScheme: "dark" });
        await page.goto("/login");
        await page.getByRole("button", { name: "Sign in" }).waitFor();
        assert(await backgroundLuminance(page) < 0.2, "the login page follows the dark system theme");
        await screenshot(page, `${device}-dark-login`, { fullPage: device === "desktop" });
        await signIn(page, "alice@acme.test", "leadly-demo");
        await page.getByRole("heading", { level: 1 }).waitFor();
        assert(await backgroundLuminance(page) < 0.2, "the dashboard follows the dark system theme");
        await screenshot(page, `${device}-dark-dashboard`, { fullPage: device === "desktop" });
        await page.context().close();
      });
    }

    await browser.step(t, "the stored theme wins over the system's", async () => {
      const page = await open({ ...DESKTOP, colorScheme: "dark" });
      await page.goto("/login");
      await page.evaluate(() => localStorage.setItem("leadly-theme", "light"));
      await page.reload();
      assertEquals(await page.locator("html").getAttribute("data-theme"), "light");
      assert(await backgroundLuminance(page) > 0.8, "a light page in a dark system");
      await page.context().close();
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
