// The AI writer in a browser: on a lead, "Write with AI" opens the dialog (offline badge: no key on the server),
// the drafts stream into tabs, a draft is edited and saved as a team template; the same dialog fits a phone.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import {
  assertNoSidewaysScroll,
  BROWSER_TEST,
  launchBrowser,
  type Page,
  PHONE,
  screenshot,
  signIn,
} from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

const SHOTS = Deno.env.get("AI_WRITER_SHOTS"); // e.g. /tmp/shots/ai-writer: extra copies for a person to look at

async function shot(page: Page, name: string) {
  await screenshot(page, name);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, animations: "disabled", caret: "hide" });
}

async function openWriter(page: Page, leadId: string, name: string) {
  await page.goto(`/leads/${leadId}`);
  if (SHOTS) await page.locator(".ai-writer-card").screenshot({ path: `${SHOTS}/${name}-card.png` });
  await page.getByRole("button", { name: "Write with AI" }).and(page.locator(":enabled")).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("offline", { exact: true }).waitFor();
  return dialog;
}

Deno.test("the AI writer on a lead", BROWSER_TEST, async (t) => {
  if (SHOTS) await Deno.mkdir(SHOTS, { recursive: true });
  const server = await startTestServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    const lead = await alice.post("/api/v1/leads", {
      business_name: "Gym Bangalore",
      contact_name: "Ravi Kumar",
      industry: "Fitness",
      city: "Bangalore",
    });
    const leadId = lead.json.data.id as string;

    // One signed-in page for both steps: the phone step narrows the same window (signing in again costs seconds).
    const page = await browser.newPage({ baseURL: server.url });
    await signIn(page, "carol@acme.test", "leadly-demo");

    await browser.step(t, "write, read the drafts as tabs, edit one and save it as a template", async () => {
      const dialog = await openWriter(page, leadId, "desktop");
      await dialog.getByLabel("Goal").selectOption("book_meeting");
      await dialog.getByLabel("Language").selectOption("es");
      await dialog.getByRole("button", { name: "Write", exact: true }).click();
      await dialog.getByRole("button", { name: "Copy" }).waitFor();
      const tabs = dialog.getByRole("tab");
      assertEquals(await tabs.count(), 3);
      const body = dialog.getByLabel("Message");
      assertMatch(await body.inputValue(), /^Hola, Ravi:/);
      await tabs.nth(0).focus();
      await page.keyboard.press("ArrowRight");
      assertEquals(await tabs.nth(1).getAttribute("aria-selected"), "true");
      const second = await body.inputValue();
      assert(second.includes("Gym Bangalore") || second.includes("Ravi"), second);
      await body.fill("Hola Ravi, ¿hablamos el martes?");
      await shot(page, "ai-writer-desktop");
      await dialog.getByRole("button", { name: "Save as template" }).click();
      await dialog.getByLabel("Template name").fill("Gym follow-up");
      await dialog.getByRole("button", { name: "Save", exact: true }).click();
      await dialog.getByText("Saved as the template “Gym follow-up”.").waitFor();
      const templates = await alice.get("/functions/v1/ai/templates");
      assertEquals(templates.json.data.map((x: { body: string }) => x.body), ["Hola Ravi, ¿hablamos el martes?"]);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
    });

    await browser.step(t, "on a phone the dialog fills the screen without sideways scrolling", async () => {
      await page.setViewportSize(PHONE.viewport!);
      const dialog = await openWriter(page, leadId, "phone");
      await dialog.getByLabel("Channel").selectOption("sms");
      await dialog.getByRole("button", { name: "Write", exact: true }).click();
      await dialog.getByRole("button", { name: "Copy" }).waitFor();
      assertEquals(await dialog.getByLabel("Subject").count(), 0);
      await assertNoSidewaysScroll(page, 390);
      await shot(page, "ai-writer-phone");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
