// The Ctrl/Cmd-K command palette: open from the keyboard and the header, search records created over
// the API, move with the keyboard, open a hit, remember it as recent, run commands, close with Esc, and
// look right on desktop and phone in both themes.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import {
  assertNoSidewaysScroll,
  BROWSER_TEST,
  type ContextOptions,
  DESKTOP,
  launchBrowser,
  type Page,
  PHONE,
  screenshot,
  signInWithCookies,
  type TestBrowser,
} from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

const PLACEHOLDER = "Search contacts, companies, deals… or type a command";

/** Waits until the island hydrated: before that the trigger is only a link to /search. */
async function paletteReady(page: Page) {
  await page.locator("[data-command-palette][data-ready]").waitFor();
}

const dialog = (page: Page) => page.getByRole("dialog", { name: "Search and commands" });
const input = (page: Page) => dialog(page).getByRole("combobox");
const activeOption = (page: Page) =>
  page.evaluate(() => {
    const id = document.querySelector("[role=combobox]")?.getAttribute("aria-activedescendant");
    return id ? document.getElementById(id)?.textContent ?? "" : "";
  });

// Both flows share one server and one browser (each cost seconds to start).
Deno.test("command palette", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const browser = await launchBrowser();
  try {
    await browser.flow(t, "command palette in the browser", (t) => paletteFlow(t, server, browser));
    await browser.flow(
      t,
      "without JavaScript the header search is a link to the /search page",
      (t) => noScriptFlow(t, server, browser),
    );
  } finally {
    await browser.close();
    await server.close();
  }
});

