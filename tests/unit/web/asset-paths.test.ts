import { assertEquals } from "../../helpers/assert.ts";
import { assetPathMatcher, STATIC_DIR } from "../../../lib/web/asset-paths.ts";

Deno.test("asset paths: static/ files and islands skip the session, pages and APIs do not", () => {
  const isAsset = assetPathMatcher(STATIC_DIR);
  for (const path of ["/styles.css", "/styles/chat.css", "/sw.js", "/manifest.webmanifest", "/_islands/x.js"]) {
    assertEquals(isAsset(path), true, path);
  }
  for (const path of ["/", "/contacts", "/api/v1/contacts", "/functions/v1/ai/classify-reply", "/stylesheet"]) {
    assertEquals(isAsset(path), false, path);
  }
});

Deno.test("asset paths: a missing static/ folder matches only the islands", () => {
  const isAsset = assetPathMatcher("/nonexistent-leadly-static");
  assertEquals(isAsset("/styles.css"), false);
  assertEquals(isAsset("/_islands/x.js"), true);
});
