// Chat features in two browsers: @mention autocomplete and the mention badge, reactions, a thread reply,
// Up to edit ("edited"), delete ("deleted"), pin and the pins view, search with a person filter, creating a
// channel and browsing/joining one, and a long history: older pages load on scrolling up with the message
// being read kept in place, and only a window of the messages is rendered.
import { assert, assertEquals } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, type Page, screenshot, signInWithCookies } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

const live = (page: Page, channelId: string) =>
  page.locator(`.chat-app[data-hydrated="true"][data-live-channel="${channelId}"]`).waitFor();
const message = (page: Page, text: string) => page.locator(".chat-conv .chat-msg", { hasText: text });
const composer = (page: Page) => page.locator("#chat-composer");

Deno.test(
  "chat features: mentions, reactions, threads, edit, delete, pins, search, channels, history",
  BROWSER_TEST,
  async (t) => {
    const server = await startTestServer({ seed: true });
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    const { json } = await alice.get("/api/v1/channels");
    const byName = (name: string) => json.data.find((c: { name: string }) => c.name === name).id as string;
    const general = byName("general");
    const dm = json.data.find((c: { type: string }) => c.type === "dm").id as string;
    const browser = await launchBrowser();
    const a = await browser.newPage({ baseURL: server.url });
    const b = await browser.newPage({ baseURL: server.url });
    try {
      await browser.step(t, "@mention autocomplete; Bob gets a mention badge", async () => {
        await signInWithCookies(a, server.url, "alice@acme.test");
        await signInWithCookies(b, server.url, "bob@acme.test");
        await a.goto(`/chat/${general}`);
        await b.goto(`/chat/${dm}`);
        await Promise.all([live(a, general), live(b, dm)]);
        await composer(a).click();
        await a.keyboard.type("Hey @bo");
        const option = a.getByRole("option", { name: /Bob Okafor/ });
        await option.waitFor();
        await screenshot(a, "chat-mention-autocomplete");
        await a.keyboard.press("Enter");
        await a.keyboard.type("can you check the pricing table?");
        assertEquals(await composer(a).inputValue(), "Hey @Bob Okafor can you check the pricing table?");
        await a.keyboard.press("Enter");
        await message(a, "can you check the pricing table?").locator(".mention", { hasText: "@Bob Okafor" }).waitFor();
        await b.locator(`.chat-side-item[data-channel-id="${general}"] .chat-badge-mention`, { hasText: "@1" })
          .waitFor();
      });

      await browser.step(t, "Bob reacts and replies in a thread; Alice sees both", async () => {
        await b.locator(`.chat-side-item[data-channel-id="${general}"]`).click();
        await live(b, general);
        const msg = message(b, "pricing table");
        await msg.hover();
        await msg.getByRole("button", { name: "Add reaction" }).click();
        await msg.getByRole("button", { name: "React with 👍" }).click();
        await message(a, "pricing table").getByRole("button", { name: "👍 1" }).waitFor();
        await msg.hover();
        await msg.getByRole("button", { name: "Reply in thread" }).click();
        const thread = b.getByRole("complementary", { name: "Thread" });
        await thread.waitFor();
        await thread.locator("#chat-thread-composer").fill("On it, will report back");
        await thread.locator("#chat-thread-composer").press("Enter");
        await thread.locator(".chat-msg", { hasText: "On it, will report back" }).locator(".chat-msg-status")
          .waitFor({ state: "detached" });
        await screenshot(b, "chat-thread-desktop");
        const link = message(a, "pricing table").getByRole("button", { name: "1 reply" });
        await link.click();
        await a.getByRole("complementary", { name: "Thread" }).locator(".chat-msg", { hasText: "On it" }).waitFor();
        assertEquals(await message(a, "On it, will report back").count(), 0, "replies stay out of the channel");
        await a.getByRole("button", { name: "Close panel" }).click();
      });

      await browser.step(t, "Up edits my last message; delete shows a marker; both seen by Bob", async () => {
        await composer(a).fill("Typo hree");
        await composer(a).press("Enter");
        await message(b, "Typo hree").waitFor();
        await composer(a).click();
        await a.keyboard.press("ArrowUp");
        const editor = a.locator(".chat-conv textarea[id^='chat-edit-']");
        await editor.waitFor();
        assertEquals(await editor.inputValue(), "Typo hree");
        await editor.fill("Typo here");
        await editor.press("Enter");
        await message(b, "Typo here").locator(".chat-msg-edited", { hasText: "(edited)" }).waitFor();
        const mine = message(a, "Typo here");
        await mine.hover();
        await mine.getByRole("button", { name: "Delete message" }).click();
        await a.getByRole("dialog", { name: "Delete this message?" }).getByRole("button", { name: "Delete message" })
          .click();
        await b.locator(".chat-conv .chat-msg-deleted", { hasText: "This message was deleted." }).waitFor();
        assertEquals(await message(b, "Typo here").count(), 0);
      });

      await browser.step(t, "Bob pins a message; Alice sees it pinned and in the pins view", async () => {
        const msg = message(b, "Weekly pipeline review");
        await msg.hover();
        await msg.getByRole("button", { name: "Pin message" }).click();
        await message(a, "Weekly pipeline review").locator(".chat-msg-pin-tag").waitFor();
        await a.getByRole("button", { name: "Pinned messages" }).click();
        const pins = a.getByRole("complementary", { name: "Pinned messages" });
        await pins.locator(".chat-msg", { hasText: "Weekly pipeline review" }).waitFor();
        await screenshot(a, "chat-pins-desktop");
      });

      await browser.step(t, "search with a person filter", async () => {
        await a.getByRole("button", { name: "Search messages" }).click();
        const panel = a.getByRole("complementary", { name: "Search" });
        await panel.getByLabel("Search messages").fill("pricing");
        await panel.getByLabel("In channel").selectOption("");
        await panel.getByLabel("From").selectOption({ label: "Bob Okafor" });
        await panel.getByRole("button", { name: "Search" }).click();
        await panel.locator(".chat-result").first().waitFor();
        const senders = await panel.locator(".chat-result-meta strong").allInnerTexts();
        assert(senders.length > 0 && senders.every((s) => s === "Bob Okafor"), senders.join(","));
        await screenshot(a, "chat-search-desktop");
        await a.getByRole("button", { name: "Close panel" }).click();
      });

      await browser.step(t, "Alice creates a public channel; Bob finds it under Browse and joins", async () => {
        await a.getByRole("button", { name: "Create a channel" }).first().click();
        const dialog = a.getByRole("dialog", { name: "Create a channel" });
        await dialog.getByLabel("Name").fill("Q4 Wins");
        await dialog.getByLabel("Topic (optional)").fill("Closed deals of the quarter");
        await dialog.getByRole("button", { name: "Create channel" }).click();
        await a.locator(".chat-conv-title", { hasText: "q4-wins" }).waitFor();
        await b.locator(".chat-side-browse").click();
        await b.waitForURL("**/chat/browse");
        const join = b.getByRole("button", { name: "Join #q4-wins" });
        await join.waitFor();
        await screenshot(b, "chat-browse-desktop");
        await join.click();
        await b.locator(".chat-conv-title", { hasText: "q4-wins" }).waitFor();
        await b.locator(".chat-side-item", { hasText: "q4-wins" }).waitFor();
        await composer(b).fill("Joined!");
        await composer(b).press("Enter");
        await message(a, "Joined!").waitFor();
      });

      await browser.step(t, "a long history pages backwards smoothly and renders only a window", async () => {
        const created = await alice.post("/api/v1/channels", { name: "history", type: "public" });
        assertEquals(created.status, 201);
        const id = created.json.data.id as string;
        const total = 130;
        const label = (i: number) => `history message ${String(i).padStart(3, "0")}`;
        for (let i = 0; i < total; i++) {
          const res = await alice.post(`/api/v1/channels/${id}/messages`, {
            client_id: crypto.randomUUID(),
            body: label(i),
          });
          assertEquals(res.status, 201);
        }
        await a.goto(`/chat/${id}`);
        await live(a, id);
        await message(a, label(total - 1)).waitFor();
        const list = a.locator(".chat-list");
        const before = await a.locator(".chat-list .chat-msg").count();
        assertEquals(before, 50, "first page");
        // Scroll to the top: the next page loads above, and the message that was on top stays where it was.
        const anchor = message(a, label(total - 50));
        await list.evaluate((el) => (el.scrollTop = 0));
        await message(a, label(total - 100)).waitFor({ state: "attached" });
        const y = await anchor.evaluate((el) => el.getBoundingClientRect().top);
        const listTop = await list.evaluate((el) => el.getBoundingClientRect().top);
        assert(y >= listTop - 60 && y <= listTop + 200, `the anchor stayed near the top (${y} vs ${listTop})`);
        // Each scroll to the top loads the next page, until the beginning of the channel shows.
        await a.waitForFunction(
          () => {
            document.querySelector(".chat-list")!.scrollTop = 0;
            return document.querySelector(".chat-beginning") !== null;
          },
          null,
          { polling: 250 },
        );
        await a.locator(".chat-beginning").waitFor();
        await message(a, "history message 000").waitFor();
        const rendered = await a.locator(".chat-list .chat-msg").count();
        assert(rendered < total, `virtualized: ${rendered} of ${total} rendered`);
        await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
        await message(a, label(total - 1)).waitFor();
        assertEquals(await message(a, "history message 000").count(), 0, "the top is unrendered again");
        await screenshot(a, "chat-history-desktop");
      });
    } finally {
      await browser.close();
      await server.close();
    }
  },
);