async function paletteFlow(t: Deno.TestContext, server: TestServer, browser: TestBrowser) {
  const api = await ApiClient.signIn(server.url, "alice@acme.test");
  const created = await api.post("/api/v1/companies", {
    name: "Northwind Traders",
    domain: "northwind.test",
    industry: "Wholesale",
    city: "Seattle",
  });
  assertEquals(created.status, 201);
  const companyId: string = created.json.data.id;
  await api.post("/api/v1/companies", { name: "Northwind Logistics", industry: "Shipping", city: "Tacoma" });
  await api.post("/api/v1/contacts", {
    first_name: "Nora",
    last_name: "Northcott",
    email: "nora@northwind.test",
    job_title: "Head of Purchasing",
    company_id: companyId,
  });
  await api.post("/api/v1/contacts", { first_name: "Nils", last_name: "Northgate", job_title: "Buyer" });

  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await signInWithCookies(page, server.url, "alice@acme.test");

  await browser.step(t, "Control+K on the dashboard opens the palette with focus in its input", async () => {
    await page.goto("/");
    await paletteReady(page);
    await page.keyboard.press("Control+K");
    await dialog(page).waitFor();
    assertEquals(await input(page).getAttribute("placeholder"), PLACEHOLDER);
    assert(await input(page).evaluate((el) => el === document.activeElement), "the input has focus");
    assertEquals(await dialog(page).getAttribute("aria-modal"), "true");
    // Empty query, nothing opened yet: the quick commands.
    await dialog(page).getByRole("option", { name: /Create contact/ }).waitFor();
    await dialog(page).getByRole("option", { name: /Toggle theme/ }).waitFor();
  });

  await browser.step(t, "typing finds the company; arrow down + Enter opens it", async () => {
    await input(page).fill("northw trad");
    const option = dialog(page).getByRole("option", { name: /Northwind Traders/ });
    await option.waitFor();
    assertEquals(await dialog(page).getByRole("group", { name: "Companies" }).count(), 1);
    await page.keyboard.press("ArrowDown");
    assertMatch(await activeOption(page), /Northwind Traders/);
    assertEquals(await option.getAttribute("aria-selected"), "true");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/companies/${companyId}`);
    assertEquals(new URL(page.url()).pathname, `/companies/${companyId}`);
  });

  await browser.step(t, "on reopening, the company is a recent item; Esc closes and gives focus back", async () => {
    await page.goto("/");
    await paletteReady(page);
    const trigger = page.locator("[data-command-palette]");
    await trigger.click();
    await dialog(page).waitFor();
    const recent = dialog(page).getByRole("group", { name: "Recent" });
    await recent.getByRole("option", { name: /Northwind Traders/ }).waitFor();
    await page.keyboard.press("Escape");
    await dialog(page).waitFor({ state: "hidden" });
    assert(await trigger.evaluate((el) => el === document.activeElement), "focus is back on the trigger");
  });

  await browser.step(t, "Tab moves between groups, commands filter by the query, hover selects", async () => {
    await page.keyboard.press("Control+K");
    await input(page).fill("north");
    await dialog(page).getByRole("option", { name: /Nora Northcott/ }).waitFor();
    await dialog(page).getByRole("option", { name: /Northwind Logistics/ }).waitFor();
    await page.keyboard.press("Tab");
    const first = await activeOption(page);
    await page.keyboard.press("Tab");
    const second = await activeOption(page);
    assert(first && second && first !== second, `Tab moved from "${first}" to "${second}"`);
    assert(await input(page).evaluate((el) => el === document.activeElement), "focus stays in the input");

    await input(page).fill("create");
    await dialog(page).getByRole("option", { name: /Create company/ }).waitFor();
    assertEquals(await dialog(page).getByRole("option", { name: /Go to Deals/ }).count(), 0);
    await dialog(page).getByRole("option", { name: /Create company/ }).hover();
    assertMatch(await activeOption(page), /Create company/);

    await input(page).fill("zzqqxx");
    await dialog(page).getByText("No results for “zzqqxx”").waitFor();
    await page.keyboard.press("Escape");
    await dialog(page).waitFor({ state: "hidden" });
  });

  await browser.step(t, "every module has a Go to command; choosing one goes there", async () => {
    await page.keyboard.press("Control+K");
    await input(page).fill("go to");
    const commands = dialog(page).getByRole("group", { name: "Commands" });
    await commands.getByRole("option", { name: /Go to Leads/ }).waitFor();
    const labels = (await commands.getByRole("option").allInnerTexts()).map((text) => text.split("\n")[0].trim());
    for (
      const module of ["Home", "Contacts", "Companies", "Leads", "Deals", "Tasks", "Chat", "Notes", "Notifications"]
    ) {
      assert(labels.includes(`Go to ${module}`), `"Go to ${module}" is offered: ${labels.join(", ")}`);
    }
    await input(page).fill("go to notes");
    await dialog(page).getByRole("option", { name: /Go to Notes/ }).click();
    await page.waitForURL("**/notes");
    await page.goto("/");
    await paletteReady(page);
  });

  await browser.step(t, "a query the API refuses shows the error state", async () => {
    await page.route("**/api/v1/search?*", (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side." } }),
      }));
    browser.allowConsoleError(/status of 500/);
    await page.keyboard.press("Control+K");
    await input(page).fill("northwind");
    await dialog(page).getByRole("alert").getByText("Something went wrong on our side.").waitFor();
    await page.unroute("**/api/v1/search?*");
    await page.keyboard.press("Escape");
  });

  await browser.step(t, "clicking a command runs it: Create company goes to /companies/new", async () => {
    await page.keyboard.press("Control+K");
    await input(page).fill("create comp");
    await dialog(page).getByRole("option", { name: /Create company/ }).click();
    await page.waitForURL("**/companies/new");
  });

  for (const [name, options] of [["desktop", DESKTOP], ["phone", PHONE]] as [string, ContextOptions][]) {
    // One signed-in page per screen size; the colour scheme is switched on it (signing in again cost seconds).
    // On desktop that is a new page of the signed-in context above (its cache is warm).
    const shotContext = name === "desktop" ? context : await browser.newContext({ ...options, baseURL: server.url });
    const shot = await shotContext.newPage();
    await signInWithCookies(shot, server.url, "alice@acme.test");
    for (const colorScheme of ["light", "dark"] as const) {
      await browser.step(t, `screenshot: ${name}, ${colorScheme}`, async () => {
        await shot.emulateMedia({ colorScheme });
        await shot.goto("/");
        await paletteReady(shot);
        await shot.locator("[data-command-palette]").click();
        await input(shot).fill("north");
        await dialog(shot).getByRole("option", { name: /Nils Northgate/ }).waitFor();
        await shot.keyboard.press("ArrowDown");
        const box = await dialog(shot).boundingBox();
        const viewport = options.viewport!;
        assert(box && box.width <= viewport.width && box.height <= viewport.height, "the palette fits the screen");
        if (name === "phone") {
          assertEquals(Math.round(box!.width), viewport.width, "full-screen sheet on phones");
          await assertNoSidewaysScroll(shot, viewport.width);
        }
        const path = await screenshot(shot, `command-palette-${name}-${colorScheme}`);
        assert((await Deno.stat(path)).size > 5000);
        assertEquals(
          await shot.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches),
          colorScheme === "dark",
        );
      });
    }
    await shot.close();
    if (shotContext !== context) await shotContext.close();
  }
  await context.close();
}

async function noScriptFlow(t: Deno.TestContext, server: TestServer, browser: TestBrowser) {
  const api = await ApiClient.signIn(server.url, "alice@acme.test");
  await api.post("/api/v1/companies", { name: "Quillfeather Paper" });
  const context = await browser.browser.newContext({ ...DESKTOP, baseURL: server.url, javaScriptEnabled: false });
  const page = await context.newPage();
  await browser.step(t, "search from the header without JavaScript", async () => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("alice@acme.test");
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("leadly-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.locator("[data-command-palette]").click();
    await page.waitForURL("**/search");
    await page.getByRole("searchbox", { name: "Search the workspace" }).fill("quillf");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/search" && url.searchParams.get("q") === "quillf");
    await page.getByRole("link", { name: /Quillfeather Paper/ }).waitFor();
  });
  await context.close();
}
