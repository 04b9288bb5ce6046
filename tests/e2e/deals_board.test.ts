// The deals board in a browser: drag a deal with the mouse and see it stay after a reload, move one with the
// keyboard (Space, ArrowRight, Space), column totals that follow a move at once and live in a second browser,
// drag into Closed Won and give the reason it asks for, a refused move rolled back with a readable message;
// screenshots of the board (desktop and phone), a deal page and the pipeline builder.
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

const COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises"];
const DEALS: [string, string, number, number][] = [
  // name, stage, value, days in stage
  ["Acme renewal", "Qualified", 48_000, 2],
  ["Keyboard deal", "New", 12_500, 1],
  ["Won by drag", "Negotiation", 86_000, 9],
  ["Globex expansion", "New", 24_000, 0],
  ["Initech pilot", "New", 9_800, 3],
  ["Umbrella security suite", "New", 150_000, 25],
  ["Hooli analytics", "New", 32_000, 8],
  ["Stark procurement", "Qualified", 64_000, 4],
  ["Wayne logistics", "Qualified", 27_500, 12],
  ["Acme APAC rollout", "Qualified", 91_000, 1],
  ["Globex support plan", "Qualified", 7_200, 30],
  ["Initech seats +40", "Demo", 18_400, 2],
  ["Umbrella data room", "Demo", 55_000, 6],
  ["Hooli EU launch", "Demo", 120_000, 15],
  ["Stark onboarding", "Demo", 14_000, 0],
  ["Wayne HR module", "Proposal", 42_000, 3],
  ["Acme training", "Proposal", 6_500, 10],
  ["Globex migration", "Proposal", 78_000, 22],
  ["Initech renewal", "Proposal", 21_000, 5],
  ["Umbrella Q4 upsell", "Negotiation", 67_000, 2],
  ["Hooli enterprise", "Negotiation", 240_000, 7],
  ["Stark field sales", "Negotiation", 33_000, 1],
  ["Wayne renewal", "Closed Won", 58_000, 4],
  ["Acme pilot", "Closed Won", 15_000, 12],
  ["Globex reporting", "Closed Won", 26_000, 40],
  ["Initech legacy", "Closed Lost", 19_000, 18],
  ["Umbrella APAC", "Closed Lost", 44_000, 3],
  ["Hooli SMB", "New", 4_800, 2],
  ["Stark EU", "Demo", 38_000, 11],
  ["Wayne analytics", "Proposal", 52_000, 1],
];

interface Seeded {
  stages: Record<string, string>;
  deals: Record<string, string>;
}

async function seed(server: TestServer, alice: ApiClient): Promise<Seeded> {
  const board = await alice.get("/api/v1/deals/board/default");
  assertEquals(board.status, 200);
  const stages: Record<string, string> = Object.fromEntries(
    board.json.data.stages.map((s: { id: string; name: string }) => [s.name, s.id]),
  );
  const users = await server.db.asService(
    "test:users",
    (tx) => tx.query<{ id: string }>("select id from auth.users where email like '%@acme.test' order by email"),
  );
  const companies: string[] = [];
  for (const name of COMPANIES) {
    const res = await alice.post("/api/v1/companies", { name });
    assertEquals(res.status, 201);
    companies.push(res.json.data.id);
  }
  const deals: Record<string, string> = {};
  let i = 0;
  for (const [name, stage, value] of DEALS) {
    const closing = stage === "Closed Won"
      ? { win_reason: "Best fit" }
      : stage === "Closed Lost"
      ? { loss_reason: "Budget" }
      : {};
    const res = await alice.post("/api/v1/deals", {
      name,
      stage_id: stages[stage],
      value,
      position: i,
      owner_id: users[i % users.length].id,
      company_id: companies[i % companies.length],
      expected_close_date: `${i % 3 === 2 ? "2027-01" : `2026-${11 + (i % 2)}`}-${
        String(3 + ((i * 7) % 25)).padStart(2, "0")
      }`,
      ...closing,
    });
    assertEquals(res.status, 201, JSON.stringify(res.json));
    deals[name] = res.json.data.id;
    i++;
  }
  // Some deals have been sitting in their stage for a while (aging badges).
  await server.db.asService("test:aging", async (tx) => {
    for (const [name, , , days] of DEALS) {
      await tx.query("update public.deals set stage_entered_at = now() - make_interval(days => $2) where id = $1", [
        deals[name],
        days,
      ]);
    }
  });
  return { stages, deals };
}

