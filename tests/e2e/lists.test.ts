// The contact list in a browser: filter, sort, save a view and see it again after a reload; select a
// range of rows, bulk-delete and undo; hide a column; search with no results; the phone layout.
import { assert, assertEquals } from "../helpers/assert.ts";
import {
  assertNoSidewaysScroll,
  BROWSER_TEST,
  launchBrowser,
  type Page,
  PHONE,
  screenshot,
  signInWithCookies,
} from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

const INDUSTRIES = ["Retail", "Software", "Finance"];

/** Waits until the island has hydrated and no list request is running. */
async function settled(page: Page) {
  await page.locator('.record-list[data-hydrated="true"][aria-busy="false"]').waitFor();
}

async function columnTexts(page: Page, header: string): Promise<string[]> {
  const headers = (await page.locator(".list-table thead th").allInnerTexts()).map((t) => t.trim());
  const index = headers.indexOf(header);
  assert(index >= 0, `column ${header} is shown (have ${headers.join(", ")})`);
  return (await page.locator(`.list-table tbody tr > :nth-child(${index + 1})`).allInnerTexts()).map((t) => t.trim());
}

Deno.test("contact list: filters, sort, saved views, bulk delete with undo, columns", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  for (let i = 0; i < 24; i++) {
    const res = await alice.post("/api/v1/contacts", {
      first_name: `Person${i}`,
      last_name: `Listed${String(i).padStart(2, "0")}`,
      email: `person${i}@lists.test`,
      industry: INDUSTRIES[i % 3],
      lead_score: (i * 37) % 100,
      city: i % 2 ? "Berlin" : "Paris",
    });
    assertEquals(res.status, 201);
  }
  const browser = await launchBrowser();
  const page = await browser.newPage({ baseURL: server.url });
  try {
    await browser.step(t, "the list renders on the server and hydrates", async () => {
      await signInWithCookies(page, server.url, "alice@acme.test");
      await page.goto("/contacts");
      await settled(page);
      assertEquals(await page.locator(".list-table tbody tr").count(), 24);
      await page.getByRole("link", { name: "All contacts" }).waitFor();
    });

    await browser.step(t, "filter by industry and sort by score", async () => {
      await page.getByRole("form", { name: "Filter contacts" }).getByLabel("Industry").selectOption("Retail");
      await page.waitForURL(/industry=Retail/);
      await settled(page);
      assertEquals(new Set(await columnTexts(page, "Industry")), new Set(["Retail"]));
      assertEquals(await page.locator(".list-table tbody tr").count(), 8);

      await page.locator(".list-table thead").getByRole("link", { name: "Score" }).click();
      await page.waitForURL(/sort=-lead_score/);
      await settled(page);
      const scores = (await columnTexts(page, "Score")).map(Number);
      assertEquals(scores, [...scores].sort((a, b) => b - a), "highest score first");
      assertEquals(
        await page.locator(".list-table thead th", { hasText: "Score" }).getAttribute("aria-sort"),
        "descending",
      );
      // Keyboard: the header is a link; Enter flips the direction.
      await page.locator(".list-table thead").getByRole("link", { name: "Score" }).press("Enter");
      await page.waitForURL(/sort=lead_score/);
      await settled(page);
      const ascending = (await columnTexts(page, "Score")).map(Number);
      assertEquals(ascending, [...ascending].sort((a, b) => a - b), "lowest score first");
      await page.locator(".list-table thead").getByRole("link", { name: "Score" }).click();
      await page.waitForURL(/sort=-lead_score/);
      await settled(page);
    });

    await browser.step(t, "save the view, reload, and it is still applied", async () => {
      await page.getByText("Save view", { exact: true }).click();
      await page.getByLabel("View name").fill("Retail by score");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      const tab = page.getByRole("link", { name: "Retail by score" });
      await tab.waitFor();
      assertEquals(await tab.getAttribute("aria-current"), "page");
      await page.waitForURL(/view=/);

      await page.reload();
      await settled(page);
      assertEquals(await page.getByRole("link", { name: "Retail by score" }).getAttribute("aria-current"), "page");
      assertEquals(
        await page.getByRole("form", { name: "Filter contacts" }).getByLabel("Industry").inputValue(),
        "Retail",
      );
      assertEquals(new Set(await columnTexts(page, "Industry")), new Set(["Retail"]));
      const scores = (await columnTexts(page, "Score")).map(Number);
      assertEquals(scores, [...scores].sort((a, b) => b - a));

      // "All contacts" clears it; the tab brings it back; Back returns to where we were.
      await page.getByRole("link", { name: "All contacts" }).click();
      await settled(page);
      assertEquals(await page.locator(".list-table tbody tr").count(), 24);
      await page.getByRole("link", { name: "Retail by score" }).click();
      await settled(page);
      assertEquals(await page.locator(".list-table tbody tr").count(), 8);
      await page.goBack();
      await settled(page);
      assertEquals(await page.locator(".list-table tbody tr").count(), 24);
      await page.goForward();
      await settled(page);
      assertEquals(await page.locator(".list-table tbody tr").count(), 8);
    });

    /** Writes the island sends to the API from now on (a bulk action should be one). */
    const writes = () => {
      const seen: string[] = [];
      page.on("request", (request) => {
        if (request.method() !== "GET" && new URL(request.url()).pathname.startsWith("/api/v1/contacts")) {
          seen.push(`${request.method()} ${new URL(request.url()).pathname}`);
        }
      });
      return seen;
    };

    await browser.step(t, "shift-click selects a range; delete, then undo, one request each", async () => {
      const sent = writes();
      const names = await columnTexts(page, "Name");
      const checks = page.locator(".list-table tbody .list-check");
      await checks.nth(0).click();
      await checks.nth(2).click({ modifiers: ["Shift"] });
      await page.getByText("3 selected").waitFor();
      await screenshot(page, "lists-desktop-selected");
      await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Delete" }).click();
      await page.getByText("Deleted 3 contacts.").waitFor();
      assertEquals(await page.locator(".list-table tbody tr").count(), 5);
      const listed = await alice.get("/api/v1/contacts?industry=Retail");
      assertEquals(listed.json.data.length, 5, "deleted on the server");
      assertEquals(sent, ["POST /api/v1/contacts/bulk"], "three rows, one request");

      await page.getByRole("button", { name: "Undo" }).click();
      await page.getByText("Restored 3 contacts.").waitFor();
      assertEquals(await columnTexts(page, "Name"), names, "back in their places");
      assertEquals((await alice.get("/api/v1/contacts?industry=Retail")).json.data.length, 8, "restored on the server");
      assertEquals(sent, ["POST /api/v1/contacts/bulk", "POST /api/v1/contacts/bulk"], "undo is one request too");
    });

    await browser.step(t, "select all, tag them, assign an owner", async () => {
      const sent = writes();
      await page.getByLabel("Select all loaded").check();
      await page.getByText("8 selected").waitFor();
      await page.getByLabel("Tag to add").fill("retail-push");
      await page.getByRole("button", { name: "Add tag" }).click();
      await page.getByText("Tagged 8 contacts").waitFor();
      const tagged = await alice.get("/api/v1/contacts?tags=retail-push");
      assertEquals(tagged.json.data.length, 8);
      assertEquals(sent, ["POST /api/v1/contacts/bulk"], "eight rows tagged in one request");
      await page.getByLabel("Assign owner").selectOption({ label: "Carol Nguyen" });
      await page.getByText("Assigned 8 contacts to Carol Nguyen.").waitFor();
      const owners = await columnTexts(page, "Owner");
      assert(owners.every((text) => text.endsWith("Carol Nguyen")), `all Carol's now: ${owners.join(", ")}`);
      await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Clear" }).click();
    });

    await browser.step(t, "the column chooser hides a column, also after a reload", async () => {
      await page.getByText("Columns", { exact: true }).click();
      await page.locator(".list-columns-panel").getByLabel("Email").uncheck();
      await page.locator(".list-table thead th", { hasText: "Email" }).waitFor({ state: "detached" });
      await page.waitForURL(/columns=/);
      await page.keyboard.press("Escape");
      await page.reload();
      await settled(page);
      const headers = (await page.locator(".list-table thead th").allInnerTexts()).map((h) => h.trim());
      assert(!headers.includes("Email"), `Email stays hidden (${headers.join(", ")})`);
      assert(headers.includes("Industry"));
      assert(await page.getByRole("button", { name: "Update view" }).isVisible(), "the view shows it changed");
    });

    await browser.step(t, "a search without results offers to clear the filters", async () => {
      await page.getByRole("searchbox", { name: "Search contacts" }).fill("nobodyhere");
      await page.getByText("No contacts match these filters").waitFor();
      await page.getByRole("button", { name: "Clear filters" }).click();
      await settled(page);
      assertEquals(await page.locator(".list-table tbody tr").count(), 24);
      assertEquals(await page.getByRole("searchbox", { name: "Search contacts" }).inputValue(), "");
    });

    await browser.step(t, "a row click opens the record", async () => {
      const first = page.locator(".list-table tbody tr").first();
      const id = await first.getAttribute("data-id");
      await first.locator("td").nth(1).click();
      await page.waitForURL(`**/contacts/${id}`);
    });

    await browser.step(t, "phone: filters fold away, the table scrolls inside its frame", async () => {
      const phone = await browser.newPage({ baseURL: server.url, ...PHONE });
      await signInWithCookies(phone, server.url, "alice@acme.test");
      await phone.goto("/contacts");
      await settled(phone);
      assert(await phone.locator(".list-filters").isHidden(), "filters are folded");
      await assertNoSidewaysScroll(phone, PHONE.viewport!.width);
      await screenshot(phone, "lists-phone");
      await phone.getByRole("button", { name: /Filters/ }).click();
      await phone.getByRole("form", { name: "Filter contacts" }).getByLabel("Industry").selectOption("Software");
      await phone.waitForURL(/industry=Software/);
      await settled(phone);
      assertEquals(await phone.locator(".list-table tbody tr").count(), 8);
      await assertNoSidewaysScroll(phone, PHONE.viewport!.width);
      await screenshot(phone, "lists-phone-filtered");
      await phone.context().close();
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
