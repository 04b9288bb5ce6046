// Four-step signup in a real browser: account (live password rules), company, emailed code, modules.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, otherCode } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";

Deno.test("signup in the browser", BROWSER_TEST, async (t) => {
  const server = await startTestServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ baseURL: server.url });
    const email = "nina@globex.test";

    await browser.step(t, "step 1: the password rules flip to met while typing", async () => {
      await page.goto("/signup");
      assertEquals(await page.getByRole("heading", { level: 1 }).textContent(), "Create your account");
      // The reveal button is disabled until the island hydrated; typing before that shows nothing live.
      await page.getByRole("button", { name: "Show" }).and(page.locator(":enabled")).waitFor();
      await page.getByLabel("Full name").fill("Nina Novak");
      await page.getByLabel("Work email").fill(email);

      const rules = page.getByRole("list", { name: "Password requirements" });
      const numberRule = rules.getByRole("listitem").filter({ hasText: "A number" });
      const password = page.getByRole("textbox", { name: "Password", exact: true });
      await password.pressSequentially("Globex-corp");
      await numberRule.filter({ hasText: "(not met)" }).waitFor();
      await rules.getByRole("listitem").filter({ hasText: /At least 10 characters\s*\(met\)/ }).waitFor();
      await password.pressSequentially("-2026");
      await numberRule.filter({ hasText: "(met)" }).waitFor();
      assertEquals(await rules.getByText("(not met)").count(), 0, "every rule is met");
      await page.getByText("Strength: Strong").waitFor();

      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL("**/signup/company");
    });

    await browser.step(t, "step 2: company name, industry and role", async () => {
      await page.getByLabel("Company name").fill("Globex Corp");
      await page.getByLabel("Industry").selectOption("Software");
      await page.getByLabel("Your role").selectOption("Head of Sales");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL("**/signup/verify");
      await page.getByText(`We sent a 6-digit code to ${email}`).waitFor();
    });

    await browser.step(t, "step 3: a wrong code shows a readable error, the mailed code verifies", async () => {
      const [mail] = await server.mailbox(email);
      assert(mail, "a verification email was captured");
      const code = mail.subject.match(/\b(\d{6})\b/)?.[1];
      assert(code, `the subject carries the code: ${mail.subject}`);

      await page.getByLabel("Verification code").fill(otherCode(code));
      await page.getByRole("button", { name: "Verify email" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      assertMatch(await alert.innerText(), /That code is wrong, expired or was already used/);
      assertEquals(new URL(page.url()).pathname, "/signup/verify");

      await page.getByLabel("Verification code").fill(code);
      await page.getByRole("button", { name: "Verify email" }).click();
      await page.waitForURL("**/signup/preferences");
    });

    await browser.step(t, "step 4: without Notes the workspace opens without its nav item", async () => {
      // Reports is no module to turn off: it is the managers' home and always in the sidebar.
      assertEquals(await page.getByRole("checkbox", { name: /^Reports/ }).count(), 0);
      const notes = page.getByRole("checkbox", { name: /^Notes/ });
      assert(await notes.isChecked(), "every module starts on");
      await notes.uncheck();
      await page.getByRole("button", { name: "Open my workspace" }).click();
      await page.waitForURL((url) => url.pathname === "/");

      const header = page.getByRole("banner");
      await header.getByLabel("Workspace: Globex Corp. Switch workspace").waitFor();
      await page.getByText("Your workspace is ready").waitFor();
      const sidebar = page.getByRole("navigation", { name: "Main", exact: true });
      await sidebar.getByRole("link", { name: "Deals" }).waitFor();
      assertEquals(await sidebar.getByRole("link", { name: "Notes" }).count(), 0, "Notes is not in the sidebar");
      await sidebar.getByRole("link", { name: "Reports" }).waitFor();
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