const hydrated = (page: Page) => page.locator('.deal-board[data-hydrated="true"]').waitFor();
const column = (page: Page, stageId: string) => page.locator(`.deal-column[data-stage-id="${stageId}"]`);
const card = (page: Page, dealId: string) => page.locator(`.deal-card[data-deal-id="${dealId}"]`);

async function stageOf(alice: ApiClient, dealId: string): Promise<string> {
  const res = await alice.get(`/api/v1/deals/${dealId}`);
  return res.json.data.stage_id;
}

// Both flows share one server, one seeded board and one browser (each cost seconds to start); the phone
// flow runs on the board the desktop flow left behind.
Deno.test("deals board on desktop and phone", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const seeded = await seed(server, alice);
  const browser = await launchBrowser();
  try {
    await browser.flow(t, "deals board: mouse drag, keyboard move, closing asks why, rollback", async (t) => {
      await desktopFlow(t, server, browser, alice, seeded);
    });
    await browser.flow(t, "deals board on a 390px phone: snapping columns and the Move to… menu", async (t) => {
      await phoneFlow(t, server, browser, alice, seeded);
    });
  } finally {
    await browser.close();
    await server.close();
  }
});

async function desktopFlow(
  t: Deno.TestContext,
  server: TestServer,
  browser: TestBrowser,
  alice: ApiClient,
  { stages, deals }: Seeded,
) {
  const page = await browser.newPage({ baseURL: server.url });
  try {
    await browser.step(t, "the board renders on the server and hydrates", async () => {
      await signInWithCookies(page, server.url, "alice@acme.test");
      await page.goto("/deals");
      await hydrated(page);
      assertEquals(await page.locator(".deal-column").count(), 7);
      assertEquals(await page.locator(".deal-card").count(), DEALS.length);
      const newHead = await column(page, stages.New).locator(".deal-column-count").innerText();
      assertEquals(newHead.trim(), "6");
      await screenshot(page, "deals-board-desktop");
    });

    await browser.step(t, "a move updates the column totals at once, and live in a second browser", async () => {
      const bob = await browser.newPage({ baseURL: server.url });
      await signInWithCookies(bob, server.url, "bob@acme.test");
      await bob.goto("/deals");
      await hydrated(bob);
      const total = (p: Page, stageId: string) => column(p, stageId).locator(".deal-column-total .money-amount");
      const summary = (p: Page) => p.locator(".deal-summary-pipeline .money-amount").first();
      assertEquals(await total(bob, stages.New).innerText(), "$233.1K");
      assertEquals(await total(bob, stages.Qualified).innerText(), "$237.7K");
      const pipeline = await summary(bob).innerText();
      // Alice carries "Globex expansion" ($24,000) from New to Qualified with the keyboard.
      await card(page, deals["Globex expansion"]).locator("a").focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("ArrowRight");
      const moved = page.waitForResponse((r) => r.url().includes(`/deals/${deals["Globex expansion"]}/move`));
      await page.keyboard.press("Space");
      assertEquals((await moved).status(), 200);
      assertEquals(await total(page, stages.New).innerText(), "$209.1K", "the mover's own header");
      // Bob's board hears of the move over the team's room: headers and counts follow without a reload.
      await column(bob, stages.Qualified).locator(`[data-deal-id="${deals["Globex expansion"]}"]`).waitFor();
      await bob.waitForFunction(
        ([id, want]) =>
          document.querySelector(`.deal-column[data-stage-id="${id}"] .deal-column-total .money-amount`)
            ?.textContent === want,
        [stages.Qualified, "$261.7K"],
      );
      assertEquals(await total(bob, stages.New).innerText(), "$209.1K");
      assertEquals((await column(bob, stages.New).locator(".deal-column-count").innerText()).trim(), "5");
      assertEquals(await summary(bob).innerText(), pipeline, "an open-to-open move keeps the pipeline total");
      await bob.context().close();
    });

    await browser.step(t, "drag a deal from Qualified to Demo with the mouse; it stays after a reload", async () => {
      const from = await card(page, deals["Acme renewal"]).boundingBox();
      const demo = column(page, stages.Demo);
      const to = await demo.locator(".deal-card").nth(1).boundingBox();
      assert(from && to);
      await page.mouse.move(from.x + from.width / 2, from.y + 20);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 30, from.y + 30, { steps: 4 });
      await page.locator(".deal-placeholder").waitFor();
      const moved = page.waitForResponse((r) => r.url().includes(`/deals/${deals["Acme renewal"]}/move`));
      await page.mouse.move(to.x + to.width / 2, to.y + 4, { steps: 12 });
      await page.mouse.up();
      assertEquals((await moved).status(), 200);
      await demo.locator(`[data-deal-id="${deals["Acme renewal"]}"]`).waitFor();
      assertEquals((await demo.locator(".deal-column-count").innerText()).trim(), "6", "Demo count updated");
      assertEquals(await stageOf(alice, deals["Acme renewal"]), stages.Demo);
      await page.reload();
      await hydrated(page);
      const ids = await demo.locator(".deal-card").evaluateAll((els) => els.map((e) => e.getAttribute("data-deal-id")));
      assertEquals(ids[1], deals["Acme renewal"], "dropped second in Demo, and still there");
    });

    await browser.step(t, "keyboard: Space, ArrowRight, Space moves a deal and says so", async () => {
      await card(page, deals["Keyboard deal"]).locator("a").focus();
      await page.keyboard.press("Space");
      await page.getByRole("status").filter({ hasText: "Picked up Keyboard deal" }).waitFor();
      await page.keyboard.press("ArrowRight");
      await column(page, stages.Qualified).locator(`[data-deal-id="${deals["Keyboard deal"]}"]`).waitFor();
      const moved = page.waitForResponse((r) => r.url().includes(`/deals/${deals["Keyboard deal"]}/move`));
      await page.keyboard.press("Space");
      assertEquals((await moved).status(), 200);
      await page.getByRole("status").filter({ hasText: /Keyboard deal moved to Qualified, position \d/ }).waitFor();
      assertEquals(await stageOf(alice, deals["Keyboard deal"]), stages.Qualified);
      await page.reload();
      await hydrated(page);
      await column(page, stages.Qualified).locator(`[data-deal-id="${deals["Keyboard deal"]}"]`).waitFor();
    });

    await browser.step(t, "Escape puts a carried deal back", async () => {
      await card(page, deals["Hooli SMB"]).locator("a").focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("ArrowRight");
      await column(page, stages.Qualified).locator(`[data-deal-id="${deals["Hooli SMB"]}"]`).waitFor();
      await page.keyboard.press("Escape");
      await page.getByRole("status").filter({ hasText: "Move cancelled." }).waitFor();
      await column(page, stages.New).locator(`[data-deal-id="${deals["Hooli SMB"]}"]`).waitFor();
      assertEquals(await stageOf(alice, deals["Hooli SMB"]), stages.New);
    });

    await browser.step(t, "dragging into Closed Won asks why first", async () => {
      await page.locator(".deal-columns").evaluate((el) => (el.scrollLeft = el.scrollWidth));
      const from = await card(page, deals["Won by drag"]).boundingBox();
      const won = await column(page, stages["Closed Won"]).locator(".deal-column-cards").boundingBox();
      assert(from && won);
      await page.mouse.move(from.x + 40, from.y + 20);
      await page.mouse.down();
      await page.mouse.move(from.x + 60, from.y + 30, { steps: 3 });
      await page.mouse.move(won.x + won.width / 2, won.y + 10, { steps: 10 });
      await page.mouse.up();
      const dialog = page.getByRole("dialog", { name: "Why was this deal won?" });
      await dialog.waitFor();
      await screenshot(page, "deals-won-reason");
      // An empty reason is refused in the dialog itself.
      await dialog.getByRole("button", { name: "Mark as won" }).click();
      assertEquals(await stageOf(alice, deals["Won by drag"]), stages.Negotiation);
      await dialog.getByLabel("Win reason").fill("Best integration with their stack");
      const moved = page.waitForResponse((r) => r.url().includes(`/deals/${deals["Won by drag"]}/move`));
      await dialog.getByRole("button", { name: "Mark as won" }).click();
      assertEquals((await moved).status(), 200);
      assertEquals(await stageOf(alice, deals["Won by drag"]), stages["Closed Won"]);
      const detail = await alice.get(`/api/v1/deals/${deals["Won by drag"]}`);
      assertEquals(detail.json.data.win_reason, "Best integration with their stack");
    });

    await browser.step(t, "a move the server refuses is rolled back with its reason", async () => {
      await page.reload();
      await hydrated(page);
      // Another tab deletes the deal while it is being carried: the live board waits for the drop, the move gets
      // a 404 with its reason, and then the deletion shows (the card leaves the board).
      await card(page, deals["Initech pilot"]).locator("a").focus();
      browser.allowConsoleError(/status of 404/);
      await page.keyboard.press("Space");
      assertEquals((await alice.delete(`/api/v1/deals/${deals["Initech pilot"]}`)).status, 200);
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("Space");
      await page.getByRole("alert").filter({ hasText: "Initech pilot was not moved: Deal not found." }).waitFor();
      await card(page, deals["Initech pilot"]).waitFor({ state: "detached" });
    });

    await browser.step(t, "deal page and pipeline builder", async () => {
      await page.goto(`/deals/${deals["Acme renewal"]}`);
      await page.getByText("Stage history").waitFor();
      await page.getByText(/Qualified · /).waitFor();
      await screenshot(page, "deal-page");
      await page.goto("/settings/pipelines");
      await page.locator('.pipeline-builder[data-hydrated="true"]').waitFor();
      await screenshot(page, "pipeline-builder");
    });
  } finally {
    await page.context().close();
  }
}

