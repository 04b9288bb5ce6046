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
  signInWithCookies,
} from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

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
  // Alice on her phone, signed in once: the phone steps below open their pages here (shared cookies and cache).
  const alicePhone = await browser.newContext({ baseURL: server.url, ...PHONE });
  const openAsAlice = async () => {
    const page = await alicePhone.newPage();
    await signInWithCookies(page, server.url, "alice@acme.test");
    return page;
  };
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
      const page = await openAsAlice();
      await page.goto("/");
      // The <nav> itself has no box (its list is position: fixed), so the test looks at the list.
      const bottomNav = page.getByRole("navigation", { name: "Main (phone)" }).getByRole("list");
      await bottomNav.waitFor();
      const items = (await bottomNav.getByRole("link").allInnerTexts()).map((text) => text.trim());
      assertEquals(items, ["Home", "Contacts", "Deals", "Tasks"]);
      await bottomNav.locator("summary", { hasText: "More" }).waitFor();
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
      await page.close();
    });

    await browser.step(t, "phone: every module is two taps away through More", async () => {
      const page = await openAsAlice();
      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main (phone)" });
      const more = nav.locator("summary", { hasText: "More" });
      const sheet = nav.getByRole("list", { name: "All of Leadly" });
      await more.click();
      await sheet.waitFor();
      // (A module's live badge, e.g. Chat's unread count, may follow its name.)
      const labels = (await sheet.getByRole("link").allInnerTexts()).map((text) => text.trim().split("\n")[0]);
      const wanted = [
        "Home",
        "Contacts",
        "Companies",
        "Leads",
        "Deals",
        "Tasks",
        "Chat",
        "Notes",
        "Reports",
        "Notifications",
      ];
      assertEquals(labels, [...wanted, "Settings"]);
      for (const link of await sheet.getByRole("link").all()) {
        const box = (await link.boundingBox())!;
        assert(box.height >= 44 && box.width >= 44, `a ${box.width}x${box.height} tap target in the sheet`);
      }
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await screenshot(page, "phone-more-sheet");
      // Tap 1: More; tap 2: the module. Leads, Notes, Reports and Notifications have no place in the bar. Each
      // is reached from the one before (the sheet is open on Home already): More works from any page.
      const sheetOnly = [["Leads", "/leads"], ["Notes", "/notes"], ["Reports", "/reports"], [
        "Notifications",
        "/notifications",
      ]];
      for (const [label, path] of sheetOnly) {
        if (!await sheet.isVisible()) await more.click();
        await sheet.getByRole("link", { name: label }).click();
        await page.waitForURL((url) => url.pathname === path);
        assertEquals(await more.getAttribute("data-current"), "true", `More is current on ${path}`);
      }
      await page.close();
    });

    await browser.step(t, "phone: lists are cards; a contact's long email does not run into the phone", async () => {
      const alice = await ApiClient.signIn(server.url, "alice@acme.test");
      const contact = await alice.post("/api/v1/contacts", {
        first_name: "Maximiliane",
        last_name: "Oberhuber-Vandenberghe",
        email: "maximiliane.oberhuber-vandenberghe@very-long-company-name.example",
        job_title: "Head of Procurement",
        phones: [{ label: "work", value: "+49 30 1234 5678" }],
      });
      assertEquals(contact.status, 201, JSON.stringify(contact.json));
      const page = await openAsAlice();
      await page.goto("/contacts");
      const card = page.locator("tr.list-row").first();
      await card.waitFor();
      const box = (await card.boundingBox())!;
      assert(box.x >= 0 && box.x + box.width <= PHONE_WIDTH, `the card fits the screen: ${JSON.stringify(box)}`);
      assert(box.height >= 44, `the card is a tap target: ${box.height}px`);
      const label = await card.locator("td.list-cell-email").evaluate((td) => getComputedStyle(td, "::before").content);
      assertEquals(label, '"Email"', "each value names its column");
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await screenshot(page, "phone-contacts-cards");

      await card.locator(".list-name-link").click();
      await page.waitForURL(`**/contacts/${contact.json.data.id}`);
      const details = page.locator("dl.kv");
      const email = (await details.locator("dd", { hasText: "maximiliane.oberhuber" }).boundingBox())!;
      const phone = (await details.locator("dd", { hasText: "+49 30" }).boundingBox())!;
      const overlap = email.x < phone.x + phone.width && phone.x < email.x + email.width &&
        email.y < phone.y + phone.height && phone.y < email.y + email.height;
      assert(!overlap, `email ${JSON.stringify(email)} and phone ${JSON.stringify(phone)} do not overlap`);
      assert(email.x + email.width <= PHONE_WIDTH, "the email stays on screen");
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await screenshot(page, "phone-contact-long-email");
      await page.close();
    });

    await browser.step(
      t,
      "opened at 127.0.0.1, the page is live: a notification arrives without a reload",
      async () => {
        const port = new URL(server.url).port;
        const page = await open({ ...PHONE, baseURL: `http://127.0.0.1:${port}` });
        await signInWithCookies(page, `http://127.0.0.1:${port}`, "alice@acme.test");
        await page.goto("/");
        await page.locator('[data-live-state="live"]').waitFor({ state: "attached" });
        await page.locator('.notif-bell[data-hydrated="true"]').waitFor();
        const badge = page.locator(".notif-bell .notif-badge");
        const before = (await badge.count()) === 0 ? 0 : Number(await badge.getAttribute("data-count"));
        const bob = await ApiClient.signIn(server.url, "bob@acme.test");
        const people = (await bob.get("/api/v1/presence")).json.data as { name: string; user_id: string }[];
        const aliceId = people.find((person) => person.name === "Alice Martin")!.user_id;
        assertEquals(
          (await bob.post("/api/v1/tasks", { title: "Call back Initech", assignee_id: aliceId })).status,
          201,
        );
        await page.locator(`.notif-bell .notif-badge[data-count="${before + 1}"]`).waitFor();
        assert(await page.getByText("Live updates off").isHidden(), "no 'live updates off' pill on a live page");
        await page.context().close();
      },
    );

    await browser.step(t, "a refused socket says live updates are off, with a retry", async () => {
      // 127.0.0.2 is this machine too, but not an origin the server accepts (only PUBLIC_URL's loopback names).
      const port = new URL(server.url).port;
      const page = await open({ ...PHONE, baseURL: `http://127.0.0.2:${port}` });
      await signInWithCookies(page, `http://127.0.0.2:${port}`, "alice@acme.test");
      await page.goto("/");
      const pill = page.locator('[data-live-off="true"]');
      await pill.getByText("Live updates off.").waitFor();
      assertEquals(await page.locator("[data-live-state]").getAttribute("data-live-state"), "refused");
      await pill.getByText(/not allowed/).waitFor();
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await screenshot(page, "phone-live-updates-off");
      await pill.getByRole("button", { name: "Retry" }).click();
      await pill.getByText("Live updates off.").waitFor(); // refused again: still said, not hidden
      await page.context().close();
    });

    await browser.step(t, "phone: settings/team does not scroll sideways", async () => {
      const page = await openAsAlice();
      await page.goto("/settings/team");
      await page.getByRole("heading", { name: "Members (3)" }).waitFor();
      // Taken first, so a failing layout still leaves its picture behind.
      await screenshot(page, "phone-settings-team");
      await page.evaluate(() => scrollTo(0, document.scrollingElement!.scrollHeight));
      await screenshot(page, "phone-settings-team-end");
      await assertNoSidewaysScroll(page, PHONE_WIDTH);
      await page.close();
    });

    await browser.step(t, "desktop: the same screens at 1280x800", async () => {
      const page = await open(DESKTOP);
      await page.goto("/login");
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await screenshot(page, "desktop-login", { fullPage: true });
      await page.goto("/signup");
      await page.getByRole("button", { name: "Show" }).and(page.locator(":enabled")).waitFor();
      await screenshot(page, "desktop-signup-step1", { fullPage: true });

      // The suite's sign-in through the form as a person does it (other steps reuse a session's cookies).
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
        await signInWithCookies(page, server.url, "alice@acme.test");
        await page.goto("/");
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
