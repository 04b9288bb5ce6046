// Notifications in two browsers: Alice @mentions Bob in a comment on a company's timeline and Bob's bell counts
// up without a reload; Bob opens the dropdown and marks it read; the inbox page and its actions; the
// preferences page keeps what was toggled. Screenshots of the bell dropdown, inbox and preferences on desktop
// and at 390 px.
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

async function bellReady(page: Page) {
  await page.locator('.notif-bell[data-hydrated="true"]').waitFor();
}

async function badge(page: Page): Promise<number> {
  const el = page.locator(".notif-bell .notif-badge");
  return (await el.count()) === 0 ? 0 : Number(await el.getAttribute("data-count"));
}

Deno.test("notifications: live bell, dropdown, inbox and preferences", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const company = await alice.post("/api/v1/companies", { name: "Hooli" });
  const companyId = company.json.data.id;
  const note = await alice.post("/api/v1/activities", {
    record_type: "company",
    record_id: companyId,
    type: "note",
    body: "Hooli wants a demo next week.",
  });
  assertEquals(note.status, 201);
  // a few older notifications for Bob, so the inbox has something to show
  const bobId = (await server.db.asService("test:ids", (tx) =>
    tx.query<{ id: string }>("select id from auth.users where email = 'bob@acme.test'")))[0].id;
  await alice.post("/api/v1/tasks", { title: "Prepare the Hooli demo", assignee_id: bobId });
  await alice.post("/api/v1/leads", { business_name: "Pied Piper", owner_id: bobId });

  const browser = await launchBrowser();
  const a = await browser.newPage({ baseURL: server.url });
  const b = await browser.newPage({ baseURL: server.url });
  try {
    let before = 0;
    await browser.step(t, "Bob's bell shows his unread count", async () => {
      await signInWithCookies(b, server.url, "bob@acme.test");
      await b.goto("/");
      await bellReady(b);
      await b.locator(".notif-bell .notif-badge").waitFor();
      before = await badge(b);
      assertEquals(before, 2);
      await b.evaluate(() =>
        (globalThis as { notifMarker?: number }).notifMarker = 1
      );
    });

    await browser.step(t, "Alice mentions @bob in a comment: Bob's bell counts up live", async () => {
      await signInWithCookies(a, server.url, "alice@acme.test");
      await a.goto(`/companies/${companyId}`);
      await a.locator('.activity[data-hydrated="true"][aria-busy="false"]').waitFor();
      const item = a.locator(".timeline-item-note").first();
      await item.getByRole("button", { name: "Comment" }).click();
      const box = item.getByRole("combobox", { name: "Write a comment" });
      await box.pressSequentially("Can you run it, @bo");
      await item.getByRole("option", { name: /Bob Okafor/ }).waitFor();
      await box.press("Enter");
      await box.pressSequentially("?");
      await item.getByRole("button", { name: "Comment", exact: true }).last().click();
      await item.locator(".comment .mention-chip", { hasText: "@bob" }).waitFor();

      await b.locator(`.notif-bell .notif-badge[data-count="${before + 1}"]`).waitFor();
      assertEquals(
        await b.evaluate(() =>
          (globalThis as { notifMarker?: number }).notifMarker
        ),
        1,
        "no reload",
      );
    });

    await browser.step(t, "Bob opens the dropdown and marks the mention read", async () => {
      await b.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
      const panel = b.getByRole("dialog", { name: "Notifications" });
      const row = panel.locator(".notif-item", { hasText: "Alice Martin mentioned you in a comment" });
      await row.waitFor();
      assertEquals(await row.getAttribute("data-unread"), "true");
      assert((await row.innerText()).includes("Can you run it, @bob ?"));
      await screenshot(b, "notifications-bell-desktop");
      await row.getByRole("button", { name: /^Mark read: Alice Martin mentioned you/ }).click();
      await b.locator(`.notif-bell .notif-badge[data-count="${before}"]`).waitFor();
      assertEquals(await row.getAttribute("data-unread"), "false");
      // snooze the lead notice from the dropdown: it leaves the list and the count
      const lead = panel.locator(".notif-panel-row", { hasText: "assigned you a lead" });
      await lead.getByRole("button", { name: /^Snooze:/ }).click();
      await lead.getByRole("button", { name: "Tomorrow" }).click();
      await lead.waitFor({ state: "detached" });
      await b.locator(`.notif-bell .notif-badge[data-count="${before - 1}"]`).waitFor();
      await b.keyboard.press("Escape");
      await panel.waitFor({ state: "detached" });
    });

    await browser.step(t, "the inbox page: tabs, mark unread, archive, mark all read", async () => {
      await b.goto("/notifications?filter=all");
      const list = b.getByRole("list", { name: "All notifications" });
      await list.locator(".notif-item").first().waitFor();
      assertEquals(await list.locator(".notif-item").count(), 2, "the snoozed one is not in All");
      await screenshot(b, "notifications-inbox-desktop");
      const mention = list.locator(".notif-item", { hasText: "mentioned you" });
      await mention.getByRole("button", { name: /^Mark unread:/ }).click();
      await b.getByText("Marked as unread.").waitFor();
      await bellReady(b);
      await b.locator('.notif-bell .notif-badge[data-count="2"]').waitFor();
      await b.getByRole("list", { name: "All notifications" }).locator(".notif-item", {
        hasText: "assigned you a task",
      })
        .getByRole("button", { name: /^Archive:/ }).click();
      await b.getByText("Archived.").waitFor();
      await b.getByRole("link", { name: /^Archived/ }).click();
      await b.getByRole("list", { name: "Archived notifications" }).locator(".notif-item").first().waitFor();
      await b.getByRole("link", { name: /^Snoozed/ }).click();
      await b.getByRole("list", { name: "Snoozed notifications" }).locator(".notif-item", { hasText: "lead" })
        .waitFor();
      await b.getByRole("button", { name: "Mark all read" }).click();
      await b.getByText("Everything is marked as read.").waitFor();
      await bellReady(b);
      assertEquals(await badge(b), 0);
    });

    await browser.step(t, "preferences: toggles and quiet hours persist", async () => {
      await b.goto("/settings/notifications");
      const emailMentions = b.getByRole("checkbox", { name: "Mentions: Email digest" });
      const pushTasks = b.getByRole("checkbox", { name: "Task assigned: Browser push" });
      assertEquals(await emailMentions.isChecked(), true);
      await emailMentions.uncheck();
      await pushTasks.uncheck();
      await b.getByRole("combobox", { name: "Send me a digest" }).selectOption("hourly");
      await b.getByLabel("Do not disturb").check();
      await b.getByRole("button", { name: "Save notification settings" }).click();
      await b.getByText("Your notification settings were saved.").waitFor();
      await b.reload();
      assertEquals(await b.getByRole("checkbox", { name: "Mentions: Email digest" }).isChecked(), false);
      assertEquals(await b.getByRole("checkbox", { name: "Task assigned: Browser push" }).isChecked(), false);
      assertEquals(await b.getByRole("checkbox", { name: "Mentions: In app" }).isChecked(), true);
      assertEquals(await b.getByRole("combobox", { name: "Send me a digest" }).inputValue(), "hourly");
      assertEquals(await b.getByLabel("Do not disturb").isChecked(), true);
      await b.locator('.notif-push[data-state]:not([data-state="checking"])').waitFor();
      await screenshot(b, "notifications-preferences-desktop");
      await screenshot(b, "notifications-preferences-desktop-full", { fullPage: true });
      const api = await ApiClient.signIn(server.url, "bob@acme.test");
      const prefs = (await api.get("/api/v1/notifications/preferences")).json.data;
      assertEquals(prefs.find((p: { type: string }) => p.type === "mention").email, false);
    });

    await browser.step(t, "Alice DMs Bob: his Chat badge on Home and /notifications update live", async () => {
      const dm = await alice.post("/api/v1/channels/direct", { user_ids: [bobId] });
      const dmId = dm.json.data.id;
      const say = (body: string) =>
        alice.post(`/api/v1/channels/${dmId}/messages`, { client_id: crypto.randomUUID(), body });
      await b.goto("/");
      const chat = b.locator('.sidebar .chat-unread[data-live="true"]');
      await chat.waitFor();
      const unread = Number(await chat.getAttribute("data-chat-unread"));
      const direct = Number(await chat.getAttribute("data-chat-direct"));
      await b.evaluate(() => (globalThis as { chatMarker?: number }).chatMarker = 1);
      assertEquals((await say("Got a minute for Hooli?")).status, 201);
      await b.locator(
        `.sidebar .chat-unread[data-chat-unread="${unread + 1}"][data-chat-direct="${direct + 1}"] .chat-nav-dm`,
      ).waitFor();
      assert((await b.getByRole("link", { name: /^Chat \d+ unread messages?, \d+ in direct messages$/ }).count()) > 0);
      assertEquals(await b.evaluate(() => (globalThis as { chatMarker?: number }).chatMarker), 1, "no reload");
      await screenshot(b, "chat-unread-home-desktop");
      await b.goto("/notifications?filter=unread");
      await b.locator('.notif-inbox[data-live="true"]').waitFor();
      await b.evaluate(() => (globalThis as { chatMarker?: number }).chatMarker = 2);
      assertEquals((await say("The demo is at 3")).status, 201);
      const item = b.getByRole("list", { name: "Unread notifications" }).locator(".notif-item", {
        hasText: "The demo is at 3",
      });
      await item.waitFor();
      assertEquals(await item.getAttribute("data-type"), "direct_message");
      const count = await badge(b);
      await item.getByRole("button", { name: /^Mark read: Alice Martin sent you a message/ }).click();
      await item.waitFor({ state: "detached" });
      await b.locator(
        count > 1 ? `.notif-bell .notif-badge[data-count="${count - 1}"]` : ".notif-bell:not(:has(.notif-badge))",
      )
        .waitFor();
      assertEquals(await b.evaluate(() => (globalThis as { chatMarker?: number }).chatMarker), 2, "no reload");
      await screenshot(b, "notifications-live-dm-desktop");
    });

    await browser.step(t, "phone: bell dropdown, inbox and preferences fit 390 px", async () => {
      await alice.post("/api/v1/tasks", { title: "Phone check", assignee_id: bobId });
      const phone = await browser.newPage({ ...PHONE, baseURL: server.url });
      await signInWithCookies(phone, server.url, "bob@acme.test");
      await phone.goto("/notifications?filter=all");
      await bellReady(phone);
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "notifications-inbox-phone");
      await phone.getByRole("button", { name: /^Notifications/ }).click();
      await phone.getByRole("dialog", { name: "Notifications" }).locator(".notif-item").first().waitFor();
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "notifications-bell-phone");
      await phone.goto("/settings/notifications");
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "notifications-preferences-phone");
      await phone.locator(".notif-dnd-times").scrollIntoViewIfNeeded();
      await screenshot(phone, "notifications-preferences-phone-2");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
