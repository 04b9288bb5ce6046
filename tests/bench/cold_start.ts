// cold_start: from `deno run main.ts` to the first page served, on a new and on an existing data dir.
import { join } from "node:path";
import { type BenchResult, result } from "./results.ts";

const root = new URL("../../", import.meta.url).pathname;

async function timeToFirstRequest(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: root,
    env: { PORT: String(port), LEADLY_DATA_DIR: dataDir },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  try {
    while (performance.now() - started < 60_000) {
      try {
        const res = await fetch(`http://localhost:${port}/login`);
        await res.body?.cancel();
        if (res.ok) return performance.now() - started;
      } catch { /* not listening yet */ }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the app did not answer within 60 s");
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

export async function coldStart(): Promise<BenchResult[]> {
  const dataDir = join(await Deno.makeTempDir({ prefix: "leadly-bench-" }), "data");
  const fresh = await timeToFirstRequest(dataDir, 18_431);
  const restart = await timeToFirstRequest(dataDir, 18_432);
  await Deno.remove(dataDir, { recursive: true });
  return [
    result("cold_start", "new_database_ms", fresh, "ms", 10_000),
    result("cold_start", "restart_ms", restart, "ms", 10_000),
  ];
}
