// Generates routes.gen.ts from routes/ and islands/.
// Usage: deno run -A scripts/gen.ts [projectDir]   (projectDir defaults to the current directory)
import { resolve } from "node:path";
import { writeManifest } from "../lib/web/manifest.ts";

if (import.meta.main) {
  const projectDir = resolve(Deno.args[0] ?? ".");
  const file = await writeManifest(projectDir);
  console.log(`wrote ${file}`);
}
