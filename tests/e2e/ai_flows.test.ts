// The AI features in a browser, on one server with no AI or enrichment keys (so the offline providers answer,
// labelled): "Write with AI" on a contacts list selection (drafts per record), a pasted reply understood on a lead
// (intent, a suggestion, the AI moving it to Interested, shown as an AI decision), enriching a contact, a
// lead's score with its top factors arriving live, and a proposal generated on a deal with its PDF.
// Screenshots of the bulk writer and the reply panel at 1280 and 390 px wide go to /tmp/shots/ai/.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { assertNoSidewaysScroll, BROWSER_TEST, launchBrowser, type Page, PHONE, signIn } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { refreshScores } from "../../lib/scoring/refresh.ts";

const SHOTS = "/tmp/shots/ai";

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, animations: "disabled", caret: "hide" });
}

Deno.test("AI flows: bulk writer, reply understanding, enrichment, score, proposal", BROWSER_TEST, async (t) => {
  await Deno.mkdir(SHOTS, { recursive: true });
  const server = await startTestServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    for (const first_name of ["Ines", "Jonas", "Kira"]) {
      await alice.post("/api/v1/contacts", { first_name, last_name: "Flowtest", job_title: "Head of Sales" });
    }
    const lead = await alice.post("/api/v1/leads", { business_name: "Flowtest Bakery", industry: "Food" });
    const leadId = lead.json.data.id as string;
    assertEquals((await alice.post(`/api/v1/leads/${leadId}/transition`, { to: "CONTACTED" })).status, 200);

    const page = await browser.newPage({ baseURL: server.url });
    await signIn(page, "alice@acme.test", "leadly-demo");

    await browser.step(t, "bulk write on the contacts list: one form, drafts per record", async () => {
      await page.goto("/contacts?q=Flowtest");
      const checks = page.locator(".list-table tbody .list-check");
      await checks.nth(2).waitFor();
      await checks.nth(0).click();
      await checks.nth(1).click();
      await page.getByRole("button", { name: "Write with AI" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("offline", { exact: true }).waitFor();
      await dialog.getByLabel("Language").selectOption("de");
      await dialog.getByRole("button", { name: "Write for 2 contacts" }).click();
      await dialog.getByText(/^Done: 2 written, 4 credits\./).waitFor();
      const records = dialog.locator(".ai-bulk-record");
      // The summary can render a moment before the list of records: wait for the second before counting.
      await records.nth(1).waitFor();
      assertEquals(await records.count(), 2);
      const names = await records.locator(".ai-bulk-record-name").allTextContents();
      assertEquals(names.length, 2);
      const first = await dialog.getByLabel(`Message for ${names[0]}`).inputValue();
      assertMatch(first, new RegExp(`^Hallo ${names[0].split(" ")[0]}`));
      await records.nth(0).getByRole("tab").nth(1).click();
      assert((await dialog.getByLabel(`Message for ${names[0]}`).inputValue()) !== first, "draft 2 differs");
      // An edit is saved on the server as the person types, and is there on the review page after a reload.
      await dialog.getByLabel(`Message for ${names[0]}`).fill("Hallo, meine eigenen Worte.");
      await records.nth(0).locator('[data-save-state="saved"]').waitFor();
      await shot(page, "bulk-writer-1280");
      await page.setViewportSize(PHONE.viewport!);
      await assertNoSidewaysScroll(page, 390);
      await shot(page, "bulk-writer-390");
      await page.setViewportSize({ width: 1280, height: 800 });
      const review = await dialog.getByRole("link", { name: "Open these drafts as a page" }).getAttribute("href");
      await page.keyboard.press("Escape");
      await page.goto(review!);
      await page.locator(".ai-bulk-page [data-hydrated]").waitFor();
      await page.getByRole("tab").nth(1).click();
      assertEquals(await page.getByLabel(`Message for ${names[0]}`).inputValue(), "Hallo, meine eigenen Worte.");
      await shot(page, "bulk-review-1280");
      await page.setViewportSize(PHONE.viewport!);
      await assertNoSidewaysScroll(page, 390);
      await shot(page, "bulk-review-390");
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    await browser.step(t, "a pasted reply: intent, a suggestion, and the lead moved as an AI decision", async () => {
      await page.goto(`/leads/${leadId}`);
      await page.getByLabel("The reply you received").fill(
        "Hi, thanks for reaching out! This sounds really interesting for our bakeries. Could you send more details?",
      );
      await page.getByRole("button", { name: "Analyse reply" }).click();
      const result = page.locator(".reply-analyzer-result");
      await result.waitFor();
      assertEquals(await result.getAttribute("data-intent"), "interested");
      await page.getByText("Moved to Interested: an AI decision").waitFor();
      assertMatch(await page.getByLabel("Suggested answer").inputValue(), /^Hi,\n\nThanks for getting back/);
      await result.locator(".reply-analyzer-language").getByText("English").waitFor();
      await page.locator(".reply-analyzer").scrollIntoViewIfNeeded();
      await shot(page, "reply-panel-1280");
      await page.setViewportSize(PHONE.viewport!);
      await page.locator(".reply-analyzer").scrollIntoViewIfNeeded();
      await assertNoSidewaysScroll(page, 390);
      await shot(page, "reply-panel-390");
      await page.setViewportSize({ width: 1280, height: 800 });
      assertEquals((await alice.get(`/api/v1/leads/${leadId}`)).json.data.status, "INTERESTED");
      await page.reload();
      await page.getByText("AI decision", { exact: true }).first().waitFor();
    });

    await browser.step(t, "enrich a contact with the offline provider, labelled", async () => {
      const contact = await alice.post("/api/v1/contacts", {
        first_name: "Lena",
        last_name: "Flowtest",
        email: "lena@nordwind-logistik.test",
      });
      await page.goto(`/contacts/${contact.json.data.id}`);
      const panel = page.locator(".enrich-panel");
      await panel.locator(".enrich-offline").waitFor();
      await panel.getByRole("button", { name: "Enrich" }).click();
      await panel.locator(".enrich-field").first().waitFor();
      assertMatch(await panel.innerText(), /nordwind-logistik\.test/);
    });

    await browser.step(t, "a lead's score with its top factors, updated live when it is rescored", async () => {
      const rule = await alice.post("/api/v1/scoring/rules", {
        kind: "fit",
        field: "industry",
        operator: "equals",
        value: "food",
        points: 40,
      });
      assertEquals(rule.status, 201);
      await page.goto(`/leads/${leadId}`);
      const card = page.locator(".score-explain");
      await card.locator(".card-body").getByText(/Not scored|No rule applies|Rules/).first().waitFor();
      // The page is in the lead's live room once a teammate's edit shows up on it.
      const bob = await ApiClient.signIn(server.url, "bob@acme.test");
      assertEquals((await bob.patch(`/api/v1/leads/${leadId}`, { city: "Lyon" })).status, 200);
      await page.locator(".live-record-changed").waitFor();
      await refreshScores(server.db);
      await card.getByText("Industry is food").waitFor();
      const score = Number(await card.locator(".score-value").getAttribute("data-score"));
      assertEquals(score, (await alice.get(`/api/v1/scoring/leads/${leadId}`)).json.data.score);
    });

    await browser.step(t, "a proposal on a deal, and its PDF", async () => {
      await alice.post("/api/v1/products", {
        name: "Flowtest seat",
        unit_price: 30,
        currency: "EUR",
        billing_period: "monthly",
      });
      const board = await alice.get("/api/v1/deals/board/default");
      const deal = await alice.post("/api/v1/deals", {
        name: "Flowtest rollout",
        stage_id: board.json.data.stages[0].id,
        value: 3000,
        currency: "EUR",
      });
      await page.goto(`/deals/${deal.json.data.id}`);
      const card = page.locator(".proposal-card");
      await card.getByRole("button", { name: "Generate proposal" }).click();
      await card.getByLabel(/Flowtest seat/).check();
      await card.getByRole("button", { name: "Generate", exact: true }).click();
      const pdfLink = card.getByRole("link", { name: "Download PDF" });
      await pdfLink.waitFor();
      const href = await pdfLink.getAttribute("href");
      const pdf = await page.request.get(href!);
      assertEquals(pdf.status(), 200);
      assertEquals(pdf.headers()["content-type"], "application/pdf");
      assert((await pdf.body()).subarray(0, 5).toString() === "%PDF-", "a PDF");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
