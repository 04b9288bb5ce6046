// Islands end to end on the server: markers and props in the HTML, the esbuild bundle, its files
// served with long caching, the boot script under the CSP nonce. One test with steps, because the
// esbuild service it starts must be stopped before the test ends (no leaked process).
import { assert, assertEquals, assertMatch, assertStrictEquals } from "../../helpers/assert.ts";
import type { Signal } from "@preact/signals";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { deserialize } from "../../../lib/web/serialize.ts";
import { registerIsland } from "../../../lib/web/island-marker.ts";
import { withRenderContext } from "../../../lib/web/render-context.ts";
import { createFixtureApp } from "./fixture.ts";

Deno.test("islands: marked in SSR, bundled, served and booted", async (t) => {
  const { web } = createFixtureApp();
  try {
    const bundle = (await web.buildIslands())!;
    const page = await web.hono.request("/");
    const body = await page.text();

    await t.step("the bundle builds fast, one entry per island plus the runtime", () => {
      console.log(`  island build: ${bundle.buildMs.toFixed(1)} ms, ${bundle.files.size} files`);
      assert(bundle.buildMs < 1000, `build took ${bundle.buildMs} ms`);
      assertEquals([...bundle.entries.keys()].sort(), ["Counter", "Greeting", "Outer", "leadly-runtime"]);
    });

    await t.step("each island is wrapped in a marker; nested islands are not", () => {
      const markers = [
        ...body.matchAll(/<leadly-island data-island="(\w+)" data-i="(\d+)" style="display:contents">/g),
      ];
      assertEquals(markers.map((m) => [m[1], m[2]]), [["Counter", "0"], ["Greeting", "1"], ["Outer", "2"]]);
      assertMatch(
        body,
        /<div class="outer"><div class="counter"><span>inner<\/span>/,
        "inner Counter rendered, unmarked",
      );
      assertMatch(body, /<button type="button" disabled>\+<\/button>/, "controls disabled until hydrated");
    });

    await t.step("props are recorded once for the page; the shared signal is one signal", () => {
      const json = body.match(/<script id="__leadly_props" type="application\/json">(.*?)<\/script>/)![1];
      const props = deserialize(json) as [
        { start: number; label: string; shared: Signal<number> },
        { name: string; shared: Signal<number> },
        Record<string, never>,
      ];
      assertEquals(props[0].start, 3);
      assertEquals(props[0].label, "</script><script>alert(1)</script>");
      assertEquals(props[1].name, "Ada");
      assertEquals(props[0].shared.value, 5);
      assertStrictEquals(props[0].shared, props[1].shared);
      assertEquals(props[2], {});
    });

    await t.step("hostile prop text cannot break out of the script", () => {
      assert(!body.includes("<script>alert(1)"), "no injected script tag");
      assertEquals(body.match(/<\/script>/g)?.length, 3, "theme script, props, boot script");
    });

    await t.step("the boot script carries the CSP nonce and imports runtime and islands", () => {
      const csp = page.headers.get("content-security-policy")!;
      const nonce = csp.match(/'nonce-([^']+)'/)![1];
      const boot = body.match(/<script type="module" nonce="([^"]+)">(.*?)<\/script>/)!;
      assertEquals(boot[1], nonce);
      assert(boot[2].includes(`import{boot}from"${bundle.entries.get("leadly-runtime")}"`), boot[2]);
      for (const name of ["Counter", "Greeting", "Outer"]) assert(boot[2].includes(bundle.entries.get(name)!), name);
      assertMatch(boot[2], /boot\(\{"Counter":\$0,"Greeting":\$1,"Outer":\$2\}\);$/);
    });

    await t.step("<Head> content lands in <head> and replaces _app's title", () => {
      const head = body.slice(0, body.indexOf("</head>"));
      assertEquals(body.match(/<title>/g)?.length, 1);
      assertMatch(head, /<title>Home<\/title><meta name="description" content="fixture home"\/>/);
    });

    await t.step("modulepreload covers every file the page needs, all served immutable", async () => {
      const preloads = [...body.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
      const needed = new Set<string>();
      for (const name of ["leadly-runtime", "Counter", "Greeting", "Outer"]) {
        needed.add(bundle.entries.get(name)!);
        for (const url of bundle.imports.get(name)!) needed.add(url);
      }
      assertEquals(new Set(preloads), needed);
      for (const url of preloads) {
        const response = await web.hono.request(url);
        assertEquals(response.status, 200, url);
        assertEquals(response.headers.get("cache-control"), "public, max-age=31536000, immutable");
        assertEquals(response.headers.get("content-type"), "text/javascript; charset=utf-8");
        await response.body?.cancel();
      }
    });

    await t.step("all islands share one copy of preact", () => {
      const decoder = new TextDecoder();
      // A regular expression that is part of preact's DOM code: it appears once per copy of preact.
      const copies = [...bundle.files.values()]
        .filter((bytes) => decoder.decode(bytes).includes("acit|ex(?:s|g|n|p|$)|rph"));
      assertEquals(copies.length, 1);
    });

    await t.step("pages without islands ship no JavaScript", async () => {
      const about = await (await web.hono.request("/about")).text();
      assert(!about.includes("modulepreload") && !about.includes('type="module"'), about);
    });

    await t.step("unknown island files are 404", async () => {
      const response = await web.hono.request("/_islands/nope-123.js");
      assertEquals(response.status, 404);
      await response.body?.cancel();
    });
  } finally {
    await web.close();
  }
});

Deno.test("islands: JSX children cannot be passed to an island", () => {
  const Box = (props: { children?: unknown }) => h("div", null, props.children as string);
  registerIsland("Box", Box);
  const context = { nonce: "n", head: [], islands: [] };
  let message = "";
  try {
    withRenderContext(context, () => renderToString(h(Box, null, h("b", null, "x"))));
  } catch (error) {
    message = (error as Error).message;
  }
  assertMatch(message, /Island Box: JSX children cannot be sent/);
  const text = withRenderContext(context, () => renderToString(h(Box, null, "plain text")));
  assertMatch(text, /<leadly-island data-island="Box"[^>]*><div>plain text<\/div><\/leadly-island>/);
  assertEquals(renderToString(h(Box, null, "outside a page render")), "<div>outside a page render</div>");
});
