// `deno task test`: installs what the tests need, builds the migrated template once, runs every
// test file in parallel, and ends with the line CI reads: "N passed, N failed".
// `deno task test tests/unit/` (or `test:unit`, `test:api`, `test:e2e`) runs a part and prepares only
// what that part needs.
import { seededTemplatePath, templatePath } from "../tests/helpers/template.ts";
import { ensureChromium } from "../tests/helpers/chromium.ts";
import { writeManifest } from "../lib/web/manifest.ts";
import { FileTimes } from "./test-times.ts";
import { groupTestFiles } from "./test-groups.ts";

// Type checking is `deno task check`'s job (CI runs it first); checking again here cost a minute.
const args = ["--no-check", ...Deno.args.filter((arg) => arg !== "--no-check")];
if (!args.some((arg) => !arg.startsWith("-"))) args.push("tests/");
const paths = args.filter((arg) => !arg.startsWith("-")).map((path) => path.replace(/^\.\//, ""));
/** Whether the run includes anything under `dir` (a path inside it, or a folder holding it). */
const runs = (dir: string) => paths.some((path) => path.startsWith(dir) || dir.startsWith(path));
// Names this run's seeded template, so seeded timestamps are never from an earlier run.
Deno.env.set("LEADLY_TEST_RUN", new Date().toISOString());

if (runs("tests/e2e/")) await ensureChromium();
const started = performance.now();
// Unit tests need no database, server or browser: the inner loop skips building them.
if (runs("tests/integration/") || runs("tests/e2e/")) {
  // A route added without regenerating the manifest would otherwise be missing from every test.
  await writeManifest(new URL("..", import.meta.url).pathname);
  // Built once here so the parallel test files find them ready: the migrated and the seeded template,
  // and the island bundle every test server would otherwise build for itself.
  await templatePath();
  await seededTemplatePath();
  const { prebuildIslands } = await import("../app/pages.ts");
  await prebuildIslands();
}

const groupDir = await Deno.makeTempDir({ prefix: "leadly-test-groups-" });
const testArgs = await groupTestFiles(args, groupDir);
const child = new Deno.Command(Deno.execPath(), {
  args: ["test", "-A", "--parallel", ...testArgs],
  stdout: "piped",
  stderr: "inherit",
  env: {
    LEADLY_TEST: "1",
    LEADLY_TEST_RUN: Deno.env.get("LEADLY_TEST_RUN")!,
    // Test files spend much of their time waiting (on chromium, child processes, sockets, paced event
    // loops): a third worker fills those waits on two cores. DENO_JOBS set by the caller wins.
    DENO_JOBS: Deno.env.get("DENO_JOBS") ?? "3",
  },
}).spawn();

// Echo Deno's output as it comes while keeping the tail, where its summary line is.
let tail = "";
const times = new FileTimes();
const decoder = new TextDecoder();
for await (const chunk of child.stdout) {
  await Deno.stdout.write(chunk);
  const text = decoder.decode(chunk, { stream: true });
  times.add(text);
  tail = (tail + text).slice(-4000);
}
const { code } = await child.status;
await Deno.remove(groupDir, { recursive: true });

const summary = tail.split("\n").reverse().find((line) => /\d+ passed.*\d+ failed/.test(line)) ?? "";
const passed = Number(summary.match(/(\d+) passed/)?.[1] ?? 0);
let failed = Number(summary.match(/(\d+) failed/)?.[1] ?? 0);
// A crash before the summary (type error, worker panic) must not read as green.
if (code !== 0 && failed === 0) failed = 1;
console.log(`\n${times.report()}`);
console.log(`\nTest suite took ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(code === 0 && failed === 0 ? 0 : 1);
