// `deno task test`: installs what the tests need, builds the migrated template once, runs every
// test file in parallel, and ends with the line CI reads: "N passed, N failed".
import { seededTemplatePath, templatePath } from "../tests/helpers/template.ts";
import { ensureChromium } from "../tests/helpers/chromium.ts";
import { writeManifest } from "../lib/web/manifest.ts";

// Type checking is `deno task check`'s job (CI runs it first); checking again here cost a minute.
const args = ["--no-check", ...Deno.args.filter((arg) => arg !== "--no-check")];
if (!args.some((arg) => !arg.startsWith("-"))) args.push("tests/");
// Names this run's seeded template, so seeded timestamps are never from an earlier run.
Deno.env.set("LEADLY_TEST_RUN", new Date().toISOString());

await ensureChromium();
const started = performance.now();
// A route added without regenerating the manifest would otherwise be missing from every test.
await writeManifest(new URL("..", import.meta.url).pathname);
// Built once here so the parallel test files find them ready: the migrated and the seeded template,
// and the island bundle every test server would otherwise build for itself.
await templatePath();
await seededTemplatePath();
const { prebuildIslands } = await import("../lib/pages.ts");
await prebuildIslands();

const child = new Deno.Command(Deno.execPath(), {
  args: ["test", "-A", "--parallel", ...args],
  stdout: "piped",
  stderr: "inherit",
  env: { LEADLY_TEST: "1", LEADLY_TEST_RUN: Deno.env.get("LEADLY_TEST_RUN")! },
}).spawn();

// Echo Deno's output as it comes while keeping the tail, where its summary line is.
let tail = "";
const decoder = new TextDecoder();
for await (const chunk of child.stdout) {
  await Deno.stdout.write(chunk);
  tail = (tail + decoder.decode(chunk, { stream: true })).slice(-4000);
}
const { code } = await child.status;

const summary = tail.split("\n").reverse().find((line) => /\d+ passed.*\d+ failed/.test(line)) ?? "";
const passed = Number(summary.match(/(\d+) passed/)?.[1] ?? 0);
let failed = Number(summary.match(/(\d+) failed/)?.[1] ?? 0);
// A crash before the summary (type error, worker panic) must not read as green.
if (code !== 0 && failed === 0) failed = 1;
console.log(`\nTest suite took ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(code === 0 && failed === 0 ? 0 : 1);
