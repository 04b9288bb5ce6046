// axe-core on every main page, signed in as the demo owner, in the light theme (and on a sample of them the dark
// one): no critical and no serious violation (contrast, names that drop the visible text, lists without items...). One browser,
// one visitor with two tabs taking the pages in turn; every finding is collected so one run lists them all.
import axe from "axe-core";
import { BROWSER_TEST, type BrowserContext, launchBrowser, type Page, signInWithCookies } from "../helpers/browser.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { startTestServer } from "../helpers/server.ts";

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The WCAG 2.x A and AA rules; the dark pass re-checks only colours (the markup is the same). */
const ALL_RULES: axe.RunOnly = { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] };
const COLOUR_RULES: axe.RunOnly = { type: "rule", values: ["color-contrast", "link-in-text-block"] };

/** Runs axe on what the page shows now; returns its critical and serious violations. */
async function blockingViolations(page: Page, runOnly: axe.RunOnly): Promise<Finding[]> {
  // axe is in every page already (see withAxe).
  return await page.evaluate(async (runOnly) => {
    const run = (globalThis as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { resultTypes: ["violations"], runOnly });
    return result.violations
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((node) => `${node.target.join(" ")} (${node.failureSummary ?? ""})`),
      }));
  }, runOnly);
}

/**
 * A visitor whose every page has axe in it from the start: an init script goes through the DevTools protocol,
 * so the page's CSP (no inline scripts) does not stand in the way, and the 0.5 MB source crosses it once
 * rather than once a page.
 */
async function withAxe(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript(axe.source);
  return context;
}

/** Switches the theme as the theme toggle does and waits for the colour transitions it starts to end. */
async function showTheme(page: Page, theme: "light" | "dark") {
  await page.evaluate(async (theme) => {
    document.documentElement.setAttribute("data-theme", theme);
    const transitions = document.getAnimations().filter((animation) => animation instanceof CSSTransition);
    await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
  }, theme);
}

/** One record of each kind, made over the API as Alice, so every record page has something to show. */
async function makeRecords(url: string) {
  const alice = await ApiClient.signIn(url, "alice@acme.test");
  const id = async (path: string, body: Record<string, unknown>) => {
    const res = await alice.post(path, body);
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.data.id as string;
  };
  // Independent records at once; the contact needs its company and the deal a stage.
  const [{ company, contact }, deal, lead, note] = await Promise.all([
    id("/api/v1/companies", { name: "Quillfeather Paper", industry: "Paper" }).then(async (company) => ({
      company,
      contact: await id("/api/v1/contacts", {
        first_name: "Ada",
        last_name: "Lovelace",
        email: "ada.lovelace.with.a.long.address@analytical-engines.test",
        job_title: "CTO",
        company_id: company,
      }),
    })),
    alice.get("/api/v1/deals/board/default").then(({ json }) => {
      const stages = json.data.stages as { id: string }[];
      return id("/api/v1/deals", { name: "Quillfeather renewal", value: 12_000, stage_id: stages[0].id });
    }),
    id("/api/v1/leads", { business_name: "Pied Piper" }),
    id("/api/v1/notes", { title: "Quarterly plan" }),
    id("/api/v1/tasks", { title: "Call Ada about the renewal" }),
  ]);
  return {
    contact: `/contacts/${contact}`,
    company: `/companies/${company}`,
    lead: `/leads/${lead}`,
    deal: `/deals/${deal}`,
    note: `/notes/${note}`,
  };
}

Deno.test("accessibility: axe finds nothing critical or serious on the main pages", BROWSER_TEST, async (t) => {
  // Chromium starts while the server does.
  const launching = launchBrowser({ failFast: false });
  const server = await startTestServer({ seed: true }).catch(async (error) => {
    await (await launching).close();
    throw error;
  });
  const browser = await launching;
  try {
    const records = await makeRecords(server.url);
    await browser.step(t, "every main page, light and dark", async () => {
      const failures: string[] = [];
      // axe takes seconds a page on a busy 2-core machine: the dark palette (tokens shared by every page) is
      // checked on pages that between them show each kind of surface, not on all of them.
      const DARK_TOO = new Set([
        "/login",
        "/",
        "/contacts",
        records.contact,
        "/deals",
        "/chat",
        records.note,
        "/settings/notifications",
      ]);
      const check = async (page: Page, path: string) => {
        await page.goto(path);
        for (const theme of DARK_TOO.has(path) ? ["light", "dark"] as const : ["light"] as const) {
          await showTheme(page, theme);
          for (const finding of await blockingViolations(page, theme === "light" ? ALL_RULES : COLOUR_RULES)) {
            failures.push(
              `${path} [${theme}] ${finding.impact} ${finding.id}: ${finding.help}\n    ${
                finding.targets.join("\n    ")
              }`,
            );
          }
        }
      };

      const visitor = await withAxe(await browser.newContext({ baseURL: server.url }));
      const first = await visitor.newPage();
      await check(first, "/login");
      await signInWithCookies(first, server.url, "alice@acme.test");
      const pages = [
        "/",
        "/contacts",
        records.contact,
        "/companies",
        records.company,
        "/leads",
        records.lead,
        "/deals",
        "/deals/list",
        records.deal,
        "/tasks",
        "/tasks?view=team",
        "/chat",
        "/notes",
        records.note,
        "/notifications",
        "/settings/profile",
        "/settings/security",
        "/settings/notifications",
        "/settings/team",
        "/settings/workspace",
        "/settings/pipelines",
        "/search?q=north",
      ];
      // Two tabs take the next page as each finishes: while one waits for the server or the DevTools
      // protocol, the other runs axe.
      const queue = [...pages];
      const tab = async (page: Page) => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) await check(page, path);
      };
      await Promise.all([tab(first), tab(await visitor.newPage())]);
      if (failures.length) {
        throw new Error(`axe found ${failures.length} critical or serious violations:\n${failures.join("\n")}`);
      }
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
