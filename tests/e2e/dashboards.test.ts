// Reports and dashboards in a browser: build a report and save it, put it on a new dashboard, drag and resize
// the widget (the layout is still there after a reload), see the widget follow a deal that a teammate moves in
// another browser, and export the report as a PDF; on a phone, rename the dashboard with the keyboard and read
// the report's share page (its compact chart). Screenshots go to /tmp/shots/dashboards/ and /tmp/shots/dash/.
import { assert, assertEquals } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, type Page, PHONE, signIn } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

const SHOTS = "/tmp/shots/dashboards";
const DASH_SHOTS = "/tmp/shots/dash";
const REPORT = "Deals per stage (e2e)";

/** The widget's data-layout "x,y,w,h", as the grid island renders it. */
const layoutOf = (page: Page) => page.locator(".dash-widget").first().getAttribute("data-layout");

/** The count in the widget's data table (visually hidden under the chart) for one stage. */
async function stageCount(page: Page, stage: string): Promise<number> {
  const row = page.locator(".dash-widget .report-table tbody tr", { hasText: stage }).first();
  return Number(await row.locator("td").last().textContent());
}

/** Three deals on the default pipeline: two in "New", one in "Qualified" (the test template has none). */
async function seedDeals(alice: ApiClient) {
  const board = await alice.get("/api/v1/deals/board/default");
  assertEquals(board.status, 200);
  const stages = new Map<string, string>(
    board.json.data.stages.map((s: { id: string; name: string }) => [s.name, s.id]),
  );
  for (const [name, stage] of [["Globex pilot", "New"], ["Initech seats", "New"], ["Acme renewal", "Qualified"]]) {
    const res = await alice.post("/api/v1/deals", { name, stage_id: stages.get(stage), value: 10_000 });
    assertEquals(res.status, 201, JSON.stringify(res.json));
  }
}

