// `deno task seed:large [dataDir]`: the benchmark workspace in its own embedded database (.data/large).
import { join } from "node:path";
import { openPglite } from "../lib/db/pglite.ts";
import { migrate } from "../lib/db/migrate.ts";
import { seedLarge } from "../lib/seed/large.ts";

export const LARGE_DATA_DIR = join(new URL("..", import.meta.url).pathname, ".data", "large");

export async function openLargeDb(dataDir = LARGE_DATA_DIR) {
  await Deno.mkdir(dataDir, { recursive: true });
  const db = await openPglite({ dataDir });
  await migrate(db);
  const started = performance.now();
  const teamId = await seedLarge(db);
  return { db, teamId, seededMs: performance.now() - started };
}

if (import.meta.main) {
  const { db, seededMs } = await openLargeDb(Deno.args[0]);
  console.log(`Large workspace ready (${Math.round(seededMs)} ms) in ${Deno.args[0] ?? LARGE_DATA_DIR}`);
  await db.close();
}
