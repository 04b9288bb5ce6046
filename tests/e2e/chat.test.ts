// Team chat in two browsers (Alice and Bob): a message arrives live with the typing indicator before it and
// an unread badge (and tab title count) when Bob looks elsewhere; Bob reads and Alice sees "Seen by Bob";
// Bob drops offline (websocket closed, network off), Alice sends three messages, Bob types one, and after
// reconnecting Bob has all three exactly once and his own is delivered exactly once; an XSS payload list
// renders inert in Bob's browser; the phone layout (list, full-screen conversation, back and swipe back).
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import {
  assertNoSidewaysScroll,
  BROWSER_TEST,
  type BrowserContext,
  launchBrowser,
  type Page,
  PHONE,
  screenshot,
  signInWithCookies,
} from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

interface ChannelRow {
  id: string;
  type: string;
  name: string;
  members: { id: string; name: string }[] | null;
}

const XSS = [
  "<img src=x onerror=\"document.body.dataset.pwned='img'\">",
  "<script>document.body.dataset.pwned='script'</script>",
  "[click me](javascript:document.body.dataset.pwned='md-link')",
  "<a href=\"javascript:document.body.dataset.pwned='a'\">a link</a>",
  "<svg onload=\"document.body.dataset.pwned='svg'\"><circle r=9 /></svg>",
  "<iframe src=\"javascript:document.body.dataset.pwned='iframe'\"></iframe>",
  '<div style="position:fixed;inset:0" onmouseover="document.body.dataset.pwned=\'div\'">cover</div>',
  "<details open ontoggle=\"document.body.dataset.pwned='details'\">x</details>",
];

const live = (page: Page, channelId: string) =>
  page.locator(`.chat-app[data-hydrated="true"][data-live-channel="${channelId}"]`).waitFor();
const message = (page: Page, text: string) => page.locator(".chat-conv .chat-msg", { hasText: text });
const composer = (page: Page) => page.locator("#chat-composer");

/** Offline switch for a context: closes its open websockets and refuses new ones while off. */
async function offlineSwitch(context: BrowserContext) {
  let offline = false;
  const open = new Set<{ close(): Promise<void> }>();
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (offline) {
      void ws.close();
      return;
    }
    const server = ws.connectToServer();
    const pair = {
      async close() {
        await ws.close().catch(() => {});
        await server.close().catch(() => {});
      },
    };
    open.add(pair);
    ws.onClose(() => open.delete(pair));
  });
  return {
    async set(value: boolean) {
      offline = value;
      await context.setOffline(value);
      if (value) { for (const pair of [...open]) await pair.close(); }
    },
  };
}

