import { assert, assertEquals, assertMatch } from "../../helpers/assert.ts";
import { join } from "node:path";
import { resolveStaticPath } from "../../../lib/web/static-files.ts";
import { asset } from "../../../lib/web/asset.ts";
import { createFixtureApp, FIXTURE_DIR } from "./fixture.ts";

const { web } = createFixtureApp({ islands: false });
const get = (path: string, headers?: HeadersInit) => web.hono.request(path, { headers });

Deno.test("static: files are served with their content type and an ETag", async () => {
  const css = await get("/styles.css");
  assertEquals(css.status, 200);
  assertEquals(css.headers.get("content-type"), "text/css; charset=utf-8");
  assertEquals(css.headers.get("cache-control"), "public, max-age=0, must-revalidate");
  assertMatch(css.headers.get("etag")!, /^"[0-9a-f]{20}"$/);
  assertEquals(await css.text(), await Deno.readTextFile(join(FIXTURE_DIR, "static/styles.css")));

  const manifest = await get("/manifest.webmanifest");
  assertEquals(manifest.headers.get("content-type"), "application/manifest+json; charset=utf-8");
  await manifest.body?.cancel();

  const png = await get("/icons/x.png");
  assertEquals(png.headers.get("content-type"), "image/png");
  assertEquals(new Uint8Array(await png.arrayBuffer()), await Deno.readFile(join(FIXTURE_DIR, "static/icons/x.png")));
});

Deno.test("static: If-None-Match gives 304; ?v= makes it immutable", async () => {
  const first = await get("/styles.css");
  const etag = first.headers.get("etag")!;
  await first.body?.cancel();
  const cached = await get("/styles.css", { "if-none-match": `W/${etag}, "other"` });
  assertEquals(cached.status, 304);
  assertEquals(await cached.text(), "");
  const versioned = await get("/styles.css?v=abc");
  assertEquals(versioned.headers.get("cache-control"), "public, max-age=31536000, immutable");
  await versioned.body?.cancel();
});

Deno.test("static: the service worker may control / and is never cached long", async () => {
  for (const path of ["/sw.js", "/sw.js?v=1"]) {
    const response = await get(path);
    assertEquals(response.headers.get("service-worker-allowed"), "/");
    assertEquals(response.headers.get("cache-control"), "no-cache");
    assertEquals(response.headers.get("content-type"), "text/javascript; charset=utf-8");
    await response.body?.cancel();
  }
});

Deno.test("static: path traversal and dot files are refused", async () => {
  for (
    const path of [
      "/..%2fdeno.json",
      "/%2e%2e/%2e%2e/deno.json",
      "/icons/..%2f..%2f..%2froutes.gen.ts",
      "/.env",
      "/icons%5c..%5c..%5cutils.ts",
    ]
  ) {
    const response = await get(path);
    assertEquals(response.status, 404, path);
    const body = await response.text();
    assert(!body.includes("SECRET") && !body.includes("createDefine") && !body.includes("DO NOT EDIT"), path);
  }
  const root = join(FIXTURE_DIR, "static");
  assertEquals(resolveStaticPath(root, "/a/../../x"), null);
  assertEquals(resolveStaticPath(root, "/a%00b"), null);
  assertEquals(resolveStaticPath(root, "/%E0%A4%A"), null, "bad escapes");
  assertEquals(resolveStaticPath(root, "/"), null);
  assertEquals(resolveStaticPath(root, "/icons/x.png"), join(root, "icons/x.png"));
  assertEquals(resolveStaticPath(root, "/.well-known/x"), join(root, ".well-known/x"));
});

Deno.test("static: asset() versions local paths with the static build id", async () => {
  await web.ready();
  assertMatch(asset("/styles.css"), /^\/styles\.css\?v=[0-9a-f]{12}$/);
  assertMatch(asset("/x.js?a=1"), /^\/x\.js\?a=1&v=[0-9a-f]{12}$/);
  assertEquals(asset("https://cdn.example.com/a.css"), "https://cdn.example.com/a.css");
  assertEquals(asset("//cdn.example.com/a.css"), "//cdn.example.com/a.css");
});

Deno.test("static: in dev nothing in static/ is immutable", async () => {
  const { StaticFiles } = await import("../../../lib/web/static-files.ts");
  const files = new StaticFiles(join(FIXTURE_DIR, "static"), { dev: true });
  const response = await files.serve(new URL("http://x/styles.css?v=1"), undefined);
  assertEquals(response?.headers.get("cache-control"), "public, max-age=0, must-revalidate");
  await response?.body?.cancel();
});

Deno.test("static: missing files fall through to the 404 page", async () => {
  const response = await get("/missing.css");
  assertEquals(response.status, 404);
  await response.body?.cancel();
});
