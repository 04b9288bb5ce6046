// Two people at once (alice@acme.test and bob@acme.test): Alice moves a deal on the board and Bob's open board
// follows without a reload; both open the same deal and each sees the other is there; Alice sets herself busy
// and Bob sees it on her avatar; Alice edits the deal and Bob's page says so; Alice edits a contact's phone and Bob's
// open contact page shows the new number in place, without a reload. Screenshots on desktop and phone.
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
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";

const hydrated = (page: Page) => page.locator('.deal-board[data-hydrated="true"]').waitFor();
const column = (page: Page, stageId: string) => page.locator(`.deal-column[data-stage-id="${stageId}"]`);
/** Marks the page: the mark is gone after a reload, so a live update is told from a reloaded page. */
const mark = (page: Page) => page.evaluate(() => ((globalThis as unknown as { liveMark: number }).liveMark = 1));
const stillMarked = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { liveMark?: number }).liveMark === 1);

/** Resolves once a socket of `userId` is in `room` on the server (the page is listening there). */
async function listening(server: TestServer, room: string, userId: string) {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const sockets = await server.realtime.io.in(room).fetchSockets();
    if (sockets.some((s) => (s.data as { user?: { userId: string } }).user?.userId === userId)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${userId} is not listening in ${room}`);
}

Deno.test("live records: a teammate's move, who is here, and status, in two browsers", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const alice = await ApiClient.signIn(server.url, "alice@acme.test");
  const board = (await alice.get("/api/v1/deals/board/default")).json.data;
  const stages = board.stages as { id: string; name: string }[];
  const created = await alice.post("/api/v1/deals", { name: "Live renewal", value: 42_000, stage_id: stages[0].id });
  assertEquals(created.status, 201);
  const deal = created.json.data.id as string;
  const aliceId = (await alice.get("/api/v1/presence")).json.data.find((m: { name: string }) =>
    m.name === "Alice Martin"
  ).user_id as string;
  const bobId = (await alice.get("/api/v1/presence")).json.data.find((m: { name: string }) => m.name === "Bob Okafor")
    .user_id as string;

  const browser = await launchBrowser();
  const a = await browser.newPage({ baseURL: server.url });
  const b = await browser.newPage({ baseURL: server.url });
  try {
    await browser.step(t, "Alice moves a deal; Bob's open board follows without a reload", async () => {
      await signInWithCookies(a, server.url, "alice@acme.test");
      await signInWithCookies(b, server.url, "bob@acme.test");
      await b.goto("/deals");
      await hydrated(b);
      await column(b, stages[0].id).locator(`[data-deal-id="${deal}"]`).waitFor();
      await mark(b);
      await a.goto("/deals");
      await hydrated(a);
      // Keyboard move on Alice's board: Space, ArrowRight, Space.
      await a.locator(`.deal-card[data-deal-id="${deal}"] a`).focus();
      await a.keyboard.press("Space");
      await a.keyboard.press("ArrowRight");
      const moved = a.waitForResponse((r) => r.url().includes(`/deals/${deal}/move`));
      await a.keyboard.press("Space");
      assertEquals((await moved).status(), 200);
      const started = Date.now();
      await column(b, stages[1].id).locator(`[data-deal-id="${deal}"]`).waitFor({ timeout: 5_000 });
      const took = Date.now() - started;
      assert(took < 2_000, `Bob's board took ${took} ms`);
      assertEquals(await column(b, stages[0].id).locator(`[data-deal-id="${deal}"]`).count(), 0);
      assert(await stillMarked(b), "Bob's board updated in place, not by reloading");
      await screenshot(b, "live-board-after-teammate-move");
    });

    await browser.step(t, "a deal created and deleted by Alice appears and disappears on Bob's board", async () => {
      const another = await alice.post("/api/v1/deals", {
        name: "Fresh from Alice",
        value: 1_500,
        stage_id: stages[0].id,
      });
      const id = another.json.data.id as string;
      const card = column(b, stages[0].id).locator(`[data-deal-id="${id}"]`);
      await card.waitFor();
      assert((await card.innerText()).includes("Fresh from Alice"));
      assertEquals((await alice.delete(`/api/v1/deals/${id}`)).status, 200);
      await card.waitFor({ state: "detached" });
      assert(await stillMarked(b));
    });

    await browser.step(t, "Bob and Alice open the same deal: each sees the other is here", async () => {
      await b.goto(`/deals/${deal}`);
      await a.goto(`/deals/${deal}`);
      await a.locator(".live-viewers").filter({ hasText: "Bob Okafor is here" }).waitFor();
      await b.locator(".live-viewers").filter({ hasText: "Alice Martin is here" }).waitFor();
      await screenshot(a, "live-deal-who-is-here");
    });

    await browser.step(t, "Alice sets herself busy; Bob sees it on her avatar", async () => {
      const header = a.getByRole("banner");
      await header.getByLabel(/^Account menu for /).click();
      const busy = header.locator('[data-presence-choice="busy"]');
      await busy.waitFor();
      await a.locator(".presence-picker input").fill("In a pitch until 3");
      await busy.click();
      await header.locator('[data-presence-choice="busy"][aria-pressed="true"]').waitFor();
      await screenshot(a, "live-status-picker");
      const dot = b.locator(`.live-viewers [data-presence-user="${aliceId}"] .avatar-presence-busy`);
      await dot.waitFor();
      const title = await b.locator(`.live-viewers [data-presence-user="${aliceId}"]`).getAttribute("title");
      assertEquals(title, "Busy: In a pitch until 3");
      await header.getByLabel(/^Account menu for /).click();
    });

    await browser.step(t, "Alice edits the deal; Bob's page says who changed what", async () => {
      await mark(b);
      assertEquals(
        (await alice.patch(`/api/v1/deals/${deal}`, { value: 50_000, next_step: "Send contract" })).status,
        200,
      );
      const banner = b.locator(".live-record-changed");
      await banner.filter({ hasText: "Alice Martin changed" }).waitFor();
      const text = await banner.innerText();
      assert(text.includes("value") && text.includes("next step"), text);
      assert(await stillMarked(b));
      await screenshot(b, "live-deal-changed-by-teammate");
      // Alice leaves: Bob no longer sees her there.
      await a.goto("/deals");
      await b.locator(".live-viewers").waitFor({ state: "detached" });
    });

    await browser.step(t, "Alice logs a note on the deal; it appears on Bob's timeline", async () => {
      await b.goto(`/deals/${deal}`);
      await b.locator('.activity[data-hydrated="true"]').waitFor();
      await listening(server, `record:deal:${deal}`, bobId);
      await mark(b);
      const logged = await alice.post("/api/v1/activities", {
        record_type: "deal",
        record_id: deal,
        type: "note",
        body: "Pricing call went well",
      });
      assertEquals(logged.status, 201);
      await b.locator(".timeline-item").filter({ hasText: "Pricing call went well" }).waitFor();
      assert(await stillMarked(b));
    });

    await browser.step(
      t,
      "Alice edits a contact's phone; Bob's open contact page shows it without a reload",
      async () => {
        const created = await alice.post("/api/v1/contacts", {
          first_name: "Phoebe",
          last_name: "Live",
          phones: [{ label: "work", value: "+1 555 0100" }],
        });
        const id = created.json.data.id as string;
        await b.goto(`/contacts/${id}`);
        const phone = b.locator('dl[data-live-fields] [data-field="Phone (work)"]');
        await phone.filter({ hasText: "+1 555 0100" }).waitFor();
        await listening(server, `record:contact:${id}`, bobId);
        await mark(b);
        const edited = await alice.patch(`/api/v1/contacts/${id}`, {
          phones: [{ label: "work", value: "+1 555 0199" }],
        });
        assertEquals(edited.status, 200);
        await phone.filter({ hasText: "+1 555 0199" }).waitFor({ timeout: 5_000 });
        assertEquals(await phone.getAttribute("data-live-changed"), "", "the changed field is highlighted");
        assertEquals(await b.locator("[data-live-changed]").count(), 1, "only the changed field");
        assertEquals(await b.locator(`a[href="tel:+1 555 0199"]`).count(), 1, "rendered as on first load");
        await b.locator(".live-record-changed").filter({ hasText: "Alice Martin changed phones. It’s updated below." })
          .waitFor();
        assertEquals(await b.getByRole("button", { name: "Show changes" }).count(), 0, "nothing left to reload");
        assert(await stillMarked(b), "patched in place: no navigation happened");
        await screenshot(b, "live-contact-phone-patched");

        // A form on the page (as an edit form has): the field Bob is typing in keeps his input and gets a notice,
        // the untouched one takes Alice's value. The page as served gets the same form, with Alice's values.
        const form = (city: string, country: string) =>
          `<form class="stack"><div class="field"><input class="input" name="city" value="${city}"></div>` +
          `<div class="field"><input class="input" name="country" value="${country}"></div></form>`;
        await b.evaluate(
          (html) => document.querySelector(".record-layout")!.insertAdjacentHTML("beforebegin", html),
          form("", ""),
        );
        await b.route(`**/contacts/${id}`, async (route) => {
          const served = await route.fetch();
          const html = (await served.text()).replace(
            '<div class="record-layout">',
            `${form("Lisbon", "Portugal")}<div class="record-layout">`,
          );
          await route.fulfill({ response: served, body: html });
        });
        await b.locator('input[name="city"]').fill("Porto");
        assertEquals(
          (await alice.patch(`/api/v1/contacts/${id}`, { city: "Lisbon", country: "Portugal" })).status,
          200,
        );
        await b.locator(".live-field-conflict").filter({
          hasText: "Alice Martin changed this while you were editing it",
        })
          .waitFor();
        assertEquals(await b.locator('input[name="city"]').inputValue(), "Porto", "Bob's typing is kept");
        assertEquals(await b.locator('input[name="country"]').inputValue(), "Portugal", "an untouched field follows");
        await b.locator(".live-record-changed").filter({ hasText: "You were editing city: your input is kept." })
          .waitFor();
        await screenshot(b, "live-contact-form-conflict");
        await b.getByRole("button", { name: "Use theirs" }).click();
        assertEquals(await b.locator('input[name="city"]').inputValue(), "Lisbon");
        await b.unroute(`**/contacts/${id}`);
        assert(await stillMarked(b));
      },
    );

    await browser.step(t, "Bob's contact list: a new contact is offered, an edited one changes in place", async () => {
      const existing = await alice.post("/api/v1/contacts", { first_name: "Listed", last_name: "Person" });
      const id = existing.json.data.id as string;
      await b.goto("/contacts");
      await b.locator('.record-list[data-hydrated="true"][aria-busy="false"]').waitFor();
      await b.locator(`tr.list-row[data-id="${id}"]`).waitFor();
      await listening(server, `team:${board.pipeline.team_id}`, bobId);
      await mark(b);
      await alice.post("/api/v1/contacts", { first_name: "Brand", last_name: "New" });
      const banner = b.locator(".live-banner-button").filter({ hasText: "1 new contact — show" });
      await banner.waitFor();
      await alice.patch(`/api/v1/contacts/${id}`, { last_name: "Renamed" });
      await b.locator(`tr.list-row[data-id="${id}"]`).filter({ hasText: "Renamed" }).waitFor();
      await screenshot(b, "live-list-new-banner");
      await banner.click();
      await b.locator("tr.list-row").filter({ hasText: "Brand New" }).waitFor();
      assertEquals(await b.locator(".live-banner-button").count(), 0);
      assertEquals((await alice.delete(`/api/v1/contacts/${id}`)).status, 200);
      await b.locator(`tr.list-row[data-id="${id}"]`).waitFor({ state: "detached" });
      assert(await stillMarked(b));
    });

    await browser.step(t, "phone: who is here and the status picker fit a 390 px screen", async () => {
      await b.goto(`/deals/${deal}`);
      const phone = await browser.newPage({ ...PHONE, baseURL: server.url });
      await signInWithCookies(phone, server.url, "alice@acme.test");
      await phone.goto(`/deals/${deal}`);
      await phone.locator(".live-viewers").filter({ hasText: "Bob Okafor is here" }).waitFor();
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "live-deal-who-is-here-phone");
      await phone.getByRole("banner").getByLabel(/^Account menu for /).click();
      await phone.locator('[data-presence-choice="online"]').waitFor();
      await screenshot(phone, "live-status-picker-phone");
      await phone.goto("/deals");
      await hydrated(phone);
      await screenshot(phone, "live-board-phone");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
