// An open page whose person's access changed: the server closes its socket (realtime/revocation.ts), the page
// connects again by itself with a fresh handshake (lib/bus/client/connection.ts) and keeps following live
// changes, without a reload.
import { assert, assertEquals } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, type Page, signInWithCookies } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";

const hydrated = (page: Page) => page.locator('.deal-board[data-hydrated="true"]').waitFor();
const column = (page: Page, stageId: string) => page.locator(`.deal-column[data-stage-id="${stageId}"]`);
const mark = (page: Page) => page.evaluate(() => ((globalThis as unknown as { liveMark: number }).liveMark = 1));
const stillMarked = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { liveMark?: number }).liveMark === 1);

interface ServerSocketUser {
  userId: string;
  sessionId: string;
  role: string;
}

/** The server's sockets of `userId`, once `test` holds for one of them (a page connects on its own time). */
async function socketOf(server: TestServer, userId: string, test: (user: ServerSocketUser) => boolean) {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    for (const socket of server.realtime.io.of("/").sockets.values()) {
      const user = (socket.data as { user?: ServerSocketUser }).user;
      if (user?.userId === userId && test(user)) return { id: socket.id, user };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no socket of ${userId} as expected`);
}

Deno.test(
  "realtime reconnect: a role change closes the page's socket; the page reconnects and stays live",
  BROWSER_TEST,
  async (t) => {
    const server = await startTestServer({ seed: true });
    const alice = await ApiClient.signIn(server.url, "alice@acme.test");
    const aliceWeb = new WebClient(server.url);
    await aliceWeb.login("alice@acme.test");
    const stages = (await alice.get("/api/v1/deals/board/default")).json.data.stages as { id: string }[];
    const deal =
      (await alice.post("/api/v1/deals", { name: "Reconnect renewal", value: 9_000, stage_id: stages[0].id }))
        .json.data.id as string;
    const bobId = (await alice.get("/api/v1/presence")).json.data.find((m: { name: string }) => m.name === "Bob Okafor")
      .user_id as string;

    const browser = await launchBrowser();
    const b = await browser.newPage({ baseURL: server.url });
    try {
      await browser.step(t, "Bob's board reconnects after his role changed and follows a move", async () => {
        await signInWithCookies(b, server.url, "bob@acme.test");
        await b.goto("/deals");
        await hydrated(b);
        await column(b, stages[0].id).locator(`[data-deal-id="${deal}"]`).waitFor();
        const before = await socketOf(server, bobId, (u) => u.role === "manager");
        await mark(b);

        const changed = await aliceWeb.post("/settings/team", { action: "role", user_id: bobId, role: "rep" });
        assertEquals(changed.location, "/settings/team?done=role");
        const after = await socketOf(server, bobId, (u) => u.role === "rep");
        assert(after.id !== before.id, "a new socket, from a new handshake");
        assertEquals(server.realtime.io.of("/").sockets.has(before.id), false);

        assertEquals((await alice.post(`/api/v1/deals/${deal}/move`, { stage_id: stages[1].id })).status, 200);
        await column(b, stages[1].id).locator(`[data-deal-id="${deal}"]`).waitFor({ timeout: 5_000 });
        assert(await stillMarked(b), "the board updated in place, not by reloading");
      });
    } finally {
      await browser.close();
      await server.close();
    }
  },
);
