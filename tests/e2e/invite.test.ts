// Invitations across two browsers: the owner invites, a newcomer signs up from the emailed link and
// joins; the owner then sees them, changes their role and removes them.
import { assert, assertEquals } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, type Page, signInWithCookies } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";

const INVITEE = "dave@acme.test";

const pathOf = (page: Page) => new URL(page.url()).pathname;

Deno.test("inviting a teammate in the browser", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const alice = await browser.newPage({ baseURL: server.url });
    const dave = await browser.newPage({ baseURL: server.url });
    let inviteLink = "";

    const daveRow = () => alice.getByRole("row").filter({ hasText: INVITEE });
    const daveRole = () => alice.getByLabel("Role of Dave Dawson");

    await browser.step(t, "alice invites dave as Manager", async () => {
      await signInWithCookies(alice, server.url, "alice@acme.test");
      await alice.goto("/settings/team");
      await alice.getByLabel("Email").fill(INVITEE);
      await alice.getByLabel("Role", { exact: true }).selectOption({ label: "Manager" });
      await alice.getByRole("button", { name: "Send invite" }).click();
      await alice.getByText("Invitation sent.").waitFor();
      const pending = alice.getByRole("row").filter({ hasText: INVITEE });
      await pending.getByText("Manager").waitFor();
      await pending.getByRole("button", { name: "Withdraw" }).waitFor();

      const [mail] = await server.mailbox(INVITEE);
      assert(mail, "an invitation email was captured");
      assertEquals(mail.subject, "Alice Martin invited you to Acme Sales on Leadly");
      const link = mail.text.match(/https?:\/\/\S+\/invite\/[\w-]+/)?.[0];
      assert(link, `the email links to the invitation: ${mail.text}`);
      inviteLink = link;
    });

    await browser.step(
      t,
      "dave opens the link, creates his account and lands in Acme Sales: no code, no company",
      async () => {
        await dave.goto(inviteLink);
        await dave.getByRole("heading", { name: "Join Acme Sales" }).waitFor();
        await dave.getByText(`Alice Martin invited ${INVITEE} to join as Manager.`).waitFor();
        assertEquals(await dave.getByLabel("Email").inputValue(), INVITEE);
        await dave.getByRole("button", { name: "Show" }).and(dave.locator(":enabled")).waitFor();
        await dave.getByLabel("Full name").fill("Dave Dawson");
        await dave.getByRole("textbox", { name: "Password", exact: true }).fill("Dunder-Mifflin-2026");
        await dave.getByRole("button", { name: "Create account and join" }).click();

        // The emailed link proved his address: straight in, and no verification code was mailed.
        await dave.waitForURL((url) => url.pathname === "/");
        assertEquals((await server.mailbox(INVITEE)).length, 1, "only the invitation itself was mailed");
        await dave.getByRole("banner").getByLabel("Workspace: Acme Sales. Switch workspace").waitFor();
        await dave.getByText("Acme Sales · Manager").waitFor();
      },
    );

    await browser.step(t, "after a reload alice sees dave as a Manager", async () => {
      await alice.reload();
      await daveRow().getByText("Dave Dawson", { exact: true }).waitFor();
      assertEquals(await daveRole().inputValue(), "manager");
      // The invitation is used up, so it is no longer pending.
      assertEquals(await alice.getByRole("button", { name: "Withdraw" }).count(), 0);
    });

    await browser.step(t, "alice makes dave a Viewer", async () => {
      await daveRole().selectOption({ label: "Viewer" });
      await daveRow().getByRole("button", { name: "Save" }).click();
      await alice.getByText("Role updated.").waitFor();
      assertEquals(await daveRole().inputValue(), "viewer");
      await dave.reload();
      await dave.getByText("Acme Sales · Viewer").waitFor();
    });

    await browser.step(t, "alice removes dave, who loses access at once", async () => {
      await daveRow().getByText("Remove", { exact: true }).click();
      await daveRow().getByText("Remove Dave Dawson? They lose access at once.").waitFor();
      await daveRow().getByRole("button", { name: "Remove member" }).click();
      await alice.getByText("Member removed from the workspace.").waitFor();
      assertEquals(await daveRow().count(), 0);
      await alice.getByRole("heading", { name: "Members (3)" }).waitFor();

      // His open page may already be on its way there by itself: the server closed its socket and it reloads.
      await dave.goto("/").catch((error) => {
        if (!/interrupted by another navigation/.test(String(error))) throw error;
      });
      await dave.waitForURL((url) => url.pathname === "/teams/new");
      assertEquals(pathOf(dave), "/teams/new", "without a workspace dave is asked to create one");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
