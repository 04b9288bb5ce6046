// Browser tests drive Debian's chromium through playwright-core: one browser per test file, a fresh
// context per visitor, screenshots under .test-artifacts/, and any console error, uncaught page error
// or CSP violation fails the step it happened in.
import { type Browser, type BrowserContext, chromium, type ConsoleMessage, type Page } from "playwright-core";
import { CHROMIUM } from "./chromium.ts";

export type { Browser, BrowserContext, Page } from "playwright-core";

const SCREENSHOT_DIR = new URL("../../.test-artifacts/screenshots/", import.meta.url).pathname;

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface ContextOptions {
  /** Defaults to a 1280x800 desktop window. */
  viewport?: { width: number; height: number };
  isMobile?: boolean;
  hasTouch?: boolean;
  colorScheme?: "light" | "dark";
  /** Relative URLs in page.goto resolve against it (usually the test server's url). */
  baseURL?: string;
}

export const PHONE: ContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const DESKTOP: ContextOptions = { viewport: { width: 1280, height: 800 } };

export interface TestBrowser {
  browser: Browser;
  /** A new, isolated visitor (own cookies and storage), watched for page errors. */
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  /** A page in a new context: the common case of one visitor with one tab. */
  newPage(options?: ContextOptions): Promise<Page>;
  /** Console errors matching this are expected for the rest of the file (e.g. an offline fetch). */
  allowConsoleError(pattern: RegExp): void;
  /** Runs `fn` as a test step and fails it when a page logged an error meanwhile. */
  step(t: Deno.TestContext, name: string, fn: () => Promise<void>): Promise<boolean>;
  /** Throws when a page logged an error since the last check, listing them; clears the list. */
  assertNoPageErrors(): void;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const allowed: RegExp[] = [];

  // Pages answered with a 4xx status (a form shown again with its error, a 404 page) make chromium log
  // "Failed to load resource"; the tests assert on what those pages say instead.
  const pagesWithClientErrors = new Set<string>();
  const record = (kind: string, text: string, where: string) => {
    if (allowed.some((pattern) => pattern.test(text))) return;
    const status = text.match(/^Failed to load resource: the server responded with a status of (\d{3})/)?.[1];
    if (status?.startsWith("4") && pagesWithClientErrors.has(`${status} ${where.replace(/:\d+$/, "")}`)) return;
    errors.push(`${kind} at ${where}: ${text}`);
  };
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() !== "error") return;
    const { url, lineNumber } = message.location();
    record("console error", message.text(), url ? `${url}:${lineNumber}` : message.page()?.url() ?? "?");
  };

  async function newContext(options: ContextOptions = {}) {
    const context = await browser.newContext({ ...DESKTOP, ...options });
    contexts.push(context);
    context.on("response", (response) => {
      if (response.request().isNavigationRequest() && response.status() >= 400 && response.status() < 500) {
        pagesWithClientErrors.add(`${response.status()} ${response.url()}`);
      }
    });
    context.on("console", onConsole);
    context.on("weberror", (error) => record("page error", String(error.error()), error.page()?.url() ?? "?"));
    // CSP violations also reach the console, but this names the blocked URL and directive.
    await context.exposeBinding("__leadlyCspViolation", ({ page }, text: string) => record("CSP", text, page.url()));
    await context.addInitScript(() => {
      addEventListener("securitypolicyviolation", (event) => {
        const report = (globalThis as unknown as { __leadlyCspViolation?: (text: string) => void })
          .__leadlyCspViolation;
        report?.(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile})`);
      });
    });
    return context;
  }

  const assertNoPageErrors = () => {
    if (errors.length === 0) return;
    const list = errors.splice(0).join("\n  ");
    throw new Error(`The page reported errors:\n  ${list}`);
  };

  return {
    browser,
    newContext,
    async newPage(options) {
      return await (await newContext(options)).newPage();
    },
    allowConsoleError(pattern) {
      allowed.push(pattern);
    },
    step(t, name, fn) {
      return t.step(name, async () => {
        errors.length = 0;
        await fn();
        assertNoPageErrors();
      });
    },
    assertNoPageErrors,
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
    },
  };
}

/** Writes a PNG of the whole page to .test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  // Fonts and images first, so the picture is what a person would see.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, fullPage: true, animations: "disabled", caret: "hide" });
  return path;
}

/** Width of the scrolling document, to compare with the viewport (no sideways scrolling on phones). */
export async function pageScrollWidth(page: Page): Promise<number> {
  return await page.evaluate(() => document.scrollingElement!.scrollWidth);
}

/** Browser tests keep a socket and a child process open across steps, so the sanitizers are off. */
export const BROWSER_TEST = { sanitizeOps: false, sanitizeResources: false, sanitizeExit: false } as const;

/** A 6-digit code that is surely not `code`, for the "wrong code" cases. */
export function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

/** Signs in on /login with email and password; resolves once the browser left the login page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}