async function phoneFlow(
  t: Deno.TestContext,
  server: TestServer,
  browser: TestBrowser,
  alice: ApiClient,
  { stages, deals }: Seeded,
) {
  const page = await browser.newPage({ ...PHONE, baseURL: server.url });
  try {
    await browser.step(t, "one column fills most of the screen, nothing scrolls sideways", async () => {
      await signInWithCookies(page, server.url, "alice@acme.test");
      await page.goto("/deals");
      await hydrated(page);
      const width = (await page.locator(".deal-column").first().boundingBox())!.width;
      assert(width > 390 * 0.75 && width < 390 * 0.95, `column is ${width}px wide`);
      await assertNoSidewaysScroll(page, 390);
      await screenshot(page, "deals-board-phone");
    });
    await browser.step(t, "Move to… moves a deal without dragging", async () => {
      await card(page, deals["Globex expansion"]).getByRole("button", { name: /Move Globex expansion to/ }).click();
      const sheet = page.getByRole("dialog", { name: /Move “Globex expansion” to/ });
      await sheet.waitFor();
      await screenshot(page, "deals-move-menu-phone");
      const moved = page.waitForResponse((r) => r.url().includes(`/deals/${deals["Globex expansion"]}/move`));
      await sheet.getByRole("button", { name: "Proposal" }).click();
      assertEquals((await moved).status(), 200);
      assertEquals(await stageOf(alice, deals["Globex expansion"]), stages.Proposal);
    });
  } finally {
    await page.context().close();
  }
}
