// Routing, middleware, layouts, errors and ctx helpers on the fixture app (islands left out, so
// no esbuild here; islands.test.ts covers them).
import { assert, assertEquals, assertMatch } from "../../helpers/assert.ts";
import { createFixtureApp } from "./fixture.ts";

const { web, errors } = createFixtureApp({ islands: false });
const request = (path: string, init?: RequestInit) => web.hono.request(path, init);
const html = async (path: string, init?: RequestInit) => {
  const response = await request(path, init);
  return { response, body: await response.text() };
};
const JSON_ACCEPT = { headers: { accept: "application/json" } };

Deno.test("app: a page is rendered inside _app and the root layout", async () => {
  const { response, body } = await html("/about");
  assertEquals(response.status, 200);
  assertEquals(response.headers.get("content-type"), "text/html; charset=utf-8");
  assert(body.startsWith('<!DOCTYPE html><html lang="en">'), body);
  assertMatch(body, /<title>Fixture<\/title>/);
  assertMatch(body, /<div class="root-layout"><p>About page<\/p><\/div>/);
});

Deno.test("app: static routes win over dynamic ones", async () => {
  assertMatch((await html("/teams/new")).body, /id="new-team"/);
  assertMatch((await html("/teams/42")).body, /team 42 via/);
  assertMatch((await html("/teams")).body, /id="teams"/);
});

Deno.test("app: catch-all routes get the rest of the path", async () => {
  assertMatch((await html("/docs/guide/install")).body, /docs:guide\/install/);
  assertMatch((await html("/docs")).body, /docs:</);
});

Deno.test("app: layouts nest per folder; skipInheritedLayouts drops the outer ones", async () => {
  assertMatch(
    (await html("/teams/1")).body,
    /<div class="root-layout"><section class="teams-layout"><p id="team">/,
  );
  const pricing = (await html("/pricing")).body;
  assertMatch(pricing, /<body><div class="marketing-layout"><p id="pricing">/);
  assert(!pricing.includes("root-layout"), "the (marketing) layout skips the root layout");
  assertMatch(pricing, /<title>Fixture<\/title>/, "but _app still wraps it");
});

Deno.test("app: middlewares run outer to inner, share state, and see the response", async () => {
  const { response, body } = await html("/teams/9");
  assertMatch(body, /team 9 via root>teams-a>teams-b/);
  assertEquals(response.headers.get("x-trail"), "root>teams-a>teams-b");
  const state = await html("/state");
  assertMatch(state.body, /<p id="trail">root,handler\|2<\/p>/, "the page sees the state the handler changed");
});

Deno.test("app: ctx.render passes status and headers; ctx.redirect defaults to 303", async () => {
  const form = await request("/form");
  assertEquals(form.headers.get("x-page"), "form");
  assertMatch(await form.text(), /not sent/);
  const posted = await request("/form", { method: "POST" });
  assertEquals(posted.status, 303);
  assertEquals(posted.headers.get("location"), "/about");
  const team = await request("/teams/5", { method: "POST" });
  assertEquals([team.status, team.headers.get("location")], [303, "/teams/5?saved=1"]);
});

Deno.test("app: unsupported methods get 405 with Allow", async () => {
  const response = await request("/form", { method: "DELETE" });
  assertEquals(response.status, 405);
  assertEquals(response.headers.get("allow"), "GET, HEAD, POST");
  await response.body?.cancel();
  const pageOnly = await request("/about", { method: "POST", ...JSON_ACCEPT });
  assertEquals(pageOnly.status, 405);
  assertEquals(pageOnly.headers.get("allow"), "GET, HEAD");
  assertEquals((await pageOnly.json()).error.code, "method_not_allowed");
});

Deno.test("app: HEAD answers like GET without a body", async () => {
  const response = await request("/about", { method: "HEAD" });
  assertEquals(response.status, 200);
  assertEquals(await response.text(), "");
});

Deno.test("app: API routes (handler only) and mounted Hono sub-apps", async () => {
  assertEquals(await (await request("/api/health")).json(), { ok: true, trail: ["root"] });
  const list = await request("/api/contacts");
  assertEquals(await list.json(), { contacts: [], trail: ["root"] }, "folder middlewares run once");
  const missing = await request("/api/contacts/9");
  assertEquals(missing.status, 404);
  assertEquals(await missing.json(), { error: { code: "not_found", message: "No contact 9." } });
});

Deno.test("app: unknown errors are 500, logged, and never leak their message", async () => {
  errors.length = 0;
  const page = await html("/boom");
  assertEquals(page.response.status, 500);
  assertMatch(page.body, /<p id="error">500: Unexpected error<\/p>/);
  assertMatch(page.body, /root-layout/, "_error is rendered with _app and layouts");
  assert(!page.body.includes("hunter2"));

  const json = await request("/boom", JSON_ACCEPT);
  assertEquals(json.status, 500);
  assertEquals(await json.json(), { error: { code: "internal_error", message: "Something went wrong on our side." } });

  const api = await request("/api/contacts", { method: "POST" });
  assertEquals(api.status, 500);
  const apiBody = await api.text();
  assert(!apiBody.includes("secret"), apiBody);
  assertEquals(JSON.parse(apiBody).error.code, "internal_error");
  assertEquals(errors.length, 3, "each unexpected error is logged once");
});

