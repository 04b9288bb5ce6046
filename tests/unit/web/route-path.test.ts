import { assert, assertEquals, assertThrows } from "../../helpers/assert.ts";
import { compareRoutes, parseRouteFile, routePattern } from "../../../lib/web/manifest.ts";

Deno.test("routePattern: files map to URLs like Fresh", () => {
  const cases: [string, string][] = [
    ["index.tsx", "/"],
    ["login.tsx", "/login"],
    ["settings/index.tsx", "/settings"],
    ["settings/profile.tsx", "/settings/profile"],
    ["teams/[id].tsx", "/teams/:id"],
    ["teams/[id]/members/[memberId].tsx", "/teams/:id/members/:memberId"],
    ["docs/[...rest].tsx", "/docs/:rest{.+}"],
    ["[...path].tsx", "/:path{.+}"],
    ["(marketing)/pricing.tsx", "/pricing"],
    ["(app)/(inner)/deals/index.tsx", "/deals"],
    ["[[lang]]/about.tsx", "/:lang?/about"],
    ["api/contacts.ts", "/api/contacts"],
    ["feed.xml.ts", "/feed.xml"],
  ];
  for (const [file, pattern] of cases) assertEquals(routePattern(file), pattern, file);
});

Deno.test("parseRouteFile: a catch-all also matches its folder", () => {
  assertEquals(parseRouteFile("docs/[...rest].tsx")?.patterns, ["/docs/:rest{.+}", "/docs"]);
  assertEquals(parseRouteFile("[...rest].tsx")?.patterns, ["/:rest{.+}", "/"]);
});

Deno.test("parseRouteFile: special files and their folders", () => {
  const cases: [string, string, string[]][] = [
    ["_app.tsx", "app", []],
    ["_layout.tsx", "layout", []],
    ["teams/_layout.tsx", "layout", ["teams"]],
    ["_middleware.ts", "middleware", []],
    ["(app)/_middleware.ts", "middleware", ["(app)"]],
    ["_error.tsx", "error", []],
    ["_500.tsx", "error", []],
    ["_404.tsx", "notFound", []],
    ["teams/[id].tsx", "route", ["teams"]],
  ];
  for (const [file, kind, folder] of cases) {
    const parsed = parseRouteFile(file);
    assertEquals([parsed?.kind, parsed?.folder], [kind, folder], file);
  }
  assertEquals(parseRouteFile("teams/_layout.tsx")?.key, "./routes/teams/_layout.tsx");
});

Deno.test("parseRouteFile: private helpers, tests and non-modules are not routes", () => {
  for (
    const file of [
      "_helpers.ts",
      "_components/Card.tsx",
      "teams/index.test.ts",
      "x_test.tsx",
      "readme.md",
      ".hidden.ts",
    ]
  ) {
    assertEquals(parseRouteFile(file), null, file);
  }
});

Deno.test("routePattern: a parameter must fill its whole segment", () => {
  assertThrows(() => routePattern("post-[id].tsx"));
  assertThrows(() => routePattern("_layout.tsx".replace("_layout", "_helper")));
});

Deno.test("compareRoutes: static beats dynamic beats catch-all", () => {
  const files = [
    "[...all].tsx",
    "teams/[id].tsx",
    "docs/[...rest].tsx",
    "teams/new.tsx",
    "teams/[id]/edit.tsx",
    "teams/[id]/[tab].tsx",
    "index.tsx",
    "[[lang]]/about.tsx",
    "about.tsx",
    "teams/index.tsx",
  ];
  const sorted = files.map((file) => parseRouteFile(file)!).sort(compareRoutes).map((route) => route.patterns[0]);
  assertEquals(sorted, [
    "/",
    "/about",
    "/docs/:rest{.+}",
    "/teams",
    "/teams/new",
    "/teams/:id",
    "/teams/:id/edit",
    "/teams/:id/:tab",
    "/:lang?/about",
    "/:all{.+}",
  ]);
  const index = (pattern: string) => sorted.indexOf(pattern);
  assert(index("/teams/new") < index("/teams/:id"));
  assert(index("/teams/:id/edit") < index("/teams/:id/:tab"));
});
