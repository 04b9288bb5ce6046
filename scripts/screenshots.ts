// `deno task screenshots`: the README's pictures, taken from a freshly seeded demo workspace at desktop and
// phone size, so they show the app as a newcomer's `deno task start` does.
import { chromium } from "playwright-core";
import { CHROMIUM, ensureChromium } from "../tests/helpers/chromium.ts";

const OUT = new URL("../docs/screenshots/", import.meta.url).pathname;
const PORT = 8190;
const BASE = `http://localhost:${PORT}`;

const PAGES: { name: string; path: string; phone?: boolean }[] = [
  { name: "home", path: "/", phone: true },
  { name: "deals-board", path: "/deals" },
  { name: "leads", path: "/leads", phone: true },
  { name: "contacts", path: "/contacts" },
  { name: "chat", path: "/chat", phone: true },
  { name: "notes", path: "/notes" },
  { name: "tasks", path: "/tasks" },
];

await ensureChromium();
await Deno.mkdir(OUT, { recursive: true });
const dataDir = await Deno.makeTempDir({ prefix: "leadly-shots-" });
const server = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", "main.ts"],
  cwd: new URL("..", import.meta.url).pathname,
  env: { LEADLY_DATA_DIR: dataDir, PORT: String(PORT) },
  stdout: "null",
  stderr: "inherit",
}).spawn();

try {
  await waitForHealth();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  for (const phone of [false, true]) {
    const context = await browser.newContext({
      baseURL: BASE,
      viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
      isMobile: phone,
      hasTouch: phone,
    });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill("alice@acme.test");
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("leadly-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    for (const shot of PAGES.filter((p) => !phone || p.phone)) {
      await page.goto(shot.path, { waitUntil: "networkidle" });
      const file = `${OUT}${shot.name}${phone ? "-phone" : ""}.png`;
      await page.screenshot({ path: file });
      console.log(file);
    }
    await context.close();
  }
  await browser.close();
} finally {
  server.kill("SIGTERM");
  await server.status;
  await Deno.remove(dataDir, { recursive: true });
}

async function waitForHealth() {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${BASE}/login`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("Leadly did not start within a minute");
}