Deno.test("chat: live messages, typing, unread, receipts, offline outbox, XSS, phone", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const listed = await alice.get("/api/v1/channels");
  assertEquals(listed.status, 200);
  const channels: ChannelRow[] = listed.json.data;
  const dm = channels.find((c) => c.type === "dm" && c.members?.some((m) => m.name.startsWith("Bob")));
  const general = channels.find((c) => c.name === "general");
  assert(dm && general, "the demo workspace has a DM Alice-Bob and #general");
  const browser = await launchBrowser();
  const dialogs: string[] = [];
  const contextA = await browser.newContext({ baseURL: server.url });
  const contextB = await browser.newContext({ baseURL: server.url });
  const network = await offlineSwitch(contextB);
  const a = await contextA.newPage();
  const b = await contextB.newPage();
  for (const page of [a, b]) page.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
  try {
    await browser.step(
      t,
      "both open the DM; Alice types, Bob sees the typing indicator, then the message",
      async () => {
        await signInWithCookies(a, server.url, "alice@acme.test");
        await signInWithCookies(b, server.url, "bob@acme.test");
        await a.goto(`/chat/${dm.id}`);
        await b.goto(`/chat/${dm.id}`);
        await Promise.all([live(a, dm.id), live(b, dm.id)]);
        await composer(a).click();
        await a.keyboard.type("Hello Bob, **new** pricing is out");
        await b.locator(".chat-typing", { hasText: /Alice is typing…/ }).waitFor();
        await screenshot(b, "chat-typing-desktop");
        await a.keyboard.press("Enter");
        await message(b, "Hello Bob, new pricing is out").waitFor();
        assertEquals(await message(b, "Hello Bob").locator("strong", { hasText: "new" }).count(), 1, "bold rendered");
        await b.locator(".chat-typing", { hasText: "typing" }).waitFor({ state: "detached" }).catch(() => {});
        assertEquals((await b.locator(".chat-typing").innerText()).trim(), "");
        assertEquals(await composer(a).inputValue(), "", "composer cleared after Enter");
      },
    );

    await browser.step(
      t,
      "Bob looks at #general: a new DM message shows an unread badge and the tab title count",
      async () => {
        await b.locator(`.chat-side-item[data-channel-id="${general.id}"]`).click();
        await live(b, general.id);
        const before = Number((await b.title()).match(/^\((\d+)\)/)?.[1] ?? 0);
        const dmItem = b.locator(`.chat-side-item[data-channel-id="${dm.id}"]`);
        assertEquals(await dmItem.locator(".chat-badge").count(), 0);
        await composer(a).fill("Are you there?");
        await composer(a).press("Enter");
        await dmItem.locator(".chat-badge", { hasText: "1" }).waitFor();
        await b.waitForFunction((n) => document.title.startsWith(`(${n}) `), before + 1);
        assertMatch(await b.title(), /^\(\d+\) #general · Chat · Leadly$/);
        await screenshot(b, "chat-unread-desktop");
      },
    );

    await browser.step(t, "Bob opens the DM and reads it; Alice sees “Seen by Bob”", async () => {
      await b.locator(`.chat-side-item[data-channel-id="${dm.id}"]`).click();
      await message(b, "Are you there?").waitFor();
      await b.locator(`.chat-side-item[data-channel-id="${dm.id}"] .chat-badge`).waitFor({ state: "detached" });
      await message(a, "Are you there?").locator(".chat-seen", { hasText: "Seen by Bob" }).waitFor();
      assertEquals(await a.locator(".chat-conv .chat-seen").count(), 1, "one receipt, under the newest read message");
      await screenshot(a, "chat-seen-desktop");
    });

    await browser.step(
      t,
      "Bob goes offline; Alice sends three; Bob types one; back online everything arrives once",
      async () => {
        await live(b, dm.id);
        await network.set(true);
        await b.locator('.chat-app[data-connected="false"]').waitFor();
        await b.locator(".chat-offline").waitFor();
        for (const text of ["offline one", "offline two", "offline three"]) {
          await composer(a).fill(text);
          await composer(a).press("Enter");
          await message(a, text).locator(".chat-msg-status").waitFor({ state: "detached" });
        }
        await composer(b).fill("typed while offline");
        await composer(b).press("Enter");
        const pending = message(b, "typed while offline");
        await pending.locator(".chat-msg-status", { hasText: "sending…" }).waitFor();
        assertEquals(await message(b, "offline one").count(), 0, "nothing reached Bob while offline");
        await screenshot(b, "chat-offline-desktop");
        await network.set(false);
        await b.locator('.chat-app[data-connected="true"]').waitFor({ timeout: 30_000 });
        for (const text of ["offline one", "offline two", "offline three"]) await message(b, text).waitFor();
        await pending.locator(".chat-msg-status").waitFor({ state: "detached" });
        await message(a, "typed while offline").waitFor();
        for (const text of ["offline one", "offline two", "offline three", "typed while offline"]) {
          assertEquals(await message(b, text).count(), 1, `Bob has “${text}” once`);
          assertEquals(await message(a, text).count(), 1, `Alice has “${text}” once`);
        }
        const stored = await alice.get(`/api/v1/channels/${dm.id}/messages?limit=50`);
        const bodies: string[] = stored.json.data.map((m: { body: string }) => m.body);
        assertEquals(bodies.filter((body) => body === "typed while offline").length, 1, "stored exactly once");
        // A reload later must not send it again: the outbox is empty.
        assertEquals(await b.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("outbox")).length), 0);
      },
    );

    await browser.step(t, "XSS payloads from Alice render inert in Bob's browser", async () => {
      for (const [i, payload] of XSS.entries()) {
        const res = await alice.post(`/api/v1/channels/${dm.id}/messages`, {
          client_id: crypto.randomUUID(),
          body: `xss-${i}: ${payload}`,
        });
        assertEquals(res.status, 201, JSON.stringify(res.json));
      }
      await message(b, `xss-${XSS.length - 1}:`).waitFor();
      await b.locator(".chat-msg-body").last().hover();
      for (const link of await b.locator(".chat-msg-body a").all()) {
        const href = (await link.getAttribute("href")) ?? "";
        assert(!/^\s*javascript:/i.test(href), `no javascript: link (${href})`);
      }
      const clickable = b.locator(".chat-msg-body a", { hasText: "click me" });
      if (await clickable.count() > 0) await clickable.click();
      const injected = await b.evaluate(() => ({
        pwned: document.body.dataset.pwned ?? null,
        scripts: document.querySelectorAll(".chat-msg-body script").length,
        imgs: document.querySelectorAll(".chat-msg-body img[onerror], .chat-msg-body img[src='x']").length,
        handlers: [...document.querySelectorAll(".chat-msg-body *")].filter((el) =>
          [...el.attributes].some((attr) =>
            attr.name.startsWith("on") || attr.name === "style"
          )
        ).length,
        frames: document.querySelectorAll(".chat-msg-body iframe, .chat-msg-body svg, .chat-msg-body details").length,
      }));
      assertEquals(injected, { pwned: null, scripts: 0, imgs: 0, handlers: 0, frames: 0 });
      assertEquals(dialogs, [], "no dialog opened");
      await screenshot(b, "chat-xss-desktop");
    });

    await browser.step(t, "phone: list full screen, conversation full screen with back and swipe back", async () => {
      const phone = await browser.newPage({ ...PHONE, baseURL: server.url });
      await signInWithCookies(phone, server.url, "bob@acme.test");
      await phone.goto("/chat");
      await phone.locator('.chat-app[data-hydrated="true"]').waitFor();
      assert(await phone.locator(".chat-side").isVisible(), "the list is shown");
      assert(!(await phone.locator(".chat-main").isVisible()), "no conversation beside it");
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "chat-phone-home");
      await phone.locator(`.chat-side-item[data-channel-id="${dm.id}"]`).click();
      await phone.waitForURL(`**/chat/${dm.id}`);
      await message(phone, "typed while offline").waitFor();
      assert(!(await phone.locator(".chat-side").isVisible()), "conversation is full screen");
      const box = await phone.locator(".chat-main").boundingBox();
      assertEquals([box?.x, box?.y, box?.width, box?.height], [0, 0, 390, 844]);
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "chat-phone-conversation-dm");
      await phone.getByRole("link", { name: "Back to conversations" }).click();
      await phone.waitForURL("**/chat");
      await phone.locator(".chat-side").waitFor();
      await phone.locator(`.chat-side-item[data-channel-id="${general.id}"]`).click();
      await phone.locator(".chat-conv").waitFor();
      // Swipe right from the left part of the conversation goes back to the list.
      await phone.locator(".chat-conv").evaluate((el) => {
        const touch = (x: number) =>
          new Touch({ identifier: 1, target: el, clientX: x, clientY: 400, pageX: x, pageY: 400 });
        el.dispatchEvent(
          new TouchEvent("touchstart", { bubbles: true, touches: [touch(20)], changedTouches: [touch(20)] }),
        );
        el.dispatchEvent(new TouchEvent("touchend", { bubbles: true, touches: [], changedTouches: [touch(220)] }));
      });
      await phone.waitForURL("**/chat");
      assert(await phone.locator(".chat-side").isVisible(), "swiped back to the list");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
