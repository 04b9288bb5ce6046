// Browser tests drive Debian's chromium through playwright-core: one browser per test file, a fresh
// context per visitor, screenshots under .test-artifacts/, and any console error, uncaught page error
// or CSP violation fails the step it happened in.
import { type Browser, type BrowserContext, chromium, type ConsoleMessage, type Page } from "playwright-core";
import { CHROMIUM } from "./chromium.ts";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../../lib/auth/cookies.ts";

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

/** How long a locator waits; generous for a loaded 2-core machine, short enough to fail fast. */
const ACTION_TIMEOUT_MS = 15_000;
/** How long a navigation (page.goto, reload, waitForURL) waits. */
const NAVIGATION_TIMEOUT_MS = 30_000;

export interface ContextOptions {
  /** Defaults to a 1280x800 desktop window. */
  viewport?: { width: number; height: number };
  isMobile?: boolean;
  hasTouch?: boolean;
  colorScheme?: "light" | "dark";
  /** Relative URLs in page.goto resolve against it (usually the test server's url). */
  baseURL?: string;
  /**
   * "block" (default): no service worker, so pages and assets load straight from the server. Its
   * stale-while-revalidate fetched every asset a second time behind each page; theme_pwa tests it with "allow".
   */
  serviceWorkers?: "allow" | "block";
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
  /**
   * Runs `fn` as one test step holding a flow of steps that build on each other, so a file's independent
   * flows share its server and browser: a failure in an earlier flow does not skip this one.
   */
  flow(t: Deno.TestContext, name: string, fn: (t: Deno.TestContext) => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Skip the remaining steps after one fails (default), for flows whose steps build on each other. */
  failFast?: boolean;
}

export async function launchBrowser({ failFast = true }: LaunchOptions = {}): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  let failedStep = false;

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
    const context = await browser.newContext({ ...DESKTOP, serviceWorkers: "block", ...options });
    contexts.push(context);
    // Playwright's 30 s default turns one wrong locator into minutes of waiting; pages here answer in ms.
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    // A context's first page fetches every stylesheet and island bundle (about 50 requests): on a loaded
    // 2-core machine that alone can pass 15 s.
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
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
    async step(t, name, fn) {
      // With failFast, steps build on each other: after a failure the rest would only time out.
      // An error logged after a step ended is kept and fails the next one rather than going unseen.
      const passed = await t.step({
        name,
        ignore: failedStep,
        fn: async () => {
          await fn();
          assertNoPageErrors();
        },
      });
      if (!passed && failFast) failedStep = true;
      return passed;
    },
    assertNoPageErrors,
    async flow(t, name, fn) {
      // What a failed earlier flow left behind is its own failure, not this flow's.
      failedStep = false;
      errors.splice(0);
      const passed = await t.step(name, fn);
      failedStep = false;
      return passed;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
    },
  };
}

/**
 * Writes a PNG of what the viewport shows to .test-artifacts/screenshots/<name>.png and returns its path.
 * `fullPage` captures the whole document instead, but fixed bars then appear mid-page (chromium paints
 * them where the viewport was), so phone layouts are better shot scrolled, one screen at a time.
 */
export async function screenshot(page: Page, name: string, { fullPage = false } = {}): Promise<string> {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  // Fonts and images first, so the picture is what a person would see.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, fullPage, animations: "disabled", caret: "hide" });
  return path;
}

/** Fails when the page scrolls sideways at this width, naming the elements that stick out. */
export async function assertNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const { scrollWidth, culprits } = await page.evaluate((width) => {
    const describe = (el: Element) => {
      const classes = [...el.classList].map((name) => `.${name}`).join("");
      const right = Math.round(el.getBoundingClientRect().right);
      return `<${el.tagName.toLowerCase()}${classes}> "${
        (el.textContent ?? "").trim().slice(0, 30)
      }" ends at ${right}px`;
    };
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5;
    // Inside a scroll box that fits, an element scrolls with the box, unless it is positioned
    // absolutely against something outside the box (then it escapes the clipping).
    const clipped = (el: Element) => {
      if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        if (getComputedStyle(box).overflowX !== "visible" && !sticksOut(box)) return true;
      }
      return false;
    };
    // The innermost elements past the edge: their ancestors only stick out because of them.
    const culprits = [...document.body.querySelectorAll("*")]
      .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut) && !clipped(el))
      .slice(0, 5)
      .map(describe);
    return { scrollWidth: document.scrollingElement!.scrollWidth, culprits };
  }, width);
  if (scrollWidth > width) {
    throw new Error(
      `${new URL(page.url()).pathname} scrolls sideways: ${scrollWidth}px wide in a ${width}px viewport. ` +
        `Past the edge: ${culprits.join("; ") || "(nothing found)"}`,
    );
  }
}

/** Browser tests keep a socket and a child process open across steps, so the sanitizers are off. */
export const BROWSER_TEST = { sanitizeOps: false, sanitizeResources: false } as const;

/** A 6-digit code that is surely not `code`, for the "wrong code" cases. */
export function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

/** Signs in on /login with email and password; resolves once the browser left the login page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** Session tokens per server and user: one password check per user per file, shared by its pages. */
const sessions = new Map<string, Promise<{ access_token: string; refresh_token: string }>>();

async function passwordSession(baseURL: string, email: string, password: string) {
  const res = await fetch(`${baseURL}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${body.msg ?? res.status}`);
  return body as { access_token: string; refresh_token: string };
}

/**
 * Signs the page's visitor in as `email` without the form: a session from /auth/v1/token becomes the two
 * session cookies. Go to the page the test is about next. The form's sign-in costs a POST and the dashboard's load; it keeps its own coverage through
 * signIn (login_2fa, phone_layout, theme_pwa). The session is shared by every page of the file signed in as
 * this user on this server; `fresh` gives the page one of its own, for a test that signs out or ends it.
 */
export async function signInWithCookies(
  page: Page,
  baseURL: string,
  email: string,
  { password = "leadly-demo", fresh = false }: { password?: string; fresh?: boolean } = {},
): Promise<void> {
  const key = `${baseURL} ${email}`;
  let session = fresh ? undefined : sessions.get(key);
  if (!session) {
    session = passwordSession(baseURL, email, password);
    session.catch(() => sessions.delete(key));
    if (!fresh) sessions.set(key, session);
  }
  const { access_token, refresh_token } = await session;
  const cookie = { url: baseURL, httpOnly: true, sameSite: "Lax" as const };
  await page.context().addCookies([
    { ...cookie, name: ACCESS_COOKIE, value: access_token },
    { ...cookie, name: REFRESH_COOKIE, value: refresh_token },
  ]);
}

/** Signs out through the account menu in the header; resolves on the login page that says so. */
export async function signOut(page: Page): Promise<void> {
  const header = page.getByRole("banner");
  await header.getByLabel(/^Account menu for /).click();
  await header.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL("**/login?notice=signed-out");
  await page.getByText("You are signed out").waitFor();
}