Deno.test("app: HTTPException status and message pass through, as HTML or JSON", async () => {
  const page = await html("/forbidden");
  assertEquals(page.response.status, 403);
  assertMatch(page.body, /403: Only owners may see this\./);
  const json = await request("/forbidden", JSON_ACCEPT);
  assertEquals(await json.json(), { error: { code: "forbidden", message: "Only owners may see this." } });
});

Deno.test("app: unknown URLs render _404 (HTML) or a JSON 404", async () => {
  const page = await html("/no/such/page");
  assertEquals(page.response.status, 404);
  assertMatch(page.body, /<div class="root-layout"><p id="not-found">Nothing at \/no\/such\/page<\/p>/);
  assertEquals(page.response.headers.get("x-trail"), "root", "root middleware runs for 404s too");

  for (const [path, init] of [["/api/nope", undefined], ["/nope", JSON_ACCEPT]] as const) {
    const response = await request(path, init);
    assertEquals(response.status, 404);
    assertEquals((await response.json()).error.code, "not_found");
  }
  const browser = await request("/nope", { headers: { accept: "text/html,application/json" } });
  assertMatch(browser.headers.get("content-type")!, /text\/html/, "browsers asking for html get html");
  await browser.body?.cancel();
});

Deno.test("app: ctx.next() in a route handler falls through to the 404 page", async () => {
  assertMatch((await html("/maybe/known")).body, /<p id="maybe">known<\/p>/);
  const missing = await html("/maybe/other");
  assertEquals(missing.response.status, 404);
  assertMatch(missing.body, /id="not-found"/);
});

Deno.test("app: a trailing slash redirects to the URL without it (GET only, same site)", async () => {
  const response = await request("/teams/?tab=1");
  assertEquals([response.status, response.headers.get("location")], [308, "/teams?tab=1"]);
  const posted = await request("/teams/", { method: "POST" });
  assertEquals(posted.status, 404);
  await posted.body?.cancel();
  const sneaky = await request("http://localhost//evil.example/");
  assertEquals(sneaky.status, 404, "never a protocol-relative redirect");
  await sneaky.body?.cancel();
});

Deno.test("app: built-in pages when the project has no _error/_404, default document without _app", async () => {
  const { web: bare } = createFixtureApp({ islands: false, without: ["_error.tsx", "_404.tsx", "_app.tsx"] });
  const missing = await bare.hono.request("/missing");
  assertEquals(missing.status, 404);
  const body = await missing.text();
  assert(body.startsWith('<!DOCTYPE html><html><head><meta charset="utf-8">'), body);
  assertMatch(body, /<h1>404<\/h1>/);
  const forbidden = await bare.hono.request("/forbidden");
  assertMatch(await forbidden.text(), /<h1>403<\/h1><p>Only owners may see this\.<\/p>/);
});

Deno.test("app: HTML gets a CSP whose nonce matches _app's inline script; fresh per request", async () => {
  const { response, body } = await html("/about");
  const csp = response.headers.get("content-security-policy")!;
  const nonce = csp.match(/'nonce-([^']+)'/)![1];
  assert(body.includes(`<script nonce="${nonce}">`), "the theme script carries the nonce");
  for (
    const part of [
      "script-src 'self' 'nonce-",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "connect-src 'self' ws: wss:",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "worker-src 'self'",
      "manifest-src 'self'",
    ]
  ) assert(csp.includes(part), part);
  assertEquals(response.headers.get("x-content-type-options"), "nosniff");
  assertEquals(response.headers.get("x-frame-options"), "DENY");
  assertEquals(response.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
  assert(response.headers.get("permissions-policy")?.includes("camera=()"));

  const again = await request("/about");
  assert(!again.headers.get("content-security-policy")!.includes(nonce), "a new nonce for every request");
  await again.body?.cancel();

  const api = await request("/api/health");
  assertEquals(
    api.headers.get("content-security-policy"),
    "default-src 'none'; frame-ancestors 'none'",
    "JSON runs nothing",
  );
  assertEquals(api.headers.get("x-content-type-options"), "nosniff");
  await api.body?.cancel();
});

Deno.test("app: mounted under a root Hono app, it answers the same", async () => {
  const { Hono } = await import("hono");
  const root = new Hono();
  root.get("/healthz", (c) => c.text("ok"));
  root.route("/", web.hono);
  assertEquals(await (await root.request("/healthz")).text(), "ok");
  assertMatch(await (await root.request("/teams/3")).text(), /team 3 via/);
  const missing = await root.request("/nope");
  assertEquals(missing.status, 404);
  assertMatch(await missing.text(), /id="not-found"/);
  const boom = await root.request("/api/contacts", { method: "POST" });
  assertEquals((await boom.json()).error.code, "internal_error");
});