Deno.test("dashboards: build, save, place, drag, resize, live update, PDF", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  await seedDeals(alice);
  const browser = await launchBrowser();
  await Deno.mkdir(SHOTS, { recursive: true });
  await Deno.mkdir(DASH_SHOTS, { recursive: true });
  let reportId = "";
  let dashboardUrl = "";
  const page = await browser.newPage({ baseURL: server.url });
  try {
    await signIn(page, "alice@acme.test", "leadly-demo");

    await browser.step(t, "build a report (deals by stage, count) and save it", async () => {
      await page.goto("/reports/new");
      await page.locator('[data-report-builder="ready"]').waitFor();
      // The preview draws the default report: count of deals by stage, as bars.
      await page.locator('.report-preview canvas[data-chart-ready="true"]').waitFor();
      await page.getByLabel("Report name").fill(REPORT);
      await page.getByRole("button", { name: "Save report" }).click();
      await page.waitForURL(/\/reports\/[0-9a-f-]{36}(\?saved=1)?$/);
      reportId = new URL(page.url()).pathname.split("/").pop()!;
      await page.getByRole("heading", { level: 1, name: REPORT }).waitFor();
      await page.getByRole("status").getByText("Saved.").waitFor();
    });

    await browser.step(t, "create a dashboard and add the report as a widget", async () => {
      await page.goto("/reports/dashboards");
      await page.locator('[data-dashboard-list="ready"]').waitFor();
      await page.getByLabel("Name", { exact: true }).fill("Alice's e2e board");
      await page.getByRole("button", { name: "Create dashboard" }).click();
      await page.waitForURL(/\/reports\/dashboards\/[0-9a-f-]{36}$/);
      dashboardUrl = new URL(page.url()).pathname;
      await page.locator('[data-dashboard="ready"]').waitFor();
      const saved = page.waitForResponse((r) =>
        r.request().method() === "PATCH" && r.url().endsWith(dashboardUrl.replace("/reports", "/api/v1"))
      );
      await page.getByLabel("Add a saved report").selectOption({ label: REPORT });
      assertEquals((await saved).status(), 200);
      await page.locator('.dash-widget canvas[data-chart-ready="true"]').waitFor();
      assertEquals(await layoutOf(page), "0,0,6,4");
    });

    await browser.step(t, "drag the widget two columns right and resize it; the layout survives a reload", async () => {
      const grid = (await page.locator(".dash-grid").boundingBox())!;
      const column = (grid.width + 16) / 12;
      const header = (await page.locator(".dash-widget-header").first().boundingBox())!;
      const patched = () => page.waitForResponse((r) => r.request().method() === "PATCH" && r.status() === 200);
      // Press on the title bar's empty middle, carry it 2 columns to the right, let go.
      let saved = patched();
      await page.mouse.move(header.x + header.width * 0.6, header.y + header.height / 2);
      await page.mouse.down();
      await page.mouse.move(header.x + header.width * 0.6 + column * 2, header.y + header.height / 2, { steps: 6 });
      await page.mouse.up();
      await saved;
      assertEquals(await layoutOf(page), "2,0,6,4");
      // The corner: one column wider, one row taller.
      const corner = (await page.locator(".dash-widget-resize").first().boundingBox())!;
      saved = patched();
      await page.mouse.move(corner.x + 9, corner.y + 9);
      await page.mouse.down();
      await page.mouse.move(corner.x + 9 + column, corner.y + 9 + 88, { steps: 6 });
      await page.mouse.up();
      await saved;
      assertEquals(await layoutOf(page), "2,0,7,5");
      // The keyboard does the same: focus the widget, Shift+ArrowLeft narrows it by one column.
      saved = patched();
      await page.locator(".dash-widget").first().focus();
      await page.keyboard.press("Shift+ArrowLeft");
      await saved;
      await page.reload();
      await page.locator('[data-dashboard="ready"] .dash-widget').waitFor();
      assertEquals(await layoutOf(page), "2,0,6,5");
    });

    await browser.step(t, "the widget updates when Bob moves a deal in his browser", async () => {
      await page.locator('.dash-widget canvas[data-chart-ready="true"]').waitFor();
      const newBefore = await stageCount(page, "New");
      const qualifiedBefore = await stageCount(page, "Qualified");
      const bob = await (await browser.newContext({ baseURL: server.url })).newPage();
      await signIn(bob, "bob@acme.test", "leadly-demo");
      await bob.goto("/deals");
      await bob.locator('.deal-board[data-hydrated="true"]').waitFor();
      // Bob carries the first deal of "New" one column right (Space, ArrowRight, Space), as the board allows.
      const firstColumn = bob.locator(".deal-column").first();
      assertEquals((await firstColumn.locator(".deal-column-title, h2, h3").first().innerText()).includes("New"), true);
      await firstColumn.locator(".deal-card a").first().focus();
      await bob.keyboard.press("Space");
      await bob.keyboard.press("ArrowRight");
      const moved = bob.waitForResponse((r) => /\/api\/v1\/deals\/[^/]+\/move$/.test(r.url()));
      await bob.keyboard.press("Space");
      assertEquals((await moved).status(), 200);
      // Alice's widget is fetched again on the team's change event, without a reload.
      await page.waitForFunction(
        ([before]) => {
          const row = [...document.querySelectorAll(".dash-widget .report-table tbody tr")]
            .find((tr) => tr.textContent?.startsWith("New"));
          return row && Number(row.lastElementChild?.textContent) === before - 1;
        },
        [newBefore],
      );
      assertEquals(await stageCount(page, "Qualified"), qualifiedBefore + 1);
      await bob.context().close();
    });

    await browser.step(t, "export the report as a PDF, and look at the dashboard", async () => {
      const pdf = await page.request.get(`/api/v1/reports/${reportId}/export.pdf`);
      assertEquals(pdf.status(), 200);
      const bytes = await pdf.body();
      assertEquals(new TextDecoder().decode(bytes.subarray(0, 5)), "%PDF-");
      assert(bytes.length > 2000, `a PDF with a chart and a table, not ${bytes.length} bytes`);
      await page.screenshot({ path: `${SHOTS}/e2e-dashboard-1280.png`, fullPage: true });
      // The same page on a phone, dark.
      const phone = page;
      await phone.setViewportSize(PHONE.viewport!);
      await phone.emulateMedia({ colorScheme: "dark" });
      await phone.reload();
      await phone.locator('.dash-widget canvas[data-chart-ready="true"]').waitFor();
      // One column on a phone: the widget spans the grid's whole width.
      const [widget, grid] = await Promise.all([
        phone.locator(".dash-widget").first().boundingBox(),
        phone.locator(".dash-grid").boundingBox(),
      ]);
      assertEquals(Math.round(widget!.width), Math.round(grid!.width));
      await phone.screenshot({ path: `${SHOTS}/e2e-dashboard-390-dark.png`, fullPage: true });
    });

    await browser.step(t, "on a phone: rename the dashboard with the keyboard, read the shared report", async () => {
      await page.goto("/reports/dashboards");
      await page.locator('[data-dashboard-list="ready"]').waitFor();
      await page.getByRole("button", { name: "Rename Alice's e2e board" }).focus();
      await page.keyboard.press("Enter");
      const input = page.getByLabel("New name for Alice's e2e board");
      await input.fill("Pipeline (renamed)");
      const saved = page.waitForResponse((r) => r.request().method() === "PATCH");
      await input.press("Enter");
      assertEquals((await saved).status(), 200);
      await page.getByRole("link", { name: /Pipeline \(renamed\)/ }).waitFor();
      // focus comes back to the (renamed) Rename button, so the keyboard user carries on where they were
      await page.waitForFunction(() =>
        document.activeElement?.getAttribute("aria-label") === "Rename Pipeline (renamed)"
      );
      await page.screenshot({ path: `${DASH_SHOTS}/dashboards-list-390-dark.png`, fullPage: true });

      const link = await alice.post(`/api/v1/reports/${reportId}/share-links`, { expiresInDays: 1 });
      assertEquals(link.status, 201, JSON.stringify(link.json));
      const sharePath = new URL(link.json.data?.url ?? link.json.url).pathname;
      await page.emulateMedia({ colorScheme: "light" });
      await page.goto(sharePath);
      // the phone gets the compact chart (legible at 390 px), the wide one is hidden
      assert(await page.locator(".share-chart-compact").isVisible());
      assert(!(await page.locator(".share-chart-wide").isVisible()));
      await page.screenshot({ path: `${DASH_SHOTS}/share-390.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      assert(await page.locator(".share-chart-wide").isVisible());
      await page.screenshot({ path: `${DASH_SHOTS}/share-1280.png`, fullPage: true });
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
