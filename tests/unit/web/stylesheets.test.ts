// The stylesheet list (lib/web/stylesheets.ts) is the cascade of every page: each entry exists, once, and the
// service worker precaches them all (so pages look right offline). A page may link a stylesheet of its own.
import { assert, assertEquals } from "../../helpers/assert.ts";
import { FEATURE_STYLES, STYLESHEETS } from "../../../lib/web/stylesheets.ts";

const STATIC = new URL("../../../static/", import.meta.url);

Deno.test("stylesheets: each is linked once, base first, and exists", async () => {
  assertEquals(STYLESHEETS[0], "/styles.css");
  assertEquals(new Set(STYLESHEETS).size, STYLESHEETS.length);
  assertEquals(STYLESHEETS.length, FEATURE_STYLES.length + 1);
  for (const path of STYLESHEETS) {
    const info = await Deno.stat(new URL(`.${path}`, STATIC));
    assert(info.isFile && info.size > 0, `${path} is missing or empty`);
  }
});

Deno.test("stylesheets: the service worker precaches every one", async () => {
  const sw = await Deno.readTextFile(new URL("sw.js", STATIC));
  for (const path of STYLESHEETS) assert(sw.includes(`"${path}"`), `static/sw.js does not precache ${path}`);
});
