// Two-factor in a real browser: set up TOTP in settings, then sign in with a code or a recovery code.
import * as OTPAuth from "otpauth";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { BROWSER_TEST, launchBrowser, otherCode, type Page, signIn, signOut } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";

const EMAIL = "carol@acme.test";
const PASSWORD = "leadly-demo";

/** Codes for an authenticator; each one from a later 30 s step, as the server refuses a step twice. */
function authenticator(secret: string) {
  const totp = new OTPAuth.TOTP({ secret, digits: 6, period: 30 });
  let lastStep = -1;
  return () => {
    // The server accepts one step of drift, so the next step's code works before its time.
    const step = Math.max(Math.floor(Date.now() / 30_000), lastStep + 1);
    lastStep = step;
    return totp.generate({ timestamp: step * 30_000 });
  };
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

Deno.test("two-factor sign-in in the browser", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ baseURL: server.url });
    let nextCode: () => string = () => {
      throw new Error("two-factor is not set up");
    };
    let recoveryCodes: string[] = [];

    await browser.step(t, "carol turns on two-factor and sees her recovery codes", async () => {
      await signIn(page, EMAIL, PASSWORD);
      assertEquals(pathOf(page), "/");
      await page.goto("/settings/security");
      await page.getByRole("button", { name: "Set up two-factor" }).click();
      await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
      const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
      assertMatch(secret, /^[A-Z2-7]{16,}$/, "a base32 secret is shown");
      nextCode = authenticator(secret);

      await page.getByLabel("Code from the app").fill(nextCode());
      await page.getByRole("button", { name: "Turn on two-factor" }).click();
      const list = page.getByTestId("recovery-codes");
      await list.waitFor();
      recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((code) => code.trim());
      assertEquals(recoveryCodes.length, 10);
      assert(recoveryCodes.every((code) => /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(code)), recoveryCodes.join(", "));
      await page.getByText("Save your recovery codes now").waitFor();
      await page.getByRole("button", { name: "Turn off two-factor" }).waitFor();
    });

    await browser.step(t, "after signing out, sign-in asks for the code; a wrong one is refused", async () => {
      await signOut(page);
      await signIn(page, EMAIL, PASSWORD);
      assertEquals(pathOf(page), "/login/mfa");
      await page.getByRole("heading", { name: "Two-factor check" }).waitFor();
      // The password alone opens nothing.
      await page.goto("/settings/team");
      assertEquals(pathOf(page), "/login/mfa");

      const code = nextCode();
      await page.getByLabel("Authentication code").fill(otherCode(code));
      await page.getByRole("button", { name: "Verify" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      assertMatch(await alert.innerText(), /That code is not right/);
      assertEquals(pathOf(page), "/login/mfa");

      await page.getByLabel("Authentication code").fill(code);
      await page.getByRole("button", { name: "Verify" }).click();
      // Back where she was headed before the check.
      await page.waitForURL("**/settings/team");
      await page.getByRole("heading", { name: "Team members" }).waitFor();
      await page.goto("/");
      assertEquals(pathOf(page), "/");
    });

    await browser.step(t, "a recovery code signs in once", async () => {
      const [code, other] = recoveryCodes;
      const useRecoveryCode = async (recoveryCode: string) => {
        await page.getByRole("link", { name: "Lost your phone? Use a recovery code" }).click();
        await page.getByLabel("Recovery code").fill(recoveryCode);
        await page.getByRole("button", { name: "Verify" }).click();
      };

      await signOut(page);
      await signIn(page, EMAIL, PASSWORD);
      await useRecoveryCode(code);
      await page.waitForURL((url) => url.pathname === "/");

      await signOut(page);
      await signIn(page, EMAIL, PASSWORD);
      await useRecoveryCode(code);
      const alert = page.getByRole("alert");
      await alert.waitFor();
      assertMatch(await alert.innerText(), /That recovery code is not valid or was already used/);
      assertEquals(pathOf(page), "/login/mfa");

      // The form stays in recovery mode; an unused code still works.
      await page.getByLabel("Recovery code").fill(other);
      await page.getByRole("button", { name: "Verify" }).click();
      await page.waitForURL((url) => url.pathname === "/");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
