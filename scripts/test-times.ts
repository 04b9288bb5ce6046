// Where a test run's time went, from Deno's own output: the reported time of every top-level test,
// summed per file, so a slow file shows up in every run without a profiler.

// deno test --parallel prints "./tests/x.test.ts => name ... ok (1s)"; steps add " ... step" to the name.
const RESULT = /^(\.\.?\/\S+) => (.*) \.\.\. (?:ok|FAILED|ignored) \(([^()]*)\)\s*$/;
// Deno colours its output; the colour codes would split the pattern above.
// deno-lint-ignore no-control-regex
const COLOUR = /\x1b\[[0-9;]*m/g;

/** "1m17s", "10s", "67ms" as milliseconds. */
export function parseDuration(text: string): number {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|m|s)/g)) ms += Number(n) * { ms: 1, s: 1000, m: 60_000 }[unit]!;
  return ms;
}

export class FileTimes {
  #partial = "";
  readonly perFile = new Map<string, { ms: number; tests: number }>();

  /** Feeds a chunk of output (lines may be split across chunks). */
  add(chunk: string) {
    const lines = (this.#partial + chunk).split("\n");
    this.#partial = lines.pop()!;
    for (const line of lines) {
      const match = line.replace(COLOUR, "").match(RESULT);
      if (!match || match[2].includes(" ... ")) continue;
      const entry = this.perFile.get(match[1]) ?? { ms: 0, tests: 0 };
      entry.ms += parseDuration(match[3]);
      entry.tests++;
      this.perFile.set(match[1], entry);
    }
  }

  /** Totals per folder under tests/ and the slowest files. */
  report(slowest = 12): string {
    const files = [...this.perFile].sort((a, b) => b[1].ms - a[1].ms);
    const total = files.reduce((sum, [, { ms }]) => sum + ms, 0);
    const tiers = new Map<string, { ms: number; files: number }>();
    for (const [file, { ms }] of files) {
      const tier = file.match(/tests\/([^/]+)\//)?.[1] ?? "other";
      const entry = tiers.get(tier) ?? { ms: 0, files: 0 };
      tiers.set(tier, { ms: entry.ms + ms, files: entry.files + 1 });
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      `Sum of test times: ${s(total)} over ${files.length} files (${
        [...tiers].map(([tier, { ms, files }]) => `${tier} ${s(ms)} in ${files}`).join(", ")
      })`,
      "Slowest files:",
      ...files.slice(0, slowest).map(([file, { ms, tests }]) => `  ${s(ms).padStart(8)}  ${file} (${tests} tests)`),
    ].join("\n");
  }
}
