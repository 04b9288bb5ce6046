// Leads and the activity timeline in a browser: a lead offers only its one forward move and the page follows it;
// an interested lead converts to a deal and links to it; a lead is marked lost with a reason; on a contact, a logged
// call lands on top of Today and a comment mentions @bob through autocomplete. Screenshots of the lead list, leads
// and a contact with a rich timeline, on a desktop and a phone.
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

async function timelineReady(page: Page) {
  await page.locator('.activity[data-hydrated="true"][aria-busy="false"]').waitFor();
}

Deno.test("leads and the activity timeline", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const bob = await ApiClient.signIn(server.url, "bob@acme.test");
  const leads = [
    ["Sharma Dental", "Dr Priya Sharma", "Dentist", "Jaipur", 82],
    ["Gym Bangalore", "Ravi Kumar", "Fitness", "Bangalore", 64],
    ["Cafe Mumbai", "Anita Desai", "Hospitality", "Mumbai", 41],
    ["Lotus Yoga Studio", "Meera Iyer", "Fitness", "Pune", 55],
    ["Nair Legal", "Arjun Nair", "Legal", "Kochi", 90],
  ] as const;
  const ids: string[] = [];
  for (const [name, contact, industry, city, score] of leads) {
    const res = await alice.post("/api/v1/leads", {
      business_name: name,
      contact_name: contact,
      email: `${name.split(" ")[0].toLowerCase()}@leads.test`,
      industry,
      city,
      country: "India",
      score,
      source: "referral",
    });
    assertEquals(res.status, 201);
    ids.push(res.json.data.id);
  }
  // a spread of statuses for the list's chips
  await alice.post(`/api/v1/leads/${ids[1]}/transition`, { to: "CONTACTED" });
  await alice.post(`/api/v1/leads/${ids[2]}/transition`, { to: "CONTACTED" });
  await alice.post(`/api/v1/leads/${ids[2]}/transition`, { to: "INTERESTED" });
  await alice.post(`/api/v1/leads/${ids[4]}/override`, {
    to: "PROPOSAL_SENT",
    reason: "Met at the expo, proposal sent",
  });

  // a contact with a history: changes, calls, meetings, a note with a thread
  const contact = (await alice.post("/api/v1/contacts", {
    first_name: "Ada",
    last_name: "Lovelace",
    email: "ada@engines.test",
    job_title: "CTO",
    city: "Berlin",
  })).json.data;
  await bob.patch(`/api/v1/contacts/${contact.id}`, { city: "Paris" });
  await alice.patch(`/api/v1/contacts/${contact.id}`, { lead_score: 80, tags: ["vip"], job_title: "CEO" });
  const on = (days: number, hour: number) => {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() - days);
    d.setUTCHours(hour, 15, 0, 0);
    return d.toISOString();
  };
  const log = async (who: ApiClient, body: Record<string, unknown>) => {
    const res = await who.post("/api/v1/activities", { record_type: "contact", record_id: contact.id, ...body });
    assertEquals(res.status, 201, JSON.stringify(res.json));
    return res.json.data;
  };
  await log(bob, {
    type: "meeting",
    subject: "Product demo",
    body: "Walked through reporting.\nShe wants SSO.",
    duration_seconds: 2700,
    outcome: "held",
    occurred_at: on(3, 10),
  });
  await log(alice, { type: "email", subject: "Pricing for 40 seats", body: "Sent the sheet.", occurred_at: on(1, 9) });
  const note = await log(bob, { type: "note", body: "Budget approved for Q1. @alice can you join the call?" });
  await alice.post(`/api/v1/activities/${note.id}/comments`, { body: "Yes, count me in @bob" });

  const browser = await launchBrowser();
  const page = await browser.newPage({ baseURL: server.url });
  try {
    await browser.step(t, "the lead list with status chips", async () => {
      await signInWithCookies(page, server.url, "alice@acme.test");
      await page.goto("/leads");
      await page.locator('.record-list[data-hydrated="true"][aria-busy="false"]').waitFor();
      assertEquals(await page.locator(".list-table tbody tr").count(), 5);
      const chips = page.getByRole("navigation", { name: "Leads by status" });
      assertEquals(
        (await chips.getByRole("link", { name: /^Contacted/ }).innerText()).replace(/\s+/g, " "),
        "Contacted 1",
      );
      await page.locator(".list-table .lead-status-badge", { hasText: "Proposal sent" }).waitFor();
      await screenshot(page, "leads-list-desktop");
    });

    await browser.step(
      t,
      "a NEW lead offers only Mark contacted; clicking it moves the stepper and history",
      async () => {
        await page.goto(`/leads/${ids[0]}`);
        await timelineReady(page);
        const header = page.locator(".page-header");
        const moves = await header.getByRole("button", { name: /^Mark / }).allInnerTexts();
        assertEquals(moves.map((m) => m.trim()), ["Mark contacted"]);
        await header.getByRole("link", { name: "Edit" }).waitFor();
        await header.getByRole("button", { name: "Delete" }).waitFor();
        assertEquals(await page.locator('.lead-step[aria-current="step"]').getAttribute("data-status"), "NEW");
        await screenshot(page, "lead-new-desktop");

        await header.getByRole("button", { name: "Mark contacted" }).click();
        await page.waitForURL(/moved=CONTACTED/);
        await timelineReady(page);
        assertEquals(await page.locator('.lead-step[aria-current="step"]').getAttribute("data-status"), "CONTACTED");
        await page.getByText("Moved to Contacted.").waitFor();
        const history = page.locator(".lead-history-item").first();
        assertEquals(await history.getAttribute("data-to"), "CONTACTED");
        assert((await history.innerText()).includes("Alice Martin"));
        const after = await page.locator(".page-header").getByRole("button", { name: /^Mark / }).allInnerTexts();
        assertEquals(after.map((m) => m.trim()), ["Mark interested"]);
        // lead info stays editable after NEW; deleting does not
        assertEquals(await page.locator(".page-header").getByRole("link", { name: "Edit" }).count(), 1);
        assertEquals(await page.locator(".page-header").getByRole("button", { name: "Delete" }).count(), 0);
        await page.locator(".timeline-item-status_change", { hasText: "Status: New → Contacted" }).waitFor();
        await screenshot(page, "lead-contacted-desktop");
      },
    );

    await browser.step(t, "convert an interested lead to a deal, then mark another lead as lost", async () => {
      await page.goto(`/leads/${ids[2]}`);
      await timelineReady(page);
      await page.locator(".page-header").getByRole("button", { name: "Convert to deal" }).click();
      await page.waitForURL(/converted=new/);
      const deal = page.locator(".lead-deal").getByRole("link", { name: "Cafe Mumbai" });
      await deal.waitFor();
      assertEquals(await page.locator(".page-header").getByRole("button", { name: "Convert to deal" }).count(), 0);
      await screenshot(page, "lead-converted-desktop");

      await page.goto(`/leads/${ids[1]}`);
      await timelineReady(page);
      const lost = page.locator(".lead-lost");
      await lost.locator("summary").click();
      await lost.getByLabel("Reason").fill("Not interested: signed with a gym chain");
      await screenshot(page, "lead-lost-dialog-desktop");
      await lost.getByRole("button", { name: "Mark as lost" }).click();
      await page.waitForURL(/lost/);
      await timelineReady(page);
      assertEquals(await page.locator('.lead-step[aria-current="step"]').getAttribute("data-status"), "LOST");
      await page.locator(".lead-lost-alert", { hasText: "signed with a gym chain" }).waitFor();
      await page.locator(".timeline-item-status_change", { hasText: "Status: Contacted → Lost" }).waitFor();
      await page.locator(".timeline-item", { hasText: "marked this lead as lost" }).waitFor();
      assertEquals(await page.locator(".page-header").getByRole("button", { name: /^Mark / }).count(), 0);
      await screenshot(page, "lead-lost-desktop");

      await page.goto("/leads?status=LOST");
      await page.locator('.record-list[data-hydrated="true"][aria-busy="false"]').waitFor();
      const chip = page.getByRole("navigation", { name: "Leads by status" }).getByRole("link", { name: /^Lost/ });
      assertEquals((await chip.innerText()).replace(/\s+/g, " "), "Lost 1");
      await page.locator(".list-table .lead-status-badge", { hasText: "Lost" }).waitFor();
    });

    await browser.step(t, "log a call on a contact: it is the first entry of Today", async () => {
      await page.goto(`/contacts/${contact.id}`);
      await timelineReady(page);
      const activity = page.locator(".activity");
      await activity.getByRole("tab", { name: "Call" }).click();
      await activity.getByLabel("Subject").fill("Intro call with Ada");
      await activity.getByLabel("Details").fill("Talked timelines. Follow up Friday.");
      await activity.locator(".activity-minutes input").fill("12");
      await activity.getByRole("combobox", { name: "Outcome" }).selectOption("connected");
      await activity.getByRole("button", { name: "Log call" }).click();
      const firstDay = activity.locator(".timeline-day").first();
      await firstDay.locator(".timeline-item-call", { hasText: "Intro call with Ada" }).waitFor();
      await timelineReady(page);
      assertEquals((await firstDay.locator(".timeline-day-label").innerText()).toLowerCase(), "today");
      const top = firstDay.locator(".timeline-item").first();
      assert((await top.innerText()).includes("Intro call with Ada"), "the call is on top");
      assert((await top.innerText()).includes("12 min"));
      assert((await top.innerText()).includes("Connected"));
      // automatic entries read as sentences with labels and names
      await activity.getByText("Bob Okafor changed City from Berlin to Paris").waitFor();
    });

    await browser.step(t, "comment on the call mentioning @bob through autocomplete", async () => {
      const top = page.locator(".activity .timeline-day").first().locator(".timeline-item").first();
      await top.getByRole("button", { name: "Comment" }).click();
      const box = top.getByRole("combobox", { name: "Write a comment" });
      await box.pressSequentially("Great call, @bo");
      const option = top.getByRole("option", { name: /Bob Okafor/ });
      await option.waitFor();
      await box.press("Enter");
      assertEquals(await box.inputValue(), "Great call, @bob ");
      await box.pressSequentially("please send the deck");
      await top.getByRole("button", { name: "Comment", exact: true }).last().click();
      const chip = top.locator(".comment .mention-chip", { hasText: "@bob" });
      await chip.waitFor();
      await top.getByRole("button", { name: "1 comment" }).waitFor();
      // the note's thread from the API renders its mention too
      const noteItem = page.locator(".timeline-item-note").first();
      await noteItem.getByRole("button", { name: "1 comment" }).click();
      await noteItem.locator(".mention-chip", { hasText: "@bob" }).waitFor();
      await page.locator(".activity").scrollIntoViewIfNeeded();
      await screenshot(page, "contact-timeline-desktop");
      await screenshot(page, "contact-timeline-desktop-full", { fullPage: true });
    });

    await browser.step(t, "phone layout: list, lead and contact fit 390 px", async () => {
      const phone = await browser.newPage({ ...PHONE, baseURL: server.url });
      await signInWithCookies(phone, server.url, "alice@acme.test");
      await phone.goto("/leads");
      await phone.locator('.record-list[data-hydrated="true"]').waitFor();
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "leads-list-phone");
      await phone.goto(`/leads/${ids[4]}`);
      await timelineReady(phone);
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "lead-phone");
      await phone.locator(".lead-history").scrollIntoViewIfNeeded();
      await screenshot(phone, "lead-phone-history");
      await phone.goto(`/leads/${ids[1]}`);
      await timelineReady(phone);
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "lead-lost-phone");
      await phone.goto(`/contacts/${contact.id}`);
      await timelineReady(phone);
      await assertNoSidewaysScroll(phone, 390);
      await phone.locator(".activity").scrollIntoViewIfNeeded();
      await screenshot(phone, "contact-timeline-phone");
      await phone.locator(".timeline").scrollIntoViewIfNeeded();
      await screenshot(phone, "contact-timeline-phone-2");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
