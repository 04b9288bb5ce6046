import { assert, assertEquals } from "../../helpers/assert.ts";
import { join } from "node:path";
import { generateManifest, writeManifest } from "../../../lib/web/manifest.ts";
import { FIXTURE_DIR } from "./fixture.ts";

Deno.test("generateManifest: matches the committed fixture routes.gen.ts", async () => {
  const committed = await Deno.readTextFile(join(FIXTURE_DIR, "routes.gen.ts"));
  assertEquals(await generateManifest(FIXTURE_DIR), committed);
});

Deno.test("generateManifest: deterministic, sorted, static imports only", async () => {
  const first = await generateManifest(FIXTURE_DIR);
  assertEquals(await generateManifest(FIXTURE_DIR), first);
  const keys = [...first.matchAll(/^ {4}"(\.\/routes\/[^"]+)"/gm)].map((match) => match[1]);
  assertEquals(keys, [...keys].sort());
  assert(keys.includes("./routes/teams/[id].tsx"));
  assert(!first.includes("import("), "no dynamic imports");
  assert(first.includes('"./islands/Counter.tsx": $$0'));
});

Deno.test("writeManifest: writes a deno-fmt clean file for a new project", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "routes/(app)/deals"), { recursive: true });
    await Deno.mkdir(join(dir, "islands"));
    await Deno.writeTextFile(join(dir, "routes/index.tsx"), "export default () => null;\n");
    await Deno.writeTextFile(join(dir, "routes/(app)/deals/[id].tsx"), "export default () => null;\n");
    await Deno.writeTextFile(join(dir, "routes/(app)/deals/[id].test.ts"), "");
    await Deno.writeTextFile(join(dir, "islands/Board.tsx"), "export default () => null;\n");
    const file = await writeManifest(dir);
    const source = await Deno.readTextFile(file);
    assert(source.includes('"./routes/(app)/deals/[id].tsx": $0'), source);
    assert(!source.includes(".test.ts"), "tests are not routes");
    const check = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--check", file],
      stderr: "null",
      stdout: "null",
    })
      .output();
    assert(check.success, "deno fmt --check passes");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("generateManifest: a project without routes or islands", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const source = await generateManifest(dir);
    assert(source.includes("routes: {},") && source.includes("islands: {},"), source);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
