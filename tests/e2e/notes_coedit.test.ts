// Notes in a browser: Alice and Bob type into the same note at once and see each other's text and named
// cursor; Bob goes offline, types, Alice types, Bob reconnects and both converge; a viewer sees live updates
// but cannot type; a version is saved, the text changed, the version restored and both editors show it;
// "@" offers teammates and inserts a mention. Screenshots of the list and editor (desktop and phone).
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

async function ids(server: TestServer) {
  return await server.db.asService("test:notes-ui", async (tx) => {
    const users = await tx.query<{ id: string; email: string }>(
      "select id, email from auth.users where email like '%@acme.test'",
    );
    const byEmail = Object.fromEntries(users.map((u) => [u.email.split("@")[0], u.id]));
    const [team] = await tx.query<{ team_id: string }>(
      "select team_id from public.team_members where user_id = $1 limit 1",
      [byEmail.alice],
    );
    return { users: byEmail, teamId: team.team_id };
  });
}

async function createNote(
  server: TestServer,
  teamId: string,
  ownerId: string,
  title: string,
  options: { visibility?: string; teamPermission?: string } = {},
): Promise<string> {
  return await server.db.asService("test:notes-ui", async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.notes (team_id, title, owner_id, created_by, updated_by, visibility, team_permission)
       values ($1, $2, $3, $3, $3, $4, $5) returning id`,
      [teamId, title, ownerId, options.visibility ?? "team", options.teamPermission ?? "edit"],
    );
    return row.id;
  });
}

const editorOf = (page: Page) => page.locator(".note-editor-mount .ProseMirror");
const ready = (page: Page) => page.locator('.note-editor[data-ready="true"]').waitFor();
const saved = (page: Page) => page.locator('.note-status[data-status="saved"]').waitFor();
/** The document's text without the other people's caret labels. */
const textOf = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector(".note-editor-mount .ProseMirror");
    if (!root) return "";
    const copy = root.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll(".collaboration-carets__caret")) caret.remove();
    return [...copy.children].map((block) => block.textContent ?? "").join("\n").trim();
  });

async function waitForText(page: Page, ...parts: string[]) {
  await page.waitForFunction(
    (parts) => {
      const text = document.querySelector(".note-editor-mount .ProseMirror")?.textContent ?? "";
      return parts.every((p) => text.includes(p));
    },
    parts,
    // A reconnect after going offline can take a few seconds on a loaded 2-core machine.
    { timeout: 30_000 },
  );
}

Deno.test("notes: two people co-edit, offline merge, viewer, restore, mention", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const browser = await launchBrowser();
  // Going offline on purpose makes the socket log a failed connection attempt.
  browser.allowConsoleError(/WebSocket|ERR_INTERNET_DISCONNECTED|net::ERR/);
  try {
    const { users, teamId } = await ids(server);
    const noteId = await createNote(server, teamId, users.alice, "Discovery call: Acme");
    const alice = await browser.newPage({ baseURL: server.url });
    const bob = await browser.newPage({ baseURL: server.url });
    await signInWithCookies(alice, server.url, "alice@acme.test");
    await signInWithCookies(bob, server.url, "bob@acme.test");

    await browser.step(t, "both open the note and type at once; each sees the other's text and cursor", async () => {
      await Promise.all([alice.goto(`/notes/${noteId}`), bob.goto(`/notes/${noteId}`)]);
      await Promise.all([ready(alice), ready(bob), saved(alice), saved(bob)]);
      await editorOf(alice).click();
      await editorOf(bob).click();
      await Promise.all([
        alice.keyboard.type("Alice writes the agenda. ", { delay: 15 }),
        bob.keyboard.type("Bob adds pricing. ", { delay: 15 }),
      ]);
      await waitForText(alice, "Alice writes the agenda.", "Bob adds pricing.");
      await waitForText(bob, "Alice writes the agenda.", "Bob adds pricing.");
      assertEquals(await textOf(alice), await textOf(bob));
      // Named carets of the other person.
      await alice.locator(".collaboration-carets__label", { hasText: /bob/i }).waitFor();
      await bob.locator(".collaboration-carets__label", { hasText: /alice/i }).waitFor();
      await Promise.all([saved(alice), saved(bob)]);
      await screenshot(alice, "notes-editor-desktop");
    });

    await browser.step(t, "Bob goes offline and types, Alice types, Bob reconnects: both have all text", async () => {
      await bob.context().setOffline(true);
      await bob.evaluate(() => dispatchEvent(new Event("offline")));
      await bob.locator('.note-status[data-status="offline"]').waitFor();
      await editorOf(bob).click();
      await bob.keyboard.press("End");
      await bob.keyboard.type(" Offline thought from Bob.", { delay: 5 });
      await bob.getByText("Offline — changes kept on this device").waitFor();
      await editorOf(alice).click();
      await alice.keyboard.press("End");
      await alice.keyboard.type(" Online line from Alice.", { delay: 5 });
      await saved(alice);
      await bob.context().setOffline(false);
      await bob.evaluate(() => dispatchEvent(new Event("online")));
      await waitForText(alice, "Offline thought from Bob.", "Online line from Alice.");
      await waitForText(bob, "Offline thought from Bob.", "Online line from Alice.");
      await Promise.all([saved(alice), saved(bob)]);
      assertEquals(await textOf(alice), await textOf(bob));
    });

    await browser.step(t, "a viewer sees live updates but cannot type", async () => {
      const viewNote = await createNote(server, teamId, users.alice, "Board notes", {
        visibility: "team",
        teamPermission: "view",
      });
      await Promise.all([alice.goto(`/notes/${viewNote}`), bob.goto(`/notes/${viewNote}`)]);
      await Promise.all([ready(alice), ready(bob), saved(alice)]);
      await bob.locator('.note-status[data-status="readonly"]').waitFor();
      assertEquals(await editorOf(bob).getAttribute("contenteditable"), "false");
      await editorOf(alice).click();
      await alice.keyboard.type("Only Alice can write here.");
      await waitForText(bob, "Only Alice can write here.");
      await editorOf(bob).click();
      await bob.keyboard.type("Bob tries");
      await saved(alice);
      assert(!(await textOf(bob)).includes("Bob tries"), "the viewer could type");
      assert(!(await textOf(alice)).includes("Bob tries"), "the viewer's text reached Alice");
    });

    await browser.step(t, "@ offers teammates and inserts a mention", async () => {
      await bob.goto(`/notes/${noteId}`);
      await ready(bob);
      await saved(bob);
      await editorOf(bob).click();
      await bob.keyboard.press("End");
      await bob.keyboard.type(" Ask @car");
      const menu = bob.getByRole("listbox", { name: "Teammates" });
      await menu.getByRole("option", { name: /carol/i }).waitFor();
      await bob.keyboard.press("Enter");
      await editorOf(bob).locator('[data-type="mention"]', { hasText: /carol/i }).waitFor();
      await saved(bob);
    });

    await browser.step(t, "save a version, change the text, restore: both converge on the version", async () => {
      await alice.goto(`/notes/${noteId}`);
      await ready(alice);
      await saved(alice);
      const before = await textOf(alice);
      const cookie = (await alice.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const csrf = await alice.locator('input[name="_csrf"]').first().inputValue().catch(() => "");
      const post = (path: string, body: unknown) =>
        alice.evaluate(async ({ path, body, csrf }) => {
          const res = await fetch(path, {
            method: "POST",
            headers: { "content-type": "application/json", "x-csrf-token": csrf, accept: "application/json" },
            body: JSON.stringify(body),
          });
          return { status: res.status, json: await res.json().catch(() => null) };
        }, { path, body, csrf });
      void cookie;
      const version = await post(`/api/v1/notes/${noteId}/versions`, { label: "Before the rewrite" });
      assertEquals(version.status, 201, JSON.stringify(version.json));
      await editorOf(alice).click();
      await alice.keyboard.press("ControlOrMeta+a");
      await alice.keyboard.type("Completely rewritten.");
      await waitForText(bob, "Completely rewritten.");
      await saved(alice);
      const restored = await post(`/api/v1/notes/${noteId}/versions/${version.json.data.id}/restore`, {});
      assertEquals(restored.status < 300, true, JSON.stringify(restored.json));
      await waitForText(alice, "Alice writes the agenda.");
      await waitForText(bob, "Alice writes the agenda.");
      await alice.waitForFunction(() =>
        !document.querySelector(".ProseMirror")?.textContent?.includes("Completely rewritten")
      );
      await bob.waitForFunction(() =>
        !document.querySelector(".ProseMirror")?.textContent?.includes("Completely rewritten")
      );
      assertEquals(await textOf(alice), await textOf(bob));
      assertEquals((await textOf(alice)).trim(), before.trim());
    });

    await browser.step(t, "code highlighting loads only once a note has a code block", async () => {
      const codeNote = await createNote(server, teamId, users.alice, "Snippets");
      await bob.goto(`/notes/${codeNote}`);
      await ready(bob);
      await saved(bob);
      const scripts = () =>
        bob.evaluate(() =>
          performance.getEntriesByType("resource").map((e) => e.name).filter((url) => url.includes("/_islands/"))
        );
      const before = await scripts();
      await editorOf(bob).click();
      await bob.keyboard.type("/code");
      await bob.getByRole("listbox", { name: "Insert" }).getByRole("option", { name: /Code block/ }).waitFor();
      await bob.keyboard.press("Enter");
      await bob.keyboard.type("select name from deals where value > 1000;");
      // Colouring comes from a chunk (highlight.js) that a note without code never downloads.
      await editorOf(bob).locator("pre .hljs-keyword", { hasText: "select" }).waitFor();
      const loaded = (await scripts()).filter((url) => !before.includes(url));
      assert(loaded.length > 0, "the highlighting chunk loads when the first code block appears");
      await saved(bob);
    });

    await browser.step(t, "phone layout of the editor and the list", async () => {
      const phone = await browser.newPage({ ...PHONE, baseURL: server.url });
      await signInWithCookies(phone, server.url, "alice@acme.test");
      await phone.goto(`/notes/${noteId}`);
      await ready(phone);
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "notes-editor-phone");
      await phone.goto("/notes");
      await phone.locator(".note-browser").waitFor();
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "notes-list-phone");
      await alice.goto("/notes");
      await alice.locator(".note-card").first().waitFor();
      await screenshot(alice, "notes-list-desktop");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
